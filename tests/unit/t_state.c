/* t_state.c - the --state file: load, find, set, save. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "sha256.h"
#include "state.h"
#include "t.h"

static char dir[64], path[128];
static struct weir_err err;

static const char H1[] =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char H2[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

static void
put_file(const char *s)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fputs(s, fp) == EOF || fclose(fp) != 0)
		exit(2);
}

/* Load path (expecting failure); the exit code, the state left empty. */
static int
load_fails(const char *text)
{
	struct weir_state s;
	int rv;

	put_file(text);
	memset(&err, 0, sizeof(err));
	rv = weir_state_load(&s, path, &err);
	if (rv != -1 || s.n != 0) {
		fprintf(stderr, "  loaded %zu from: %s\n", s.n, text);
		weir_state_release(&s);
		return 0;
	}
	weir_state_release(&s);
	return err.code;
}

static int
files_in_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d != NULL && (de = readdir(d)) != NULL)
		n += de->d_name[0] != '.' || (de->d_name[1] != '\0' &&
		    strcmp(de->d_name, "..") != 0);
	if (d != NULL)
		closedir(d);
	return n;
}

static void
test_memory(void)
{
	struct weir_state s;
	const struct weir_state_entry *x;

	snprintf(path, sizeof(path), "%s/missing.json", dir);
	CHECK(weir_state_load(&s, path, &err) == 0);
	CHECK(s.n == 0);
	CHECK(weir_state_find(&s, "a.csv", 1, 1) == NULL);

	weir_state_set(&s, "a.csv", 10, 100, H1);
	weir_state_set(&s, "b.csv", 20, -5, H2);
	CHECK(s.n == 2);
	x = weir_state_find(&s, "a.csv", 10, 100);
	CHECK(x != NULL && strcmp(x->sha256, H1) == 0);
	CHECK(weir_state_find(&s, "a.csv", 11, 100) == NULL);
	CHECK(weir_state_find(&s, "a.csv", 10, 101) == NULL);
	CHECK(weir_state_find(&s, "A.csv", 10, 100) == NULL);
	CHECK(weir_state_find(&s, "b.csv", 20, -5) != NULL);
	/* set again: replaced, not added */
	weir_state_set(&s, "a.csv", 11, 200, H2);
	CHECK(s.n == 2);
	CHECK(weir_state_find(&s, "a.csv", 10, 100) == NULL);
	x = weir_state_find(&s, "a.csv", 11, 200);
	CHECK(x != NULL && strcmp(x->sha256, H2) == 0);
	/* many entries */
	{
		char p[32];
		int i, ok = 1;

		for (i = 0; i < 100; i++) {
			snprintf(p, sizeof(p), "f%d", i);
			weir_state_set(&s, p, (uint64_t)i, i, H1);
		}
		for (i = 0; i < 100; i++) {
			snprintf(p, sizeof(p), "f%d", i);
			ok &= weir_state_find(&s, p, (uint64_t)i, i) != NULL;
		}
		CHECK(ok);
		CHECK(s.n == 102);
	}
	weir_state_release(&s);
	CHECK(s.n == 0 && s.e == NULL);
}

