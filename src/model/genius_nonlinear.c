/* genius_nonlinear.c - GENIUS's non-linear profiles (genius_nonlinear.h). */
#include "genius_nonlinear.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void gx_nl_init(gx_nl *nl)
{
    memset(nl, 0, sizeof *nl);
    nl->cur_fun = nl->cur_rect = -1;
}

void gx_nl_free(gx_nl *nl)
{
    acc__free(nl->funs);
    acc__free(nl->rects);
    acc__free(nl->bounds);
    gx_nl_init(nl);
}

static const char *find_attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(atts[i], name))
            return atts[i + 1];
    return NULL;
}

/* A decimal attribute into *num (value and fraction); absent: def. */
static bool number(const char **atts, const char *name, double def, accord_number *num, char *err,
                   size_t err_size)
{
    const char *s = find_attr(atts, name);
    memset(num, 0, sizeof *num);
    if (!s) {
        num->value = num->low = num->high = def;
        num->exact = acc__rational_from_double(def);
        return true;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(v)) {
        snprintf(err, err_size, "attribute %s=\"%s\" must be a number", name, s);
        return false;
    }
    num->value = num->low = num->high = v;
    num->exact = acc__rational_parse(s);
    return true;
}

/* A whole-number attribute (GENIUS reads bounds with Integer.parseInt). */
static bool whole(const char **atts, const char *name, int64_t *out, char *err, size_t err_size)
{
    const char *s = find_attr(atts, name);
    char *end = NULL;
    errno = 0;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || end == s || *end || errno == ERANGE || v < INT32_MIN || v > INT32_MAX) {
        snprintf(err, err_size, "attribute %s=\"%s\" must be a whole number", name, s ? s : "");
        return false;
    }
    *out = v;
    return true;
}

accord_status gx_nl_start(gx_nl *nl, const char *el, const char **atts, int line, char *err,
                          size_t err_size)
{
    if (nl->skip_depth > 0) {
        nl->skip_depth++;
        return ACCORD_OK;
    }
    if (!strcmp(el, "utility") && !nl->has_max) {
        if (!find_attr(atts, "maxutility")) {
            snprintf(err, err_size, "the <utility> of a non-linear profile needs maxutility");
            return ACCORD_E_INVALID;
        }
        if (!number(atts, "maxutility", 0, &nl->max_score, err, err_size))
            return ACCORD_E_INVALID;
        nl->has_max = true;
        return ACCORD_OK;
    }
    if (!strcmp(el, "ufun")) {
        if (nl->cur_fun < 0 && nl->n_funs > 0) { /* only the first top-level ufun counts */
            nl->skip_depth = 1;
            return ACCORD_OK;
        }
        const char *agg = find_attr(atts, "aggregation");
        if (!agg) {
            snprintf(err, err_size, "a <ufun> needs an aggregation (sum, min or max)");
            return ACCORD_E_INVALID;
        }
        if (acc__grow((void **)&nl->funs, &nl->cap_funs, nl->n_funs + 1, sizeof *nl->funs))
            return ACCORD_E_NOMEM;
        gx_nl_fun *f = &nl->funs[nl->n_funs];
        f->parent = nl->cur_fun;
        f->depth = nl->cur_fun < 0 ? 1 : nl->funs[nl->cur_fun].depth + 1;
        size_t max_depth = nl->max_depth ? nl->max_depth : ACCORD_DEFAULT_MAX_DEPTH;
        if (f->depth > max_depth) {
            snprintf(err, err_size,
                     "<ufun> elements nest more than %zu deep here (raise the limit: "
                     "accord_load_options.max_depth)",
                     max_depth);
            return ACCORD_E_LIMIT;
        }
        /* AGGREGATIONTYPE: case-insensitive, anything else is a sum */
        f->aggregation = !strcasecmp(agg, "min") ? ACCORD_AGG_MIN
                         : !strcasecmp(agg, "max") ? ACCORD_AGG_MAX
                                                  : ACCORD_AGG_SUM;
        if (!number(atts, "weight", 1, &f->weight, err, err_size))
            return ACCORD_E_INVALID;
        nl->cur_fun = (long)nl->n_funs++;
        return ACCORD_OK;
    }
    if (!strcmp(el, "hyperRectangle") && nl->cur_fun >= 0) {
        if (acc__grow((void **)&nl->rects, &nl->cap_rects, nl->n_rects + 1, sizeof *nl->rects))
            return ACCORD_E_NOMEM;
        gx_nl_rect *r = &nl->rects[nl->n_rects];
        memset(r, 0, sizeof *r);
        r->fun = nl->cur_fun;
        if (!find_attr(atts, "utility")) {
            snprintf(err, err_size, "a <hyperRectangle> needs a utility");
            return ACCORD_E_INVALID;
        }
        if (!number(atts, "utility", 0, &r->utility, err, err_size) ||
            !number(atts, "weight", 1, &r->weight, err, err_size))
            return ACCORD_E_INVALID;
        nl->cur_rect = (long)nl->n_rects++;
        return ACCORD_OK;
    }
    bool inc = !strcmp(el, "INCLUDES"), exc = !strcmp(el, "EXCLUDES");
    if ((inc || exc) && nl->cur_rect >= 0) {
        if (acc__grow((void **)&nl->bounds, &nl->cap_bounds, nl->n_bounds + 1, sizeof *nl->bounds))
            return ACCORD_E_NOMEM;
        gx_nl_bound *b = &nl->bounds[nl->n_bounds];
        int64_t index;
        b->rect = nl->cur_rect;
        b->excludes = exc;
        b->line = line;
        if (!whole(atts, "index", &index, err, err_size) || !whole(atts, "min", &b->min, err, err_size) ||
            !whole(atts, "max", &b->max, err, err_size))
            return ACCORD_E_INVALID;
        b->index = (long)index;
        if (exc)
            nl->rects[nl->cur_rect].has_excludes = true;
        nl->n_bounds++;
    }
    return ACCORD_OK;
}

