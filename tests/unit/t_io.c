/* t_io.c - io.c: plain and gzip input, the window, SHA-256, atomic output. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "io.h"
#include "mem.h"
#include "sha256.h"
#include "state.h"
#include "t.h"

static char dir[64];		/* a private directory for output tests */

static void
tmpfile_path(char path[64])
{
	int fd;

	snprintf(path, 64, "/tmp/weir-t-io.XXXXXX");
	if ((fd = mkstemp(path)) == -1) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
}

static void
put_file(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/* A new temp file holding p[0..n); the caller removes it. */
static void
tmp_with(char path[64], const void *p, size_t n)
{
	tmpfile_path(path);
	put_file(path, p, n);
}

/* Read a whole file into b (replacing it); -1 when it cannot be opened. */
static int
slurp(const char *path, struct weir_buf *b)
{
	FILE *fp = fopen(path, "rb");
	char tmp[8192];
	size_t r;

	weir_buf_reset(b);
	if (fp == NULL)
		return -1;
	while ((r = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		weir_buf_add(b, tmp, r);
	fclose(fp);
	weir_buf_grow(b, 0);
	return 0;
}

/* One gzip member of p[0..n) appended to b. */
static void
gz_member(struct weir_buf *b, const void *p, size_t n)
{
	z_stream z;
	size_t bound;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
	    != Z_OK)
		exit(2);
	bound = deflateBound(&z, (uLong)n) + 64;
	weir_buf_grow(b, bound);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)b->p + b->len;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(2);
	b->len += bound - z.avail_out;
	deflateEnd(&z);
}

/* Read all of in into b; returns 0, or -1 with e set. */
static int
drain(struct weir_in *in, struct weir_buf *b, struct weir_err *e)
{
	long r;

	weir_buf_reset(b);
	weir_buf_grow(b, 0);
	for (;;) {
		weir_buf_add(b, in->buf + in->pos, in->len - in->pos);
		in->pos = in->len;
		if ((r = weir_in_more(in, e)) == -1)
			return -1;
		if (r == 0 && in->pos == in->len)
			return 0;
	}
}

/* Open path and read it all; returns what drain() returns. */
static int
read_path(const char *path, struct weir_buf *b, struct weir_err *e)
{
	struct weir_in in;
	int rv;

	if (weir_in_open(&in, path, 0, e) == -1)
		return -2;
	rv = drain(&in, b, e);
	weir_in_close(&in);
	return rv;
}

/* A deterministic pattern of n bytes, not compressible to nothing. */
static char *
pattern(size_t n)
{
	char *p = weir_xmalloc(n + 1);
	unsigned long x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		p[i] = (i % 61 == 60) ? '\n' : (char)('a' + (x >> 16) % 26);
	}
	p[n] = '\0';
	return p;
}

static void
test_plain(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	struct weir_in in;
	char path[64];

	tmp_with(path, "hello\nworld\n", 12);
	CHECK(weir_in_open(&in, path, 0, &e) == 0);
	CHECK(!in.gzip);
	CHECK_STR(in.name, path);
	CHECK(drain(&in, &b, &e) == 0);
	CHECK(b.len == 12 && memcmp(b.p, "hello\nworld\n", 12) == 0);
	CHECK(in.eof);
	CHECK(in.raw_bytes == 12);
	CHECK(weir_in_more(&in, &e) == 0);	/* stays at the end */
	CHECK(weir_in_more(&in, &e) == 0);
	weir_in_close(&in);

	/* empty file */
	put_file(path, "", 0);
	CHECK(weir_in_open(&in, path, 0, &e) == 0);
	CHECK(in.len == 0 && in.pos == 0);
	CHECK(weir_in_more(&in, &e) == 0);
	CHECK(in.eof && in.len == 0 && in.raw_bytes == 0);
	weir_in_close(&in);

	/* one byte, and two that are not gzip */
	put_file(path, "x", 1);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 1 && b.p[0] == 'x');
	put_file(path, "\x1f", 1);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 1 &&
	    b.p[0] == '\x1f');
	put_file(path, "\x1fx", 2);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 2);

	/* missing file and directory */
	unlink(path);
	e.code = 0;
	CHECK(weir_in_open(&in, path, 0, &e) == -1);
	CHECK(e.code == EX_NOINPUT);
	CHECK(strstr(e.msg, path) != NULL);
	e.code = 0;
	CHECK(weir_in_open(&in, "/tmp", 0, &e) == -1);
	CHECK(e.code == EX_NOINPUT);
	weir_buf_release(&b);
}

