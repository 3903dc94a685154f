/*
 * doc.h - documents of weir-audit card and report in Markdown or in one
 * self-contained HTML file (inline CSS and SVG, no script, no network):
 * headings, paragraphs, tables and charts written the same way for both.
 */
#ifndef WEIR_AUDIT_DOC_H
#define WEIR_AUDIT_DOC_H

#include <stddef.h>

#include "err.h"
#include "mem.h"

struct doc {
	int		 html;
	struct weir_buf	 b;
};

void	doc_begin(struct doc *, int html, const char *title);
void	doc_h(struct doc *, int level, const char *text);
void	doc_p(struct doc *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Preformatted text (a tree, a listing). */
void	doc_pre(struct doc *, const char *text, size_t len);
/* A table of ncol columns; cells row by row, NULL as empty. */
void	doc_table(struct doc *, const char *const *head, size_t ncol,
	    const char *const *cells, size_t nrow);
/* Charts (HTML only; Markdown gets nothing, the tables say it). */
void	doc_bars(struct doc *, const char *title, const char *const *labels,
	    const double *a, const double *b, size_t n, const char *la,
	    const char *lb);
void	doc_curve(struct doc *, const char *title, const char *xlabel,
	    const char *ylabel, const double *x, const double *y, size_t n,
	    int diagonal);
void	doc_heat(struct doc *, const char *title, const char *const *labels,
	    const double *m, size_t k);
void	doc_end(struct doc *);
/* The document to path (NULL or "-": standard output), atomically. */
int	doc_write(const struct doc *, const char *path, struct weir_err *);
void	doc_release(struct doc *);

#endif
