/*
 * agebench - weir's age encryption side by side with age(1) and a bare
 * libsodium ChaCha20-Poly1305 loop over 64 KiB chunks (one core).
 * Not built by make (a benchmark, not a test):
 *
 *   make && cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Ilib \
 *	tests/gen/agebench.c libweir.a -lsodium -lz -lpthread \
 *	-o tests/gen/agebench
 *   head -c 1G /dev/urandom > /tmp/big
 *   tests/gen/agebench [-r reps] [-t threads] /tmp/big
 *
 * Each run is a child process, timed by the wall clock, its CPU time and
 * peak RSS from wait4(); the best of reps runs is shown, the runs of the
 * jobs interleaved.  Output goes to /dev/null (what is measured is the
 * program, not the disk), except once to a file next to FILE that the
 * decryption runs then read (weir's includes the fsync(2) of its atomic
 * output, age's does not); those are removed at the end.  $AGE names
 * age(1) (default /usr/bin/age).
 */
#define _DEFAULT_SOURCE		/* wait4() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/age.h"
#include "io.h"

static struct weir_age_key key;
static int threads;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: weir encrypts or decrypts src into dst. */
static int
weir_job(int decrypt, const char *src, const char *dst)
{
	struct weir_age_enc eo;
	struct weir_age_dec d;
	struct weir_out out;
	struct weir_in in;
	struct weir_err e;
	int r;

	if (weir_in_open(&in, src, WEIR_IN_RAW, &e) == -1 ||
	    weir_out_open_raw(&out, dst, 0, &e) == -1) {
		fprintf(stderr, "agebench: %s\n", e.msg);
		return 1;
	}
	memset(&eo, 0, sizeof(eo));
	memset(&d, 0, sizeof(d));
	eo.pks = &key.public;
	eo.npk = 1;
	eo.threads = threads;
	d.ids = &key;
	d.nid = 1;
	d.threads = threads;
	r = decrypt ? weir_age_decrypt(&in, &out, &d, &e) :
	    weir_age_encrypt(&in, &out, &eo, &e);
	if (r == 0)
		r = weir_out_commit(&out, &e);
	else
		weir_out_abort(&out);
	weir_in_close(&in);
	if (r == -1)
		fprintf(stderr, "agebench: %s\n", e.msg);
	return r == 0 ? 0 : 1;
}

/* The bare loop: seal 64 KiB chunks, in memory, on one core. */
static int
bare_job(off_t size)
{
	static unsigned char buf[65536 + 16];
	unsigned char k[32], nonce[12] = { 0 };
	off_t i;

	randombytes_buf(k, sizeof(k));
	for (i = 0; i < size; i += 65536) {
		nonce[10] = (unsigned char)(i >> 16);
		nonce[9] = (unsigned char)(i >> 24);
		crypto_aead_chacha20poly1305_ietf_encrypt_detached(buf,
		    buf + 65536, NULL, buf, 65536, NULL, 0, NULL, nonce, k);
	}
	return 0;
}

struct result {
	double	secs;
	double	cpu;		/* user + system */
	long	rss_kb;
	int	ok;
};

