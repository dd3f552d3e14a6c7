/*
 * svg_charts.c - the agreement charts of the report: utility against
 * reservation per party (bars), the provision heat map, and the
 * sensitivity ranking of the robustness analysis (dumbbells).
 */
#include "report.h"

#include <math.h>
#include <string.h>

#define INK "#1a1a1a"
#define GRID "#d9d9d9"
#define MUTED "#595959"

/* ------------------------------------------------------------------------ */
/* Utility against reservation                                               */

static const char *verdict_words(accord_verdict v)
{
    switch (v) {
    case ACCORD_VERDICT_ACCEPTABLE: return "accepts";
    case ACCORD_VERDICT_BELOW_RESERVATION: return "rejects: below reservation";
    case ACCORD_VERDICT_RED_LINE: return "rejects: breaks a red line";
    }
    return "?";
}

/* The hatch patterns of rejected bars: single hatch for "below
 * reservation", cross hatch for "red line" (they read in black and white). */
static void bar_patterns(acc__str *s, const char *id)
{
    acc__str_printf(s, "<defs>\n<pattern id=\"%s-below\" width=\"6\" height=\"6\" "
                       "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                       "<rect width=\"6\" height=\"6\" fill=\"#FBE7BE\"/>"
                       "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9A6700\" "
                       "stroke-width=\"2.2\"/></pattern>\n",
                    id);
    acc__str_printf(s, "<pattern id=\"%s-red\" width=\"6\" height=\"6\" "
                       "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                       "<rect width=\"6\" height=\"6\" fill=\"#F8D5C0\"/>"
                       "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#A14200\" "
                       "stroke-width=\"1.6\"/><line x1=\"0\" y1=\"0\" x2=\"6\" y2=\"0\" "
                       "stroke=\"#A14200\" stroke-width=\"1.6\"/></pattern>\n</defs>\n",
                    id);
}

static void bar_fill(acc__str *s, accord_verdict v, const char *id)
{
    if (v == ACCORD_VERDICT_ACCEPTABLE)
        acc__str_puts(s, "#0072B2");
    else
        acc__str_printf(s, "url(#%s-%s)", id, v == ACCORD_VERDICT_RED_LINE ? "red" : "below");
}

static void rect(acc__str *s, double x, double y, double w, double h, const char *attrs)
{
    acc__str_puts(s, "<rect x=\"");
    acc__svg_num(s, x);
    acc__str_puts(s, "\" y=\"");
    acc__svg_num(s, y);
    acc__str_puts(s, "\" width=\"");
    acc__svg_num(s, w < 0 ? 0 : w);
    acc__str_puts(s, "\" height=\"");
    acc__svg_num(s, h);
    acc__str_printf(s, "\" %s/>\n", attrs);
}

/* A horizontal [0, 1] axis from x0 to x1 at y with grid lines up to `top`,
 * tick labels (as percentages when `percent`) and a label. */
static void unit_axis(acc__str *s, double x0, double x1, double top, double y, bool percent,
                      const char *label)
{
    for (int t = 0; t <= 5; t++) {
        double x = x0 + (x1 - x0) * t / 5.0;
        acc__svg_line(s, x, top, x, y, "stroke=\"" GRID "\" stroke-width=\"1\"");
        acc__str tick = {0};
        if (percent)
            acc__str_printf(&tick, "%d%%", t * 20);
        else
            acc__fmt_num(&tick, t / 5.0, 1, false);
        acc__svg_text(s, x, y + 15, "middle", "font-size=\"11\"", acc__scratch(s, &tick));
        acc__str_free(&tick);
    }
    acc__svg_line(s, x0, y, x1, y, "stroke=\"" INK "\" stroke-width=\"1\"");
    acc__svg_text(s, (x0 + x1) / 2, y + 32, "middle", "font-size=\"12\"", label);
}

static bool evaluation_matches(const accord_model *m, const accord_evaluation *e)
{
    return m && e && m->agreement && e->n_parties == m->n_parties &&
           e->n_issues == m->agreement->n_issues && e->n_proposals == m->agreement->n_proposals;
}

