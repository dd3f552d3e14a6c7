/*
 * genius.c - a GENIUS scenario folder (domain + profiles, XML) as a model,
 * with GENIUS's own semantics (docs/genius.md, which cites the classes):
 *  - the file whose root is negotiation_template is the domain; every file
 *    whose root is utility_space is a profile, in sorted file-name order,
 *    and becomes a party named after its file's stem; others are ignored;
 *  - discrete: the evaluation over the issue's largest (EvaluatorDiscrete);
 *  - integer: clamp(offset + slope * (x - lowerbound), 0, 1)
 *    (EvaluatorInteger: the line starts at the lower bound);
 *  - real: enumerated at 21 points (opts->real_steps), ends included, as
 *    IssueReal; valued by EvaluatorReal (linear, constant, triangular);
 *  - weights as written, the utility capped at 1 (AdditiveUtilitySpace);
 *    <reservation value> is the reservation; discounting is ignored.
 * Every number is also kept as the fraction its text denotes, so that
 * utilities can be compared exactly (exact.h).
 */
#include "genius_nonlinear.h"
#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* EvaluatorReal's function types (GENIUS's EVALFUNCTYPE). */
typedef enum gx_real_fn { GX_REAL_NONE = 0, GX_REAL_LINEAR, GX_REAL_CONSTANT, GX_REAL_TRIANGULAR } gx_real_fn;

typedef struct gx_issue {
    char *name;
    long index;
    bool integer, real;
    long long lo, hi;
    double rlo, rhi;              /* real: the <range> bounds */
    accord_rational rlo_q, rhi_q;
    bool has_range;
    gx_real_fn fn;                /* real: the evaluator */
    double par[3];                /* parameter0..2 */
    accord_rational par_q[3];
    size_t n_items, cap_items, cap_evals;
    char **items;
    double *evals;
    accord_rational *evals_q; /* the evaluations exactly, as written */
    bool has_evaluator;
    double slope, offset;
    accord_rational slope_q, offset_q;
    int line;
} gx_issue;

typedef struct gx_weight {
    long index;
    double value;
    accord_rational exact;
} gx_weight;

/* What one XML file says. */
typedef struct gx_file {
    const char *path;
    char root[32];
    int depth;
    bool nonlinear;
    int nonlinear_line;
    gx_nl nl; /* a non-linear profile's functions */
    gx_issue *issues;
    size_t n_issues, cap_issues;
    gx_weight *weights;
    size_t n_weights, cap_weights;
    double reservation;
    accord_rational reservation_q;
    bool has_reservation;
    long current; /* issue being read, or -1 */
    accord_status rc;
    XML_Parser parser;
    accord_diagnostics *diag;
} gx_file;

/* A profile's lookups, so that matching it to the domain takes time
 * proportional to its size: its issues by name (the first of a name), its
 * weights by index attribute (the last of an index, as GENIUS reads them),
 * and for a non-linear profile each index attribute's domain issue. */
typedef struct gx_lookup {
    acc__hashset issues, weights, nl_issues;
} gx_lookup;

static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(atts[i], name))
            return atts[i + 1];
    return NULL;
}

static void gx_error(gx_file *g, const char *fmt, ...) ACC_PRINTF(2, 3);
static void gx_error(gx_file *g, const char *fmt, ...)
{
    if (g->rc)
        return;
    va_list ap;
    va_start(ap, fmt);
    g->rc = acc__vdiag(g->diag, ACCORD_ERROR, g->path, (int)XML_GetCurrentLineNumber(g->parser),
                       (int)XML_GetCurrentColumnNumber(g->parser) + 1, fmt, ap)
                ? ACCORD_E_NOMEM
                : ACCORD_E_INVALID;
    va_end(ap);
    XML_StopParser(g->parser, XML_FALSE);
}

/* A number attribute, as a double and (when q is not NULL) exactly. */
static bool number_attr_q(gx_file *g, const XML_Char **atts, const char *name, double *out,
                          accord_rational *q);

static bool number_attr(gx_file *g, const XML_Char **atts, const char *name, double *out)
{
    return number_attr_q(g, atts, name, out, NULL);
}

/* An index attribute: a whole number of magnitude below 2^31 (GENIUS reads
 * indexes with Integer.parseInt); anything else is reported.  False when
 * absent or reported. */
static bool index_attr(gx_file *g, const XML_Char **atts, const char *name, long *out)
{
    double v;
    if (!number_attr(g, atts, name, &v))
        return false;
    if (!(fabs(v) < 2147483648.0) || v != floor(v)) {
        gx_error(g, "attribute %s=\"%s\" must be a whole number below 2^31", name, attr(atts, name));
        return false;
    }
    *out = (long)v;
    return true;
}

static bool number_attr_q(gx_file *g, const XML_Char **atts, const char *name, double *out,
                          accord_rational *q)
{
    const char *s = attr(atts, name);
    if (!s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v)) {
        gx_error(g, "attribute %s=\"%s\" must be a number", name, s);
        return false;
    }
    *out = v;
    if (q)
        *q = acc__rational_parse(s);
    return true;
}

/* Stop parsing: out of memory. */
static void gx_nomem(gx_file *g)
{
    g->rc = ACCORD_E_NOMEM;
    XML_StopParser(g->parser, XML_FALSE);
}

/* The root element: utility_space of a type other than linear is a
 * non-linear profile. */
static void start_root(gx_file *g, const XML_Char *el, const XML_Char **atts)
{
    snprintf(g->root, sizeof g->root, "%s", el);
    if (!strcmp(el, "utility_space")) {
        const char *t = attr(atts, "type");
        if (t && strcmp(t, "linear") != 0) {
            g->nonlinear = true;
            g->nonlinear_line = (int)XML_GetCurrentLineNumber(g->parser);
        }
    }
}

