#define _XOPEN_SOURCE 700	/* realpath(3) */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include "io.h"
#include "lineage.h"
#include "mem.h"
#include "sha256.h"
#include "transcode.h"

#define CHUNK	(64 * 1024)

/*
 * gzip input is inflated by a thread of its own, a few blocks ahead of
 * the reader, so decompression and parsing share two cores.  Blocks are
 * handed over in order through a small ring; memory stays bounded.
 */
#define GZ_BLOCKS	4
#define GZ_BLOCK	(256 * 1024)

struct gz_ring {
	pthread_t	 tid;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	char		*blk[GZ_BLOCKS];
	size_t		 len[GZ_BLOCKS];
	size_t		 head, count, off;	/* off: read so far of head */
	int		 done;			/* no more blocks will come */
	int		 stop;			/* the reader was closed */
	int		 wake[2];		/* a pipe: stop waiting for input */
	int		 failed;
	struct weir_err	 err;
	uint64_t	 raw_bytes;		/* as the thread has read */
	uint64_t	 read;			/* the thread's own count */
};

struct weir_in_priv {
	unsigned char			*raw;	/* compressed bytes */
	size_t				 rawcap;
	z_stream			 z;
	int				 zinit;
	int				 zend;	/* the last member ended */
	int				 hash;
	int				 started;	/* BOM looked at */
	struct weir_sha256		 sha;
	struct weir_transcoder		*tc;
	char				*stage;	/* decoded, not yet transcoded */
	size_t				 stagecap;
	struct gz_ring			*ring;
	uint64_t			 at;	/* file offset of the next read */
	uint64_t			 end;	/* reads stop here; 0: at EOF */
};

static long decode(struct weir_in *, char *, size_t, struct weir_err *);
static int gz_start(struct weir_in *, struct weir_err *);
static void gz_stop(struct weir_in *);

static ssize_t
xread(int fd, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r == -1 && errno == EINTR);
	return r;
}

/* Read raw bytes from the file, hashing them; 0 at end of file. */
static long
read_raw(struct weir_in *in, void *p, size_t n, struct weir_err *e)
{
	struct gz_ring *g = in->priv->ring;
	ssize_t r;

	if (g != NULL) {
		/* The inflating thread must not sleep on a pipe once closed. */
		struct pollfd pfd[2] = { { in->fd, POLLIN, 0 },
		    { g->wake[0], POLLIN, 0 } };

		while (poll(pfd, 2, -1) == -1 && errno == EINTR)
			;
		if (pfd[1].revents)
			return weir_errf(e, EX_SOFTWARE, "%s: closed", in->name);
	}
	if (in->priv->end != 0) {
		if (in->priv->at >= in->priv->end)
			return 0;
		if (n > in->priv->end - in->priv->at)
			n = (size_t)(in->priv->end - in->priv->at);
	}
	r = xread(in->fd, p, n);

	if (r == -1)
		return weir_errnof(e, EX_IOERR, errno, "read '%s'", in->name);
	if (r > 0) {
		/* in is the reader's: the inflating thread counts its own */
		if (g != NULL)
			g->read += (uint64_t)r;
		else
			in->raw_bytes += (uint64_t)r;
		in->priv->at += (uint64_t)r;
		if (in->priv->hash)
			weir_sha256_update(&in->priv->sha, p,
			    (unsigned long long)r);
	}
	return (long)r;
}

/* UTF-16 is recognised by its byte order mark, once, at the start. */
static int
utf16_bom(struct weir_in *in, struct weir_err *e)
{
	const unsigned char *b = (unsigned char *)in->buf + in->pos;

	if (in->priv->started || in->priv->tc != NULL)
		return 0;
	if (in->len - in->pos < 2 && !in->eof)
		return 0;
	in->priv->started = 1;
	if (in->len - in->pos >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
	    (b[0] == 0xFE && b[1] == 0xFF)))
		return weir_in_set_encoding(in, WEIR_ENC_UTF16, e);
	return 0;
}

