/*
 * svg.c - the SVG drawing kit shared by the charts, and the helpers the
 * charts and the HTML report share (state patterns and names, option
 * labels, proposal utilities).
 *
 * Charts use presentation attributes only (no <style> element), so that a
 * chart is the same standalone and inline in the report, and never styles
 * the rest of a page.  Coordinates are written with one decimal and no
 * negative zero: output is byte-identical across runs and platforms.
 */
#include "report.h"
#include "../model/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PI 3.14159265358979323846

/* Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish
 * green, yellow, blue, vermillion, reddish purple. */
const char *const acc__palette[ACC_N_PALETTE] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                                 "#0072B2", "#D55E00", "#CC79A7"};

static const char font_family[] =
    "system-ui, -apple-system, &#39;Segoe UI&#39;, Roboto, Helvetica, Arial, sans-serif";

void acc__svg_num(acc__str *s, double v)
{
    if (!isfinite(v))
        v = 0;
    double r = nearbyint(v * 10) / 10;
    if (r == 0)
        r = 0; /* no "-0.0" */
    if (r == nearbyint(r))
        acc__str_printf(s, "%.0f", r);
    else
        acc__str_printf(s, "%.1f", r);
}

void acc__fmt_num(acc__str *s, double v, int decimals, bool typographic)
{
    if (!isfinite(v)) {
        acc__str_puts(s, "?");
        return;
    }
    double scale = pow(10, decimals);
    double r = nearbyint(v * scale) / scale;
    if (r == 0)
        r = 0;
    if (r < 0 && typographic) {
        acc__str_puts(s, "\xE2\x88\x92"); /* U+2212 minus sign */
        r = -r;
    }
    acc__str_printf(s, "%.*f", decimals, r);
}

void acc__svg_open(acc__str *s, const char *id, double w, double h, const char *title,
                   const char *desc)
{
    acc__str_puts(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"chart\" "
                     "viewBox=\"0 0 ");
    acc__svg_num(s, w);
    acc__str_puts(s, " ");
    acc__svg_num(s, h);
    acc__str_puts(s, "\" width=\"");
    acc__svg_num(s, w);
    acc__str_puts(s, "\" height=\"");
    acc__svg_num(s, h);
    acc__str_printf(s, "\" role=\"img\" aria-labelledby=\"%s-t %s-d\" font-family=\"%s\" "
                       "font-size=\"12\" fill=\"#1a1a1a\">\n",
                    id, id, font_family);
    acc__str_printf(s, "<title id=\"%s-t\">", id);
    acc__html_escape(s, title);
    acc__str_printf(s, "</title>\n<desc id=\"%s-d\">", id);
    acc__html_escape(s, desc);
    acc__str_puts(s, "</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
}

void acc__svg_close(acc__str *s) { acc__str_puts(s, "</svg>\n"); }

void acc__escape_fit(acc__str *s, const char *text, size_t max_chars)
{
    if (!text)
        return;
    size_t n = strlen(text), chars = 0, cut = n;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) {
            /* i starts character number `chars` (0-based) */
            if (max_chars && chars == max_chars - 1)
                cut = i;
            chars++;
        }
    if (!max_chars || chars <= max_chars) {
        acc__html_escape(s, text);
        return;
    }
    acc__html_escape_n(s, text, cut);
    acc__str_puts(s, "\xE2\x80\xA6"); /* U+2026 ellipsis */
}

void acc__svg_text(acc__str *s, double x, double y, const char *anchor, const char *attrs,
                   const char *text)
{
    acc__svg_text_fit(s, x, y, anchor, attrs, text, 0);
}

void acc__svg_text_fit(acc__str *s, double x, double y, const char *anchor, const char *attrs,
                       const char *text, size_t max_chars)
{
    acc__str_puts(s, "<text x=\"");
    acc__svg_num(s, x);
    acc__str_puts(s, "\" y=\"");
    acc__svg_num(s, y);
    acc__str_puts(s, "\"");
    if (anchor && strcmp(anchor, "start") != 0)
        acc__str_printf(s, " text-anchor=\"%s\"", anchor);
    if (attrs && *attrs)
        acc__str_printf(s, " %s", attrs);
    acc__str_puts(s, ">");
    acc__escape_fit(s, text, max_chars);
    acc__str_puts(s, "</text>\n");
}