/* <issue name= index= type|vtype= [lowerbound= upperbound=]>: discrete,
 * integer (bounds) or real (bounds here or on a <range> child). */
static void start_issue(gx_file *g, const XML_Char **atts)
{
    if (acc__grow((void **)&g->issues, &g->cap_issues, g->n_issues + 1, sizeof *g->issues))
        return gx_nomem(g);
    gx_issue *is = &g->issues[g->n_issues];
    memset(is, 0, sizeof *is);
    is->line = (int)XML_GetCurrentLineNumber(g->parser);
    const char *name = attr(atts, "name");
    if (!name || !*name) {
        gx_error(g, "an issue has no name attribute");
        return;
    }
    is->name = acc__strdup(name);
    if (!is->name) {
        g->rc = ACCORD_E_NOMEM;
        return;
    }
    g->n_issues++;
    long idx = 0;
    is->index = index_attr(g, atts, "index", &idx) ? idx : (long)g->n_issues;
    const char *type = attr(atts, "type");
    const char *vtype = attr(atts, "vtype");
    const char *t = vtype ? vtype : type;
    if (t && !strcmp(t, "integer")) {
        is->integer = true;
        double lo, hi;
        if (!number_attr(g, atts, "lowerbound", &lo) || !number_attr(g, atts, "upperbound", &hi)) {
            gx_error(g, "integer issue \"%s\" needs lowerbound and upperbound", name);
            return;
        }
        if (lo != floor(lo) || hi != floor(hi) || hi < lo || hi - lo > 1e7) {
            gx_error(g, "integer issue \"%s\" has bounds %g..%g; expected whole numbers, "
                        "lower <= upper, at most 10^7 apart",
                     name, lo, hi);
            return;
        }
        is->lo = (long long)lo;
        is->hi = (long long)hi;
    } else if (t && !strcmp(t, "real")) {
        /* IssueReal: the bounds are on a <range> child (or, in some
         * files, on the issue itself) */
        is->real = true;
        if (attr(atts, "lowerbound") && attr(atts, "upperbound"))
            is->has_range = number_attr_q(g, atts, "lowerbound", &is->rlo, &is->rlo_q) &&
                            number_attr_q(g, atts, "upperbound", &is->rhi, &is->rhi_q);
    } else if (t && strcmp(t, "discrete") != 0) {
        gx_error(g, "issue \"%s\" is of type \"%s\"; accord reads discrete, integer and real issues",
                 name, t);
        return;
    }
    g->current = (long)g->n_issues - 1;
}

/* <item value= [evaluation=]> of the current issue. */
static void start_item(gx_file *g, gx_issue *is, const XML_Char **atts)
{
    const char *value = attr(atts, "value");
    if (!value) {
        gx_error(g, "an item of issue \"%s\" has no value attribute", is->name);
        return;
    }
    if (acc__grow((void **)&is->items, &is->cap_items, is->n_items + 1, sizeof *is->items)) {
        g->rc = ACCORD_E_NOMEM;
        return;
    }
    if (is->cap_evals < is->cap_items) { /* only when the items grew: each item is O(1) */
        double *ev = acc__realloc(is->evals, is->cap_items * sizeof *is->evals);
        if (ev)
            is->evals = ev;
        accord_rational *evq = ev ? acc__realloc(is->evals_q, is->cap_items * sizeof *is->evals_q) : NULL;
        if (!evq) {
            g->rc = ACCORD_E_NOMEM;
            return;
        }
        is->evals_q = evq;
        is->cap_evals = is->cap_items;
    }
    /* check the evaluation before taking the item, so that nothing is
     * left half-added on an error */
    double e = 0;
    accord_rational eq = {0, 1};
    if (attr(atts, "evaluation") && !number_attr_q(g, atts, "evaluation", &e, &eq))
        return;
    if (e < 0) {
        gx_error(g, "evaluation %g of item \"%s\" is negative", e, value);
        return;
    }
    is->items[is->n_items] = acc__strdup(value);
    if (!is->items[is->n_items]) {
        g->rc = ACCORD_E_NOMEM;
        return;
    }
    is->evals_q[is->n_items] = eq;
    is->evals[is->n_items++] = e;
}

/* <range lowerbound= upperbound=> of the current (real) issue. */
static void start_range(gx_file *g, gx_issue *is, const XML_Char **atts)
{
    if (!number_attr_q(g, atts, "lowerbound", &is->rlo, &is->rlo_q) ||
        !number_attr_q(g, atts, "upperbound", &is->rhi, &is->rhi_q)) {
        gx_error(g, "the range of real issue \"%s\" needs lowerbound and upperbound", is->name);
        return;
    }
    if (is->rhi < is->rlo) {
        gx_error(g, "the range of real issue \"%s\" is %g..%g; expected lower <= upper", is->name,
                 is->rlo, is->rhi);
        return;
    }
    is->has_range = true;
}

/* <evaluator ftype= parameter0..2=> of the current real issue
 * (EvaluatorReal.loadFromXML). */
static void start_real_evaluator(gx_file *g, gx_issue *is, const XML_Char **atts)
{
    const char *ftype = attr(atts, "ftype");
    static const char *const names[] = {"linear", "constant", "triangular"};
    static const int n_par[] = {2, 1, 3};
    for (int k = 0; k < 3 && ftype; k++)
        if (!strcasecmp(ftype, names[k]))
            is->fn = (gx_real_fn)(k + 1);
    if (!is->fn) {
        gx_error(g, "evaluator of real issue \"%s\" is \"%s\"; expected ftype linear, constant or "
                    "triangular",
                 is->name, ftype ? ftype : "");
        return;
    }
    static const char *const keys[] = {"parameter0", "parameter1", "parameter2"};
    for (int k = 0; k < n_par[is->fn - 1]; k++) {
        const char *key = keys[k];
        if (!number_attr_q(g, atts, key, &is->par[k], &is->par_q[k])) {
            if (!g->rc)
                gx_error(g, "the %s evaluator of real issue \"%s\" needs %s", names[is->fn - 1],
                         is->name, key);
            return;
        }
    }
}