static void
test_stdin(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	struct weir_in in;
	char path[64];
	int save = dup(0), fd;

	tmp_with(path, "from stdin\n", 11);
	fd = open(path, O_RDONLY);
	dup2(fd, 0);
	close(fd);
	CHECK(weir_in_open(&in, "-", 0, &e) == 0);
	CHECK_STR(in.name, "-");
	CHECK(drain(&in, &b, &e) == 0);
	CHECK(b.len == 11 && memcmp(b.p, "from stdin\n", 11) == 0);
	weir_in_close(&in);
	CHECK(fcntl(0, F_GETFD) != -1);		/* stdin is not closed */
	dup2(save, 0);
	close(save);
	unlink(path);
	weir_buf_release(&b);
}

static void
test_gzip(void)
{
	struct weir_buf gz = WEIR_BUF_INIT, b = WEIR_BUF_INIT;
	struct weir_err e;
	struct weir_in in;
	char path[64], *big = pattern(3 << 20);
	size_t half;

	gz_member(&gz, "hello\n", 6);
	tmp_with(path, gz.p, gz.len);
	CHECK(weir_in_open(&in, path, 0, &e) == 0);
	CHECK(in.gzip);
	CHECK(drain(&in, &b, &e) == 0);
	CHECK(b.len == 6 && memcmp(b.p, "hello\n", 6) == 0);
	CHECK(in.raw_bytes == gz.len);
	weir_in_close(&in);

	/* multi-member, as gzip(1) writes for concatenated files */
	gz_member(&gz, "world\n", 6);
	gz_member(&gz, "", 0);			/* an empty member too */
	gz_member(&gz, "!\n", 2);
	put_file(path, gz.p, gz.len);
	CHECK(read_path(path, &b, &e) == 0);
	CHECK(b.len == 14 && memcmp(b.p, "hello\nworld\n!\n", 14) == 0);

	/* a gzip of nothing */
	weir_buf_reset(&gz);
	gz_member(&gz, "", 0);
	put_file(path, gz.p, gz.len);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 0);

	/* large: members bigger than every buffer, and a second member */
	weir_buf_reset(&gz);
	gz_member(&gz, big, 3 << 20);
	gz_member(&gz, "tail", 4);
	put_file(path, gz.p, gz.len);
	CHECK(read_path(path, &b, &e) == 0);
	CHECK(b.len == (3 << 20) + 4);
	CHECK(b.len == (3 << 20) + 4 && memcmp(b.p, big, 3 << 20) == 0 &&
	    memcmp(b.p + (3 << 20), "tail", 4) == 0);

	/* truncated: cut inside the deflate data, and in the trailer */
	weir_buf_reset(&gz);
	gz_member(&gz, big, 1 << 20);
	half = gz.len / 2;
	put_file(path, gz.p, half);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1);
	CHECK(e.code == EX_DATAERR);
	CHECK(strstr(e.msg, "truncated") != NULL);
	CHECK(strstr(e.msg, path) != NULL);
	put_file(path, gz.p, gz.len - 4);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1 && e.code == EX_DATAERR);
	put_file(path, gz.p, 2);		/* the magic alone */
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1 && e.code == EX_DATAERR);

	/* trailing garbage */
	weir_buf_reset(&gz);
	gz_member(&gz, "data\n", 5);
	weir_buf_adds(&gz, "garbage");
	put_file(path, gz.p, gz.len);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1);
	CHECK(e.code == EX_DATAERR);
	CHECK(strstr(e.msg, "trailing garbage") != NULL);
	gz.len -= 7;
	weir_buf_addc(&gz, 'x');		/* one byte */
	put_file(path, gz.p, gz.len);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1 && e.code == EX_DATAERR);
	gz.len -= 1;
	weir_buf_addc(&gz, 0x1f);		/* half a magic number */
	put_file(path, gz.p, gz.len);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1 && e.code == EX_DATAERR);

	/* corrupt deflate data */
	weir_buf_reset(&gz);
	gz_member(&gz, big, 100000);
	memset(gz.p + 20, 0xff, 40);
	put_file(path, gz.p, gz.len);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1 && e.code == EX_DATAERR);
	/* a bad CRC in the trailer */
	weir_buf_reset(&gz);
	gz_member(&gz, "data\n", 5);
	gz.p[gz.len - 8] ^= 1;
	put_file(path, gz.p, gz.len);
	e.code = 0;
	CHECK(read_path(path, &b, &e) == -1 && e.code == EX_DATAERR);

	unlink(path);
	free(big);
	weir_buf_release(&gz);
	weir_buf_release(&b);
}

