/*
 * geniusweb_profile.c - a GeniusWeb LinearAdditiveUtilitySpace profile as a
 * party's preferences (the files and the domain are read in geniusweb.c).
 *
 * Each rule cites the GeniusWeb class it follows (docs/geniusweb.md):
 *  - issueWeights and issueUtilities name exactly the domain's issues and
 *    the weights sum to exactly 1 (LinearAdditiveUtilitySpace's constructor);
 *    accord also wants every weight in [0, 1];
 *  - discreteutils.valueUtilities gives every value of the domain, and no
 *    other, a utility in [0, 1] (DiscreteValueSetUtilities);
 *  - numberutils is the line through (lowValue, lowUtility) and (highValue,
 *    highUtility), highValue > lowValue, utilities in [0, 1], whose ends are
 *    the range's low and high (NumberValueSetUtilities, getUtility and
 *    isFitting): an integer issue gets it as two piecewise-linear points, a
 *    listed range its value at each option, both exactly;
 *  - the reservation is u(reservationBid) = sum of weight * utility over the
 *    issues the bid names (LinearAdditiveUtilitySpace.getUtility, which
 *    counts a missing issue as 0; Domain.isFitting allows a partial bid);
 *    0 without a reservationBid ("any agreement is better than no
 *    agreement").
 */
#include "geniusweb.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The utility at x of the line through points a and b, as a double and
 * exactly (den 0 when a fraction does not fit). */
static void line_at(const accord_point *a, const accord_point *b, accord_rational x, double *y,
                    accord_rational *yq)
{
    *yq = acc__rational_add(a->yq, acc__rational_div(acc__rational_mul(acc__rational_sub(b->yq, a->yq),
                                                                       acc__rational_sub(x, a->xq)),
                                                     acc__rational_sub(b->xq, a->xq)));
    double xd = acc__rational_double(x);
    *y = yq->den > 0 ? acc__rational_double(*yq) : a->y + (b->y - a->y) * (xd - a->x) / (b->x - a->x);
}

static void set_number(accord_number *n, double v, accord_rational q)
{
    n->value = n->low = n->high = v;
    n->exact = q;
    n->source = ACC_GW_SOURCE;
}

static void read_weight(acc__gw_ctx *c, const acc__gw_file *f, accord_preference *pr, size_t i,
                        json_t *weights)
{
    const char *name = c->issues[i].name;
    json_t *w = json_object_get(weights, name);
    acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, "issueWeights", w ? name : NULL);
    double d;
    accord_rational q;
    if (!w) {
        acc__gw_error(c, f, &at,
                      "no weight for issue \"%s\"; issueWeights needs one for every issue of the domain",
                      name);
        return;
    }
    if (!acc__gw_number(w, &d, &q)) {
        acc__gw_error(c, f, &at, "the weight of issue \"%s\" must be a number, found %s", name,
                      acc__gw_kind_name(w));
        return;
    }
    if (d < 0 || d > 1) {
        acc__gw_error(c, f, &at, "the weight %g of issue \"%s\" is outside [0, 1]", d, name);
        return;
    }
    set_number(&pr->weights[i], d, q);
    pr->weighted[i] = true;
}

/* obj[key], a number (in [0, 1] when `unit`); false, with an error about
 * `what` and then `hint`, otherwise. */
static bool get_number(acc__gw_ctx *c, const acc__gw_file *f, acc__gw_path at, json_t *obj, const char *key,
                       bool unit, const char *what, const char *hint, double *d, accord_rational *q)
{
    json_t *v = json_object_get(obj, key);
    if (v)
        at = acc__gw_plus(at, key);
    if (!v)
        acc__gw_error(c, f, &at, "%s is missing; %s", what, hint);
    else if (!acc__gw_number(v, d, q))
        acc__gw_error(c, f, &at, "%s must be a number, found %s", what, acc__gw_kind_name(v));
    else if (unit && !(*d >= 0 && *d <= 1))
        acc__gw_error(c, f, &at, "%s is %g; a utility must lie in [0, 1]", what, *d);
    else
        return true;
    return false;
}