int
weir_in_open(struct weir_in *in, const char *path, int flags,
    struct weir_err *e)
{
	int hash = (flags & WEIR_IN_HASH) ||
	    (weir_lineage_on() && !(flags & WEIR_IN_PROBE));
	struct weir_in_priv *p;
	struct stat st;
	long r;
	size_t got = 0;

	memset(in, 0, sizeof(*in));
	in->records = -1;
	in->probe = (flags & WEIR_IN_PROBE) != 0;
	if (path == NULL || strcmp(path, "-") == 0) {
		in->fd = 0;
		in->name = weir_xstrdup("-");
	} else {
		if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return weir_errnof(e, weir_errno_code(errno, 0), errno,
			    "cannot open '%s'", path);
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(in->fd);
			return weir_errf(e, EX_NOINPUT, "'%s' is a directory",
			    path);
		}
		in->name = weir_xstrdup(path);
	}
	in->priv = p = weir_xcalloc(1, sizeof(*p));
	p->hash = hash;
	if (hash && weir_lineage_on() && !in->probe)
		weir_sha256_init_async(&p->sha);
	else if (hash)
		weir_sha256_init(&p->sha);
	in->cap = 4 * CHUNK;
	in->buf = weir_xmalloc(in->cap + 1);
	p->rawcap = CHUNK;
	p->raw = weir_xmalloc(p->rawcap);

	/* Two bytes tell gzip from everything else. */
	while (got < 2) {
		if ((r = read_raw(in, p->raw + got, p->rawcap - got, e)) == -1)
			goto fail;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (flags & WEIR_IN_RAW)
		p->started = 1;		/* no BOM sniffing either */
	if (got >= 2 && p->raw[0] == 0x1f && p->raw[1] == 0x8b &&
	    !(flags & WEIR_IN_RAW)) {
		in->gzip = 1;
		if (inflateInit2(&p->z, 15 + 16) != Z_OK) {
			weir_errf(e, EX_SOFTWARE, "zlib: inflateInit failed");
			goto fail;
		}
		p->zinit = 1;
		p->z.next_in = p->raw;
		p->z.avail_in = (uInt)got;
		if (gz_start(in, e) == -1)
			goto fail;
	} else {
		memcpy(in->buf, p->raw, got);
		in->len = got;
		if (got == 0)
			in->eof = 1;
		if (utf16_bom(in, e) == -1)
			goto fail;
	}
	return 0;
fail:
	weir_in_close(in);
	return -1;
}

int
weir_in_set_encoding(struct weir_in *in, int enc, struct weir_err *e)
{
	struct weir_in_priv *p = in->priv;
	size_t n = in->len - in->pos;
	long w;

	if (enc == WEIR_ENC_UTF8 || p->tc != NULL)
		return 0;
	p->tc = weir_xmalloc(sizeof(*p->tc));
	weir_transcoder_init(p->tc, enc);
	p->stagecap = CHUNK;
	p->stage = weir_xmalloc(p->stagecap);
	/* What was already read is still in the old encoding. */
	if (n > 0) {
		char *old = weir_xmemdup(in->buf + in->pos, n);

		if (in->cap < 3 * n + 8) {
			in->cap = 3 * n + 8;
			in->buf = weir_xrealloc(in->buf, in->cap + 1);
		}
		w = weir_transcode(p->tc, (unsigned char *)old, n, in->eof,
		    in->buf, in->name, e);
		free(old);
		if (w == -1)
			return -1;
		in->pos = 0;
		in->len = (size_t)w;
	}
	p->started = 1;
	return 0;
}

