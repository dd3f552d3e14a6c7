/* exact.c - every party's utilities as exact fractions (see exact.h). */
#include "exact.h"

#include "model.h"

#include <math.h>
#include <string.h>


/* A number's fraction: as read, or failing that the shortest decimal of its
 * double (numbers a program filled in, the default reservation 0). */
static accord_rational number_q(const accord_number *n)
{
    if (n->exact.den > 0)
        return n->exact;
    if (n->is_range)
        return acc__rational_mid(acc__rational_from_double(n->low), acc__rational_from_double(n->high));
    return acc__rational_from_double(n->value);
}

static accord_rational point_x(const accord_point *p)
{
    return p->xq.den > 0 ? p->xq : acc__rational_from_double(p->x);
}

static accord_rational point_y(const accord_point *p)
{
    return p->yq.den > 0 ? p->yq : acc__rational_from_double(p->y);
}

/* acc__piecewise, exactly, at whole number x. */
static accord_rational piecewise_q(const accord_point *pts, size_t n, int64_t x)
{
    if (n == 0)
        return (accord_rational){0, 1};
    accord_rational X = {x, 1};
    if (acc__rational_cmp(X, point_x(&pts[0])) <= 0)
        return point_y(&pts[0]);
    for (size_t i = 1; i < n; i++) {
        accord_rational x1 = point_x(&pts[i]);
        if (x1.den <= 0)
            return x1;
        if (acc__rational_cmp(X, x1) <= 0) {
            accord_rational x0 = point_x(&pts[i - 1]), y0 = point_y(&pts[i - 1]), y1 = point_y(&pts[i]);
            accord_rational t = acc__rational_div(acc__rational_sub(X, x0), acc__rational_sub(x1, x0));
            return acc__rational_add(y0, acc__rational_mul(t, acc__rational_sub(y1, y0)));
        }
    }
    return point_y(&pts[n - 1]);
}

/* Party p's contributions as fractions into q (total_options), its
 * reservation into *r; false when some number has no fraction that fits. */
static bool party_fractions(const accord_model *m, size_t p, accord_rational *q, accord_rational *r)
{
    const accord_agreement *ag = m->agreement;
    const accord_preference *pr = &ag->preferences[p];
    const accord_utility_table *t = &ag->table;
    if (pr->nonlinear) /* not a sum of contributions */
        return false;
    *r = number_q(&pr->reservation);
    if (r->den <= 0)
        return false;
    accord_rational sum = {0, 1};
    for (size_t i = 0; i < ag->n_issues; i++)
        if (pr->weighted[i])
            sum = acc__rational_add(sum, number_q(&pr->weights[i]));
    if (sum.den <= 0)
        return false;
    for (size_t i = 0; i < ag->n_issues; i++) {
        const accord_issue *is = &ag->issues[i];
        accord_rational *row = q + t->offset[i];
        if (!pr->weighted[i]) {
            for (size_t o = 0; o < is->n_options; o++)
                row[o] = (accord_rational){0, 1};
            continue;
        }
        accord_rational w = number_q(&pr->weights[i]);
        if (pr->normalize)
            w = sum.num > 0 ? acc__rational_div(w, sum) : (accord_rational){0, 1};
        if (w.den <= 0)
            return false;
        const accord_valuation *va = &pr->valuations[i];
        for (size_t o = 0; o < is->n_options; o++) {
            accord_rational v = is->kind == ACCORD_ISSUE_DISCRETE
                                    ? number_q(&va->values[o])
                                    : piecewise_q(va->points, va->n_points, accord_issue_option_value(is, o));
            row[o] = acc__rational_mul(w, v);
            if (row[o].den <= 0)
                return false;
        }
    }
    return true;
}

/* Party p's fractions over one denominator; false when they do not fit, or
 * when they disagree with the floating-point table (a number whose fraction
 * was left stale by a program that built the model). */