/* DiscreteValueSetUtilities: a utility in [0, 1] for exactly the domain's values. */
static void read_discrete(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_issue *gi,
                          const accord_issue *is, accord_valuation *va, json_t *du)
{
    acc__gw_path at = acc__gw_plus(acc__gw_path3(ACC_GW_LAUS, "issueUtilities", gi->name), "discreteutils");
    json_t *vu = json_object_get(du, "valueUtilities");
    if (json_is_object(du))
        acc__gw_check_keys(c, f, at, du, (const char *const[]){"valueUtilities", NULL}, "discreteutils");
    at = acc__gw_plus(at, "valueUtilities");
    if (!json_is_object(vu)) {
        acc__gw_error(c, f, &at,
                      "the utilities of issue \"%s\" must be {\"valueUtilities\": {value: utility}}",
                      gi->name);
        return;
    }
    va->values = acc__arena_calloc(acc__model_arena(c->m), is->n_options, sizeof *va->values);
    if (!va->values) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    char what[300];
    for (size_t k = 0; k < is->n_options; k++) {
        snprintf(what, sizeof what, "the utility of value \"%.120s\" of issue \"%.120s\"", is->options[k].id,
                 gi->name);
        double d;
        accord_rational q;
        if (get_number(c, f, at, vu, is->options[k].id, true, what,
                       "valueUtilities needs a utility in [0, 1] for every value of the domain", &d, &q))
            set_number(&va->values[k], d, q);
    }
    const char *key;
    json_t *v;
    json_object_foreach(vu, key, v)
    {
        if (json_object_get(gi->index, key))
            continue;
        acc__gw_path kat = acc__gw_key(at, key);
        acc__gw_error(c, f, &kat, "\"%s\" is not a value of issue \"%s\" in the domain", key, gi->name);
    }
}

/* NumberValueSetUtilities: the line through (lowValue, lowUtility) and
 * (highValue, highUtility), whose ends are the range's (isFitting). */
static void read_numbers(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_issue *gi,
                         const accord_issue *is, accord_valuation *va, json_t *nu)
{
    static const char *const keys[] = {"lowValue", "lowUtility", "highValue", "highUtility", NULL};
    acc__gw_path at = acc__gw_plus(acc__gw_path3(ACC_GW_LAUS, "issueUtilities", gi->name), "numberutils");
    if (!json_is_object(nu)) {
        acc__gw_error(c, f, &at,
                      "numberutils of issue \"%s\" must be {\"lowValue\", \"lowUtility\", \"highValue\", "
                      "\"highUtility\"}",
                      gi->name);
        return;
    }
    acc__gw_check_keys(c, f, at, nu, keys, "numberutils");
    double d[4];
    accord_rational q[4];
    bool ok = true;
    char what[300];
    for (int k = 0; k < 4; k++) {
        snprintf(what, sizeof what, "%s of issue \"%.200s\"", keys[k], gi->name);
        ok &= get_number(c, f, at, nu, keys[k], k % 2 == 1, what,
                         "numberutils needs lowValue, lowUtility, highValue and highUtility", &d[k], &q[k]);
    }
    if (!ok)
        return;
    if (q[0].den > 0 && q[2].den > 0 ? acc__rational_cmp(q[2], q[0]) <= 0 : d[2] <= d[0]) {
        acc__gw_path kat = acc__gw_plus(at, "highValue");
        acc__gw_error(c, f, &kat, "highValue %g of issue \"%s\" must be above lowValue %g", d[2], gi->name,
                      d[0]);
        return;
    }
    const accord_rational *ends[2] = {&gi->low, &gi->high};
    for (int e = 0; e < 2; e++)
        if (q[2 * e].den <= 0 || acc__rational_cmp(q[2 * e], *ends[e]) != 0) {
            acc__gw_path kat = acc__gw_plus(at, keys[2 * e]);
            acc__gw_error(c, f, &kat, "%s is %g but the range of issue \"%s\" %s at %g; they must be equal",
                          keys[2 * e], d[2 * e], gi->name, e ? "ends" : "starts",
                          acc__rational_double(*ends[e]));
            ok = false;
        }
    if (!ok)
        return;
    accord_point a = {d[0], d[1], q[0], q[1]}, b = {d[2], d[3], q[2], q[3]};
    acc__arena *A = acc__model_arena(c->m);
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        va->points = acc__arena_calloc(A, 2, sizeof *va->points);
        if (!va->points) {
            acc__gw_fail(c, ACCORD_E_NOMEM);
            return;
        }
        va->points[0] = a;
        va->points[1] = b;
        va->n_points = 2;
        return;
    }
    va->values = acc__arena_calloc(A, is->n_options, sizeof *va->values);
    if (!va->values) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    for (size_t k = 0; k < is->n_options; k++) {
        double y;
        accord_rational yq;
        line_at(&a, &b, acc__gw_range_value(gi, k), &y, &yq);
        set_number(&va->values[k], y, yq);
    }
}

