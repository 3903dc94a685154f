#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "io.h"

#define W	860	/* chart width: fits a 900-pixel page */
#define H	300

static void
esc(struct doc *d, const char *s)
{
	for (; *s != '\0'; s++) {
		if (!d->html) {
			if (*s == '|' || *s == '\\' || *s == '*' || *s == '_')
				weir_buf_addc(&d->b, '\\');
			weir_buf_addc(&d->b, *s == '\n' ? ' ' : *s);
			continue;
		}
		switch (*s) {
		case '<': weir_buf_adds(&d->b, "&lt;"); break;
		case '>': weir_buf_adds(&d->b, "&gt;"); break;
		case '&': weir_buf_adds(&d->b, "&amp;"); break;
		case '"': weir_buf_adds(&d->b, "&quot;"); break;
		default: weir_buf_addc(&d->b, *s);
		}
	}
}

void
doc_begin(struct doc *d, int html, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->html = html;
	if (html) {
		weir_buf_adds(&d->b, "<!DOCTYPE html>\n<html lang=\"en\">\n"
		    "<head>\n<meta charset=\"utf-8\"/>\n<title>");
		esc(d, title);
		weir_buf_adds(&d->b, "</title>\n<style>\n"
		    "body { font: 15px/1.45 system-ui, sans-serif; max-width: "
		    "900px; margin: 2em auto; padding: 0 1em; color: #222; }\n"
		    "table { border-collapse: collapse; margin: 1em 0; }\n"
		    "th, td { border: 1px solid #ccc; padding: .25em .6em; "
		    "text-align: left; }\n"
		    "th { background: #f2f2f2; }\n"
		    "td.n { text-align: right; font-variant-numeric: "
		    "tabular-nums; }\n"
		    "svg { display: block; margin: 1em 0; }\n"
		    "svg text { font: 12px system-ui, sans-serif; fill: #222; }\n"
		    "@media print { body { margin: 0; } }\n"
		    "</style>\n</head>\n<body>\n");
	}
	doc_h(d, 1, title);
}

void
doc_h(struct doc *d, int level, const char *text)
{
	if (d->html) {
		weir_buf_addf(&d->b, "<h%d>", level);
		esc(d, text);
		weir_buf_addf(&d->b, "</h%d>\n", level);
		return;
	}
	/* one blank line before a heading, whatever came before */
	weir_buf_addf(&d->b, "%s%.*s ", d->b.len > 0 && (d->b.len < 2 ||
	    d->b.p[d->b.len - 2] != '\n') ? "\n" : "", level, "######");
	esc(d, text);
	weir_buf_adds(&d->b, "\n\n");
}

void
doc_p(struct doc *d, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (d->html)
		weir_buf_adds(&d->b, "<p>");
	esc(d, buf);
	weir_buf_adds(&d->b, d->html ? "</p>\n" : "\n\n");
}

void
doc_pre(struct doc *d, const char *text, size_t len)
{
	char *s = weir_xmemdup(text, len);

	if (d->html) {
		weir_buf_adds(&d->b, "<pre>");
		esc(d, s);
		weir_buf_adds(&d->b, "</pre>\n");
	} else {
		weir_buf_adds(&d->b, "```\n");
		weir_buf_add(&d->b, s, len);
		weir_buf_adds(&d->b, len > 0 && s[len - 1] == '\n' ? "```\n\n" :
		    "\n```\n\n");
	}
	free(s);
}