/* Decompressed (not yet transcoded) bytes into dst; 0 at end. */
static long
decode(struct weir_in *in, char *dst, size_t n, struct weir_err *e)
{
	struct weir_in_priv *p = in->priv;
	long r;
	int zr;

	if (!in->gzip)
		return read_raw(in, dst, n, e);
	for (;;) {
		if (p->zend) {
			/* Another gzip member may follow, as gzip(1) allows. */
			if (p->z.avail_in == 0) {
				if ((r = read_raw(in, p->raw, p->rawcap, e)) <= 0)
					return r;
				p->z.next_in = p->raw;
				p->z.avail_in = (uInt)r;
			}
			if (p->z.avail_in < 2 && (p->z.next_in[0] == 0x1f)) {
				/* Join a split magic number. */
				memmove(p->raw, p->z.next_in, p->z.avail_in);
				if ((r = read_raw(in, p->raw + 1,
				    p->rawcap - 1, e)) == -1)
					return -1;
				p->z.next_in = p->raw;
				p->z.avail_in += (uInt)r;
			}
			if (p->z.avail_in < 2 || p->z.next_in[0] != 0x1f ||
			    p->z.next_in[1] != 0x8b)
				return weir_errf(e, EX_DATAERR,
				    "%s: trailing garbage after gzip data",
				    in->name);
			inflateReset(&p->z);
			p->zend = 0;
		}
		if (p->z.avail_in == 0) {
			if ((r = read_raw(in, p->raw, p->rawcap, e)) == -1)
				return -1;
			if (r == 0)
				return weir_errf(e, EX_DATAERR,
				    "%s: truncated gzip data", in->name);
			p->z.next_in = p->raw;
			p->z.avail_in = (uInt)r;
		}
		p->z.next_out = (Bytef *)dst;
		p->z.avail_out = (uInt)n;
		zr = inflate(&p->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			p->zend = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return weir_errf(e, EX_DATAERR, "%s: corrupt gzip data: %s",
			    in->name, p->z.msg ? p->z.msg : "inflate failed");
		if (n - p->z.avail_out > 0)
			return (long)(n - p->z.avail_out);
	}
}

static void *
gz_thread(void *arg)
{
	struct weir_in *in = arg;
	struct gz_ring *g = in->priv->ring;
	struct weir_err e;
	size_t slot;
	long r;

	for (;;) {
		pthread_mutex_lock(&g->mu);
		while (g->count == GZ_BLOCKS && !g->stop)
			pthread_cond_wait(&g->cv, &g->mu);
		slot = (g->head + g->count) % GZ_BLOCKS;
		if (g->stop) {
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		pthread_mutex_unlock(&g->mu);

		/* The slot is the thread's alone until count covers it. */
		r = decode(in, g->blk[slot], GZ_BLOCK, &e);

		pthread_mutex_lock(&g->mu);
		g->raw_bytes = g->read;
		if (r > 0) {
			g->len[slot] = (size_t)r;
			g->count++;
		} else {
			g->done = 1;
			if (r == -1) {
				g->failed = 1;
				g->err = e;
			}
		}
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
		if (r <= 0)
			return NULL;
	}
}

static int
gz_start(struct weir_in *in, struct weir_err *e)
{
	struct gz_ring *g = weir_xcalloc(1, sizeof(*g));
	size_t i;

	g->read = g->raw_bytes = in->raw_bytes;	/* the magic number's */
	for (i = 0; i < GZ_BLOCKS; i++)
		g->blk[i] = weir_xmalloc(GZ_BLOCK);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	in->priv->ring = g;
	if (pipe(g->wake) == -1 ||
	    pthread_create(&g->tid, NULL, gz_thread, in) != 0) {
		in->priv->ring = NULL;
		for (i = 0; i < GZ_BLOCKS; i++)
			free(g->blk[i]);
		free(g);
		return weir_errf(e, EX_OSERR, "cannot start a thread");
	}
	return 0;
}

/* What the thread inflated, in order; 0 at the end. */
static long
gz_take(struct weir_in *in, char *dst, size_t n, struct weir_err *e)
{
	struct gz_ring *g = in->priv->ring;
	size_t k;
	long rv;

	pthread_mutex_lock(&g->mu);
	while (g->count == 0 && !g->done)
		pthread_cond_wait(&g->cv, &g->mu);
	in->raw_bytes = g->raw_bytes;
	if (g->count == 0) {
		rv = g->failed ? -1 : 0;
		if (g->failed && e != NULL)
			*e = g->err;
	} else {
		k = g->len[g->head] - g->off;
		if (k > n)
			k = n;
		memcpy(dst, g->blk[g->head] + g->off, k);
		g->off += k;
		if (g->off == g->len[g->head]) {
			g->off = 0;
			g->head = (g->head + 1) % GZ_BLOCKS;
			g->count--;
			pthread_cond_broadcast(&g->cv);
		}
		rv = (long)k;
	}
	pthread_mutex_unlock(&g->mu);
	return rv;
}

static void
gz_stop(struct weir_in *in)
{
	struct gz_ring *g = in->priv->ring;
	size_t i;

	if (g == NULL)
		return;
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
	/* Closed early: the thread may be waiting for a pipe. */
	if (write(g->wake[1], "", 1) == -1)
		weir_warn("cannot wake the gzip reader: %s", strerror(errno));
	pthread_join(g->tid, NULL);
	close(g->wake[0]);
	close(g->wake[1]);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	for (i = 0; i < GZ_BLOCKS; i++)
		free(g->blk[i]);
	free(g);
	in->priv->ring = NULL;
}

long
weir_in_more(struct weir_in *in, struct weir_err *e)
{
	struct weir_in_priv *p = in->priv;
	long r, w;

	if (in->eof)
		return 0;
	if (in->pos > 0) {
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	/* Room for a chunk transcoded (see transcode.h). */
	if (in->cap - in->len < 3 * CHUNK + 8) {
		in->cap = in->cap * 2 > in->len + 3 * CHUNK + 8 ? in->cap * 2 :
		    in->len + 3 * CHUNK + 8;
		in->buf = weir_xrealloc(in->buf, in->cap + 1);
	}
	for (;;) {
		if (p->tc == NULL) {
			r = p->ring ? gz_take(in, in->buf + in->len,
			    in->cap - in->len, e) :
			    decode(in, in->buf + in->len, in->cap - in->len, e);
			if (r == -1)
				return -1;
			if (r == 0) {
				in->eof = 1;
				return 0;
			}
			in->len += (size_t)r;
			if (!p->started) {
				if (utf16_bom(in, e) == -1)
					return -1;
				if (p->tc != NULL) {
					if (in->len > 0)
						return (long)in->len;
					continue;
				}
			}
			return r;
		}
		r = p->ring ? gz_take(in, p->stage, CHUNK, e) :
		    decode(in, p->stage, CHUNK, e);
		if (r == -1)
			return -1;
		w = weir_transcode(p->tc, (unsigned char *)p->stage, (size_t)r,
		    r == 0, in->buf + in->len, in->name, e);
		if (w == -1)
			return -1;
		in->len += (size_t)w;
		if (r == 0) {
			in->eof = 1;
			return w;
		}
		if (w > 0)
			return w;
	}
}

int
weir_in_open_part(struct weir_in *in, const struct weir_in *first,
    uint64_t start, uint64_t end, struct weir_err *e)
{
	const char *path = first->name;
	struct weir_in_priv *p;
	struct stat a, b;

	memset(in, 0, sizeof(*in));
	in->records = -1;
	in->probe = 1;
	if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", path);
	/* the name may lead elsewhere by now: a file renamed over it */
	if (fstat(in->fd, &a) == -1 || fstat(first->fd, &b) == -1 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		close(in->fd);
		return weir_errf(e, EX_IOERR, "'%s' was replaced while it was "
		    "read", path);
	}
	in->name = weir_xstrdup(path);
	in->priv = p = weir_xcalloc(1, sizeof(*p));
	p->started = 1;
	p->at = start;
	p->end = end;
	in->cap = 4 * CHUNK;
	in->buf = weir_xmalloc(in->cap + 1);
	if (lseek(in->fd, (off_t)start, SEEK_SET) == -1) {
		weir_errnof(e, EX_IOERR, errno, "seek in '%s'", path);
		weir_in_close(in);
		return -1;
	}
	return 0;
}

int
weir_in_limit(struct weir_in *in, uint64_t end)
{
	struct weir_in_priv *p = in->priv;

	if (in->gzip || p->tc != NULL || in->eof || p->at > end || end == 0)
		return -1;
	p->end = end;
	return 0;
}

int
weir_in_drain(struct weir_in *in, struct weir_err *e)
{
	struct weir_in_priv *p = in->priv;
	long r;

	if (!p->hash || p->end == 0)
		return 0;
	p->end = 0;
	while ((r = read_raw(in, p->raw, p->rawcap, e)) > 0)
		;
	return r == -1 ? -1 : 0;
}

void
weir_in_sha256(struct weir_in *in, unsigned char out[32])
{
	weir_sha256_peek(&in->priv->sha, out);
}

void
weir_in_close(struct weir_in *in)
{
	struct weir_in_priv *p = in->priv;

	if (p != NULL)
		gz_stop(in);
	if (in->fd > 0)
		close(in->fd);
	if (p != NULL) {
		if (p->hash && !in->probe) {
			unsigned char d[32];

			/* The lineage log learns of every input here. */
			weir_sha256_peek(&p->sha, d);
			weir_lineage_input(in->name, d, in->raw_bytes);
			if (in->records >= 0)
				weir_lineage_input_records(in->name,
				    (uint64_t)in->records);
		}
		if (p->hash)
			weir_sha256_release(&p->sha);
		if (p->zinit)
			inflateEnd(&p->z);
		free(p->raw);
		free(p->tc);
		free(p->stage);
		free(p);
	}
	free(in->buf);
	free(in->name);
	memset(in, 0, sizeof(*in));
	in->fd = -1;
}

/* Output. */

struct weir_out_priv {
	char				*path;	/* final name; NULL for stdout */
	char				*tmp;
	int				 gzip;
	z_stream			 z;
	unsigned char			*zbuf;
	int				 hash;
	struct weir_sha256		 sha;
	struct weir_out_priv		*next;	/* in the cleanup list */
	int				 direct;	/* not a regular file */
	int				 replace;	/* target exists: keep its */
	mode_t				 mode;		/* mode and owner */
	uid_t				 uid;
	gid_t				 gid;
	int				 private;	/* new file: 0600 */
	char				*given;		/* the name asked for */
};

/* Temporary files to remove if the program dies before committing. */
static struct weir_out_priv *pending;
static int cleanup_installed;

static void
cleanup_files(void)
{
	struct weir_out_priv *p;

	for (p = pending; p != NULL; p = p->next)
		if (p->tmp != NULL)
			unlink(p->tmp);
}

static void
cleanup_signal(int sig)
{
	cleanup_files();	/* unlink(2) is async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_cleanup(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (cleanup_installed++)
		return;
	atexit(cleanup_files);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN)
			continue;	/* nohup'd: stay ignored */
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = cleanup_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

static void
unlist(struct weir_out_priv *p)
{
	struct weir_out_priv **pp;

	for (pp = &pending; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

/*
 * The descriptor a path names when it is one of the process's own:
 * /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N; else -1.  Such a
 * path is written through the descriptor, never replaced: the shell may
 * have opened it for appending, or it may be a pipe.
 */
static int
fd_alias(const char *path)
{
	const char *n = NULL;
	char *end;
	long v;

	if (strcmp(path, "/dev/stdout") == 0)
		return 1;
	if (strcmp(path, "/dev/stderr") == 0)
		return 2;
	if (strncmp(path, "/dev/fd/", 8) == 0)
		n = path + 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		n = path + 14;
	if (n == NULL || *n < '0' || *n > '9')
		return -1;
	v = strtol(n, &end, 10);
	return *end == '\0' && v <= 1024 ? (int)v : -1;
}

/*
 * Follow path's symbolic links to the file they end at (which need not
 * exist yet, as with the shell's >): *target is malloc'd.  *fd gets the
 * descriptor when some link on the way is one of ours (fd_alias).
 */
static int
resolve(const char *path, char **target, int *fd, struct weir_err *e)
{
	char *cur = weir_xstrdup(path), link[4096], *next;
	struct stat st;
	const char *slash;
	ssize_t n;
	int hops;

	for (hops = 0; ; hops++) {
		if ((*fd = fd_alias(cur)) != -1 || lstat(cur, &st) == -1 ||
		    !S_ISLNK(st.st_mode))
			break;
		if (hops == 40) {
			free(cur);
			return weir_errf(e, EX_CANTCREAT, "cannot create '%s': "
			    "too many levels of symbolic links", path);
		}
		if ((n = readlink(cur, link, sizeof(link) - 1)) == -1) {
			weir_errnof(e, weir_errno_code(errno, 1), errno,
			    "cannot create '%s'", path);
			free(cur);
			return -1;
		}
		link[n] = '\0';
		if (link[0] == '/' || (slash = strrchr(cur, '/')) == NULL)
			next = weir_xstrdup(link);
		else {
			next = weir_xmalloc((size_t)(slash - cur) + 2 +
			    (size_t)n);
			sprintf(next, "%.*s/%s", (int)(slash - cur), cur, link);
		}
		free(cur);
		cur = next;
	}
	*target = cur;
	return 0;
}

/* The absolute name path's links end at (its folder must exist). */
static char *
canonical(const char *path, int *fd)
{
	char *t, *dir, *abs;
	const char *slash, *base;

	if (resolve(path, &t, fd, NULL) == -1)
		return NULL;
	slash = strrchr(t, '/');
	base = slash ? slash + 1 : t;
	if (slash == t)
		dir = realpath("/", NULL);
	else if (slash != NULL) {
		char *d = weir_xmalloc((size_t)(slash - t) + 1);

		memcpy(d, t, (size_t)(slash - t));
		d[slash - t] = '\0';
		dir = realpath(d, NULL);
		free(d);
	} else
		dir = realpath(".", NULL);
	if (dir == NULL) {
		free(t);
		return NULL;
	}
	abs = weir_xmalloc(strlen(dir) + strlen(base) + 2);
	sprintf(abs, "%s/%s", dir, base);
	free(dir);
	free(t);
	return abs;
}

int
weir_path_same(const char *a, const char *b)
{
	struct stat sa, sb;
	char *ta, *tb;
	int fa, fb, same;

	if (a == NULL || b == NULL || strcmp(a, "-") == 0 ||
	    strcmp(b, "-") == 0)
		return 0;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev &&
		    sa.st_ino == sb.st_ino;
	/* One does not exist yet: the same name after links, or not. */
	if ((ta = canonical(a, &fa)) == NULL)
		return 0;
	if ((tb = canonical(b, &fb)) == NULL) {
		free(ta);
		return 0;
	}
	same = fa == -1 && fb == -1 && strcmp(ta, tb) == 0;
	free(ta);
	free(tb);
	return same;
}

static int out_open(struct weir_out *, const char *, int, int, int,
    struct weir_err *);

/*
 * An existing file is replaced only where the shell's > could write it,
 * and the replacement keeps its mode and (where we may) its owner, so
 * a 0600 file does not become readable by everyone.
 */
static int
replace_check(struct weir_out_priv *p, const char *target, const char *path,
    struct stat *st, struct weir_err *e)
{
	if (stat(target, st) == -1)
		return 0;
	if (access(target, W_OK) == -1)
		return weir_errnof(e, weir_errno_code(errno, 1), errno,
		    "cannot write '%s'", path);
	p->replace = 1;
	p->mode = st->st_mode & 07777;
	p->uid = st->st_uid;
	p->gid = st->st_gid;
	return 0;
}

void
weir_out_private(struct weir_out *o)
{
	o->priv->private = 1;
}

int
weir_out_open(struct weir_out *o, const char *path, int gzip, int hash,
    struct weir_err *e)
{
	return out_open(o, path, gzip, hash, 0, e);
}

int
weir_out_open_raw(struct weir_out *o, const char *path, int hash,
    struct weir_err *e)
{
	return out_open(o, path, 0, hash, 1, e);
}

static int
out_open(struct weir_out *o, const char *path, int gzip, int hash, int raw,
    struct weir_err *e)
{
	struct weir_out_priv *p;
	const char *slash, *base;
	char *target = NULL;
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	o->priv = p = weir_xcalloc(1, sizeof(*p));
	o->cap = CHUNK;
	o->buf = weir_xmalloc(o->cap);
	o->records = -1;
	p->hash = hash || weir_lineage_on();
	if (weir_lineage_on())
		weir_sha256_init_async(&p->sha);
	else if (p->hash)
		weir_sha256_init(&p->sha);
	p->given = weir_xstrdup(path != NULL ? path : "-");
	if (path == NULL || strcmp(path, "-") == 0)
		o->fd = 1;
	else {
		if (resolve(path, &target, &fd, e) == -1)
			goto fail;
		p->path = weir_xstrdup(path);
		gzip |= !raw && has_suffix(path, ".gz");
		/*
		 * Our own descriptor, a FIFO or a device: write to it as it
		 * is, nothing to rename.
		 */
		if (fd != -1 || (stat(target, &st) == 0 &&
		    !S_ISREG(st.st_mode))) {
			o->fd = fd != -1 ? dup(fd) :
			    open(target, O_WRONLY | O_CLOEXEC);
			if (o->fd == -1) {
				weir_errnof(e, weir_errno_code(errno, 1), errno,
				    "cannot open '%s'", path);
				goto fail;
			}
			p->direct = 1;
			free(target);
			target = NULL;
			goto compress;
		}
		if (replace_check(p, target, path, &st, e) == -1)
			goto fail;
		slash = strrchr(target, '/');
		base = slash ? slash + 1 : target;
		if (*base == '\0') {
			weir_errf(e, EX_CANTCREAT, "cannot create '%s': "
			    "not a file name", path);
			goto fail;
		}
		/* Beside the target, so that rename(2) replaces it. */
		p->tmp = weir_xmalloc(strlen(target) + 16);
		sprintf(p->tmp, "%.*s.%s.XXXXXX", (int)(base - target), target,
		    base);
		free(p->path);
		p->path = target;
		target = NULL;
		install_cleanup();
		if ((o->fd = mkstemp(p->tmp)) == -1) {
			weir_errnof(e, weir_errno_code(errno, 1), errno,
			    "cannot create '%s'", path);
			free(p->tmp);
			p->tmp = NULL;
			goto fail;
		}
		p->next = pending;
		pending = p;
	}
compress:
	if (gzip) {
		p->gzip = 1;
		if (deflateInit2(&p->z, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK) {
			weir_errf(e, EX_SOFTWARE, "zlib: deflateInit failed");
			goto fail;
		}
		p->zbuf = weir_xmalloc(CHUNK);
	}
	return 0;
fail:
	free(target);
	weir_out_abort(o);
	return -1;
}

static int
write_fd(struct weir_out *o, const void *buf, size_t n)
{
	const char *s = buf;
	ssize_t w;

	if (o->priv->hash)
		weir_sha256_update(&o->priv->sha, buf, n);
	while (n > 0) {
		if ((w = write(o->fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			weir_check_pipe(errno);
			o->failed = 1;
			return weir_errnof(&o->err, EX_IOERR, errno,
			    "write to '%s'", o->priv->path ? o->priv->path :
			    "standard output");
		}
		s += w;
		n -= (size_t)w;
		o->bytes += (uint64_t)w;
	}
	return 0;
}

static int
deflate_out(struct weir_out *o, const void *p, size_t n, int flush)
{
	struct weir_out_priv *q = o->priv;
	int zr;

	q->z.next_in = (Bytef *)(uintptr_t)p;
	q->z.avail_in = (uInt)n;
	do {
		q->z.next_out = q->zbuf;
		q->z.avail_out = CHUNK;
		zr = deflate(&q->z, flush);
		if (zr == Z_STREAM_ERROR) {
			o->failed = 1;
			return weir_errf(&o->err, EX_SOFTWARE, "zlib: deflate failed");
		}
		if (write_fd(o, q->zbuf, CHUNK - q->z.avail_out) == -1)
			return -1;
	} while (q->z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
	return 0;
}

int
weir_out_flush_(struct weir_out *o)
{
	int r;

	if (o->failed)
		return -1;
	if (o->len == 0)
		return 0;
	r = o->priv->gzip ? deflate_out(o, o->buf, o->len, Z_NO_FLUSH) :
	    write_fd(o, o->buf, o->len);
	o->len = 0;
	return r;
}

static void
out_free(struct weir_out *o)
{
	struct weir_out_priv *p = o->priv;

	if (p != NULL) {
		if (p->hash) {
			/* What was written stays known after the commit. */
			weir_sha256_peek(&p->sha, o->sha256);
			o->hashed = 1;
			weir_sha256_release(&p->sha);
		}
		if (p->gzip)
			deflateEnd(&p->z);
		unlist(p);
		free(p->given);
		free(p->zbuf);
		free(p->path);
		free(p->tmp);
		free(p);
	}
	free(o->buf);
	o->buf = NULL;
	o->priv = NULL;
}

/* The lineage log learns of every output here: kept, or discarded. */
static void
report(struct weir_out *o, int kept)
{
	struct weir_out_priv *p = o->priv;
	unsigned char d[32];

	if (p == NULL || !p->hash || !weir_lineage_on())
		return;
	weir_sha256_peek(&p->sha, d);
	weir_lineage_output(p->given, d, o->bytes, kept);
	if (o->records >= 0)
		weir_lineage_output_records(p->given, (uint64_t)o->records);
}

int
weir_out_commit(struct weir_out *o, struct weir_err *e)
{
	struct weir_out_priv *p = o->priv;
	mode_t mask, mode;

	if (weir_out_flush_(o) == -1)
		goto fail;
	if (p->gzip && deflate_out(o, NULL, 0, Z_FINISH) == -1)
		goto fail;
	if (p->path == NULL) {
		report(o, 1);
		out_free(o);
		return 0;
	}
	if (p->direct) {
		if (close(o->fd) == -1) {
			o->fd = -1;
			weir_errnof(&o->err, EX_IOERR, errno, "write to '%s'",
			    p->path);
			goto fail;
		}
		o->fd = -1;
		report(o, 1);
		out_free(o);
		return 0;
	}
	/*
	 * mkstemp made it 0600: give it the mode of the file it replaces,
	 * or the one open(2) would have given a new file, unless it holds
	 * what must stay private (decrypted data).
	 */
	mask = umask(0);
	umask(mask);
	if (p->replace) {
		mode = p->mode;
		if (fchown(o->fd, p->uid, p->gid) == -1)
			mode &= ~(mode_t)(S_ISUID | S_ISGID);
	} else
		mode = p->private ? 0600 : 0666 & ~mask;
	if (fchmod(o->fd, mode) == -1 || fsync(o->fd) == -1) {
		weir_errnof(&o->err, EX_IOERR, errno, "write to '%s'", p->path);
		goto fail;
	}
	if (close(o->fd) == -1) {
		o->fd = -1;
		weir_errnof(&o->err, EX_IOERR, errno, "write to '%s'", p->path);
		goto fail;
	}
	o->fd = -1;
	if (rename(p->tmp, p->path) == -1) {
		weir_errnof(&o->err, weir_errno_code(errno, 1), errno,
		    "cannot create '%s'", p->path);
		goto fail;
	}
	free(p->tmp);
	p->tmp = NULL;
	report(o, 1);
	out_free(o);
	return 0;
fail:
	if (e != NULL)
		*e = o->err;
	weir_out_abort(o);
	return -1;
}

void
weir_out_abort(struct weir_out *o)
{
	struct weir_out_priv *p = o->priv;

	/*
	 * A pipe keeps every record that came before the failure, as with
	 * cat(1); only a named file is all or nothing.
	 */
	if (p != NULL && p->path == NULL && !o->failed && !p->gzip)
		weir_out_flush_(o);
	if (p != NULL && p->direct && o->fd >= 0)
		close(o->fd);
	if (p != NULL && p->tmp != NULL) {
		if (o->fd >= 0)
			close(o->fd);
		unlink(p->tmp);
	}
	/* What went to a pipe or a device stays there; a file does not. */
	if (p != NULL)
		report(o, p->path == NULL || p->direct);
	out_free(o);
}

void
weir_out_sha256(struct weir_out *o, unsigned char out[32])
{
	if (o->priv == NULL) {
		memcpy(out, o->sha256, 32);
		return;
	}
	weir_sha256_peek(&o->priv->sha, out);
}
