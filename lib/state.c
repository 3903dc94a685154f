#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "io.h"
#include "mem.h"
#include "sha256.h"
#include "state.h"

int
weir_state_load(struct weir_state *s, const char *path, struct weir_err *e)
{
	json_error_t je;
	json_t *root, *inputs, *it;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (access(path, F_OK) == -1 && errno == ENOENT)
		return 0;
	if ((root = json_load_file(path, 0, &je)) == NULL)
		return weir_errf(e, EX_DATAERR, "state '%s':%d: %s", path,
		    je.line, je.text);
	if (json_integer_value(json_object_get(root, "weir_state")) != 1 ||
	    !json_is_array(inputs = json_object_get(root, "inputs"))) {
		json_decref(root);
		return weir_errf(e, EX_DATAERR, "state '%s': not a weir state "
		    "file (version 1)", path);
	}
	json_array_foreach(inputs, i, it) {
		const char *p = json_string_value(json_object_get(it, "path"));
		const char *h = json_string_value(json_object_get(it, "sha256"));
		json_t *sz = json_object_get(it, "size");
		json_t *mt = json_object_get(it, "mtime");

		if (p == NULL || h == NULL || strlen(h) != 64 ||
		    !json_is_integer(sz) || !json_is_integer(mt)) {
			json_decref(root);
			weir_state_release(s);
			return weir_errf(e, EX_DATAERR, "state '%s': input %zu "
			    "is incomplete", path, i + 1);
		}
		weir_state_set(s, p, (uint64_t)json_integer_value(sz),
		    (int64_t)json_integer_value(mt), h);
	}
	json_decref(root);
	return 0;
}

const struct weir_state_entry *
weir_state_find(const struct weir_state *s, const char *path, uint64_t size,
    int64_t mtime)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].path, path) == 0 && s->e[i].size == size &&
		    s->e[i].mtime == mtime)
			return &s->e[i];
	return NULL;
}

void
weir_state_set(struct weir_state *s, const char *path, uint64_t size,
    int64_t mtime, const char *sha256)
{
	struct weir_state_entry *x = NULL;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].path, path) == 0)
			x = &s->e[i];
	if (x == NULL) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 16;
			s->e = weir_xreallocarray(s->e, s->cap, sizeof(*s->e));
		}
		x = &s->e[s->n++];
		x->path = weir_xstrdup(path);
	}
	x->size = size;
	x->mtime = mtime;
	snprintf(x->sha256, sizeof(x->sha256), "%s", sha256);
}

int
weir_state_save(const struct weir_state *s, const char *path,
    struct weir_err *e)
{
	struct weir_out out;
	json_t *root = json_object(), *inputs = json_array();
	char *text;
	size_t i;
	int rv;

	json_object_set_new(root, "weir_state", json_integer(1));
	for (i = 0; i < s->n; i++) {
		json_t *it = json_object();

		json_object_set_new(it, "path", json_string(s->e[i].path));
		json_object_set_new(it, "size", json_integer((json_int_t)s->e[i].size));
		json_object_set_new(it, "mtime", json_integer(s->e[i].mtime));
		json_object_set_new(it, "sha256", json_string(s->e[i].sha256));
		json_array_append_new(inputs, it);
	}
	json_object_set_new(root, "inputs", inputs);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL)
		return weir_errf(e, EX_OSERR, "out of memory");
	if (weir_out_open(&out, path, 0, 0, e) == -1) {
		free(text);
		return -1;
	}
	rv = weir_out_write(&out, text, strlen(text));
	if (rv == 0)
		rv = weir_out_putc(&out, '\n');
	free(text);
	if (rv == -1) {
		*e = out.err;
		weir_out_abort(&out);
		return -1;
	}
	return weir_out_commit(&out, e);
}

void
weir_state_release(struct weir_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->e[i].path);
	free(s->e);
	memset(s, 0, sizeof(*s));
}

long
weir_state_skip(const struct weir_state *s, char *const *paths, size_t n,
    char *skip, struct weir_err *e)
{
	const struct weir_state_entry *se;
	struct stat st;
	char hex[65];
	size_t i;
	long left = 0;

	for (i = 0; i < n; i++) {
		skip[i] = 0;
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
		    (se = weir_state_find(s, paths[i], (uint64_t)st.st_size,
		    (int64_t)st.st_mtime)) != NULL) {
			/* Same name, size and time: the bytes decide. */
			if (weir_sha256_file(paths[i], hex, e) == -1)
				return -1;
			if (strcmp(hex, se->sha256) == 0) {
				skip[i] = 1;
				continue;
			}
		}
		left++;
	}
	return left;
}
