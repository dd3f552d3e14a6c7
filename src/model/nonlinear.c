/* nonlinear.c - the utility of a non-linear (hyper-rectangle) preference,
 * exactly (accord_nonlinear in accord.h, docs/genius.md). */
#include "model.h"

/* GENIUS's UtilityFunction with no child under MIN / MAX: +-Integer.MAX_VALUE */
#define EMPTY_MIN 2147483647
#define EMPTY_MAX (-2147483647)

/* Does the outcome lie in the rectangle's box (every bound holds)? */
static bool inside(const accord_issue *issues, const accord_rectangle *r, const uint32_t *terms)
{
    for (size_t b = 0; b < r->n_bounds; b++) {
        const accord_bound *bd = &r->bounds[b];
        int64_t v = accord_issue_option_value(&issues[bd->issue], terms[bd->issue]);
        if (v < bd->min || v > bd->max)
            return false;
    }
    return true;
}

static accord_rational num_q(const accord_number *n)
{
    return n->exact.den > 0 ? n->exact : acc__rational_from_double(n->value);
}

/* Fold x into the aggregate (first: nothing yet). */
static void aggregate(accord_aggregation agg, bool first, accord_rational x, double xd,
                      accord_rational *acc, double *accd)
{
    bool take;
    switch (agg) {
    case ACCORD_AGG_MIN:
        take = first || (acc->den > 0 && x.den > 0 ? acc__rational_cmp(x, *acc) < 0 : xd < *accd);
        break;
    case ACCORD_AGG_MAX:
        take = first || (acc->den > 0 && x.den > 0 ? acc__rational_cmp(x, *acc) > 0 : xd > *accd);
        break;
    default:
        *acc = first ? x : acc__rational_add(*acc, x);
        *accd = first ? xd : *accd + xd;
        return;
    }
    if (take) {
        *acc = x;
        *accd = xd;
    }
}

/* The score of function f, exactly in *q (den 0 when it does not fit) and
 * in floating point. */
static double score(const accord_issue *issues, const accord_ufun *f, const uint32_t *terms,
                    accord_rational *q)
{
    accord_rational acc = {0, 1};
    double accd = 0;
    bool first = true;
    for (size_t r = 0; r < f->n_rectangles; r++) {
        const accord_rectangle *rect = &f->rectangles[r];
        bool hit = rect->n_bounds == 0 || inside(issues, rect, terms) != rect->exclusive;
        accord_rational x = hit ? acc__rational_mul(num_q(&rect->utility), num_q(&rect->weight))
                                : (accord_rational){0, 1};
        double xd = hit ? rect->utility.value * rect->weight.value : 0;
        aggregate(f->aggregation, first, x, xd, &acc, &accd);
        first = false;
    }
    for (size_t c = 0; c < f->n_children; c++) {
        accord_rational x;
        double xd = score(issues, &f->children[c], terms, &x) * f->children[c].weight.value;
        x = acc__rational_mul(x, num_q(&f->children[c].weight));
        aggregate(f->aggregation, first, x, xd, &acc, &accd);
        first = false;
    }
    if (first && f->aggregation != ACCORD_AGG_SUM) {
        int64_t e = f->aggregation == ACCORD_AGG_MIN ? EMPTY_MIN : EMPTY_MAX;
        acc = (accord_rational){e, 1};
        accd = (double)e;
    }
    *q = acc;
    return accd;
}

double acc__nonlinear_utility(const accord_agreement *ag, const accord_nonlinear *nl, const uint32_t *terms,
                              accord_rational *exact)
{
    return acc__nonlinear_utility_of(ag->issues, nl, terms, exact);
}

double acc__nonlinear_utility_of(const accord_issue *issues, const accord_nonlinear *nl, const uint32_t *terms,
                                 accord_rational *exact)
{
    accord_rational s;
    double d = score(issues, &nl->root, terms, &s) / nl->max_score.value;
    accord_rational u = acc__rational_div(s, num_q(&nl->max_score));
    if (u.den > 0 && u.num > u.den) /* min(1, score / max) */
        u = (accord_rational){1, 1};
    if (exact)
        *exact = u;
    if (u.den > 0)
        return acc__rational_double(u);
    return d > 1 ? 1 : d;
}