/* The window: unread bytes survive weir_in_more(), which may move them. */
static void
test_window(void)
{
	struct weir_err e;
	struct weir_in in;
	struct weir_buf gz = WEIR_BUF_INIT;
	char path[64], *big = pattern(1 << 20);
	size_t got, calls, ok, keep;
	long r;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		tmpfile_path(path);
		if (pass == 0)
			put_file(path, big, 1 << 20);
		else {
			gz_member(&gz, big, 1 << 20);
			put_file(path, gz.p, gz.len);
		}
		CHECK(weir_in_open(&in, path, 0, &e) == 0);
		/* consume all but a few bytes each time: got counts consumed */
		got = 0;
		calls = 0;
		ok = 1;
		for (;;) {
			size_t avail = in.len - in.pos;

			if (in.len > in.cap || in.pos > in.len)
				ok = 0;
			if (memcmp(in.buf + in.pos, big + got, avail) != 0)
				ok = 0;
			keep = avail > 7 ? 7 : avail;
			in.pos += avail - keep;
			got += avail - keep;
			r = weir_in_more(&in, &e);
			calls++;
			if (r == -1) {
				ok = 0;
				break;
			}
			if (in.pos != 0 && r > 0)
				ok = 0;		/* the window moved to the front */
			if (r > 0 && in.len - in.pos != keep + (size_t)r)
				ok = 0;		/* r is what was added */
			if (r == 0) {
				if (!in.eof || in.len - in.pos != keep)
					ok = 0;
				got += keep;
				if (memcmp(in.buf + in.pos, big + (1 << 20) -
				    keep, keep) != 0)
					ok = 0;
				break;
			}
		}
		CHECK(ok);
		CHECK(got == 1 << 20);
		CHECK(calls > 3);
		/* a consumer that keeps everything still gets more */
		weir_in_close(&in);
		CHECK(weir_in_open(&in, path, 0, &e) == 0);
		while ((r = weir_in_more(&in, &e)) > 0)
			;
		CHECK(r == 0 && in.pos == 0 && in.len == 1 << 20);
		CHECK(in.len == 1 << 20 && memcmp(in.buf, big, 1 << 20) == 0);
		weir_in_close(&in);
		unlink(path);
	}
	free(big);
	weir_buf_release(&gz);
}

