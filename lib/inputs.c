#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inputs.h"
#include "mem.h"

static void
push(struct weir_inputs *in, const char *path)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		in->path = weir_xreallocarray(in->path, in->cap,
		    sizeof(*in->path));
	}
	in->path[in->n++] = weir_xstrdup(path);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk(struct weir_inputs *in, const char *dir, struct weir_err *e)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i;
	DIR *d;
	int rv = 0;

	if ((d = opendir(dir)) == NULL)
		return weir_errnof(e, weir_errno_code(errno, 0), errno,
		    "cannot open '%s'", dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = weir_xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = weir_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		size_t dl = strlen(dir);

		path = weir_xmalloc(dl + strlen(names[i]) + 2);
		strcpy(path, dir);
		if (dl == 0 || dir[dl - 1] != '/')
			strcat(path, "/");
		strcat(path, names[i]);
		if (rv == 0 && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rv = walk(in, path, e);
			else if (S_ISREG(st.st_mode))
				push(in, path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rv;
}

int
weir_inputs_add(struct weir_inputs *in, const char *op, struct weir_err *e)
{
	struct stat st;
	glob_t g;
	size_t i;
	int rv;

	if (strcmp(op, "-") == 0) {
		push(in, op);
		return 0;
	}
	if (strpbrk(op, "*?[") != NULL && stat(op, &st) == -1) {
		rv = glob(op, 0, NULL, &g);
		if (rv == GLOB_NOMATCH)
			return weir_errf(e, EX_NOINPUT, "no files match '%s'", op);
		if (rv != 0)
			return weir_errf(e, EX_IOERR, "cannot expand '%s'", op);
		for (i = 0; i < g.gl_pathc && rv == 0; i++) {
			if (stat(g.gl_pathv[i], &st) == 0 && S_ISDIR(st.st_mode))
				rv = walk(in, g.gl_pathv[i], e);
			else
				push(in, g.gl_pathv[i]);
		}
		globfree(&g);
		return rv;
	}
	if (stat(op, &st) == 0 && S_ISDIR(st.st_mode))
		return walk(in, op, e);
	push(in, op);
	return 0;
}

void
weir_inputs_release(struct weir_inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->path[i]);
	free(in->path);
	memset(in, 0, sizeof(*in));
}