/* <evaluator ftype=linear slope= offset=> of the current integer issue. */
static void start_evaluator(gx_file *g, gx_issue *is, const XML_Char **atts)
{
    const char *ftype = attr(atts, "ftype");
    if (ftype && strcmp(ftype, "linear") != 0) {
        gx_error(g, "evaluator of issue \"%s\" is \"%s\"; accord reads linear evaluators", is->name, ftype);
        return;
    }
    is->has_evaluator = true;
    if (!number_attr_q(g, atts, "slope", &is->slope, &is->slope_q)) {
        is->slope = 0;
        is->slope_q = (accord_rational){0, 1};
    }
    if (!number_attr_q(g, atts, "offset", &is->offset, &is->offset_q)) {
        is->offset = 0;
        is->offset_q = (accord_rational){0, 1};
    }
}

/* <weight index= value=>. */
static void start_weight(gx_file *g, const XML_Char **atts)
{
    double v;
    long idx;
    accord_rational vq;
    if (!index_attr(g, atts, "index", &idx) || !number_attr_q(g, atts, "value", &v, &vq)) {
        if (!g->rc)
            gx_error(g, "a weight needs index and value attributes");
        return;
    }
    if (v < 0) {
        gx_error(g, "weight %g is negative", v);
        return;
    }
    if (acc__grow((void **)&g->weights, &g->cap_weights, g->n_weights + 1, sizeof *g->weights)) {
        g->rc = ACCORD_E_NOMEM;
        return;
    }
    g->weights[g->n_weights++] = (gx_weight){idx, v, vq};
}

static void XMLCALL on_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    gx_file *g = ud;
    if (g->rc)
        return;
    if (g->depth++ == 0)
        return start_root(g, el, atts);
    if (g->nonlinear) {
        char err[256];
        accord_status r = gx_nl_start(&g->nl, el, atts, (int)XML_GetCurrentLineNumber(g->parser), err,
                                      sizeof err);
        if (r == ACCORD_E_NOMEM)
            return gx_nomem(g);
        if (r) {
            gx_error(g, "%s", err);
            if (g->rc == ACCORD_E_INVALID)
                g->rc = r; /* a limit stays a limit */
            return;
        }
    }
    gx_issue *current = g->current >= 0 ? &g->issues[g->current] : NULL;
    if (!strcmp(el, "issue")) {
        start_issue(g, atts);
    } else if (!strcmp(el, "item") && current) {
        start_item(g, current, atts);
    } else if (!strcmp(el, "range") && current && current->real) {
        start_range(g, current, atts);
    } else if (!strcmp(el, "evaluator") && current && current->real) {
        start_real_evaluator(g, current, atts);
    } else if (!strcmp(el, "evaluator") && current) {
        start_evaluator(g, current, atts);
    } else if (!strcmp(el, "weight")) {
        start_weight(g, atts);
    } else if (!strcmp(el, "reservation")) {
        double v;
        if (number_attr_q(g, atts, "value", &v, &g->reservation_q)) {
            g->reservation = v;
            g->has_reservation = true;
        }
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *el)
{
    gx_file *g = ud;
    g->depth--;
    if (!strcmp(el, "issue"))
        g->current = -1;
    if (g->nonlinear)
        gx_nl_end(&g->nl, el);
}

static void gx_free(gx_file *g)
{
    for (size_t i = 0; i < g->n_issues; i++) {
        for (size_t k = 0; k < g->issues[i].n_items; k++)
            acc__free(g->issues[i].items[k]);
        acc__free(g->issues[i].items);
        acc__free(g->issues[i].evals);
        acc__free(g->issues[i].evals_q);
        acc__free(g->issues[i].name);
    }
    acc__free(g->issues);
    acc__free(g->weights);
    gx_nl_free(&g->nl);
    memset(g, 0, sizeof *g);
}

/* Parse one file.  A file that does not start with '<' is not XML and is
 * skipped (root left empty). */
static accord_status gx_parse(const char *path, const accord_load_options *opts, gx_file *g,
                              accord_diagnostics *diag)
{
    memset(g, 0, sizeof *g);
    gx_nl_init(&g->nl);
    g->nl.max_depth = opts ? opts->max_depth : 0;
    g->path = path;
    g->diag = diag;
    g->current = -1;
    char *text;
    size_t len;
    accord_status r = acc__read_file_max(path, opts ? opts->max_input_bytes : 0,
                                         "accord_load_options.max_input_bytes", &text, &len, diag);
    if (r)
        return r;
    const char *p = text;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (*p != '<') {
        acc__free(text);
        return ACCORD_OK;
    }
    XML_Parser xp = XML_ParserCreate(NULL);
    if (!xp) {
        acc__free(text);
        return ACCORD_E_NOMEM;
    }
    g->parser = xp;
    XML_SetUserData(xp, g);
    XML_SetElementHandler(xp, on_start, on_end);
    /* expat takes an int length: feed a large file in pieces */
    enum XML_Status st = XML_STATUS_OK;
    size_t off = 0;
    do {
        size_t n = len - off > ((size_t)1 << 30) ? (size_t)1 << 30 : len - off;
        st = XML_Parse(xp, text + off, (int)n, off + n == len);
        off += n;
    } while (st != XML_STATUS_ERROR && off < len);
    if (st == XML_STATUS_ERROR && !g->rc) {
        enum XML_Error e = XML_GetErrorCode(xp);
        g->rc = e == XML_ERROR_NO_MEMORY ? ACCORD_E_NOMEM
                : acc__diag(diag, ACCORD_ERROR, path, (int)XML_GetCurrentLineNumber(xp),
                            (int)XML_GetCurrentColumnNumber(xp) + 1, "not well-formed XML: %s",
                            XML_ErrorString(e))
                    ? ACCORD_E_NOMEM
                    : ACCORD_E_PARSE;
    }
    XML_ParserFree(xp);
    g->parser = NULL;
    acc__free(text);
    return g->rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* GENIUS's EvaluatorInteger at whole number x: clamp(offset + slope * (x -
 * lo), 0, 1), exactly (den 0 when the fraction does not fit). */
