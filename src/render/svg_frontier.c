/*
 * svg_frontier.c - the Pareto frontier projected on two parties.
 *
 * A frontier of n parties is a set of points in n dimensions; the chart
 * shows its projection on two of them.  Plotting every point would make
 * charts of megabytes, so the points are binned on a fixed grid (one small
 * square per occupied cell, all in one <path>): the chart's size is bounded
 * whatever the frontier's.  The projection's own Pareto boundary (the points
 * no other point beats for both parties) is drawn as a staircase.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INK "#1a1a1a"
#define GRID "#d9d9d9"
#define MUTED "#595959"
#define BINS 120

static const double X0 = 64, X1 = 384, Y0 = 52, Y1 = 372; /* plot area */

static double px_of(double u) { return X0 + (X1 - X0) * (u < 0 ? 0 : u > 1 ? 1 : u); }
static double py_of(double u) { return Y1 - (Y1 - Y0) * (u < 0 ? 0 : u > 1 ? 1 : u); }

/* A label's box, to keep labels from overlapping each other. */
typedef struct box {
    double x, y, w, h;
} box;

static bool overlaps(const box *a, const box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Place a label near (x, y): of eight positions around the point, the
 * first that stays in the chart and overlaps nothing placed before (markers
 * and labels); failing that, the one overlapping least.  Deterministic. */
static void place_label(acc__str *s, box *placed, size_t *n_placed, double x, double y,
                        const char *text, const char *attrs)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    double w = 6.4 * (double)(chars > 40 ? 40 : chars) + 4, h = 14;
    /* near positions first; then farther ones, reached by a leader line */
    static const double dx[] = {8, 8, -8, -8, 8, -8, 8, -8, 24, -24, 24, -24, 8, -8, 40, -40};
    static const double dy[] = {-6, 14, -6, 14, -18, -18, 26, 26, -22, -22, 34, 34, -34, -34, 4, 4};
    enum { N_POS = sizeof dx / sizeof *dx, N_NEAR = 8 };
    int choice = 0;
    size_t best = (size_t)-1;
    for (int k = 0; k < N_POS; k++) {
        box b = {dx[k] > 0 ? x + dx[k] - 2 : x + dx[k] - w + 2, y + dy[k] - 10.5, w, h};
        size_t score = 0;
        if (b.x < X0 - 40 || b.x + b.w > 396 || b.y < Y0 - 12 || b.y + b.h > Y1 + 2)
            score += 1000;
        for (size_t i = 0; i < *n_placed; i++)
            score += overlaps(&b, &placed[i]);
        if (score < best) {
            best = score;
            choice = k;
        }
        if (!score)
            break;
    }
    box b = {dx[choice] > 0 ? x + dx[choice] - 2 : x + dx[choice] - w + 2, y + dy[choice] - 10.5, w,
             h};
    placed[(*n_placed)++] = b;
    if (choice >= N_NEAR) {
        double lx = dx[choice] > 0 ? b.x - 1 : b.x + b.w + 1, ly = b.y + b.h / 2;
        acc__svg_line(s, x, y, lx, ly, "stroke=\"" INK "\" stroke-width=\"0.7\"");
    }
    /* a light backing keeps the label readable over the frontier's dots */
    acc__str_puts(s, "<rect x=\"");
    acc__svg_num(s, b.x);
    acc__str_puts(s, "\" y=\"");
    acc__svg_num(s, b.y);
    acc__str_puts(s, "\" width=\"");
    acc__svg_num(s, b.w);
    acc__str_puts(s, "\" height=\"");
    acc__svg_num(s, b.h);
    acc__str_puts(s, "\" rx=\"2\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n");
    acc__svg_text_fit(s, x + dx[choice], y + dy[choice], dx[choice] > 0 ? "start" : "end", attrs,
                      text, 40);
}