static void
test_roundtrip(void)
{
	struct weir_state s, t;
	const struct weir_state_entry *x;
	const char *odd = "dir/\"quoted\" caf\xC3\xA9\\x\n.csv";
	size_t i;
	int same = 1;

	snprintf(path, sizeof(path), "%s/state.json", dir);
	memset(&s, 0, sizeof(s));
	weir_state_set(&s, "a.csv", 10, 1700000000, H1);
	weir_state_set(&s, odd, (uint64_t)1 << 40, -1, H2);
	weir_state_set(&s, "zero", 0, 0, H2);
	weir_state_set(&s, "huge", UINT64_MAX - 1, INT64_MIN, H1);
	CHECK(weir_state_save(&s, path, &err) == 0);
	CHECK(files_in_dir() == 1);			/* no temporary left */
	CHECK(weir_state_load(&t, path, &err) == 0);
	CHECK(t.n == s.n);
	for (i = 0; i < s.n && t.n == s.n; i++)
		same &= strcmp(s.e[i].path, t.e[i].path) == 0 &&
		    s.e[i].size == t.e[i].size &&
		    s.e[i].mtime == t.e[i].mtime &&
		    strcmp(s.e[i].sha256, t.e[i].sha256) == 0;
	CHECK(same);
	x = weir_state_find(&t, odd, (uint64_t)1 << 40, -1);
	CHECK(x != NULL && strcmp(x->sha256, H2) == 0);
	CHECK(weir_state_find(&t, "huge", UINT64_MAX - 1, INT64_MIN) != NULL);
	/* save over it: replaced */
	weir_state_set(&t, "new", 1, 1, H1);
	CHECK(weir_state_save(&t, path, &err) == 0);
	weir_state_release(&s);
	CHECK(weir_state_load(&s, path, &err) == 0 && s.n == 5);
	CHECK(files_in_dir() == 1);
	weir_state_release(&s);
	weir_state_release(&t);
	/* an empty state saves and loads */
	CHECK(weir_state_save(&t, path, &err) == 0);
	CHECK(weir_state_load(&s, path, &err) == 0 && s.n == 0);
	/* the file says what it is */
	{
		FILE *fp = fopen(path, "r");
		char buf[256];
		size_t n = fp ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;

		buf[n] = '\0';
		if (fp)
			fclose(fp);
		CHECK(strstr(buf, "\"weir_state\": 1") != NULL);
		CHECK(n > 0 && buf[n - 1] == '\n');
	}
	unlink(path);

	/* nowhere to save */
	snprintf(path, sizeof(path), "%s/no/dir/state.json", dir);
	memset(&err, 0, sizeof(err));
	weir_state_set(&s, "a", 1, 1, H1);
	CHECK(weir_state_save(&s, path, &err) == -1);
	CHECK(err.code == EX_CANTCREAT);
	weir_state_release(&s);
}

static void
test_corrupt(void)
{
	static const char ok_entry[] = "{\"path\":\"a\",\"size\":1,\"mtime\":2,"
	    "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb41"
	    "0ff61f20015ad\"}";
	char text[512];

	snprintf(path, sizeof(path), "%s/state.json", dir);
	CHECK(load_fails("") == EX_DATAERR);
	CHECK(load_fails("not json") == EX_DATAERR);
	CHECK(strstr(err.msg, path) != NULL);
	CHECK(load_fails("{\"weir_state\": 1, \"inputs\": [") == EX_DATAERR);
	CHECK(load_fails("[]") == EX_DATAERR);
	CHECK(load_fails("{}") == EX_DATAERR);
	CHECK(load_fails("{\"weir_state\": 2, \"inputs\": []}") == EX_DATAERR);
	CHECK(strstr(err.msg, "not a weir state file") != NULL);
	CHECK(load_fails("{\"weir_state\": 1}") == EX_DATAERR);
	CHECK(load_fails("{\"weir_state\": 1, \"inputs\": {}}") == EX_DATAERR);
	CHECK(load_fails("{\"weir_state\": \"1\", \"inputs\": []}") ==
	    EX_DATAERR);
	/* a bad entry after a good one: nothing is kept */
	snprintf(text, sizeof(text), "{\"weir_state\": 1, \"inputs\": [%s, "
	    "{\"path\":\"b\",\"size\":1,\"mtime\":2,\"sha256\":\"abc\"}]}",
	    ok_entry);
	CHECK(load_fails(text) == EX_DATAERR);
	CHECK(strstr(err.msg, "input 2") != NULL);
	snprintf(text, sizeof(text), "{\"weir_state\": 1, \"inputs\": [%s, 7]}",
	    ok_entry);
	CHECK(load_fails(text) == EX_DATAERR);
	snprintf(text, sizeof(text), "{\"weir_state\": 1, \"inputs\": "
	    "[{\"path\":\"a\",\"size\":\"1\",\"mtime\":2,\"sha256\":\"%s\"}]}",
	    H1);
	CHECK(load_fails(text) == EX_DATAERR);
	snprintf(text, sizeof(text), "{\"weir_state\": 1, \"inputs\": "
	    "[{\"path\":\"a\",\"size\":1,\"sha256\":\"%s\"}]}", H1);
	CHECK(load_fails(text) == EX_DATAERR);
	/* and a good one loads */
	{
		struct weir_state s;

		snprintf(text, sizeof(text), "{\"weir_state\": 1, \"inputs\": "
		    "[%s], \"extra\": true}", ok_entry);
		put_file(text);
		CHECK(weir_state_load(&s, path, &err) == 0 && s.n == 1);
		CHECK(weir_state_find(&s, "a", 1, 2) != NULL);
		weir_state_release(&s);
	}
	/* a directory is no state file */
	{
		struct weir_state s;

		memset(&err, 0, sizeof(err));
		CHECK(weir_state_load(&s, dir, &err) == -1);
		CHECK(err.code != 0);
		weir_state_release(&s);
	}
	unlink(path);
}