static void
test_sha256(void)
{
	static const char abc[] =
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	static const char empty[] =
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	struct weir_buf gz = WEIR_BUF_INIT, b = WEIR_BUF_INIT;
	struct weir_err e;
	struct weir_in in;
	unsigned char d[32];
	char path[64], hex[65], want[65];

	tmp_with(path, "abc", 3);
	CHECK(weir_in_open(&in, path, 1, &e) == 0);
	CHECK(drain(&in, &b, &e) == 0);
	weir_in_sha256(&in, d);
	weir_sha256_tohex(d, hex);
	CHECK_STR(hex, abc);
	weir_in_sha256(&in, d);			/* asking twice is fine */
	weir_sha256_tohex(d, hex);
	CHECK_STR(hex, abc);
	weir_in_close(&in);
	CHECK(weir_sha256_file(path, hex, &e) == 0);
	CHECK_STR(hex, abc);

	put_file(path, "", 0);
	CHECK(weir_in_open(&in, path, 1, &e) == 0);
	CHECK(drain(&in, &b, &e) == 0);
	weir_in_sha256(&in, d);
	weir_sha256_tohex(d, hex);
	CHECK_STR(hex, empty);
	weir_in_close(&in);

	/* gzip: the digest is of the compressed bytes as stored */
	gz_member(&gz, "abc", 3);
	put_file(path, gz.p, gz.len);
	CHECK(weir_sha256_file(path, want, &e) == 0);
	CHECK(weir_in_open(&in, path, 1, &e) == 0);
	CHECK(drain(&in, &b, &e) == 0);
	CHECK(b.len == 3 && memcmp(b.p, "abc", 3) == 0);
	weir_in_sha256(&in, d);
	weir_sha256_tohex(d, hex);
	CHECK_STR(hex, want);
	CHECK(strcmp(hex, abc) != 0);
	weir_in_close(&in);

	/* large: bytes hashed across many reads */
	{
		char *big = pattern(700000);

		put_file(path, big, 700000);
		CHECK(weir_sha256_file(path, want, &e) == 0);
		CHECK(weir_in_open(&in, path, 1, &e) == 0);
		CHECK(drain(&in, &b, &e) == 0);
		weir_in_sha256(&in, d);
		weir_sha256_tohex(d, hex);
		CHECK_STR(hex, want);
		CHECK(in.raw_bytes == 700000);
		weir_in_close(&in);
		free(big);
	}
	unlink(path);
	weir_buf_release(&gz);
	weir_buf_release(&b);
}

/* Names in dir other than . and .. joined by spaces. */
static const char *
listdir(void)
{
	static char out[1024];
	DIR *d = opendir(dir);
	struct dirent *de;

	out[0] = '\0';
	if (d == NULL)
		return "(no dir)";
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		size_t n = strlen(out);

		snprintf(out + n, sizeof(out) - n, "%s%s", n ? " " : "",
		    de->d_name);
	}
	closedir(d);
	return out;
}