void gx_nl_end(gx_nl *nl, const char *el)
{
    if (nl->skip_depth > 0) {
        nl->skip_depth--;
        return;
    }
    if (!strcmp(el, "ufun") && nl->cur_fun >= 0)
        nl->cur_fun = nl->funs[nl->cur_fun].parent;
    else if (!strcmp(el, "hyperRectangle"))
        nl->cur_rect = -1;
}

/* The flat lists grouped by owner (compressed rows): the members of owner g
 * are item[first[g] .. first[g + 1]), in document order.  Building the tree
 * by scanning every list for every function would take functions x
 * rectangles and rectangles x bounds steps. */
typedef struct groups {
    size_t *first, *item;
} groups;

/* Group items 0..n-1 by owner(i) in 0..n_owners-1 (others are left out). */
static accord_status group(groups *g, size_t n, size_t n_owners, const gx_nl *nl,
                           long (*owner)(const gx_nl *, size_t))
{
    g->first = acc__calloc(n_owners + 2, sizeof *g->first);
    g->item = acc__calloc(n + 1, sizeof *g->item);
    if (!g->first || !g->item)
        return ACCORD_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        long o = owner(nl, i);
        if (o >= 0 && (size_t)o < n_owners)
            g->first[o + 2]++;
    }
    for (size_t o = 2; o < n_owners + 2; o++)
        g->first[o] += g->first[o - 1];
    for (size_t i = 0; i < n; i++) { /* first[o + 1] is the next free place of o */
        long o = owner(nl, i);
        if (o >= 0 && (size_t)o < n_owners)
            g->item[g->first[o + 1]++] = i;
    }
    return ACCORD_OK;
}

static void groups_free(groups *g)
{
    acc__free(g->first);
    acc__free(g->item);
}

static long rect_owner(const gx_nl *nl, size_t r) { return nl->rects[r].fun; }
static long fun_owner(const gx_nl *nl, size_t f) { return nl->funs[f].parent; }
static long bound_owner(const gx_nl *nl, size_t b) { return nl->bounds[b].rect; }

typedef struct build_ctx {
    const gx_nl *nl;
    const long *issue_of;
    acc__arena *A;
    groups rects, children, bounds; /* of each function, function, rectangle */
} build_ctx;

/* Rectangle r of the flat list into *rect: its bounds of one kind
 * (EXCLUDES bounds win over INCLUDES). */