/* Run one job in a child: which 0 bare, 1 weir, 2 age (argv). */
static struct result
measure(int which, int decrypt, const char *src, const char *dst,
    char *const argv[], off_t size)
{
	struct result r = { 0, 0, 0, 0 };
	struct rusage ru;
	double t0 = now();
	int status, fd;
	pid_t pid;

	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		if (which == 0)
			_exit(bare_job(size));
		if (which == 1)
			_exit(weir_job(decrypt, src, dst));
		if ((fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
			_exit(127);
		dup2(fd, 1);
		close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1) {
		perror("wait4");
		exit(1);
	}
	r.secs = now() - t0;
	r.rss_kb = ru.ru_maxrss;
	r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return r;
}

static const struct {
	const char	*what;
	int		 which, decrypt, weirs;
} jobs[] = {
	{ "libsodium loop, 64 KiB chunks, 1 core", 0, 0, 0 },
	{ "weir encrypt > /dev/null", 1, 0, 0 },
	{ "age encrypt > /dev/null", 2, 0, 0 },
	{ "weir decrypt weir's file > /dev/null", 1, 1, 1 },
	{ "weir decrypt age's file > /dev/null", 1, 1, 0 },
	{ "age decrypt age's file > /dev/null", 2, 1, 0 },
	{ "age decrypt weir's file > /dev/null", 2, 1, 1 },
};
#define NJOBS	(sizeof(jobs) / sizeof(jobs[0]))

static struct result
best(int reps, int which, int decrypt, const char *src, const char *dst,
    char *const argv[], off_t size)
{
	struct result b = { 1e9, 0, 0, 1 }, r;
	int i;

	for (i = 0; i < reps; i++) {
		r = measure(which, decrypt, src, dst, argv, size);
		if (!r.ok)
			b.ok = 0;
		if (r.secs < b.secs) {
			b.secs = r.secs;
			b.cpu = r.cpu;
		}
		if (r.rss_kb > b.rss_kb)
			b.rss_kb = r.rss_kb;
	}
	return b;
}

static void
show(const char *what, struct result r, off_t size)
{
	printf("%-38s %6.3f s %6.0f MB/s %6.2f s CPU %6ld KB RSS%s\n", what,
	    r.secs, (double)size / r.secs / 1e6, r.cpu, r.rss_kb,
	    r.ok ? "" : "  FAILED");
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	const char *age = getenv("AGE"), *file;
	char rcpt[WEIR_AGE_KEYTEXT], idt[WEIR_AGE_KEYTEXT];
	char idfile[4096], wct[4096], act[4096];
	char *aenc[6], *adec[7];
	struct result res[NJOBS], x;
	struct stat st;
	size_t i;
	int ch, r, reps = 3;
	FILE *fp;

	while ((ch = getopt(argc, argv, "r:t:")) != -1)
		switch (ch) {
		case 'r':
			reps = atoi(optarg);
			break;
		case 't':
			threads = atoi(optarg);
			break;
		default:
			goto usage;
		}
	if (optind != argc - 1) {
usage:
		fprintf(stderr, "usage: agebench [-r reps] [-t threads] "
		    "file\n");
		return 64;
	}
	file = argv[optind];
	if (stat(file, &st) == -1) {
		perror(file);
		return 66;
	}
	if (sodium_init() < 0)
		return 70;
	if (age == NULL || *age == '\0')
		age = "/usr/bin/age";
	weir_age_keygen(&key);
	weir_age_identity_text(&key, idt);
	weir_age_recipient_text(key.public, rcpt);
	snprintf(idfile, sizeof(idfile), "%s.id", file);
	snprintf(wct, sizeof(wct), "%s.weir.age", file);
	snprintf(act, sizeof(act), "%s.age.age", file);
	if ((fp = fopen(idfile, "w")) == NULL) {
		perror(idfile);
		return 73;
	}
	fprintf(fp, "%s\n", idt);
	fclose(fp);
	aenc[0] = (char *)(uintptr_t)age;
	aenc[1] = (char *)(uintptr_t)"-r";
	aenc[2] = rcpt;
	aenc[3] = (char *)(uintptr_t)file;
	aenc[4] = NULL;
	adec[0] = (char *)(uintptr_t)age;
	adec[1] = (char *)(uintptr_t)"-d";
	adec[2] = (char *)(uintptr_t)"-i";
	adec[3] = idfile;
	adec[5] = NULL;

	printf("%s: %.0f MiB, threads %d (0: all %ld cores), best of %d\n",
	    file, (double)st.st_size / 1048576, threads,
	    sysconf(_SC_NPROCESSORS_ONLN), reps);
	/* The files to decrypt, written once, then flushed to disk. */
	show("weir encrypt > file", best(1, 1, 0, file, wct, NULL, 0),
	    st.st_size);
	if (access(age, X_OK) == 0)
		show("age encrypt > file", best(1, 2, 0, file, act, aenc, 0),
		    st.st_size);
	sync();
	/* The rest, interleaved: each round runs every job once. */
	for (i = 0; i < NJOBS; i++) {
		res[i].secs = 1e9;
		res[i].rss_kb = 0;
		res[i].ok = 1;
	}
	for (r = 0; r < reps; r++)
		for (i = 0; i < NJOBS; i++) {
			if (jobs[i].which == 2 && access(age, X_OK) != 0)
				continue;
			if (jobs[i].which == 2 && jobs[i].decrypt)
				adec[4] = jobs[i].weirs ? wct : act;
			x = measure(jobs[i].which, jobs[i].decrypt,
			    jobs[i].decrypt ? (jobs[i].weirs ? wct : act) :
			    file, "/dev/null", jobs[i].which == 2 ?
			    (jobs[i].decrypt ? adec : aenc) : NULL, st.st_size);
			if (!x.ok)
				res[i].ok = 0;
			if (x.secs < res[i].secs) {
				res[i].secs = x.secs;
				res[i].cpu = x.cpu;
			}
			if (x.rss_kb > res[i].rss_kb)
				res[i].rss_kb = x.rss_kb;
		}
	for (i = 0; i < NJOBS; i++)
		if (jobs[i].which != 2 || access(age, X_OK) == 0)
			show(jobs[i].what, res[i], st.st_size);
	unlink(wct);
	unlink(act);
	unlink(idfile);
	sodium_memzero(&key, sizeof(key));
	return 0;
}