static void
test_out(void)
{
	struct weir_buf b = WEIR_BUF_INIT;
	struct weir_err e;
	struct weir_out o;
	struct stat st;
	char path[128], tmpname[128], *big = pattern(300000);
	const char *ls;
	mode_t old;
	size_t i;

	snprintf(path, sizeof(path), "%s/out.csv", dir);
	old = umask(022);
	CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
	CHECK(weir_out_write(&o, "a,b\n", 4) == 0);
	CHECK(weir_out_putc(&o, '1') == 0);
	CHECK(weir_out_write(&o, ",2\n", 3) == 0);
	/* while writing: only a hidden temporary beside the target */
	ls = listdir();
	CHECK(strncmp(ls, ".out.csv.", 9) == 0 && strlen(ls) == 15 &&
	    strchr(ls, ' ') == NULL);
	snprintf(tmpname, sizeof(tmpname), "%s/%s", dir, ls);
	CHECK(stat(path, &st) == -1 && errno == ENOENT);
	CHECK(weir_out_commit(&o, &e) == 0);
	CHECK_STR(listdir(), "out.csv");
	CHECK(slurp(path, &b) == 0 && b.len == 8 &&
	    memcmp(b.p, "a,b\n1,2\n", 8) == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK(o.bytes == 8);
	weir_out_abort(&o);			/* harmless after commit */
	CHECK(slurp(path, &b) == 0 && b.len == 8);
	umask(old);

	/* replacing a file keeps readers of the old one intact (rename) */
	{
		int fd = open(path, O_RDONLY);
		char buf[16];

		CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
		CHECK(weir_out_write(&o, "new\n", 4) == 0);
		CHECK(weir_out_commit(&o, &e) == 0);
		CHECK(read(fd, buf, sizeof(buf)) == 8);
		close(fd);
		CHECK(slurp(path, &b) == 0 && b.len == 4);
	}

	/* abort leaves nothing, and the old file stays */
	CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
	CHECK(weir_out_write(&o, big, 300000) == 0);	/* flushed to disk */
	weir_out_abort(&o);
	CHECK_STR(listdir(), "out.csv");
	CHECK(slurp(path, &b) == 0 && b.len == 4);
	unlink(path);

	snprintf(path, sizeof(path), "%s/new.csv", dir);
	CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
	weir_out_abort(&o);
	CHECK_STR(listdir(), "");

	/* big writes, many small ones, and the byte count */
	CHECK(weir_out_open(&o, path, 0, 1, &e) == 0);
	CHECK(weir_out_write(&o, big, 300000) == 0);
	for (i = 0; i < 200000; i++)
		if (weir_out_putc(&o, big[i]) == -1)
			break;
	CHECK(i == 200000);
	CHECK(weir_out_write(&o, big, 70000) == 0);
	CHECK(weir_out_flush_(&o) == 0);
	CHECK(o.bytes == 570000);
	{
		unsigned char d[32];
		char hex[65], want[65];

		weir_out_sha256(&o, d);
		weir_sha256_tohex(d, hex);
		CHECK(weir_out_commit(&o, &e) == 0);
		CHECK(weir_sha256_file(path, want, &e) == 0);
		CHECK_STR(hex, want);
	}
	CHECK(slurp(path, &b) == 0 && b.len == 570000);
	CHECK(b.len == 570000 && memcmp(b.p, big, 300000) == 0 &&
	    memcmp(b.p + 300000, big, 200000) == 0 &&
	    memcmp(b.p + 500000, big, 70000) == 0);
	unlink(path);

	/* .gz compresses; -z without the suffix too */
	snprintf(path, sizeof(path), "%s/out.csv.gz", dir);
	CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
	CHECK(weir_out_write(&o, big, 300000) == 0);
	CHECK(weir_out_commit(&o, &e) == 0);
	CHECK(slurp(path, &b) == 0 && b.len > 2 &&
	    (unsigned char)b.p[0] == 0x1f && (unsigned char)b.p[1] == 0x8b);
	CHECK(b.len < 300000);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 300000 &&
	    memcmp(b.p, big, 300000) == 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/plain-name", dir);
	CHECK(weir_out_open(&o, path, 1, 0, &e) == 0);
	CHECK(weir_out_write(&o, "zipped\n", 7) == 0);
	CHECK(weir_out_commit(&o, &e) == 0);
	CHECK(slurp(path, &b) == 0 && b.len > 2 &&
	    (unsigned char)b.p[0] == 0x1f);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 7 &&
	    memcmp(b.p, "zipped\n", 7) == 0);
	unlink(path);
	/* an empty gzip output is still a valid gzip file */
	CHECK(weir_out_open(&o, path, 1, 0, &e) == 0);
	CHECK(weir_out_commit(&o, &e) == 0);
	CHECK(slurp(path, &b) == 0 && b.len >= 20);
	CHECK(read_path(path, &b, &e) == 0 && b.len == 0);
	unlink(path);

	/* a missing directory, a name that is no file name */
	e.code = 0;
	snprintf(path, sizeof(path), "%s/no/such/dir/out.csv", dir);
	CHECK(weir_out_open(&o, path, 0, 0, &e) == -1);
	CHECK(e.code == EX_CANTCREAT);
	CHECK(strstr(e.msg, path) != NULL);
	e.code = 0;
	snprintf(path, sizeof(path), "%s/", dir);
	CHECK(weir_out_open(&o, path, 0, 0, &e) == -1);
	CHECK(e.code == EX_CANTCREAT);
	/* the target is a directory: it fails, at open or commit */
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0700);
	e.code = 0;
	if (weir_out_open(&o, path, 0, 0, &e) == 0) {
		CHECK(weir_out_write(&o, "x", 1) == 0);
		CHECK(weir_out_commit(&o, &e) == -1);
	}
	CHECK(e.code == EX_CANTCREAT);
	CHECK_STR(listdir(), "sub");
	rmdir(path);

	/* a FIFO is written to, not replaced */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0600) == 0) {
		int rfd = open(path, O_RDONLY | O_NONBLOCK);
		char buf[64];

		CHECK(rfd != -1);
		CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
		CHECK(weir_out_write(&o, "through\n", 8) == 0);
		CHECK(weir_out_commit(&o, &e) == 0);
		CHECK(read(rfd, buf, sizeof(buf)) == 8 &&
		    memcmp(buf, "through\n", 8) == 0);
		CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode));
		CHECK_STR(listdir(), "fifo");
		/* abort on a FIFO leaves it in place too */
		CHECK(weir_out_open(&o, path, 0, 0, &e) == 0);
		weir_out_abort(&o);
		CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode));
		close(rfd);
		unlink(path);
	}

	free(big);
	weir_buf_release(&b);
}