static void read_issue_utilities(acc__gw_ctx *c, const acc__gw_file *f, size_t p, size_t i, json_t *utils)
{
    const acc__gw_issue *gi = &c->issues[i];
    const accord_issue *is = &c->m->agreement->issues[i];
    accord_valuation *va = &c->m->agreement->preferences[p].valuations[i];
    json_t *u = json_object_get(utils, gi->name);
    acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, "issueUtilities", u ? gi->name : NULL);
    const char *want = gi->values ? "discreteutils" : "numberutils";
    json_t *body = json_object_get(u, want);
    if (!u) {
        acc__gw_error(
            c, f, &at,
            "no utilities for issue \"%s\"; issueUtilities needs them for every issue of the domain",
            gi->name);
    } else if (!json_is_object(u) || json_object_size(u) != 1 || !body) {
        acc__gw_error(c, f, &at, "the utilities of %s issue \"%s\" must be {\"%s\": {...}}",
                      gi->values ? "discrete" : "number", gi->name, want);
    } else if (gi->values) {
        read_discrete(c, f, gi, is, va, body);
    } else {
        read_numbers(c, f, gi, is, va, body);
    }
}

/* The weights must sum to 1 exactly (LinearAdditiveUtilitySpace). */
static void check_weight_sum(acc__gw_ctx *c, const acc__gw_file *f, const accord_preference *pr)
{
    accord_rational q = {0, 1};
    double s = 0;
    for (size_t i = 0; i < c->n_issues; i++) {
        if (!pr->weighted[i])
            return; /* reported already */
        q = acc__rational_add(q, pr->weights[i].exact);
        s += pr->weights[i].value;
    }
    if (q.den > 0 ? q.num == q.den : fabs(s - 1) <= 1e-12)
        return;
    acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, "issueWeights", NULL);
    acc__gw_error(c, f, &at, "the weights sum to %.15g; GeniusWeb requires them to sum to exactly 1",
                  q.den > 0 ? acc__rational_double(q) : s);
}

/* The option of issue i that a bid's value names, or -1. */
static long option_of(const acc__gw_issue *gi, const json_t *v)
{
    if (gi->values) {
        json_t *k = json_is_string(v) ? json_object_get(gi->index, json_string_value(v)) : NULL;
        return k ? (long)json_integer_value(k) : -1;
    }
    double d;
    accord_rational q;
    if (!acc__gw_number(v, &d, &q) || q.den <= 0)
        return -1;
    accord_rational k = acc__rational_div(acc__rational_sub(q, gi->low), gi->step);
    return k.den == 1 && k.num >= 0 && (uint64_t)k.num < gi->count ? (long)k.num : -1;
}

/* A reservationBid value that issue gi does not have: the value and the
 * issue's values in the message. */
static void bad_bid_value(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_path *at,
                          const acc__gw_issue *gi, const json_t *v)
{
    acc__str s = {0};
    if (json_is_string(v))
        acc__str_printf(&s, "\"%s\"", json_string_value(v));
    else if (json_is_number(v))
        acc__str_printf(&s, "%g", json_number_value(v));
    else
        acc__str_puts(&s, acc__gw_kind_name(v));
    acc__str_puts(&s, ", which is not one of its values (");
    if (gi->values) {
        for (size_t k = 0; k < gi->count && k < 12; k++)
            acc__str_printf(&s, "%s\"%s\"", k ? ", " : "", json_string_value(json_array_get(gi->values, k)));
        acc__str_puts(&s, gi->count > 12 ? ", ...)" : ")");
    } else {
        acc__str_printf(&s, "%g to %g in steps of %g)", acc__rational_double(gi->low),
                        acc__rational_double(acc__gw_range_value(gi, gi->count - 1)),
                        acc__rational_double(gi->step));
    }
    char *text = acc__str_take(&s);
    if (!text) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    acc__gw_error(c, f, at, "reservationBid gives issue \"%s\" the value %s", gi->name, text);
    acc__free(text);
}

/* Weight times utility of option k of issue i for party p. */
static void weighted_utility(const acc__gw_ctx *c, size_t p, size_t i, size_t k, double *u,
                             accord_rational *q)
{
    const accord_preference *pr = &c->m->agreement->preferences[p];
    const accord_valuation *va = &pr->valuations[i];
    double v = 0;
    accord_rational vq = {0, 0};
    if (va->values) {
        v = va->values[k].value;
        vq = va->values[k].exact;
    } else if (va->n_points == 2) {
        line_at(&va->points[0], &va->points[1], acc__gw_range_value(&c->issues[i], k), &v, &vq);
    }
    *u = pr->weights[i].value * v;
    *q = acc__rational_mul(pr->weights[i].exact, vq);
}