accord_status acc__svg_bars(acc__str *s, const accord_model *m, const accord_evaluation *e,
                            size_t k, const char *id)
{
    if (!evaluation_matches(m, e) || k >= e->n_proposals)
        return ACCORD_E_ARG;
    const accord_proposal *pr = &m->agreement->proposals[k];
    const accord_proposal_evaluation *pe = &e->proposals[k];
    size_t n = m->n_parties;
    const double x0 = 190, x1 = 490, width = 720, row = 40, top = 50;
    double axis_y = top + (double)n * row + 4;
    double height = axis_y + 76;

    acc__str title = {0}, desc = {0};
    acc__str_printf(&title, "%s: utility of each party against its reservation", pr->name);
    acc__str_printf(&desc, "%zu of %zu parties accept %s.", pe->n_accepting, n, pr->id);
    for (size_t p = 0; p < n; p++) {
        const accord_party_verdict *v = &pe->parties[p];
        acc__str_printf(&desc, " %s: utility ", m->parties[p].name);
        acc__fmt_num(&desc, v->utility, 3, false);
        acc__str_puts(&desc, ", reservation ");
        acc__fmt_num(&desc, v->reservation, 3, false);
        acc__str_printf(&desc, ", %s.", verdict_words(v->verdict));
    }
    acc__svg_open(s, id, width, height, acc__scratch(s, &title), acc__scratch(s, &desc));
    if (title.failed || desc.failed)
        s->failed = 1;
    acc__str_free(&title);
    acc__str_free(&desc);
    bar_patterns(s, id);

    acc__str head = {0};
    acc__str_printf(&head, "%s: utility against reservation", pr->name);
    acc__svg_text_fit(s, 12, 22, "start", "font-size=\"15\" font-weight=\"bold\"",
                      acc__scratch(s, &head), 80);
    acc__str_free(&head);

    unit_axis(s, x0, x1, top - 6, axis_y, false, "utility (0 = the party's worst, 1 = its best)");
    for (size_t p = 0; p < n; p++) {
        const accord_party_verdict *v = &pe->parties[p];
        double y = top + (double)p * row;
        acc__svg_text_fit(s, x0 - 10, y + 25, "end", "font-weight=\"bold\"", m->parties[p].name,
                          22);
        acc__str fill = {0};
        acc__str_puts(&fill, "fill=\"");
        bar_fill(&fill, v->verdict, id);
        acc__str_puts(&fill, "\" stroke=\"" INK "\" stroke-width=\"0.8\"");
        double u = v->utility < 0 ? 0 : v->utility > 1 ? 1 : v->utility;
        rect(s, x0, y + 13, (x1 - x0) * u, 18, acc__scratch(s, &fill));
        if (fill.failed)
            s->failed = 1;
        acc__str_free(&fill);

        /* The reservation: a thick tick across the bar, its value above. */
        double d = v->reservation < 0 ? 0 : v->reservation > 1 ? 1 : v->reservation;
        double xr = x0 + (x1 - x0) * d;
        acc__svg_line(s, xr, y + 9, xr, y + 35, "stroke=\"" INK "\" stroke-width=\"3\"");
        acc__str lab = {0};
        acc__str_puts(&lab, "reservation ");
        acc__fmt_num(&lab, v->reservation, 3, false);
        const char *anchor = d < 0.2 ? "start" : d > 0.8 ? "end" : "middle";
        acc__svg_text(s, xr, y + 7, anchor, "font-size=\"10\" fill=\"" MUTED "\"",
                      acc__scratch(s, &lab));
        acc__str_free(&lab);

        acc__str val = {0};
        acc__fmt_num(&val, v->utility, 3, false);
        acc__svg_text(s, x1 + 12, y + 26, "start", "font-weight=\"bold\"", acc__scratch(s, &val));
        acc__str_free(&val);
        acc__svg_text(s, x1 + 56, y + 26, "start",
                      v->verdict == ACCORD_VERDICT_ACCEPTABLE ? "" : "fill=\"#A14200\"",
                      verdict_words(v->verdict));
    }

    /* Legend: what the fills and the tick mean. */
    double ly = axis_y + 52;
    rect(s, 12, ly - 10, 16, 11, "fill=\"#0072B2\" stroke=\"" INK "\" stroke-width=\"0.8\"");
    acc__svg_text(s, 32, ly, "start", "font-size=\"11\"", "accepts");
    acc__str f1 = {0}, f2 = {0};
    acc__str_printf(&f1, "fill=\"url(#%s-below)\" stroke=\"" INK "\" stroke-width=\"0.8\"", id);
    acc__str_printf(&f2, "fill=\"url(#%s-red)\" stroke=\"" INK "\" stroke-width=\"0.8\"", id);
    rect(s, 100, ly - 10, 16, 11, acc__scratch(s, &f1));
    acc__svg_text(s, 120, ly, "start", "font-size=\"11\"", "below its reservation");
    rect(s, 262, ly - 10, 16, 11, acc__scratch(s, &f2));
    acc__svg_text(s, 282, ly, "start", "font-size=\"11\"", "breaks one of its red lines");
    if (f1.failed || f2.failed)
        s->failed = 1;
    acc__str_free(&f1);
    acc__str_free(&f2);
    acc__svg_line(s, 474, ly - 12, 474, ly + 2, "stroke=\"" INK "\" stroke-width=\"3\"");
    acc__svg_text(s, 482, ly, "start", "font-size=\"11\"", "reservation (utility of no agreement)");
    acc__svg_close(s);
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Provision heat map                                                        */

/* ColorBrewer "Oranges" (Brewer 2002), light to dark: a one-hue sequential
 * scale, readable by colour-blind readers and in grey. */
static const unsigned char oranges[9][3] = {
    {0xff, 0xf5, 0xeb}, {0xfe, 0xe6, 0xce}, {0xfd, 0xd0, 0xa2}, {0xfd, 0xae, 0x6b}, {0xfd, 0x8d, 0x3c},
    {0xf1, 0x69, 0x13}, {0xd9, 0x48, 0x01}, {0xa6, 0x36, 0x03}, {0x7f, 0x27, 0x04}};

static void shade(acc__str *s, double t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double pos = t * 8;
    int i = (int)floor(pos);
    if (i >= 8)
        i = 7;
    double f = pos - i;
    acc__str_puts(s, "#");
    for (int c = 0; c < 3; c++) {
        double v = oranges[i][c] + (oranges[i + 1][c] - oranges[i][c]) * f;
        acc__str_printf(s, "%02x", (unsigned)nearbyint(v));
    }
}

double acc__heatmap_scale(const accord_evaluation *e)
{
    double scale = 0;
    for (size_t k = 0; e && k < e->n_proposals; k++)
        for (size_t p = 0; p < e->n_parties; p++) {
            const accord_party_verdict *v = &e->proposals[k].parties[p];
            for (size_t c = 0; c < v->n_costs; c++)
                if (v->costs[c].loss > scale)
                    scale = v->costs[c].loss;
        }
    return scale;
}

/* Does party p give issue i any weight (some option contributes)? */
static bool weighs(const accord_model *m, size_t p, size_t i)
{
    const accord_agreement *ag = m->agreement;
    if (!ag->preferences[p].weighted[i])
        return false;
    const accord_utility_table *t = &ag->table;
    const double *row = t->contrib + p * t->total_options + t->offset[i];
    for (size_t k = 0; k < ag->issues[i].n_options; k++)
        if (row[k] != 0)
            return true;
    return false;
}

accord_status acc__svg_heatmap(acc__str *s, const accord_model *m, const accord_evaluation *e,
                               size_t k, double scale, const char *id)
{
    if (!evaluation_matches(m, e) || k >= e->n_proposals)
        return ACCORD_E_ARG;
    const accord_agreement *ag = m->agreement;
    const accord_proposal *pr = &ag->proposals[k];
    const accord_proposal_evaluation *pe = &e->proposals[k];
    size_t n = m->n_parties, ni = ag->n_issues;
    const double left = 190, cw = 50, ch = 32, top = 190;
    double width = left + (double)ni * cw + 150;
    if (width < 560)
        width = 560;
    double height = top + (double)n * ch + 96;
    if (!(scale > 0))
        scale = 1;

    acc__str title = {0}, desc = {0};
    acc__str_printf(&title, "%s: what each provision costs each party", pr->name);
    acc__str_puts(&desc, "Rows are parties, columns issues. A cell is the utility the party "
                         "loses on that issue under this proposal compared with its best "
                         "option for the issue; 0 means the proposal gives the party its best "
                         "option, a dash that the party gives the issue no weight.");
    acc__svg_open(s, id, width, height, acc__scratch(s, &title), acc__scratch(s, &desc));
    if (title.failed || desc.failed)
        s->failed = 1;
    acc__str_free(&title);
    acc__str_free(&desc);
    acc__str head = {0};
    acc__str_printf(&head, "Cost of each provision: %s", pr->name);
    acc__svg_text_fit(s, 12, 22, "start", "font-size=\"15\" font-weight=\"bold\"",
                      acc__scratch(s, &head), (size_t)(width / 8.5));
    acc__str_free(&head);

    /* Column heads: issue names, rotated, with the proposal's option in a
     * tooltip. */
    for (size_t i = 0; i < ni; i++) {
        const accord_issue *is = &ag->issues[i];
        double cx = left + (double)i * cw + cw / 2;
        acc__str_puts(s, "<g><title>");
        acc__html_escape(s, is->name);
        acc__str_puts(s, ": ");
        acc__str lab = {0};
        acc__option_label(&lab, is, pr->terms[i]);
        acc__html_escape(s, lab.data);
        if (lab.failed)
            s->failed = 1;
        acc__str_free(&lab);
        acc__str_puts(s, "</title><text transform=\"translate(");
        acc__svg_num(s, cx + 4);
        acc__str_puts(s, ",");
        acc__svg_num(s, top - 8);
        acc__str_puts(s, ") rotate(-45)\" font-size=\"11\">");
        acc__escape_fit(s, is->name, 24);
        acc__str_puts(s, "</text></g>\n");
    }
    acc__svg_text(s, left - 10, top - 8, "end", "font-size=\"11\" fill=\"" MUTED "\"",
                  "party \xE2\x86\x93 / issue \xE2\x86\x92");

    for (size_t p = 0; p < n; p++) {
        const accord_party_verdict *v = &pe->parties[p];
        double y = top + (double)p * ch;
        acc__svg_text_fit(s, left - 10, y + ch / 2 + 4, "end", "font-weight=\"bold\"",
                          m->parties[p].name, 22);
        for (size_t i = 0; i < ni; i++) {
            const accord_issue *is = &ag->issues[i];
            double x = left + (double)i * cw;
            double loss = 0;
            uint32_t best = pr->terms[i];
            for (size_t c = 0; c < v->n_costs; c++)
                if (v->costs[c].issue == i) {
                    loss = v->costs[c].loss;
                    best = v->costs[c].best;
                }
            bool weighted = weighs(m, p, i);
            acc__str_puts(s, "<g><title>");
            acc__html_escape(s, m->parties[p].name);
            acc__str_puts(s, ", ");
            acc__html_escape(s, is->name);
            acc__str_puts(s, ": ");
            acc__str lab = {0};
            acc__option_label(&lab, is, pr->terms[i]);
            acc__html_escape(s, acc__scratch(s, &lab));
            acc__str_free(&lab);
            if (!weighted) {
                acc__str_puts(s, ". No weight for this party.");
            } else {
                acc__str_puts(s, ". Gives ");
                acc__fmt_num(s, v->contribution[i], 3, false);
                if (loss > 0) {
                    acc__str_puts(s, "; its best option (");
                    acc__option_label(&lab, is, best);
                    acc__html_escape(s, lab.data);
                    if (lab.failed)
                        s->failed = 1;
                    acc__str_free(&lab);
                    acc__str_puts(s, ") would give ");
                    acc__fmt_num(s, v->contribution[i] + loss, 3, false);
                    acc__str_puts(s, ": costs ");
                    acc__fmt_num(s, loss, 3, false);
                } else {
                    acc__str_puts(s, ", the party's best option");
                }
                acc__str_puts(s, ".");
            }
            acc__str_puts(s, "</title>");
            acc__str cell = {0};
            if (!weighted) {
                acc__str_puts(&cell, "fill=\"#f2f2f2\" stroke=\"#ffffff\" stroke-width=\"2\"");
            } else {
                acc__str_puts(&cell, "fill=\"");
                shade(&cell, loss / scale);
                acc__str_puts(&cell, "\" stroke=\"#ffffff\" stroke-width=\"2\"");
            }
            rect(s, x, y, cw, ch, acc__scratch(s, &cell));
            if (cell.failed)
                s->failed = 1;
            acc__str_free(&cell);
            acc__str num = {0};
            const char *attrs = "font-size=\"11\"";
            if (!weighted) {
                acc__str_puts(&num, "\xE2\x80\x93");
                attrs = "font-size=\"11\" fill=\"" MUTED "\"";
            } else if (loss >= 0.005) {
                acc__fmt_num(&num, -loss, 2, true);
                if (loss / scale > 0.55)
                    attrs = "font-size=\"11\" fill=\"#ffffff\" font-weight=\"bold\"";
            } else if (loss > 0) {
                acc__str_puts(&num, "\xE2\x89\x88" "0"); /* costs less than 0.005 */
            } else {
                acc__str_puts(&num, "best");
                attrs = "font-size=\"10\" fill=\"" MUTED "\"";
            }
            acc__svg_text(s, x + cw / 2, y + ch / 2 + 4, "middle", attrs, acc__scratch(s, &num));
            acc__str_free(&num);
            acc__str_puts(s, "</g>\n");
        }
        /* The row total: what the proposal costs the party in all. */
        double total = 0;
        for (size_t c = 0; c < v->n_costs; c++)
            total += v->costs[c].loss;
        acc__str tot = {0};
        acc__str_puts(&tot, "total ");
        acc__fmt_num(&tot, -total, 2, true);
        acc__svg_text(s, left + (double)ni * cw + 10, y + ch / 2 + 4, "start", "font-size=\"11\"",
                      acc__scratch(s, &tot));
        acc__str_free(&tot);
    }

    /* Legend: the shade scale in eight steps. */
    double ly = top + (double)n * ch + 30;
    acc__svg_text(s, 12, ly + 10, "start", "font-size=\"11\"", "cost (utility):");
    for (int t = 0; t <= 8; t++) {
        acc__str cell = {0};
        acc__str_puts(&cell, "fill=\"");
        shade(&cell, t / 8.0);
        acc__str_puts(&cell, "\" stroke=\"#bdbdbd\" stroke-width=\"0.5\"");
        rect(s, 100 + t * 30, ly, 30, 14, acc__scratch(s, &cell));
        acc__str_free(&cell);
    }
    acc__str lo = {0}, hi = {0};
    acc__fmt_num(&lo, 0, 2, true);
    acc__fmt_num(&hi, -scale, 2, true);
    acc__svg_text(s, 100, ly + 28, "start", "font-size=\"10\"", acc__scratch(s, &lo));
    acc__svg_text(s, 370, ly + 28, "end", "font-size=\"10\"", acc__scratch(s, &hi));
    acc__str_free(&lo);
    acc__str_free(&hi);
    acc__svg_text(s, 12, ly + 48, "start", "font-size=\"11\" fill=\"" MUTED "\"",
                  "best: the proposal gives the party its best option on the issue;  "
                  "\xE2\x80\x93  the party gives the issue no weight");
    acc__svg_close(s);
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Sensitivity ranking                                                       */

static void verdict_name(acc__str *s, const accord_model *m, const accord_robust *r,
                         const accord_sensitivity *x)
{
    char buf[256];
    acc__str_puts(s, accord_robust_verdict(m, r, x, buf, sizeof buf));
}

static bool robust_matches(const accord_model *m, const accord_robust *r)
{
    return m && r && m->agreement && r->n_parties == m->n_parties &&
           r->n_proposals == m->agreement->n_proposals;
}

accord_status acc__svg_sensitivity(acc__str *s, const accord_model *m, const accord_robust *r,
                                   const char *id)
{
    if (!robust_matches(m, r))
        return ACCORD_E_ARG;
    size_t n = r->n_sensitivity;
    const double x0 = 360, x1 = 640, width = 760, row = 36, top = 58;
    double axis_y = top + (double)(n ? n : 1) * row + 4;
    double height = axis_y + 44;
    acc__str desc = {0};
    acc__str_printf(&desc, "%llu samples, seed %llu.", (unsigned long long)r->samples,
                    (unsigned long long)r->seed);
    for (size_t i = 0; i < n; i++) {
        const accord_sensitivity *x = &r->sensitivity[i];
        bool structural = x->kind != ACCORD_ASSUME_NUMBER;
        acc__str_printf(&desc, " %s: probability that ", x->what);
        verdict_name(&desc, m, r, x);
        acc__str_puts(&desc, " is ");
        acc__fmt_num(&desc, x->p_low, 3, false);
        acc__str_puts(&desc, structural ? " when the assumption does not hold and " : " in the lower half of its range and ");
        acc__fmt_num(&desc, x->p_high, 3, false);
        acc__str_puts(&desc, structural ? " when it holds." : " in the upper half.");
    }
    if (!n)
        acc__str_puts(&desc, " No uncertain number moves a verdict beyond sampling noise.");
    acc__svg_open(s, id, width, height, "Sensitivity: the uncertain numbers that decide",
                  acc__scratch(s, &desc));
    if (desc.failed)
        s->failed = 1;
    acc__str_free(&desc);
    acc__svg_text(s, 12, 22, "start", "font-size=\"15\" font-weight=\"bold\"",
                  "Sensitivity: the uncertain numbers that decide");
    acc__svg_text(s, 12, 40, "start", "font-size=\"11\" fill=\"" MUTED "\"",
                  "probability of the verdict with the number in the lower (\xE2\x97\x8B) and the "
                  "upper (\xE2\x97\x8F) half of its range; for an assumption, when it does not "
                  "(\xE2\x97\x8B) and does (\xE2\x97\x8F) hold");
    unit_axis(s, x0, x1, top - 4, axis_y, true, "probability of the verdict");
    if (!n)
        acc__svg_text(s, (x0 + x1) / 2, top + 22, "middle", "fill=\"" MUTED "\"",
                      "no uncertain number moves a verdict");
    for (size_t i = 0; i < n; i++) {
        const accord_sensitivity *x = &r->sensitivity[i];
        double y = top + (double)i * row;
        acc__svg_text_fit(s, 12, y + 14, "start", "font-weight=\"bold\"", x->what, 48);
        acc__str v = {0};
        verdict_name(&v, m, r, x);
        acc__svg_text_fit(s, 12, y + 28, "start", "font-size=\"10.5\" fill=\"" MUTED "\"",
                          acc__scratch(s, &v), 56);
        acc__str_free(&v);
        double lo = x->p_low < 0 ? 0 : x->p_low > 1 ? 1 : x->p_low;
        double hi = x->p_high < 0 ? 0 : x->p_high > 1 ? 1 : x->p_high;
        double xl = x0 + (x1 - x0) * lo, xh = x0 + (x1 - x0) * hi, yc = y + 18;
        acc__svg_line(s, xl, yc, xh, yc, "stroke=\"" INK "\" stroke-width=\"2\"");
        acc__svg_marker(s, 0, xl, yc, 5, "#ffffff", INK);
        acc__svg_marker(s, 0, xh, yc, 5, "#0072B2", INK);
        acc__str sw = {0};
        acc__str_puts(&sw, "swing ");
        if (x->swing > 0)
            acc__str_puts(&sw, "+");
        acc__fmt_num(&sw, x->swing, 2, true);
        acc__svg_text(s, x1 + 14, yc + 4, "start", "font-size=\"11\"", acc__scratch(s, &sw));
        acc__str_free(&sw);
    }
    acc__svg_close(s);
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* Public wrappers: standalone documents                                     */

static accord_status finish(acc__str *s, accord_status rc, char **out)
{
    if (rc) {
        acc__str_free(s);
        return rc;
    }
    *out = acc__str_take(s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

accord_status accord_svg_utility_bars(const accord_model *m, const accord_evaluation *e,
                                      size_t proposal, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    acc__str s = {0};
    return finish(&s, acc__svg_bars(&s, m, e, proposal, "bars"), out);
}

accord_status accord_svg_heatmap(const accord_model *m, const accord_evaluation *e,
                                 size_t proposal, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    acc__str s = {0};
    return finish(&s, acc__svg_heatmap(&s, m, e, proposal, acc__heatmap_scale(e), "heat"), out);
}

accord_status accord_svg_sensitivity(const accord_model *m, const accord_robust *r, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    acc__str s = {0};
    return finish(&s, acc__svg_sensitivity(&s, m, r, "sens"), out);
}