void acc__svg_line(acc__str *s, double x1, double y1, double x2, double y2, const char *attrs)
{
    acc__str_puts(s, "<line x1=\"");
    acc__svg_num(s, x1);
    acc__str_puts(s, "\" y1=\"");
    acc__svg_num(s, y1);
    acc__str_puts(s, "\" x2=\"");
    acc__svg_num(s, x2);
    acc__str_puts(s, "\" y2=\"");
    acc__svg_num(s, y2);
    acc__str_printf(s, "\" %s/>\n", attrs);
}

void acc__svg_marker(acc__str *s, int shape, double x, double y, double r, const char *fill,
                     const char *stroke)
{
    /* Shapes: circle, square, triangle up, diamond, triangle down, pentagon,
     * hexagon, star; all of about the same area. */
    shape = ((shape % ACC_N_MARKERS) + ACC_N_MARKERS) % ACC_N_MARKERS;
    if (shape == 0) {
        acc__str_puts(s, "<circle cx=\"");
        acc__svg_num(s, x);
        acc__str_puts(s, "\" cy=\"");
        acc__svg_num(s, y);
        acc__str_puts(s, "\" r=\"");
        acc__svg_num(s, r);
    } else if (shape == 1) {
        double h = r * 0.9;
        acc__str_puts(s, "<rect x=\"");
        acc__svg_num(s, x - h);
        acc__str_puts(s, "\" y=\"");
        acc__svg_num(s, y - h);
        acc__str_puts(s, "\" width=\"");
        acc__svg_num(s, 2 * h);
        acc__str_puts(s, "\" height=\"");
        acc__svg_num(s, 2 * h);
    } else {
        static const int corners[ACC_N_MARKERS] = {0, 0, 3, 4, 3, 5, 6, 10};
        static const double turn[ACC_N_MARKERS] = {0, 0, -90, -90, 90, -90, 0, -90};
        int k = corners[shape];
        double rr = shape == 3 ? r * 1.3 : r * 1.2;
        acc__str_puts(s, "<polygon points=\"");
        for (int i = 0; i < k; i++) {
            double a = (turn[shape] + 360.0 * i / k) * PI / 180.0;
            double rad = shape == 7 && i % 2 ? rr * 0.45 : rr;
            if (i)
                acc__str_puts(s, " ");
            acc__svg_num(s, x + rad * cos(a));
            acc__str_puts(s, ",");
            acc__svg_num(s, y + rad * sin(a));
        }
    }
    acc__str_printf(s, "\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.2\"/>\n", fill, stroke);
}

const char *acc__state_name(const accord_conflict *cf, size_t k)
{
    for (size_t i = 0; i < cf->n_named; i++)
        if (acc__condition_matches(&cf->named[i].condition, acc__state_code(cf, k)))
            return cf->named[i].name;
    return NULL;
}

void acc__concepts_text(acc__str *s, unsigned concepts, const char *sep)
{
    static const char *const label[ACCORD_N_CONCEPTS] = {"Nash", "GMR", "SMR", "SEQ"};
    bool first = true;
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        if (concepts & (1u << c)) {
            if (!first)
                acc__str_puts(s, sep);
            acc__str_puts(s, label[c]);
            first = false;
        }
}

void acc__proposal_utilities(const accord_model *m, size_t k, double *u)
{
    for (size_t p = 0; p < m->n_parties; p++)
        u[p] = accord_utility(m, p, m->agreement->proposals[k].terms);
}

void acc__option_label(acc__str *s, const accord_issue *is, size_t k)
{
    if (is->kind == ACCORD_ISSUE_DISCRETE) {
        acc__str_puts(s, is->options[k].label);
        return;
    }
    acc__str_printf(s, "%lld", (long long)accord_issue_option_value(is, k));
    if (is->unit) {
        acc__str_puts(s, " ");
        acc__str_puts(s, is->unit);
    }
}