static accord_rational integer_eval(accord_rational slope, accord_rational offset, int64_t lo, int64_t x)
{
    accord_rational y = acc__rational_add(offset, acc__rational_mul(slope, (accord_rational){x - lo, 1}));
    if (y.den <= 0)
        return y;
    if (y.num < 0)
        return (accord_rational){0, 1};
    if (y.num > y.den)
        return (accord_rational){1, 1};
    return y;
}

/*
 * EvaluatorInteger's clamped line on the whole numbers lo..hi as
 * piecewise-linear points at whole numbers, so that every option's value is
 * exact: the ends, and the whole numbers on both sides of each place where
 * the line crosses 0 or 1.  Between two consecutive points either no whole
 * number lies strictly inside or the clamped line is straight, so
 * interpolating at the options gives the clamped line's values.  At most 6
 * points.
 */
static size_t integer_points(const gx_issue *gi, int64_t lo, int64_t hi, accord_point *pts)
{
    accord_rational slope = gi->has_evaluator ? gi->slope_q : (accord_rational){0, 1};
    accord_rational offset = gi->has_evaluator ? gi->offset_q : (accord_rational){0, 1};
    double dslope = gi->has_evaluator ? gi->slope : 0, doffset = gi->has_evaluator ? gi->offset : 0;
    int64_t xs[6] = {lo, hi};
    size_t n = 2;
    if (slope.den > 0 && offset.den > 0 && slope.num != 0) {
        for (int k = 0; k < 2; k++) { /* the line is k at lo + (k - offset) / slope */
            accord_rational c = acc__rational_div(acc__rational_sub((accord_rational){k, 1}, offset), slope);
            if (c.den <= 0 || c.num / c.den > hi - lo || c.num / c.den < -1)
                continue;
            int64_t f = lo + acc__rational_floor(c);
            if (f > lo && f < hi)
                xs[n++] = f;
            if (f + 1 > lo && f + 1 < hi)
                xs[n++] = f + 1;
        }
    } else if (dslope != 0) { /* not exact: the crossings in floating point */
        for (int k = 0; k < 2; k++) {
            double c = floor((k - doffset) / dslope);
            if (c > 0 && c < (double)(hi - lo))
                xs[n++] = lo + (int64_t)c;
            if (c + 1 > 0 && c + 1 < (double)(hi - lo))
                xs[n++] = lo + (int64_t)c + 1;
        }
    }
    for (size_t i = 1; i < n; i++) /* sort the (at most 6) whole numbers */
        for (size_t j = i; j > 0 && xs[j] < xs[j - 1]; j--) {
            int64_t t = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = t;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && xs[i] == xs[i - 1])
            continue;
        accord_point pt = {.x = (double)xs[i], .xq = {xs[i], 1}};
        pt.yq = integer_eval(slope, offset, lo, xs[i]);
        if (pt.yq.den > 0) {
            pt.y = acc__rational_double(pt.yq);
        } else {
            double y = doffset + dslope * (double)(xs[i] - lo);
            pt.y = y < 0 ? 0 : y > 1 ? 1 : y;
        }
        pts[m++] = pt;
    }
    return m;
}

/* Point k of the steps GENIUS enumerates on a real issue:
 * lo + k (hi - lo) / (steps - 1), both ends included (BidIterator over
 * IssueReal's discretisation). */
static accord_rational real_point_q(const gx_issue *gi, size_t k, size_t steps)
{
    accord_rational d = acc__rational_sub(gi->rhi_q, gi->rlo_q);
    d = acc__rational_mul(d, (accord_rational){(int64_t)k, (int64_t)(steps - 1)});
    return acc__rational_add(gi->rlo_q, d);
}

static double real_point(const gx_issue *gi, size_t k, size_t steps)
{
    return gi->rlo + (double)k * (gi->rhi - gi->rlo) / (double)(steps - 1);
}

/* EvaluatorReal.getEvaluation at x, exactly (den 0 when it does not fit):
 * linear clamp(p1 x + p0, 0, 1); constant p0; triangular with low p0, high
 * p1 and top p2, rising from 0 to 1 and back, 0 outside. */
static accord_rational real_eval_q(const gx_issue *gi, accord_rational x)
{
    const accord_rational *p = gi->par_q, zero = {0, 1}, one = {1, 1};
    switch (gi->fn) {
    case GX_REAL_LINEAR: {
        accord_rational y = acc__rational_add(acc__rational_mul(p[1], x), p[0]);
        if (y.den <= 0)
            return y;
        return acc__rational_cmp(y, zero) < 0 ? zero : acc__rational_cmp(y, one) > 0 ? one : y;
    }
    case GX_REAL_CONSTANT: return p[0];
    default:
        if (acc__rational_cmp(x, p[0]) < 0)
            return zero;
        if (acc__rational_cmp(x, p[2]) < 0)
            return acc__rational_div(acc__rational_sub(x, p[0]), acc__rational_sub(p[2], p[0]));
        if (acc__rational_cmp(x, p[1]) < 0)
            return acc__rational_sub(one, acc__rational_div(acc__rational_sub(x, p[2]),
                                                            acc__rational_sub(p[1], p[2])));
        return zero;
    }
}