static void
test_sha(void)
{
	unsigned char d[32];
	char hex[65];

	memset(d, 0, sizeof(d));
	d[0] = 0xAB;
	d[31] = 0x0F;
	weir_sha256_tohex(d, hex);
	CHECK_STR(hex, "ab0000000000000000000000000000000000000000000000000000"
	    "000000000f");
	snprintf(path, sizeof(path), "%s/abc", dir);
	put_file("abc");
	CHECK(weir_sha256_file(path, hex, &err) == 0);
	CHECK_STR(hex, H1);
	put_file("");
	CHECK(weir_sha256_file(path, hex, &err) == 0);
	CHECK_STR(hex, H2);
	unlink(path);
	memset(&err, 0, sizeof(err));
	CHECK(weir_sha256_file(path, hex, &err) == -1);
	CHECK(err.code == EX_NOINPUT);
}

/* Inputs ingested before are skipped only when their bytes are the same. */
static void
test_skip(void)
{
	struct weir_state s;
	struct stat st;
	char a[128], b[128], c[128], skip[4];
	char *paths[4];

	memset(&s, 0, sizeof(s));
	snprintf(a, sizeof(a), "%s/a.csv", dir);
	snprintf(b, sizeof(b), "%s/b.csv", dir);
	snprintf(c, sizeof(c), "%s/c.csv", dir);
	snprintf(path, sizeof(path), "%s", a);
	put_file("abc");
	snprintf(path, sizeof(path), "%s", b);
	put_file("abc");
	paths[0] = a;
	paths[1] = b;
	paths[2] = (char *)"-";
	paths[3] = c;			/* never there */
	CHECK(stat(a, &st) == 0);
	weir_state_set(&s, a, (uint64_t)st.st_size, (int64_t)st.st_mtime, H1);
	CHECK(stat(b, &st) == 0);
	/* b: same size and time, other bytes recorded */
	weir_state_set(&s, b, (uint64_t)st.st_size, (int64_t)st.st_mtime, H2);
	CHECK(weir_state_skip(&s, paths, 4, skip, &err) == 3);
	CHECK(skip[0] == 1 && skip[1] == 0 && skip[2] == 0 && skip[3] == 0);
	/* a changed since: read again */
	snprintf(path, sizeof(path), "%s", a);
	put_file("abcd");
	CHECK(weir_state_skip(&s, paths, 1, skip, &err) == 1 && !skip[0]);
	/* an entry whose file cannot be read is an error, not a skip */
	CHECK(stat(a, &st) == 0);
	weir_state_set(&s, a, (uint64_t)st.st_size, (int64_t)st.st_mtime, H1);
	if (geteuid() != 0) {
		chmod(a, 0);
		CHECK(weir_state_skip(&s, paths, 1, skip, &err) == -1);
		chmod(a, 0644);
	}
	weir_state_release(&s);
	unlink(a);
	unlink(b);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/weir-t-state.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 2;
	test_memory();
	test_roundtrip();
	test_corrupt();
	test_sha();
	test_skip();
	rmdir(dir);
	return T_DONE();
}