/* One square per occupied cell of a BINS x BINS grid, as one path. */
static accord_status binned(acc__str *s, const accord_frontier_point *pts, size_t n, size_t px,
                            size_t py, const char *fill, double size)
{
    if (!n)
        return ACCORD_OK;
    unsigned char *cell = acc__calloc(BINS * BINS, 1);
    if (!cell)
        return ACCORD_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        double u = pts[i].utility[px], v = pts[i].utility[py];
        int cx = (int)floor((u < 0 ? 0 : u > 1 ? 1 : u) * (BINS - 1) + 0.5);
        int cy = (int)floor((v < 0 ? 0 : v > 1 ? 1 : v) * (BINS - 1) + 0.5);
        cell[cy * BINS + cx] = 1;
    }
    acc__str_printf(s, "<path fill=\"%s\" d=\"", fill);
    /* A run of occupied cells in a row is one rectangle. */
    for (int cy = 0; cy < BINS; cy++)
        for (int cx = 0; cx < BINS; cx++) {
            if (!cell[cy * BINS + cx])
                continue;
            int end = cx;
            while (end + 1 < BINS && cell[cy * BINS + end + 1])
                end++;
            double x = px_of(cx / (double)(BINS - 1)) - size / 2;
            double w = px_of(end / (double)(BINS - 1)) + size / 2 - x;
            double y = py_of(cy / (double)(BINS - 1)) - size / 2;
            acc__str_puts(s, "M");
            acc__svg_num(s, x);
            acc__str_puts(s, " ");
            acc__svg_num(s, y);
            acc__str_puts(s, "h");
            acc__svg_num(s, w);
            acc__str_puts(s, "v");
            acc__svg_num(s, size);
            acc__str_puts(s, "h");
            acc__svg_num(s, -w);
            acc__str_puts(s, "z");
            cx = end;
        }
    acc__str_puts(s, "\"/>\n");
    acc__free(cell);
    return ACCORD_OK;
}

typedef struct proj {
    double x, y;
} proj;

static int by_x_desc(const void *a, const void *b)
{
    const proj *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? 1 : -1;
    if (p->y != q->y)
        return p->y < q->y ? 1 : -1;
    return 0;
}

/* The projection's Pareto boundary as a staircase: sweep by x descending
 * and keep the points whose y beats every point seen.  O(B log B). */
static accord_status boundary(acc__str *s, const accord_frontier_point *pts, size_t n, size_t px,
                              size_t py)
{
    if (!n)
        return ACCORD_OK;
    proj *pr = acc__calloc(n, sizeof *pr);
    if (!pr)
        return ACCORD_E_NOMEM;
    for (size_t i = 0; i < n; i++)
        pr[i] = (proj){pts[i].utility[px], pts[i].utility[py]};
    qsort(pr, n, sizeof *pr, by_x_desc);
    acc__str_puts(s, "<path fill=\"none\" stroke=\"" INK "\" stroke-width=\"1.4\" "
                     "stroke-linejoin=\"round\" d=\"M");
    double best = -1;
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!(pr[i].y > best))
            continue;
        if (first) {
            acc__svg_num(s, px_of(pr[i].x));
            acc__str_puts(s, " ");
            acc__svg_num(s, py_of(pr[i].y));
            first = false;
        } else {
            acc__str_puts(s, "H");
            acc__svg_num(s, px_of(pr[i].x));
            acc__str_puts(s, "V");
            acc__svg_num(s, py_of(pr[i].y));
        }
        best = pr[i].y;
    }
    acc__str_puts(s, "\"/>\n");
    acc__free(pr);
    return ACCORD_OK;
}