/* The same in floating point, as GENIUS computes it. */
static double real_eval(const gx_issue *gi, double x)
{
    const double *p = gi->par;
    switch (gi->fn) {
    case GX_REAL_LINEAR: {
        double y = p[1] * x + p[0];
        return y < 0 ? 0 : y > 1 ? 1 : y;
    }
    case GX_REAL_CONSTANT: return p[0];
    default:
        if (x < p[0])
            return 0;
        if (x < p[2])
            return (x - p[0]) / (p[2] - p[0]);
        if (x < p[1])
            return 1 - (x - p[2]) / (p[1] - p[2]);
        return 0;
    }
}

/* A real issue's point as an option id: the decimal with the fewest places
 * that is exactly q (when q is known and has one), else the one that reads
 * back as v. */
static void real_point_text(accord_rational q, double v, char *buf, size_t size)
{
    for (int exact = q.den > 0; exact >= 0; exact--)
        for (int prec = 0; prec <= 17; prec++) {
            snprintf(buf, size, "%.*f", prec, v);
            accord_rational back = acc__rational_parse(buf);
            if (exact ? back.den > 0 && acc__rational_cmp(back, q) == 0 : strtod(buf, NULL) == v)
                return;
        }
}

/* Profiles name the domain's issues; match by name (the profile's first
 * issue of that name). */
static const gx_issue *find_profile_issue(const gx_file *prof, const gx_lookup *lk, const gx_issue *dom)
{
    size_t i = acc__hashset_get_str(&lk->issues, dom->name);
    return i == SIZE_MAX ? NULL : &prof->issues[i];
}

/* A non-linear profile's bound names an issue by its index attribute: the
 * profile's issue of that index, matched to the domain's by name, which
 * must be an integer issue (GENIUS casts the value to ValueInteger).
 * lk->nl_issues holds, for each index attribute, the domain issue of the
 * first profile issue of that index that the domain has. */
typedef struct nl_issue_ctx {
    const gx_file *profile, *domain;
    const accord_agreement *ag;
    const gx_lookup *lookup;
} nl_issue_ctx;

static long nl_issue(void *c, long index, char *err, size_t err_size)
{
    const nl_issue_ctx *x = c;
    size_t d = acc__hashset_get(&x->lookup->nl_issues, &index, sizeof index);
    if (d == SIZE_MAX) {
        snprintf(err, err_size, "a hyper-rectangle bounds issue index %ld, which no issue of the profile "
                                "and the domain has", index);
        return -1;
    }
    if (x->ag->issues[d].kind != ACCORD_ISSUE_INTEGER) {
        snprintf(err, err_size, "a hyper-rectangle bounds issue \"%s\", which is not an integer issue",
                 x->domain->issues[d].name);
        return -1;
    }
    return (long)d;
}

/* The lookups of profile pf against the domain's issue names. */
static accord_status lookup_build(const gx_file *pf, const acc__hashset *dom_names, gx_lookup *lk)
{
    for (size_t i = 0; i < pf->n_issues; i++) {
        const gx_issue *gi = &pf->issues[i];
        if (acc__hashset_add_str(&lk->issues, gi->name, i, NULL))
            return ACCORD_E_NOMEM;
        size_t d = acc__hashset_get_str(dom_names, gi->name);
        if (d != SIZE_MAX && acc__hashset_add(&lk->nl_issues, &gi->index, sizeof gi->index, d, NULL))
            return ACCORD_E_NOMEM;
    }
    for (size_t w = pf->n_weights; w-- > 0;) /* the last weight of an index counts */
        if (acc__hashset_add(&lk->weights, &pf->weights[w].index, sizeof pf->weights[w].index, w, NULL))
            return ACCORD_E_NOMEM;
    return ACCORD_OK;
}

static void lookup_free(gx_lookup *lk)
{
    acc__hashset_free(&lk->issues);
    acc__hashset_free(&lk->weights);
    acc__hashset_free(&lk->nl_issues);
}

/* The names of the .xml files of folder dir, sorted (GENIUS's order of the
 * profiles).  On an error *names holds what was read, for the caller to
 * free. */
static accord_status list_xml(const char *dir, char ***names, size_t *n_names,
                              accord_diagnostics *diag)
{
    size_t cap_names = 0;
    DIR *d = opendir(dir);
    if (!d)
        return acc__io_error(dir, "cannot open folder", errno, diag);
    accord_status rc = ACCORD_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        if (acc__grow((void **)names, &cap_names, *n_names + 1, sizeof **names) ||
            !((*names)[*n_names] = acc__strdup(e->d_name))) {
            rc = ACCORD_E_NOMEM;
            break;
        }
        (*n_names)++;
    }
    closedir(d);
    if (!rc && *n_names) /* qsort's pointer must not be NULL, even for 0 items */
        qsort(*names, *n_names, sizeof **names, cmp_str);
    return rc;
}

/* Parse every file of the folder (names[i] becomes its full path, for
 * diagnostics; *n_files counts the files to free) and find the domain and
 * the profiles.  An error of one file does not stop the others, except
 * ACCORD_E_NOMEM. */