static int
numeric(const char *s)
{
	char *end;

	if (s == NULL || *s == '\0')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

void
doc_table(struct doc *d, const char *const *head, size_t ncol,
    const char *const *cells, size_t nrow)
{
	size_t r, c;
	const char *s;

	if (d->html) {
		weir_buf_adds(&d->b, "<table>\n<tr>");
		for (c = 0; c < ncol; c++) {
			weir_buf_adds(&d->b, "<th>");
			esc(d, head[c]);
			weir_buf_adds(&d->b, "</th>");
		}
		weir_buf_adds(&d->b, "</tr>\n");
		for (r = 0; r < nrow; r++) {
			weir_buf_adds(&d->b, "<tr>");
			for (c = 0; c < ncol; c++) {
				s = cells[r * ncol + c];
				weir_buf_adds(&d->b, numeric(s) ?
				    "<td class=\"n\">" : "<td>");
				esc(d, s != NULL ? s : "");
				weir_buf_adds(&d->b, "</td>");
			}
			weir_buf_adds(&d->b, "</tr>\n");
		}
		weir_buf_adds(&d->b, "</table>\n");
		return;
	}
	for (c = 0; c < ncol; c++) {
		weir_buf_adds(&d->b, "| ");
		esc(d, head[c]);
		weir_buf_adds(&d->b, " ");
	}
	weir_buf_adds(&d->b, "|\n");
	for (c = 0; c < ncol; c++)
		weir_buf_adds(&d->b, "| --- ");
	weir_buf_adds(&d->b, "|\n");
	for (r = 0; r < nrow; r++) {
		for (c = 0; c < ncol; c++) {
			s = cells[r * ncol + c];
			weir_buf_adds(&d->b, "| ");
			esc(d, s != NULL ? s : "");
			weir_buf_adds(&d->b, " ");
		}
		weir_buf_adds(&d->b, "|\n");
	}
	weir_buf_adds(&d->b, "\n");
}

static void
svg_begin(struct doc *d, const char *title, int h)
{
	weir_buf_addf(&d->b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"", W, h, W, h);
	esc(d, title);
	weir_buf_adds(&d->b, "\">\n<text x=\"430\" y=\"16\" text-anchor=\""
	    "middle\" font-weight=\"bold\">");
	esc(d, title);
	weir_buf_adds(&d->b, "</text>\n");
}

static void
text(struct doc *d, double x, double y, const char *anchor, const char *s)
{
	weir_buf_addf(&d->b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
	    x, y, anchor);
	esc(d, s);
	weir_buf_adds(&d->b, "</text>\n");
}

/* A y axis from 0 to top with three ticks, in [x0, x1] x [y0, y1]. */
static void
axes(struct doc *d, double x0, double x1, double y0, double y1, double top)
{
	char t[32];
	int i;

	weir_buf_addf(&d->b, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" "
	    "stroke=\"#444\"/>\n", x0, y0, y1, x1);
	for (i = 0; i <= 2; i++) {
		double y = y1 - (y1 - y0) * i / 2;

		snprintf(t, sizeof(t), "%.3g", top * i / 2);
		text(d, x0 - 6, y + 4, "end", t);
		weir_buf_addf(&d->b, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"#ddd\""
		    "/>\n", x0, y, x1);
	}
}

void
doc_bars(struct doc *d, const char *title, const char *const *labels,
    const double *a, const double *b, size_t n, const char *la,
    const char *lb)
{
	double top = 0, x0 = 60, x1 = W - 10, y0 = 40, y1 = H - 50, bw, x, h;
	size_t i;
	char t[64];

	if (!d->html || n == 0)
		return;
	for (i = 0; i < n; i++) {
		top = fmax(top, isfinite(a[i]) ? a[i] : 0);
		if (b != NULL)
			top = fmax(top, isfinite(b[i]) ? b[i] : 0);
	}
	if (top <= 0)
		top = 1;
	svg_begin(d, title, H);
	axes(d, x0, x1, y0, y1, top);
	bw = (x1 - x0) / (double)n;
	for (i = 0; i < n; i++) {
		x = x0 + bw * (double)i;
		h = (y1 - y0) * (isfinite(a[i]) ? a[i] : 0) / top;
		weir_buf_addf(&d->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" fill=\"#4e79a7\"/>\n", x + bw * 0.1, y1 - h,
		    bw * (b != NULL ? 0.4 : 0.8), h);
		if (b != NULL) {
			h = (y1 - y0) * (isfinite(b[i]) ? b[i] : 0) / top;
			weir_buf_addf(&d->b, "<rect x=\"%.1f\" y=\"%.1f\" width="
			    "\"%.1f\" height=\"%.1f\" fill=\"#f28e2b\"/>\n",
			    x + bw * 0.5, y1 - h, bw * 0.4, h);
		}
		/* every label while they fit, else every few */
		if (n <= 12 || i % ((n + 11) / 12) == 0) {
			snprintf(t, sizeof(t), "%.14s", labels[i]);
			text(d, x + bw / 2, y1 + 16, "middle", t);
		}
	}
	if (la != NULL) {
		weir_buf_addf(&d->b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height="
		    "\"10\" fill=\"#4e79a7\"/>\n", 70, H - 22);
		text(d, 85, H - 13, "start", la);
	}
	if (lb != NULL) {
		weir_buf_addf(&d->b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height="
		    "\"10\" fill=\"#f28e2b\"/>\n", 250, H - 22);
		text(d, 265, H - 13, "start", lb);
	}
	weir_buf_adds(&d->b, "</svg>\n");
}

void
doc_curve(struct doc *d, const char *title, const char *xlabel,
    const char *ylabel, const double *x, const double *y, size_t n,
    int diagonal)
{
	double x0 = 60, side = 320, y0 = 40, y1 = y0 + side;
	size_t i;
	char t[16];
	int k;

	if (!d->html)
		return;
	svg_begin(d, title, (int)(y1 + 50));
	weir_buf_addf(&d->b, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" "
	    "stroke=\"#444\"/>\n", x0, y0, y1, x0 + side);
	for (k = 0; k <= 4; k++) {
		snprintf(t, sizeof(t), "%.2g", k / 4.0);
		text(d, x0 - 6, y1 - side * k / 4 + 4, "end", t);
		text(d, x0 + side * k / 4, y1 + 16, "middle", t);
	}
	text(d, x0 + side / 2, y1 + 36, "middle", xlabel);
	weir_buf_addf(&d->b, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" "
	    "transform=\"rotate(-90 16 %.1f)\">", y0 + side / 2, y0 + side / 2);
	esc(d, ylabel);
	weir_buf_adds(&d->b, "</text>\n");
	if (diagonal)
		weir_buf_addf(&d->b, "<path d=\"M%.1f %.1fL%.1f %.1f\" stroke="
		    "\"#bbb\" stroke-dasharray=\"4 4\"/>\n", x0, y1, x0 + side,
		    y0);
	weir_buf_adds(&d->b, "<polyline fill=\"none\" stroke=\"#4e79a7\" "
	    "stroke-width=\"2\" points=\"");
	for (i = 0; i < n; i++)
		if (isfinite(x[i]) && isfinite(y[i]))
			weir_buf_addf(&d->b, "%.1f,%.1f ", x0 + side * x[i],
			    y1 - side * y[i]);
	weir_buf_adds(&d->b, "\"/>\n</svg>\n");
}

void
doc_heat(struct doc *d, const char *title, const char *const *labels,
    const double *m, size_t k)
{
	double top = 0, cell, x0 = 140, y0 = 50;
	size_t r, c;
	char t[32];

	if (!d->html || k == 0)
		return;
	for (r = 0; r < k * k; r++)
		top = fmax(top, m[r]);
	cell = fmin(60, 600.0 / (double)k);
	svg_begin(d, title, (int)(y0 + cell * (double)k + 40));
	text(d, x0 + cell * (double)k / 2, y0 - 8, "middle", "predicted");
	for (r = 0; r < k; r++) {
		snprintf(t, sizeof(t), "%.16s", labels[r]);
		text(d, x0 - 6, y0 + cell * ((double)r + 0.6), "end", t);
		text(d, x0 + cell * ((double)r + 0.5), y0 + cell * (double)k +
		    16, "middle", t);
		for (c = 0; c < k; c++) {
			double v = top > 0 ? m[r * k + c] / top : 0;

			weir_buf_addf(&d->b, "<rect x=\"%.1f\" y=\"%.1f\" width="
			    "\"%.1f\" height=\"%.1f\" fill=\"rgb(%d,%d,%d)\" "
			    "stroke=\"#fff\"/>\n", x0 + cell * (double)c, y0 +
			    cell * (double)r, cell, cell, (int)(255 - 177 * v),
			    (int)(255 - 134 * v), (int)(255 - 88 * v));
			snprintf(t, sizeof(t), "%.0f", m[r * k + c]);
			text(d, x0 + cell * ((double)c + 0.5), y0 + cell *
			    ((double)r + 0.6), "middle", t);
		}
	}
	text(d, 20, y0 + cell * (double)k / 2, "start", "true");
	weir_buf_adds(&d->b, "</svg>\n");
}

void
doc_end(struct doc *d)
{
	if (d->html)
		weir_buf_adds(&d->b, "</body>\n</html>\n");
}

int
doc_write(const struct doc *d, const char *path, struct weir_err *e)
{
	struct weir_out out;

	if (weir_out_open(&out, path != NULL ? path : "-", 0, 0, e) == -1)
		return -1;
	if (weir_out_write(&out, d->b.p, d->b.len) == -1) {
		*e = out.err;
		weir_out_abort(&out);
		return -1;
	}
	return weir_out_commit(&out, e);
}

void
doc_release(struct doc *d)
{
	weir_buf_release(&d->b);
}