static accord_status build_rect(const build_ctx *x, size_t r, accord_rectangle *rect)
{
    const gx_nl *nl = x->nl;
    rect->exclusive = nl->rects[r].has_excludes;
    rect->utility = nl->rects[r].utility;
    rect->weight = nl->rects[r].weight;
    size_t from = x->bounds.first[r], to = x->bounds.first[r + 1];
    for (size_t q = from; q < to; q++)
        rect->n_bounds += nl->bounds[x->bounds.item[q]].excludes == rect->exclusive;
    rect->bounds = acc__arena_calloc(x->A, rect->n_bounds + 1, sizeof *rect->bounds);
    if (!rect->bounds)
        return ACCORD_E_NOMEM;
    size_t j = 0;
    for (size_t q = from; q < to; q++) {
        const gx_nl_bound *b = &nl->bounds[x->bounds.item[q]];
        if (b->excludes == rect->exclusive)
            rect->bounds[j++] = (accord_bound){(size_t)x->issue_of[x->bounds.item[q]], b->min, b->max};
    }
    return ACCORD_OK;
}

/* Function f of the flat list into *out, its children recursively (as
 * deep as the functions nest, which gx_nl_start bounds). */
static accord_status build_fun(const build_ctx *x, size_t f, accord_ufun *out)
{
    const gx_nl_fun *g = &x->nl->funs[f];
    out->aggregation = g->aggregation;
    out->weight = g->weight;
    out->n_rectangles = x->rects.first[f + 1] - x->rects.first[f];
    out->n_children = x->children.first[f + 1] - x->children.first[f];
    out->rectangles = acc__arena_calloc(x->A, out->n_rectangles + 1, sizeof *out->rectangles);
    out->children = acc__arena_calloc(x->A, out->n_children + 1, sizeof *out->children);
    if (!out->rectangles || !out->children)
        return ACCORD_E_NOMEM;
    for (size_t k = 0; k < out->n_rectangles; k++) {
        accord_status rc = build_rect(x, x->rects.item[x->rects.first[f] + k], &out->rectangles[k]);
        if (rc)
            return rc;
    }
    for (size_t k = 0; k < out->n_children; k++) {
        accord_status rc = build_fun(x, x->children.item[x->children.first[f] + k], &out->children[k]);
        if (rc)
            return rc;
    }
    return ACCORD_OK;
}

/* The tree from function 0, through the grouped lists. */
static accord_status build_tree(const gx_nl *nl, const long *issue_of, acc__arena *A, accord_ufun *root)
{
    build_ctx x = {.nl = nl, .issue_of = issue_of, .A = A};
    accord_status rc = group(&x.rects, nl->n_rects, nl->n_funs, nl, rect_owner);
    if (!rc)
        rc = group(&x.children, nl->n_funs, nl->n_funs, nl, fun_owner);
    if (!rc)
        rc = group(&x.bounds, nl->n_bounds, nl->n_rects, nl, bound_owner);
    if (!rc)
        rc = build_fun(&x, 0, root);
    groups_free(&x.rects);
    groups_free(&x.children);
    groups_free(&x.bounds);
    return rc;
}

accord_status gx_nl_build(const gx_nl *nl, acc__arena *A, gx_nl_issue_fn issue, void *ctx,
                          accord_nonlinear **out, char *err, size_t err_size, int *line)
{
    *out = NULL;
    *line = 0;
    if (!nl->has_max || nl->n_funs == 0) {
        snprintf(err, err_size, "a non-linear profile needs <utility maxutility=..> with a <ufun> in it");
        return ACCORD_E_INVALID;
    }
    if (nl->max_score.value <= 0) {
        snprintf(err, err_size, "maxutility must be positive, found %g", nl->max_score.value);
        return ACCORD_E_INVALID;
    }
    long *issue_of = acc__calloc(nl->n_bounds + 1, sizeof *issue_of);
    if (!issue_of)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    for (size_t b = 0; b < nl->n_bounds && !rc; b++) {
        issue_of[b] = issue(ctx, nl->bounds[b].index, err, err_size);
        if (issue_of[b] < 0) {
            *line = nl->bounds[b].line;
            rc = ACCORD_E_INVALID;
        }
    }
    accord_nonlinear *n = rc ? NULL : acc__arena_calloc(A, 1, sizeof *n);
    if (!rc && !n)
        rc = ACCORD_E_NOMEM;
    if (!rc) {
        n->max_score = nl->max_score;
        rc = build_tree(nl, issue_of, A, &n->root);
    }
    acc__free(issue_of);
    if (!rc)
        *out = n;
    return rc;
}