static accord_status parse_folder(const char *dir, const accord_load_options *opts, char **names,
                                  size_t n_names, gx_file *files, size_t *n_files, long *domain,
                                  size_t *n_profiles, accord_diagnostics *diag)
{
    accord_status rc = ACCORD_OK;
    for (size_t i = 0; i < n_names; i++) {
        acc__str p = {0};
        acc__str_printf(&p, "%s/%s", dir, names[i]);
        char *path = acc__str_take(&p);
        if (!path)
            return ACCORD_E_NOMEM;
        acc__free(names[i]);
        names[i] = path; /* keep the full path for diagnostics */
        accord_status r = gx_parse(path, opts, &files[i], diag);
        *n_files = i + 1;
        if (r == ACCORD_E_NOMEM)
            return r;
        if (r && !rc)
            rc = r;
        if (!strcmp(files[i].root, "negotiation_template")) {
            if (*domain >= 0) {
                acc__diag(diag, ACCORD_ERROR, path, 0, 0,
                          "a second domain (negotiation_template) besides %s; a GENIUS folder has "
                          "one domain",
                          names[*domain]);
                rc = ACCORD_E_INVALID;
            }
            *domain = (long)i;
        } else if (!strcmp(files[i].root, "utility_space")) {
            (*n_profiles)++;
        }
    }
    return rc;
}

