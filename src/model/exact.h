/*
 * exact.h - every party's utilities as exact fractions (docs/model-format.md,
 * "Exact numbers").
 *
 * The numbers of a model are decimals, so each option's contribution to a
 * party's utility is a fraction, and so is every utility.  At load the
 * contributions of party p are brought to one denominator den[p]; a utility
 * is then the whole number N = sum of the numerators (capped at den[p] under
 * GENIUS semantics) and two outcomes tie for p exactly when their N are
 * equal.  The double of a utility is a function of N alone (acc__exact_double),
 * so equal fractions give the same double wherever they were computed, and it
 * never reverses an order.  The searches run in floating point and decide the
 * final comparisons (frontier, reservations, ties) from N.
 *
 * A party whose fractions do not fit (128-bit numerators; a number of more
 * than 18 significant digits) has ok[p] false and keeps the floating-point
 * sum.  Only the model's own table is exact; a table of sampled values
 * (robust) is not.
 */
#ifndef ACCORD_EXACT_H
#define ACCORD_EXACT_H

#include "../core/internal.h"

#include <string.h>

/* Utility margin of the sound pruning bounds: a partial outcome is dropped
 * only when even its best completion misses a reservation by more than this,
 * far above the rounding error of a sum of doubles; complete outcomes are
 * then decided exactly. */
#define ACC_BOUND_EPS 1e-9

__extension__ typedef unsigned __int128 acc__u128;

typedef struct acc__exact {
    size_t n_parties, total_options;
    bool *ok;        /* n_parties */
    acc__i128 *num;  /* n_parties * total_options, as the table's contrib */
    acc__i128 *den;  /* n_parties */
    acc__i128 *res;  /* n_parties: the reservation times den */
    bool *cap;       /* n_parties: N is capped at den (utility at most 1) */
} acc__exact;

/* The exact form of `t` when it is the model's own table and party p is
 * exact, else NULL. */
const acc__exact *acc__exact_of(const accord_model *m, const accord_utility_table *t, size_t p);

/* N of an outcome for party p (capped).  O(n_issues). */
static inline acc__i128 acc__exact_sum(const acc__exact *e, size_t p, const size_t *offset,
                                       size_t n_issues, const uint32_t *terms)
{
    const acc__i128 *row = e->num + p * e->total_options;
    acc__i128 n = 0;
    for (size_t i = 0; i < n_issues; i++)
        n += row[offset[i] + terms[i]];
    return e->cap[p] && n > e->den[p] ? e->den[p] : n;
}

/* The double of N / den[p]: correctly rounded when both are below 2^53,
 * within an ulp otherwise (the quotient in long double first); a function
 * of N that never decreases as N grows. */
static inline double acc__exact_ratio(acc__i128 n, acc__i128 d)
{
    const acc__i128 big = (acc__i128)1 << 53;
    if (d < big && n < big && n > -big)
        return (double)n / (double)d;
    return (double)((long double)n / (long double)d);
}

static inline double acc__exact_double(const acc__exact *e, size_t p, acc__i128 n)
{
    return acc__exact_ratio(n, e->den[p]);
}

/* A key that orders like the double d (for a party without fractions,
 * compared alongside fractions' numerators): its bits as an integer,
 * negatives mirrored. */
static inline acc__i128 acc__double_key(double d)
{
    int64_t bits;
    d += 0.0; /* no -0 */
    memcpy(&bits, &d, sizeof bits);
    return bits < 0 ? -(acc__i128)(bits & INT64_MAX) : (acc__i128)bits;
}

/* Party p's key for an outcome: N when p has fractions (e = acc__exact_of),
 * else the double key of the capped floating-point utility u. */
static inline acc__i128 acc__utility_key(const acc__exact *e, size_t p, const size_t *offset,
                                         size_t n_issues, const uint32_t *terms, double u)
{
    return e ? acc__exact_sum(e, p, offset, n_issues, terms) : acc__double_key(u);
}

/* Does an outcome's utility for p reach p's reservation?  Exactly when p
 * has fractions (e = acc__exact_of), else on the floating-point sum u
 * (capped here) against `reservation`. */
static inline bool acc__reaches_reservation(const acc__exact *e, size_t p, const size_t *offset,
                                            size_t n_issues, const uint32_t *terms, double u,
                                            bool cap, double reservation)
{
    if (e)
        return acc__exact_sum(e, p, offset, n_issues, terms) >= e->res[p];
    return (cap && u > 1 ? 1 : u) >= reservation;
}

/* v in decimal into buf (at least 41 bytes); returns buf. */
char *acc__i128_text(acc__i128 v, char *buf);

/* Build m's exact table from the numbers' fractions (model.c calls it at
 * the end of acc__agreement_finish).  O(n_parties * total_options). */
accord_status acc__exact_build(accord_model *m, acc__exact *out);

#endif