/* Output to standard output when that is /dev/full. */
static void
test_full(void)
{
	struct weir_err e;
	struct weir_out o;
	char *big = pattern(200000);
	struct stat st;
	int save, fd;

	fflush(stdout);
	save = dup(1);
	if ((fd = open("/dev/full", O_WRONLY)) == -1 ||
	    fstat(fd, &st) == -1 || !S_ISCHR(st.st_mode)) {
		/* as root, a program's -o /dev/full may have replaced it */
		fprintf(stderr, "t_io: /dev/full is not the device: skipped\n");
		if (fd != -1)
			close(fd);
		close(save);
		free(big);
		return;
	}
	dup2(fd, 1);
	close(fd);

	/* small: the error comes at commit */
	CHECK(weir_out_open(&o, NULL, 0, 0, &e) == 0);
	CHECK(weir_out_write(&o, "x\n", 2) == 0);
	e.code = 0;
	CHECK(weir_out_commit(&o, &e) == -1);
	CHECK(e.code == EX_IOERR);
	CHECK(strstr(e.msg, "standard output") != NULL);

	/* big: at the write, and every call after it fails too */
	CHECK(weir_out_open(&o, "-", 0, 0, &e) == 0);
	CHECK(weir_out_write(&o, big, 200000) == -1);
	CHECK(o.failed && o.err.code == EX_IOERR);
	CHECK(weir_out_putc(&o, 'x') == -1 || weir_out_flush_(&o) == -1);
	CHECK(weir_out_write(&o, "y", 1) == -1 || weir_out_flush_(&o) == -1);
	e.code = 0;
	CHECK(weir_out_commit(&o, &e) == -1 && e.code == EX_IOERR);

	/* named as a path: written in place, the device stays a device */
	CHECK(weir_out_open(&o, "/dev/full", 0, 0, &e) == 0);
	CHECK(weir_out_write(&o, "x\n", 2) == 0);
	e.code = 0;
	CHECK(weir_out_commit(&o, &e) == -1 && e.code == EX_IOERR);
	CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode));

	/* gzip: the error comes at commit, with the trailer */
	CHECK(weir_out_open(&o, NULL, 1, 0, &e) == 0);
	CHECK(weir_out_write(&o, "x\n", 2) == 0);
	e.code = 0;
	CHECK(weir_out_commit(&o, &e) == -1 && e.code == EX_IOERR);

	dup2(save, 1);
	close(save);
	free(big);
}