/* A real issue's options: the points GENIUS enumerates. */
static accord_status real_options(acc__arena *A, const gx_issue *gi, accord_issue *is, size_t steps)
{
    is->kind = ACCORD_ISSUE_DISCRETE;
    is->n_options = gi->rlo == gi->rhi ? 1 : steps;
    is->options = acc__arena_calloc(A, is->n_options, sizeof *is->options);
    if (!is->options)
        return ACCORD_E_NOMEM;
    for (size_t k = 0; k < is->n_options; k++) {
        char text[40];
        real_point_text(real_point_q(gi, k, steps), real_point(gi, k, steps), text, sizeof text);
        is->options[k].id = is->options[k].label = acc__arena_strdup(A, text);
        if (!is->options[k].id)
            return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

/* A discrete issue's options: its items. */
static accord_status discrete_options(acc__arena *A, const gx_issue *gi, accord_issue *is)
{
    is->n_options = gi->n_items;
    is->options = acc__arena_calloc(A, gi->n_items, sizeof *is->options);
    if (!is->options)
        return ACCORD_E_NOMEM;
    for (size_t k = 0; k < gi->n_items; k++) {
        is->options[k].id = is->options[k].label = acc__arena_strdup(A, gi->items[k]);
        if (!is->options[k].id)
            return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

/* The domain's issues (file `path`) as the agreement's.  Every problem is
 * reported (ACCORD_E_INVALID); ACCORD_E_NOMEM stops. */
static accord_status build_issues(accord_model *m, const gx_file *dom, const char *path,
                                  size_t steps, acc__hashset *dom_names, accord_diagnostics *diag)
{
    acc__arena *A = acc__model_arena(m);
    accord_agreement *ag = m->agreement;
    accord_status rc = ACCORD_OK;
    for (size_t i = 0; i < dom->n_issues; i++) {
        const gx_issue *gi = &dom->issues[i];
        accord_issue *is = &ag->issues[i];
        is->id = is->name = acc__arena_strdup(A, gi->name);
        size_t prior;
        if (!is->id || acc__hashset_add_str(dom_names, is->id, i, &prior))
            return ACCORD_E_NOMEM;
        if (prior != SIZE_MAX) {
            if (acc__diag(diag, ACCORD_ERROR, path, gi->line, 1, "issue \"%s\" is declared twice",
                          gi->name))
                return ACCORD_E_NOMEM;
            rc = ACCORD_E_INVALID;
        }
        if (gi->real) {
            if (!gi->has_range) {
                acc__diag(diag, ACCORD_ERROR, path, gi->line, 1,
                          "real issue \"%s\" has no <range lowerbound=.. upperbound=..>", gi->name);
                rc = ACCORD_E_INVALID;
                continue;
            }
            if (real_options(A, gi, is, steps))
                return ACCORD_E_NOMEM;
        } else if (gi->integer) {
            is->kind = ACCORD_ISSUE_INTEGER;
            is->min = gi->lo;
            is->max = gi->hi;
            is->step = 1;
            is->n_options = (size_t)(gi->hi - gi->lo + 1);
        } else {
            is->kind = ACCORD_ISSUE_DISCRETE;
            if (gi->n_items == 0) {
                acc__diag(diag, ACCORD_ERROR, path, gi->line, 1,
                          "discrete issue \"%s\" has no items", gi->name);
                rc = ACCORD_E_INVALID;
                continue;
            }
            if (discrete_options(A, gi, is))
                return ACCORD_E_NOMEM;
        }
    }
    return rc;
}

/* The weight of profile issue gi: the weight whose index matches the
 * issue's.  False when there is none. */
static bool find_weight(const gx_file *pf, const gx_lookup *lk, const gx_issue *gi, accord_number *num)
{
    size_t w = acc__hashset_get(&lk->weights, &gi->index, sizeof gi->index);
    if (w == SIZE_MAX)
        return false;
    num->value = num->low = num->high = pf->weights[w].value;
    num->exact = pf->weights[w].exact;
    return true;
}

/* A real issue's values at the points GENIUS enumerates, by EvaluatorReal. */
static void real_values(const gx_issue *di, const gx_issue *gi, const accord_issue *is,
                        size_t steps, accord_number *values)
{
    size_t n = is->n_options > 1 ? steps : 2;
    for (size_t k = 0; k < is->n_options; k++) {
        accord_number *num = &values[k];
        num->exact = real_eval_q(gi, real_point_q(di, k, n));
        num->value = num->exact.den > 0 ? acc__rational_double(num->exact)
                                        : real_eval(gi, real_point(di, k, n));
        num->low = num->high = num->value;
    }
}

/* A discrete issue's values by EvaluatorDiscrete; every option needs an
 * evaluation (ACCORD_E_INVALID, reported, when one has none). */
static accord_status discrete_values(const gx_issue *gi, const accord_issue *is, const char *path,
                                     accord_number *values, accord_diagnostics *diag)
{
    accord_status rc = ACCORD_OK;
    double maxe = 0;
    accord_rational maxq = {0, 1};
    for (size_t k = 0; k < gi->n_items; k++)
        if (gi->evals[k] > maxe) {
            maxe = gi->evals[k];
            maxq = gi->evals_q[k];
        }
    /* the profile's items by name: the last of a name counts, as in GENIUS */
    acc__hashset items = {0};
    for (size_t q = gi->n_items; q-- > 0;)
        if (acc__hashset_add_str(&items, gi->items[q], q, NULL)) {
            acc__hashset_free(&items);
            return ACCORD_E_NOMEM;
        }
    size_t missing = 0, first_missing = 0;
    for (size_t k = 0; k < is->n_options; k++) {
        double ev = 0;
        accord_rational evq = {0, 1};
        size_t q = acc__hashset_get_str(&items, is->options[k].id);
        if (q != SIZE_MAX) {
            ev = gi->evals[q];
            evq = gi->evals_q[q];
        } else if (!missing++) {
            first_missing = k;
        }
        /* EvaluatorDiscrete.getEvaluation: the evaluation over the
         * issue's largest, 0 when the largest is below 0.00001 */
        bool scaled = maxe >= 0.00001;
        double v = scaled ? ev / maxe : 0;
        values[k].value = values[k].low = values[k].high = v;
        values[k].exact = scaled ? acc__rational_div(evq, maxq) : (accord_rational){0, 1};
    }
    acc__hashset_free(&items);
    if (!missing)
        return rc;
    /* one message per issue, however many items it leaves out */
    if (missing == 1 ? acc__diag(diag, ACCORD_ERROR, path, gi->line, 1,
                                 "issue \"%s\" has no evaluation for item \"%s\"", gi->name,
                                 is->options[first_missing].id)
                     : acc__diag(diag, ACCORD_ERROR, path, gi->line, 1,
                                 "issue \"%s\" has no evaluation for item \"%s\" and %zu other "
                                 "items of the domain",
                                 gi->name, is->options[first_missing].id, missing - 1))
        return ACCORD_E_NOMEM;
    return ACCORD_E_INVALID;
}

/* Profile pf's weight and valuation of the agreement's issue i (the
 * domain's di). */
static accord_status profile_issue(acc__arena *A, const gx_file *pf, const gx_lookup *lk,
                                   const gx_issue *di, const accord_issue *is, size_t i,
                                   accord_preference *pr, const char *path, size_t steps,
                                   accord_diagnostics *diag)
{
    const gx_issue *gi = find_profile_issue(pf, lk, di);
    if (!gi) {
        acc__diag(diag, ACCORD_ERROR, path, 0, 0, "the profile has no issue \"%s\" of the domain",
                  di->name);
        return ACCORD_E_INVALID;
    }
    if (!find_weight(pf, lk, gi, &pr->weights[i])) {
        acc__diag(diag, ACCORD_ERROR, path, gi->line, 1, "issue \"%s\" (index %ld) has no weight",
                  gi->name, gi->index);
        return ACCORD_E_INVALID;
    }
    pr->weighted[i] = true;
    accord_valuation *va = &pr->valuations[i];
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        va->points = acc__arena_calloc(A, 6, sizeof *va->points);
        if (!va->points)
            return ACCORD_E_NOMEM;
        va->n_points = integer_points(gi, is->min, is->max, va->points);
        return ACCORD_OK;
    }
    va->values = acc__arena_calloc(A, is->n_options, sizeof *va->values);
    if (!va->values)
        return ACCORD_E_NOMEM;
    if (!di->real)
        return discrete_values(gi, is, path, va->values, diag);
    if (!gi->fn) {
        acc__diag(diag, ACCORD_ERROR, path, gi->line, 1,
                  "real issue \"%s\" has no evaluator (ftype linear, constant or triangular)",
                  gi->name);
        return ACCORD_E_INVALID;
    }
    real_values(di, gi, is, steps, va->values);
    return ACCORD_OK;
}

/* Profile pf (file `path`) as the next party: named after the file's stem,
 * with its reservation and either its weights and values or its
 * hyper-rectangles.  Every problem is reported (ACCORD_E_INVALID);
 * ACCORD_E_NOMEM stops. */
static accord_status build_party(accord_model *m, const gx_file *pf, const gx_lookup *lk,
                                 const gx_file *dom, const char *path, size_t steps,
                                 accord_diagnostics *diag)
{
    acc__arena *A = acc__model_arena(m);
    accord_agreement *ag = m->agreement;
    accord_status rc = ACCORD_OK;
    size_t p = m->n_parties++;
    const char *slash = strrchr(path, '/');
    const char *stem = slash ? slash + 1 : path;
    accord_party *party = &m->parties[p];
    party->id = party->name = acc__arena_strndup(A, stem, strlen(stem) - 4);
    accord_preference *pr = &ag->preferences[p];
    pr->normalize = false;
    pr->weights = acc__arena_calloc(A, ag->n_issues, sizeof *pr->weights);
    pr->weighted = acc__arena_calloc(A, ag->n_issues, sizeof *pr->weighted);
    pr->valuations = acc__arena_calloc(A, ag->n_issues, sizeof *pr->valuations);
    if (!party->id || !pr->weights || !pr->weighted || !pr->valuations)
        return ACCORD_E_NOMEM;
    if (pf->has_reservation) {
        if (pf->reservation < 0 || pf->reservation > 1) {
            acc__diag(diag, ACCORD_ERROR, path, 0, 0, "reservation value %g is outside [0, 1]",
                      pf->reservation);
            rc = ACCORD_E_INVALID;
        }
        pr->reservation.value = pr->reservation.low = pr->reservation.high = pf->reservation;
        pr->reservation.exact = pf->reservation_q;
    }
    if (pf->nonlinear) {
        /* NonlinearUtilitySpace: the hyper-rectangles replace weights and values */
        nl_issue_ctx ctx = {pf, dom, ag, lk};
        char err[256];
        int line;
        accord_nonlinear *nl = NULL;
        accord_status r = gx_nl_build(&pf->nl, A, nl_issue, &ctx, &nl, err, sizeof err, &line);
        if (r == ACCORD_E_NOMEM)
            return r;
        if (r) {
            acc__diag(diag, ACCORD_ERROR, path, line ? line : pf->nonlinear_line, 1, "%s", err);
            rc = ACCORD_E_INVALID;
        }
        pr->nonlinear = nl;
        return rc;
    }
    for (size_t i = 0; i < ag->n_issues; i++) {
        accord_status r =
            profile_issue(A, pf, lk, &dom->issues[i], &ag->issues[i], i, pr, path, steps, diag);
        if (r == ACCORD_E_NOMEM)
            return r;
        if (r)
            rc = r;
    }
    return rc;
}

/* build_party with the profile's lookups (dom_names: the domain's issue
 * names). */
static accord_status build_profile(accord_model *m, const gx_file *pf, const gx_file *dom,
                                   const acc__hashset *dom_names, const char *path, size_t steps,
                                   accord_diagnostics *diag)
{
    gx_lookup lk = {0};
    accord_status rc = lookup_build(pf, dom_names, &lk);
    if (!rc)
        rc = build_party(m, pf, &lk, dom, path, steps, diag);
    lookup_free(&lk);
    return rc;
}

/* The model of a parsed folder: the domain's issues, then one party per
 * profile in file-name order. */
static accord_status build_model(accord_model *m, const gx_file *files, char *const *names,
                                 size_t n_files, long domain, size_t n_profiles, size_t steps,
                                 accord_diagnostics *diag)
{
    const gx_file *dom = &files[domain];
    acc__arena *A = acc__model_arena(m);
    m->from_genius = true;
    m->title = acc__arena_printf(A, "GENIUS scenario %s", m->path);
    m->parties = acc__arena_calloc(A, n_profiles, sizeof *m->parties);
    accord_agreement *ag = acc__arena_alloc(A, sizeof *ag);
    if (!m->title || !m->parties || !ag)
        return ACCORD_E_NOMEM;
    m->agreement = ag;
    ag->n_issues = dom->n_issues;
    ag->issues = acc__arena_calloc(A, dom->n_issues, sizeof *ag->issues);
    ag->preferences = acc__arena_calloc(A, n_profiles, sizeof *ag->preferences);
    if (!ag->issues || !ag->preferences)
        return ACCORD_E_NOMEM;
    acc__hashset dom_names = {0};
    accord_status rc_profiles = ACCORD_OK;
    accord_status rc = build_issues(m, dom, names[domain], steps, &dom_names, diag);
    uint64_t options = 0;
    for (size_t i = 0; i < ag->n_issues && options <= ACC_MAX_TABLE_CELLS; i++)
        options += ag->issues[i].n_options;
    if (!rc)
        rc = acc__table_check(n_profiles, ag->n_issues, options, diag, m->path, 0, 0);
    /* every profile, so that each one's problems are reported */
    for (size_t f = 0; f < n_files && !rc; f++) {
        if (strcmp(files[f].root, "utility_space") != 0)
            continue;
        accord_status r = build_profile(m, &files[f], dom, &dom_names, names[f], steps, diag);
        if (r == ACCORD_E_NOMEM) {
            rc = r;
            break;
        }
        if (r)
            rc_profiles = r;
    }
    acc__hashset_free(&dom_names);
    return rc ? rc : rc_profiles;
}

accord_status acc__genius_load(const char *dir, const accord_load_options *opts, accord_model **out,
                               accord_diagnostics *diag)
{
    size_t steps = opts && opts->real_steps ? opts->real_steps : ACCORD_DEFAULT_REAL_STEPS;
    *out = NULL;
    char **names = NULL;
    size_t n_names = 0;
    gx_file *files = NULL;
    size_t n_files = 0;
    accord_model *m = NULL;
    long domain = -1;
    size_t n_profiles = 0;

    accord_status rc = list_xml(dir, &names, &n_names, diag);
    if (rc)
        goto out;
    files = acc__calloc(n_names + 1, sizeof *files);
    if (!files) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    rc = parse_folder(dir, opts, names, n_names, files, &n_files, &domain, &n_profiles, diag);
    if (rc)
        goto out;
    if (domain < 0) {
        acc__diag(diag, ACCORD_ERROR, dir, 0, 0,
                  "no GENIUS domain found: expected an XML file whose root is negotiation_template");
        rc = ACCORD_E_INVALID;
        goto out;
    }
    if (n_profiles == 0) {
        acc__diag(diag, ACCORD_ERROR, dir, 0, 0,
                  "no GENIUS profile found: expected XML files whose root is utility_space");
        rc = ACCORD_E_INVALID;
        goto out;
    }
    if (files[domain].n_issues == 0) {
        acc__diag(diag, ACCORD_ERROR, names[domain], 0, 0, "the domain declares no issues");
        rc = ACCORD_E_INVALID;
        goto out;
    }
    rc = acc__model_new(dir, &m);
    if (rc)
        goto out;
    rc = build_model(m, files, names, n_files, domain, n_profiles, steps, diag);
    if (rc)
        goto out;
    rc = acc__model_index_build(m);
    if (rc)
        goto out;
    rc = acc__agreement_finish(m, diag);
out:
    for (size_t i = 0; i < n_files; i++)
        gx_free(&files[i]);
    acc__free(files);
    for (size_t i = 0; i < n_names; i++)
        acc__free(names[i]);
    acc__free(names);
    if (rc) {
        accord_model_free(m);
        return rc;
    }
    *out = m;
    return ACCORD_OK;
}