/* The reservation: the utility of the reservationBid (0 without one). */
static void read_reservation(acc__gw_ctx *c, const acc__gw_file *f, size_t p, json_t *space)
{
    accord_number *r = &c->m->agreement->preferences[p].reservation;
    set_number(r, 0, (accord_rational){0, 1});
    json_t *bid = json_object_get(space, "reservationBid");
    if (!bid || json_is_null(bid)) {
        r->note = "no reservationBid: GeniusWeb takes any agreement over none";
        return;
    }
    acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, "reservationBid", NULL);
    json_t *iv = json_object_get(bid, "issuevalues");
    if (json_is_object(bid))
        acc__gw_check_keys(c, f, at, bid, (const char *const[]){"issuevalues", NULL}, "reservationBid");
    if (!json_is_object(iv)) {
        acc__gw_error(c, f, &at, "reservationBid must be {\"issuevalues\": {issue: value}}");
        return;
    }
    at = acc__gw_plus(at, "issuevalues");
    double sum = 0;
    accord_rational q = {0, 1};
    const char *key;
    json_t *v;
    json_object_foreach(iv, key, v)
    {
        size_t i = acc__hashset_get_str(&c->issue_index, key);
        if (i == SIZE_MAX)
            i = c->n_issues;
        acc__gw_path kat = acc__gw_plus(at, key);
        long k = i < c->n_issues ? option_of(&c->issues[i], v) : -1;
        kat.key = i == c->n_issues;
        if (i == c->n_issues) {
            char lead[300];
            snprintf(lead, sizeof lead, "reservationBid names issue \"%.200s\", which is not in the domain",
                     key);
            acc__gw_unknown_key(c, f, &kat, lead, key, c->issue_names, c->n_issues, "domain issues");
        } else if (k < 0) {
            bad_bid_value(c, f, &kat, &c->issues[i], v);
        } else {
            double u;
            accord_rational uq;
            weighted_utility(c, p, i, (size_t)k, &u, &uq);
            sum += u;
            q = acc__rational_add(q, uq);
        }
    }
    set_number(r, q.den > 0 ? acc__rational_double(q) : sum, q);
    r->note = "the utility of the profile's reservationBid";
}

/* Every key of issueUtilities or issueWeights must be an issue of the domain. */
static void check_issue_keys(acc__gw_ctx *c, const acc__gw_file *f, json_t *obj, const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (json_object_get(c->domain, key))
            continue;
        acc__gw_path at = acc__gw_key(acc__gw_path3(ACC_GW_LAUS, what, NULL), key);
        char lead[300];
        snprintf(lead, sizeof lead, "%s names issue \"%.200s\", which is not in the domain", what, key);
        acc__gw_unknown_key(c, f, &at, lead, key, c->issue_names, c->n_issues, "domain issues");
    }
}

static json_t *member_object(acc__gw_ctx *c, const acc__gw_file *f, json_t *space, const char *key)
{
    json_t *v = json_object_get(space, key);
    if (json_is_object(v))
        return v;
    acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, v ? key : NULL, NULL);
    acc__gw_error(c, f, &at, "the profile needs %s, an object {issue: ...}%s%s", key, v ? ", found " : "",
                  v ? acc__gw_kind_name(v) : "");
    return NULL;
}

void acc__gw_read_profile(acc__gw_ctx *c, const acc__gw_file *f, size_t p)
{
    static const char *const keys[] = {"name",   "issueUtilities", "issueWeights",
                                       "domain", "reservationBid", NULL};
    acc__arena *A = acc__model_arena(c->m);
    accord_party *party = &c->m->parties[p];
    const char *slash = strrchr(f->path, '/');
    const char *stem = slash ? slash + 1 : f->path;
    size_t len = strlen(stem);
    party->id = acc__arena_strndup(A, stem, len > 5 && !strcmp(stem + len - 5, ".json") ? len - 5 : len);
    json_t *space = json_object_get(f->root, ACC_GW_LAUS), *name = json_object_get(space, "name");
    party->name = json_is_string(name) && *json_string_value(name)
                      ? acc__arena_strdup(A, json_string_value(name))
                      : party->id;
    accord_preference *pr = &c->m->agreement->preferences[p];
    pr->normalize = false;
    pr->weights = acc__arena_calloc(A, c->n_issues, sizeof *pr->weights);
    pr->weighted = acc__arena_calloc(A, c->n_issues, sizeof *pr->weighted);
    pr->valuations = acc__arena_calloc(A, c->n_issues, sizeof *pr->valuations);
    if (!party->id || !party->name || !pr->weights || !pr->weighted || !pr->valuations) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, NULL, NULL);
    if (!json_is_object(space)) {
        acc__gw_error(c, f, &at, "\"" ACC_GW_LAUS "\" must be an object, found %s", acc__gw_kind_name(space));
        return;
    }
    acc__gw_check_keys(c, f, at, space, keys, "the profile");
    json_t *utils = member_object(c, f, space, "issueUtilities");
    json_t *weights = member_object(c, f, space, "issueWeights");
    if (!utils || !weights)
        return;
    check_issue_keys(c, f, utils, "issueUtilities");
    check_issue_keys(c, f, weights, "issueWeights");
    for (size_t i = 0; i < c->n_issues; i++) {
        read_weight(c, f, pr, i, weights);
        read_issue_utilities(c, f, p, i, utils);
    }
    check_weight_sum(c, f, pr);
    read_reservation(c, f, p, space);
}
