#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "sha256.h"

#define SLOTS		4
#define SLOT_BYTES	(512 * 1024)

/*
 * A ring of SLOTS buffers between one producer (update) and the hashing
 * thread: a slot is filled by the producer, handed over full, hashed, and
 * handed back.  full[] and the two conditions carry every handover.
 */
struct weir_sha256_async {
	pthread_t	 tid;
	pthread_mutex_t	 mu;
	pthread_cond_t	 filled;
	pthread_cond_t	 emptied;
	unsigned char	*buf[SLOTS];
	size_t		 len[SLOTS];
	int		 full[SLOTS];
	size_t		 w;		/* the slot being filled */
	size_t		 r;		/* the next slot to hash */
	int		 stop;
	EVP_MD_CTX	*ctx;
};

/* libcrypto failing to hash is a broken installation: nothing to recover. */
static _Noreturn void
broken(void)
{
	weir_die(EX_SOFTWARE, "libcrypto: SHA-256 failed");
}

void
weir_sha256_init(struct weir_sha256 *h)
{
	static int started;
	EVP_MD_CTX *c;

	/*
	 * No atexit cleanup: the lineage log hashes from an exit handler,
	 * which may run after one that OpenSSL would have registered.
	 */
	if (!started++)
		OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	c = EVP_MD_CTX_new();
	if (c == NULL)
		weir_die(EX_OSERR, "out of memory");
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		broken();
	h->ctx = c;
	h->async = NULL;
}

static void *
hasher(void *arg)
{
	struct weir_sha256_async *a = arg;
	size_t r;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (!a->full[a->r] && !a->stop)
			pthread_cond_wait(&a->filled, &a->mu);
		if (!a->full[a->r])
			break;			/* stopped, and nothing left */
		r = a->r;
		pthread_mutex_unlock(&a->mu);
		if (EVP_DigestUpdate(a->ctx, a->buf[r], a->len[r]) != 1)
			broken();
		pthread_mutex_lock(&a->mu);
		a->full[r] = 0;
		a->len[r] = 0;
		a->r = (r + 1) % SLOTS;
		pthread_cond_signal(&a->emptied);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

void
weir_sha256_init_async(struct weir_sha256 *h)
{
	struct weir_sha256_async *a = weir_xcalloc(1, sizeof(*a));
	size_t i;

	weir_sha256_init(h);
	a->ctx = h->ctx;
	for (i = 0; i < SLOTS; i++)
		a->buf[i] = weir_xmalloc(SLOT_BYTES);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->filled, NULL);
	pthread_cond_init(&a->emptied, NULL);
	if (pthread_create(&a->tid, NULL, hasher, a) != 0) {
		/* No thread: hash in line, as weir_sha256_init() does. */
		for (i = 0; i < SLOTS; i++)
			free(a->buf[i]);
		free(a);
		return;
	}
	h->async = a;
}

/* Hand the slot being filled to the thread and take the next one. */
static void
hand_over(struct weir_sha256_async *a)
{
	pthread_mutex_lock(&a->mu);
	a->full[a->w] = 1;
	pthread_cond_signal(&a->filled);
	a->w = (a->w + 1) % SLOTS;
	while (a->full[a->w])
		pthread_cond_wait(&a->emptied, &a->mu);
	pthread_mutex_unlock(&a->mu);
}

/* Wait until every byte given so far is hashed. */
static void
drain(struct weir_sha256_async *a)
{
	size_t i;

	if (a->len[a->w] > 0)
		hand_over(a);
	pthread_mutex_lock(&a->mu);
	for (i = 0; i < SLOTS; i++)
		while (a->full[i])
			pthread_cond_wait(&a->emptied, &a->mu);
	pthread_mutex_unlock(&a->mu);
}

void
weir_sha256_update(struct weir_sha256 *h, const void *p, size_t n)
{
	struct weir_sha256_async *a = h->async;
	const unsigned char *s = p;
	size_t k;

	if (a == NULL) {
		if (n > 0 && EVP_DigestUpdate(h->ctx, p, n) != 1)
			broken();
		return;
	}
	while (n > 0) {
		k = SLOT_BYTES - a->len[a->w];
		if (k > n)
			k = n;
		memcpy(a->buf[a->w] + a->len[a->w], s, k);
		a->len[a->w] += k;
		s += k;
		n -= k;
		if (a->len[a->w] == SLOT_BYTES)
			hand_over(a);
	}
}

void
weir_sha256_peek(const struct weir_sha256 *h, unsigned char out[32])
{
	EVP_MD_CTX *copy = EVP_MD_CTX_new();
	unsigned int n = 32;

	if (copy == NULL)
		weir_die(EX_OSERR, "out of memory");
	if (h->async != NULL)
		drain(h->async);
	if (EVP_MD_CTX_copy_ex(copy, h->ctx) != 1 ||
	    EVP_DigestFinal_ex(copy, out, &n) != 1 || n != 32)
		broken();
	EVP_MD_CTX_free(copy);
}

void
weir_sha256_release(struct weir_sha256 *h)
{
	struct weir_sha256_async *a = h->async;
	size_t i;

	if (a != NULL) {
		pthread_mutex_lock(&a->mu);
		a->stop = 1;
		pthread_cond_signal(&a->filled);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->tid, NULL);
		for (i = 0; i < SLOTS; i++)
			free(a->buf[i]);
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->filled);
		pthread_cond_destroy(&a->emptied);
		free(a);
		h->async = NULL;
	}
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

void
weir_sha256(const void *p, size_t n, unsigned char out[32])
{
	struct weir_sha256 h;

	weir_sha256_init(&h);
	weir_sha256_update(&h, p, n);
	weir_sha256_peek(&h, out);
	weir_sha256_release(&h);
}

void
weir_sha256_tohex(const unsigned char d[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

int
weir_sha256_file(const char *path, char hex[65], struct weir_err *e)
{
	struct weir_sha256 h;
	unsigned char buf[65536], d[32];
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", path);
	weir_sha256_init(&h);
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			weir_sha256_release(&h);
			return weir_errnof(e, EX_IOERR, errno, "read '%s'", path);
		}
		weir_sha256_update(&h, buf, (size_t)r);
	}
	close(fd);
	weir_sha256_peek(&h, d);
	weir_sha256_release(&h);
	weir_sha256_tohex(d, hex);
	return 0;
}