static void axes(acc__str *s, const accord_party *a, const accord_party *b)
{
    for (int t = 0; t <= 5; t++) {
        double u = t / 5.0;
        acc__svg_line(s, px_of(u), Y0, px_of(u), Y1, "stroke=\"" GRID "\" stroke-width=\"1\"");
        acc__svg_line(s, X0, py_of(u), X1, py_of(u), "stroke=\"" GRID "\" stroke-width=\"1\"");
        acc__str lab = {0};
        acc__fmt_num(&lab, u, 1, false);
        acc__svg_text(s, px_of(u), Y1 + 15, "middle", "font-size=\"11\"", acc__scratch(s, &lab));
        acc__svg_text(s, X0 - 6, py_of(u) + 4, "end", "font-size=\"11\"", acc__scratch(s, &lab));
        acc__str_free(&lab);
    }
    acc__svg_line(s, X0, Y1, X1, Y1, "stroke=\"" INK "\" stroke-width=\"1\"");
    acc__svg_line(s, X0, Y0, X0, Y1, "stroke=\"" INK "\" stroke-width=\"1\"");
    acc__str lab = {0};
    acc__str_printf(&lab, "utility of %s", a->name);
    acc__svg_text_fit(s, (X0 + X1) / 2, Y1 + 34, "middle", "font-size=\"12\"", acc__scratch(s, &lab),
                      48);
    acc__str_free(&lab);
    acc__str_printf(&lab, "utility of %s", b->name);
    acc__str_puts(s, "<text transform=\"translate(18,");
    acc__svg_num(s, (Y0 + Y1) / 2);
    acc__str_puts(s, ") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">");
    acc__escape_fit(s, acc__scratch(s, &lab), 48);
    acc__str_puts(s, "</text>\n");
    acc__str_free(&lab);
}

/* The bargaining solutions, grouped where two fall on the same point of
 * this projection so that their labels do not pile up. */
typedef struct solution {
    const accord_frontier_point *pt;
    const char *label;
    int shape;
    const char *fill;
} solution;

accord_status acc__svg_frontier(acc__str *s, const accord_model *m, const accord_frontier *f,
                                size_t px, size_t py, const char *id)
{
    if (!m || !m->agreement || px >= m->n_parties || py >= m->n_parties || px == py)
        return ACCORD_E_ARG;
    if (f && (f->n_parties != m->n_parties || f->n_issues != m->agreement->n_issues))
        return ACCORD_E_ARG;
    const accord_agreement *ag = m->agreement;
    const accord_party *a = &m->parties[px], *b = &m->parties[py];
    const double width = 400, height = 470;
    accord_status rc = ACCORD_OK;
    /* labels and markers: every label avoids the markers and the labels
     * placed before it */
    box *placed = acc__calloc(2 * ag->n_proposals + 16, sizeof *placed);
    double *u = acc__calloc(m->n_parties, sizeof *u);
    if (!placed || !u) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    size_t n_placed = 0;

    acc__str title = {0}, desc = {0};
    acc__str_printf(&title, "Pareto frontier: %s and %s", a->name, b->name);
    if (f)
        acc__str_printf(&desc, "The %zu points of the Pareto frontier (%zu of them rational) "
                               "projected on the utilities of %s (horizontal) and %s "
                               "(vertical), with the proposals and the bargaining solutions.",
                        f->n_points, f->n_rational, a->name, b->name);
    else
        acc__str_printf(&desc, "The proposals on the utilities of %s (horizontal) and %s "
                               "(vertical); the frontier was not computed.",
                        a->name, b->name);
    for (size_t k = 0; k < ag->n_proposals; k++) {
        acc__proposal_utilities(m, k, u);
        acc__str_printf(&desc, " %s: ", ag->proposals[k].id);
        acc__fmt_num(&desc, u[px], 3, false);
        acc__str_puts(&desc, ", ");
        acc__fmt_num(&desc, u[py], 3, false);
        acc__str_puts(&desc, ".");
    }
    acc__svg_open(s, id, width, height, acc__scratch(s, &title), acc__scratch(s, &desc));
    acc__str_free(&title);
    if (strlen(a->name) + strlen(b->name) <= 44)
        acc__str_printf(&title, "%s and %s", a->name, b->name);
    else
        acc__str_printf(&title, "%s and %s", a->id, b->id);
    acc__svg_text_fit(s, 12, 22, "start", "font-size=\"14\" font-weight=\"bold\"",
                      acc__scratch(s, &title), 50);
    acc__str_free(&title);
    acc__str_free(&desc);
    if (f) {
        acc__str sub = {0};
        acc__str_printf(&sub, "Pareto frontier: %zu points, %zu rational", f->n_points,
                        f->n_rational);
        acc__svg_text(s, 12, 38, "start", "font-size=\"11\" fill=\"" MUTED "\"",
                      acc__scratch(s, &sub));
        acc__str_free(&sub);
    } else {
        acc__svg_text(s, 12, 38, "start", "font-size=\"11\" fill=\"" MUTED "\"",
                      "Pareto frontier not computed: proposals only");
    }

    /* The region where both parties are at or above their reservation:
     * necessary for agreement, not sufficient (red lines, other parties). */
    double dx = ag->table.reservation[px], dy = ag->table.reservation[py];
    double rx = px_of(dx), ry = py_of(dy);
    acc__str_puts(s, "<rect x=\"");
    acc__svg_num(s, rx);
    acc__str_puts(s, "\" y=\"");
    acc__svg_num(s, Y0);
    acc__str_puts(s, "\" width=\"");
    acc__svg_num(s, X1 - rx);
    acc__str_puts(s, "\" height=\"");
    acc__svg_num(s, ry - Y0);
    acc__str_puts(s, "\" fill=\"#009E73\" fill-opacity=\"0.10\"/>\n");
    axes(s, a, b);
    acc__svg_line(s, rx, Y0, rx, Y1, "stroke=\"#00694C\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"");
    acc__svg_line(s, X0, ry, X1, ry, "stroke=\"#00694C\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"");

    if (f) {
        if ((rc = binned(s, f->points, f->n_points, px, py, "#a6a6a6", 2.9)) ||
            (rc = boundary(s, f->points, f->n_points, px, py)) ||
            (rc = binned(s, f->rational, f->n_rational, px, py, "#0072B2", 3.8)))
            goto out;
    }

    /* Proposals: colour and shape per proposal, the id beside. */
    for (size_t k = 0; k < ag->n_proposals; k++) {
        acc__proposal_utilities(m, k, u);
        acc__str_puts(s, "<g><title>");
        acc__html_escape(s, ag->proposals[k].name);
        acc__str_puts(s, ": ");
        acc__fmt_num(s, u[px], 3, false);
        acc__str_puts(s, ", ");
        acc__fmt_num(s, u[py], 3, false);
        acc__str_puts(s, "</title>\n");
        acc__svg_marker(s, (int)(k % ACC_N_MARKERS), px_of(u[px]), py_of(u[py]), 5.5,
                        acc__palette[k % ACC_N_PALETTE], INK);
        acc__str_puts(s, "</g>\n");
    }
    for (size_t k = 0; k < ag->n_proposals; k++) {
        acc__proposal_utilities(m, k, u);
        placed[n_placed++] = (box){px_of(u[px]) - 6, py_of(u[py]) - 6, 12, 12};
    }
    if (f) {
        const accord_frontier_point *pts[4] = {f->nash, f->kalai_smorodinsky, f->egalitarian,
                                               f->max_welfare};
        for (int i = 0; i < 4; i++)
            if (pts[i])
                placed[n_placed++] = (box){px_of(pts[i]->utility[px]) - 6,
                                           py_of(pts[i]->utility[py]) - 6, 12, 12};
    }
    for (size_t k = 0; k < ag->n_proposals; k++) {
        acc__proposal_utilities(m, k, u);
        place_label(s, placed, &n_placed, px_of(u[px]), py_of(u[py]), ag->proposals[k].id,
                    "font-size=\"11\" font-weight=\"bold\"");
    }

    if (f) {
        solution sol[4] = {{f->nash, "Nash", 3, INK},
                           {f->kalai_smorodinsky, "KS", 1, "#ffffff"},
                           {f->egalitarian, "egalitarian", 2, "#ffffff"},
                           {f->max_welfare, "max welfare", 7, INK}};
        for (int i = 0; i < 4; i++) {
            if (!sol[i].pt)
                continue;
            double x = px_of(sol[i].pt->utility[px]), y = py_of(sol[i].pt->utility[py]);
            acc__svg_marker(s, sol[i].shape, x, y, 5, sol[i].fill, INK);
        }
        for (int i = 0; i < 4; i++) {
            if (!sol[i].pt)
                continue;
            bool shown = false;
            for (int j = 0; j < i; j++)
                shown = shown || (sol[j].pt && sol[j].pt->utility[px] == sol[i].pt->utility[px] &&
                                  sol[j].pt->utility[py] == sol[i].pt->utility[py]);
            if (shown)
                continue;
            acc__str lab = {0};
            for (int j = i; j < 4; j++)
                if (sol[j].pt && sol[j].pt->utility[px] == sol[i].pt->utility[px] &&
                    sol[j].pt->utility[py] == sol[i].pt->utility[py])
                    acc__str_printf(&lab, "%s%s", lab.len ? ", " : "", sol[j].label);
            place_label(s, placed, &n_placed, px_of(sol[i].pt->utility[px]),
                        py_of(sol[i].pt->utility[py]), acc__scratch(s, &lab),
                        "font-size=\"11\" font-style=\"italic\"");
            acc__str_free(&lab);
        }
    }

    /* Legend in rows below the plot (the frontier's only when it is drawn). */
    double ly = Y1 + 58;
    if (f) {
        acc__str_puts(s, "<rect x=\"12\" y=\"");
        acc__svg_num(s, ly - 8);
        acc__str_puts(s, "\" width=\"8\" height=\"8\" fill=\"#a6a6a6\"/>\n");
        acc__svg_text(s, 24, ly, "start", "font-size=\"10.5\"", "frontier point");
        acc__str_puts(s, "<rect x=\"104\" y=\"");
        acc__svg_num(s, ly - 8);
        acc__str_puts(s, "\" width=\"8\" height=\"8\" fill=\"#0072B2\"/>\n");
        acc__svg_text(s, 116, ly, "start", "font-size=\"10.5\"", "rational frontier point");
        acc__svg_line(s, 250, ly - 4, 268, ly - 4, "stroke=\"" INK "\" stroke-width=\"1.4\"");
        acc__svg_text(s, 272, ly, "start", "font-size=\"10.5\"", "best for these two");
        ly += 18;
    }
    acc__svg_line(s, 12, ly - 4, 30, ly - 4,
              "stroke=\"#00694C\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"");
    acc__svg_text(s, 34, ly, "start", "font-size=\"10.5\"",
                  "reservations; shaded: both parties above theirs");
    ly += 18;
    if (f) {
        acc__svg_marker(s, 3, 18, ly - 4, 4.5, INK, INK);
        acc__svg_marker(s, 1, 30, ly - 4, 4.5, "#ffffff", INK);
        acc__svg_marker(s, 2, 42, ly - 4, 4.5, "#ffffff", INK);
        acc__svg_marker(s, 7, 54, ly - 4, 4.5, INK, INK);
        acc__svg_text(s, 64, ly, "start", "font-size=\"10.5\"",
                      "bargaining solutions (KS: Kalai\xE2\x80\x93Smorodinsky)");
    }
    acc__svg_close(s);
out:
    acc__free(placed);
    acc__free(u);
    return rc;
}

accord_status accord_svg_frontier(const accord_model *m, const accord_frontier *f, size_t party_x,
                                  size_t party_y, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    acc__str s = {0};
    accord_status rc = acc__svg_frontier(&s, m, f, party_x, party_y, "frontier");
    if (rc) {
        acc__str_free(&s);
        return rc;
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