static bool party_exact(const accord_model *m, size_t p, const accord_rational *q, accord_rational r,
                        acc__exact *e)
{
    const accord_agreement *ag = m->agreement;
    const accord_utility_table *t = &ag->table;
    size_t total = t->total_options;
    acc__i128 den = r.den;
    for (size_t o = 0; o < total; o++) {
        acc__i128 g = acc__gcd128(den, q[o].den), l;
        if (__builtin_mul_overflow(den / g, (acc__i128)q[o].den, &l))
            return false;
        den = l;
    }
    acc__i128 *row = e->num + p * total;
    const double *contrib = t->contrib + p * total;
    for (size_t o = 0; o < total; o++) {
        if (__builtin_mul_overflow((acc__i128)q[o].num, den / q[o].den, &row[o]))
            return false;
        double d = acc__rational_double(q[o]);
        if (fabs(d - contrib[o]) > 1e-9 * fmax(1, fabs(d)))
            return false;
    }
    if (__builtin_mul_overflow((acc__i128)r.num, den / r.den, &e->res[p]))
        return false;
    /* every sum of one option per issue must fit: bound the magnitudes */
    acc__i128 bound = 0, limit = ((acc__i128)1 << 120);
    for (size_t i = 0; i < ag->n_issues; i++) {
        acc__i128 big = 0;
        for (size_t o = 0; o < ag->issues[i].n_options; o++) {
            acc__i128 a = row[t->offset[i] + o];
            a = a < 0 ? -a : a;
            if (a > big)
                big = a;
        }
        if (big > limit - bound)
            return false;
        bound += big;
    }
    e->den[p] = den;
    e->cap[p] = t->cap[p];
    return true;
}

accord_status acc__exact_build(accord_model *m, acc__exact *e)
{
    accord_agreement *ag = m->agreement;
    accord_utility_table *t = &ag->table;
    acc__arena *A = acc__model_arena(m);
    size_t np = m->n_parties, total = t->total_options;
    memset(e, 0, sizeof *e);
    e->n_parties = np;
    e->total_options = total;
    e->ok = acc__arena_calloc(A, np + 1, sizeof *e->ok);
    e->cap = acc__arena_calloc(A, np + 1, sizeof *e->cap);
    e->num = acc__arena_calloc(A, np * total + 1, sizeof *e->num);
    e->den = acc__arena_calloc(A, np + 1, sizeof *e->den);
    e->res = acc__arena_calloc(A, np + 1, sizeof *e->res);
    accord_rational *q = acc__calloc(total + 1, sizeof *q);
    if (!e->ok || !e->cap || !e->num || !e->den || !e->res || !q) {
        acc__free(q);
        return ACCORD_E_NOMEM;
    }
    for (size_t p = 0; p < np; p++) {
        accord_rational r;
        e->ok[p] = party_fractions(m, p, q, &r) && party_exact(m, p, q, r, e);
        if (!e->ok[p]) {
            e->den[p] = 1;
            continue;
        }
        /* the table's doubles become the doubles of the fractions */
        for (size_t o = 0; o < total; o++)
            t->contrib[p * total + o] = acc__exact_double(e, p, e->num[p * total + o]);
        t->reservation[p] = acc__exact_double(e, p, e->res[p]);
    }
    acc__free(q);
    return ACCORD_OK;
}

const acc__exact *acc__exact_of(const accord_model *m, const accord_utility_table *t, size_t p)
{
    if (!m->agreement || t != &m->agreement->table)
        return NULL;
    const acc__exact *e = &((const acc__model_store *)m->internal_)->exact;
    return e->ok && e->ok[p] ? e : NULL;
}

char *acc__i128_text(acc__i128 v, char *buf)
{
    char tmp[48];
    size_t n = 0;
    bool neg = v < 0;
    acc__u128 m = neg ? (acc__u128)0 - (acc__u128)v : (acc__u128)v;
    do {
        tmp[n++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m);
    size_t k = 0;
    if (neg)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    buf[k] = 0;
    return buf;
}