/*
 * A file output that hits a size limit (EFBIG, as ENOSPC would): the
 * error is EX_IOERR, at the write or at commit, and nothing is left.
 */
static void
test_fsize(void)
{
	char path[128];
	int st, big;
	pid_t pid;

	for (big = 0; big < 2; big++) {
		snprintf(path, sizeof(path), "%s/limited.csv", dir);
		fflush(stdout);
		fflush(stderr);
		if ((pid = fork()) == 0) {
			struct rlimit rl = { 1000, 1000 };
			struct weir_out o;
			struct weir_err e;
			char *p = pattern(200000);

			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
			if (weir_out_open(&o, path, 0, 0, &e) == -1)
				_exit(3);
			if (big) {
				if (weir_out_write(&o, p, 200000) != -1 ||
				    o.err.code != EX_IOERR)
					_exit(4);
			} else if (weir_out_write(&o, p, 5000) != 0)
				_exit(5);
			e.code = 0;
			if (weir_out_commit(&o, &e) != -1)
				_exit(6);
			_exit(e.code == EX_IOERR ? 0 : 7);
		}
		CHECK(waitpid(pid, &st, 0) == pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		CHECK_STR(listdir(), "");
	}
}

/* A temporary file goes away when the program exits or is killed. */
static void
test_cleanup(void)
{
	char path[128];
	int sig, st;
	pid_t pid;

	for (sig = 0; sig <= SIGTERM; sig += SIGTERM) {
		snprintf(path, sizeof(path), "%s/killed.csv", dir);
		fflush(stdout);
		fflush(stderr);
		if ((pid = fork()) == 0) {
			struct weir_out o;
			struct weir_err e;

			if (weir_out_open(&o, path, 0, 0, &e) == -1)
				_exit(3);
			weir_out_write(&o, "x\n", 2);
			weir_out_flush_(&o);
			if (sig)
				raise(sig);
			exit(0);		/* atexit cleanup */
		}
		CHECK(waitpid(pid, &st, 0) == pid);
		if (sig)
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig);
		else
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		CHECK_STR(listdir(), "");
	}
}

/* Which names are one file: after links, and before they exist. */
static void
test_path_same(void)
{
	char a[512], b[512], l[512], sub[512], dots[600];

	snprintf(a, sizeof(a), "%s/same-a", dir);
	snprintf(b, sizeof(b), "%s/same-b", dir);
	snprintf(l, sizeof(l), "%s/same-l", dir);
	snprintf(sub, sizeof(sub), "%s/same-d", dir);
	snprintf(dots, sizeof(dots), "%s/same-d/../same-a", dir);
	CHECK(weir_path_same(a, a));		/* neither exists yet */
	CHECK(weir_path_same(a, dots) == 0);	/* no same-d yet */
	CHECK(mkdir(sub, 0700) == 0);
	CHECK(weir_path_same(a, dots));
	CHECK(!weir_path_same(a, b));
	CHECK(symlink("same-a", l) == 0);	/* dangling, then not */
	CHECK(weir_path_same(l, a));
	{
		FILE *fp = fopen(a, "w");

		CHECK(fp != NULL && fputs("x", fp) != EOF && fclose(fp) == 0);
	}
	CHECK(weir_path_same(l, a) && weir_path_same(a, dots));
	CHECK(link(a, b) == 0);			/* a hard link is the file */
	CHECK(weir_path_same(a, b));
	CHECK(!weir_path_same(a, "-") && !weir_path_same(NULL, a));
	CHECK(!weir_path_same("/dev/null", "/dev/null"));
	unlink(l);
	unlink(b);
	unlink(a);
	rmdir(sub);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/weir-t-io-dir.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_plain();
	test_stdin();
	test_gzip();
	test_window();
	test_sha256();
	test_out();
	test_full();
	test_fsize();
	test_cleanup();
	test_path_same();
	rmdir(dir);
	return T_DONE();
}
