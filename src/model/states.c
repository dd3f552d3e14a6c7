/*
 * states.c - the state space of a graph model: feasible states and every
 * party's preference level per state (docs/contract.md §2).
 */
#include "model.h"
#include "expr.h"

#include <stdlib.h>
#include <string.h>


bool acc__condition_matches(const accord_condition *c, uint64_t s)
{
    if (c->is_pattern)
        return (s & c->mask) == c->bits;
    return accord_expr_eval_state(c->expr, s);
}

static bool feasible(const accord_conflict *cf, uint64_t s, const uint64_t *excl,
                     const uint64_t *alo)
{
    for (size_t g = 0; g < cf->n_exclusive; g++)
        if (acc__popcount64(s & excl[g]) > 1)
            return false;
    for (size_t g = 0; g < cf->n_at_least_one; g++)
        if (!(s & alo[g]))
            return false;
    for (size_t i = 0; i < cf->n_infeasible; i++)
        if (acc__condition_matches(&cf->infeasible[i], s))
            return false;
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Levels from priority statements: statement j of k weighs 2^(k-j)
 * (Fang, Hipel, Kilgour & Peng 2003, option prioritization); equal scores tie. */

/* Add w to score[i] for every state i where statement e holds.  A statement
 * mentioning at most 16 options is evaluated once per combination of them
 * (a truth table) and then looked up per state: O(2^v |e| + S v) instead of
 * O(S |e|) (evaluating every statement on every state was two thirds of
 * loading 2^22 states).  Errors: ACCORD_E_NOMEM. */
static accord_status add_statement(const accord_conflict *cf, const accord_expr *e, uint64_t w, uint64_t *score)
{
    uint32_t vars[ACC_EXPR_MAX_NODES];
    size_t nv = acc__expr_vars(e, vars, ACC_EXPR_MAX_NODES), S = cf->n_states;
    if (nv > 16) {
        for (size_t i = 0; i < S; i++)
            if (accord_expr_eval_state(e, acc__state_code(cf, i)))
                score[i] += w;
        return ACCORD_OK;
    }
    size_t n = (size_t)1 << nv;
    unsigned char *table = acc__malloc(n);
    if (!table)
        return ACCORD_E_NOMEM;
    for (size_t c = 0; c < n; c++) {
        uint64_t code = 0;
        for (size_t t = 0; t < nv; t++)
            code |= (uint64_t)((c >> t) & 1) << vars[t];
        table[c] = accord_expr_eval_state(e, code);
    }
    /* two threads pay off from 2^20 states (measured loads: 2^18 states
     * 11-18 ms on either, 2^20 45-47 ms on two against 56 ms on one) */
    long ns = (long)S;
#pragma omp parallel for schedule(static) if (ns >= (1L << 20))
    for (long i = 0; i < ns; i++) {
        uint64_t x = acc__state_code(cf, i);
        size_t c = 0;
        for (size_t t = 0; t < nv; t++)
            c |= (size_t)((x >> vars[t]) & 1) << t;
        if (table[c])
            score[i] += w;
    }
    acc__free(table);
    return ACCORD_OK;
}

static accord_status levels_from_priorities(const accord_conflict *cf,
                                            const accord_conflict_preference *pr, uint32_t *lv,
                                            uint32_t *n_levels)
{
    size_t S = cf->n_states, k = pr->n_priorities;
    bool bitmap = k <= 26 && ((size_t)1 << k) / 8 <= (S * 8 > ((size_t)1 << 20) ? S * 8 : ((size_t)1 << 20));
    uint64_t *score = acc__calloc(S ? S : 1, sizeof *score);
    uint64_t *uniq = bitmap ? NULL : acc__calloc(S ? S : 1, sizeof *uniq);
    if (!score || (!bitmap && !uniq)) {
        acc__free(score);
        acc__free(uniq);
        return ACCORD_E_NOMEM;
    }
    for (size_t j = 0; j < k; j++)
        if (add_statement(cf, pr->priorities[j].expr, (uint64_t)1 << (k - 1 - j), score)) {
            acc__free(score);
            acc__free(uniq);
            return ACCORD_E_NOMEM;
        }
    for (size_t i = 0; uniq && i < S; i++)
        uniq[i] = score[i];
    size_t nu = 0;
    if (bitmap) {
        /* the dense ranks from a bitmap of the scores present and its
         * prefix counts: O(S + 2^k / 64), no sort (at 2^24 states the
         * sort was 41% of the load) */
        size_t words = (((size_t)1 << k) >> 6) + 1;
        uint64_t *bits = acc__calloc(words, sizeof *bits);
        uint32_t *cum = acc__calloc(words, sizeof *cum);
        if (!bits || !cum) {
            acc__free(bits);
            acc__free(cum);
            acc__free(score);
            acc__free(uniq);
            return ACCORD_E_NOMEM;
        }
        for (size_t i = 0; i < S; i++)
            bits[score[i] >> 6] |= (uint64_t)1 << (score[i] & 63);
        uint32_t c = 0;
        for (size_t w = 0; w < words; w++) {
            cum[w] = c;
            c += (uint32_t)acc__popcount64(bits[w]);
        }
        nu = c;
        for (size_t i = 0; i < S; i++) {
            uint64_t sc = score[i];
            lv[i] = cum[sc >> 6] + (uint32_t)acc__popcount64(bits[sc >> 6] & (((uint64_t)1 << (sc & 63)) - 1));
        }
        acc__free(bits);
        acc__free(cum);
    } else {
        qsort(uniq, S, sizeof *uniq, cmp_u64);
        for (size_t i = 0; i < S; i++)
            if (nu == 0 || uniq[nu - 1] != uniq[i])
                uniq[nu++] = uniq[i];
        for (size_t i = 0; i < S; i++) {
            /* binary search: the dense rank of the score */
            size_t lo = 0, hi = nu;
            while (lo + 1 < hi) {
                size_t mid = (lo + hi) / 2;
                if (uniq[mid] <= score[i])
                    lo = mid;
                else
                    hi = mid;
            }
            lv[i] = (uint32_t)lo;
        }
    }
    *n_levels = (uint32_t)nu;
    acc__free(score);
    acc__free(uniq);
    return ACCORD_OK;
}

/* Levels from an explicit ranking: every feasible state in exactly one tier. */
static accord_status levels_from_ranking(const accord_conflict *cf, const char *who,
                                         const accord_conflict_preference *pr, uint32_t *lv,
                                         uint32_t *n_levels, const char *file,
                                         accord_diagnostics *diag)
{
    size_t S = cf->n_states, T = pr->n_tiers;
    /* tier index + 1 of the first match; 0 = not yet covered */
    uint32_t *first = acc__calloc(S ? S : 1, sizeof *first);
    if (!first)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    char pat[70];
    size_t doubled = 0;
    for (size_t t = 0; t < T; t++) {
        const accord_rank_tier *tier = &pr->tiers[t];
        for (size_t e = 0; e < tier->n; e++) {
            const accord_condition *c = &tier->members[e];
            size_t matched = 0;
            for (size_t i = 0; i < S; i++) {
                if (!acc__condition_matches(c, acc__state_code(cf, i)))
                    continue;
                matched++;
                if (first[i]) {
                    if (doubled++ < 10) {
                        accord_conflict_state_pattern(cf, acc__state_code(cf, i), false, pat, sizeof pat);
                        const accord_condition *prev = NULL;
                        /* find the earlier entry for the message */
                        for (size_t t2 = 0; t2 <= t && !prev; t2++)
                            for (size_t e2 = 0; e2 < pr->tiers[t2].n && !prev; e2++) {
                                const accord_condition *c2 = &pr->tiers[t2].members[e2];
                                if (c2 != c && acc__condition_matches(c2, acc__state_code(cf, i)))
                                    prev = c2;
                            }
                        acc__diag(diag, ACCORD_ERROR, file, c->loc.line, c->loc.col,
                                  "party %s ranks state %zu (%s) twice: \"%s\" matches it, and "
                                  "so does \"%s\" at line %d; each feasible state must appear "
                                  "exactly once",
                                  who, i + 1, pat, c->text, prev ? prev->text : "?",
                                  prev ? prev->loc.line : 0);
                    }
                    rc = ACCORD_E_INVALID;
                    continue;
                }
                first[i] = (uint32_t)t + 1;
                lv[i] = (uint32_t)(T - 1 - t);
            }
            if (matched == 0)
                acc__diag(diag, ACCORD_WARNING, file, c->loc.line, c->loc.col,
                          "\"%s\" in party %s's ranking matches no feasible state", c->text,
                          who);
        }
    }
    size_t missing = 0;
    acc__str list = {0};
    for (size_t i = 0; i < S; i++) {
        if (first[i])
            continue;
        if (missing < 10) {
            accord_conflict_state_pattern(cf, acc__state_code(cf, i), false, pat, sizeof pat);
            acc__str_printf(&list, "%s%zu (%s)", missing ? ", " : "", i + 1, pat);
        }
        missing++;
    }
    if (missing) {
        char *names = acc__str_take(&list);
        acc__diag(diag, ACCORD_ERROR, file, pr->loc.line, pr->loc.col,
                  "party %s's ranking leaves out %zu feasible state%s: %s%s; every feasible "
                  "state must appear exactly once",
                  who, missing, missing == 1 ? "" : "s", names ? names : "",
                  missing > 10 ? ", ..." : "");
        acc__free(names);
        rc = ACCORD_E_INVALID;
    }
    acc__str_free(&list);
    if (doubled > 10)
        acc__diag(diag, ACCORD_ERROR, file, pr->loc.line, pr->loc.col,
                  "party %s's ranking has %zu more doubled states", who, doubled - 10);
    *n_levels = (uint32_t)T;
    acc__free(first);
    return rc;
}

accord_status acc__conflict_levels(const accord_model *m, size_t p,
                                   const accord_conflict_preference *pr, uint32_t *lv,
                                   uint32_t *n_levels, const char *file, accord_diagnostics *diag)
{
    if (pr->kind == ACCORD_PREF_PRIORITIES)
        return levels_from_priorities(m->conflict, pr, lv, n_levels);
    const char *who = m->parties[p].id;
    char *named = NULL;
    if (pr != &m->conflict->preferences[p])
        for (size_t a = 0; a < m->conflict->preferences[p].n_alternatives; a++)
            if (pr == &m->conflict->preferences[p].alternatives[a].order) {
                acc__str s = {0};
                acc__str_printf(&s, "%s (alternative \"%s\")", who,
                                m->conflict->preferences[p].alternatives[a].name);
                if (!(named = acc__str_take(&s)))
                    return ACCORD_E_NOMEM;
                who = named;
            }
    accord_status rc = levels_from_ranking(m->conflict, who, pr, lv, n_levels, file, diag);
    acc__free(named);
    return rc;
}

/* Party p's alternative orders are checked as its order is (a ranking
 * holds every feasible state once), into a scratch array. */
static accord_status check_alternatives(const accord_model *m, size_t p, const char *file,
                                        accord_diagnostics *diag)
{
    const accord_conflict_preference *pr = &m->conflict->preferences[p];
    if (!pr->n_alternatives)
        return ACCORD_OK;
    uint32_t *lv = acc__calloc(m->conflict->n_states, sizeof *lv), n;
    if (!lv)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    for (size_t a = 0; a < pr->n_alternatives && rc != ACCORD_E_NOMEM; a++) {
        accord_status r = acc__conflict_levels(m, p, &pr->alternatives[a].order, lv, &n, file, diag);
        if (r && rc != ACCORD_E_NOMEM)
            rc = r;
    }
    acc__free(lv);
    return rc;
}

/* The levels, computed in 4 bytes each, in the fewest bytes that hold the
 * largest.  Errors: ACCORD_E_NOMEM.  O(P * |S|). */
static accord_status narrow_levels(accord_conflict *cf, size_t np)
{
    uint32_t top = 0;
    for (size_t p = 0; p < np; p++)
        if (cf->n_levels[p] > top + 1)
            top = cf->n_levels[p] - 1;
    unsigned bytes = acc__narrow_bytes(top);
    if (bytes == 4)
        return ACCORD_OK;
    size_t N = np * cf->n_states;
    void *narrow = acc__malloc(N * bytes + 1);
    if (!narrow)
        return ACCORD_E_NOMEM;
    const uint32_t *wide = cf->level_;
    for (size_t k = 0; k < N; k++)
        acc__narrow_put(narrow, bytes, k, wide[k]);
    acc__free(cf->level_);
    cf->level_ = narrow;
    cf->level_bytes_ = bytes;
    return ACCORD_OK;
}

accord_status acc__conflict_finish(accord_model *m, const accord_load_options *opts,
                                   const char *file, accord_diagnostics *diag)
{
    accord_conflict *cf = m->conflict;
    size_t n = cf->n_options;
    uint64_t max_states = opts && opts->max_states ? opts->max_states : ACCORD_DEFAULT_MAX_STATES;
    accord_status rc = ACCORD_OK;
    uint64_t *excl = NULL, *alo = NULL;

    /* Refuse up front what cannot be enumerated: 2^n candidates are scanned. */
    if (n > 40 || ((uint64_t)1 << n) > 32 * max_states) {
        acc__diag(diag, ACCORD_ERROR, file, 0, 0,
                  "the conflict has %zu options, so 2^%zu candidate states; accord scans at most "
                  "32 x accord_load_options.max_states (%llu) candidates (raise the limit: "
                  "accord_load_options.max_states)",
                  n, n, (unsigned long long)(32 * max_states));
        return ACCORD_E_LIMIT;
    }
    excl = acc__calloc(cf->n_exclusive + 1, sizeof *excl);
    alo = acc__calloc(cf->n_at_least_one + 1, sizeof *alo);
    if (!excl || !alo) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t g = 0; g < cf->n_exclusive; g++)
        for (size_t k = 0; k < cf->exclusive[g].n; k++)
            excl[g] |= (uint64_t)1 << cf->exclusive[g].options[k];
    for (size_t g = 0; g < cf->n_at_least_one; g++)
        for (size_t k = 0; k < cf->at_least_one[g].n; k++)
            alo[g] |= (uint64_t)1 << cf->at_least_one[g].options[k];

    /* Counted first: when every code is feasible, state k is code k and no
     * code is stored; else the codes, ascending, in 4 bytes each when they
     * fit. */
    uint64_t total = (uint64_t)1 << n;
    bool all = !cf->n_exclusive && !cf->n_at_least_one && !cf->n_infeasible;
    if (all) /* nothing constrained: every code */
        cf->n_states = total <= max_states ? total : max_states + 1;
    for (uint64_t s = 0; !all && s < total && cf->n_states <= max_states; s++)
        cf->n_states += feasible(cf, s, excl, alo);
    if (cf->n_states > max_states) {
        acc__diag(diag, ACCORD_ERROR, file, 0, 0,
                  "the conflict has more than %llu feasible states (limit accord_load_options.max_states %llu); "
                  "%zu options give up to 2^%zu",
                  (unsigned long long)max_states, (unsigned long long)max_states, n, n);
        rc = ACCORD_E_LIMIT;
        goto out;
    }
    if (cf->n_states && cf->n_states < total) {
        unsigned bytes = n <= 32 ? 4 : 8;
        void *codes = acc__malloc(cf->n_states * bytes);
        if (!codes) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        cf->states_ = codes;
        cf->state_bytes_ = bytes;
        size_t k = 0;
        for (uint64_t s = 0; s < total; s++)
            if (feasible(cf, s, excl, alo)) {
                if (bytes == 4)
                    ((uint32_t *)codes)[k++] = (uint32_t)s;
                else
                    ((uint64_t *)codes)[k++] = s;
            }
    }
    if (cf->n_states == 0) {
        acc__diag(diag, ACCORD_ERROR, file, 0, 0,
                  "the conflict has no feasible state: the infeasible, exclusive and "
                  "at_least_one entries rule out all %llu combinations of options",
                  (unsigned long long)total);
        rc = ACCORD_E_INVALID;
        goto out;
    }
    if (cf->has_status_quo) {
        long hit = accord_conflict_state_index(cf, cf->status_quo);
        if (hit < 0) {
            acc__diag(diag, ACCORD_ERROR, file, cf->status_quo_loc.line, cf->status_quo_loc.col,
                      "the status quo is not a feasible state (it matches an infeasible, "
                      "exclusive or at_least_one entry)");
            rc = ACCORD_E_INVALID;
            goto out;
        }
        cf->status_quo_index = (size_t)hit;
    }
    for (size_t k = 0; k < cf->n_named; k++) {
        const accord_condition *c = &cf->named[k].condition;
        size_t hits = 0;
        for (size_t i = 0; i < cf->n_states && !hits; i++)
            hits += acc__condition_matches(c, acc__state_code(cf, i));
        if (!hits) {
            acc__diag(diag, ACCORD_ERROR, file, c->loc.line, c->loc.col,
                      "named state \"%s\" (\"%s\") matches no feasible state", cf->named[k].name,
                      c->text);
            rc = ACCORD_E_INVALID;
        }
    }
    if (rc)
        goto out;
    size_t np = m->n_parties;
    int ok = 1;
    acc__mul(acc__mul(np, cf->n_states, &ok), sizeof(uint32_t), &ok);
    /* computed in 4 bytes each, then narrowed */
    uint32_t *level = ok ? acc__calloc(np * cf->n_states, sizeof *level) : NULL;
    cf->level_ = level;
    cf->level_bytes_ = 4;
    cf->n_levels = acc__arena_calloc(acc__model_arena(m), np ? np : 1, sizeof *cf->n_levels);
    if (!level || !cf->n_levels) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t p = 0; p < np; p++) {
        const accord_conflict_preference *pr = &cf->preferences[p];
        accord_status r = acc__conflict_levels(m, p, pr, level + p * cf->n_states,
                                               &cf->n_levels[p], file, diag);
        if (r == ACCORD_E_NOMEM) {
            rc = r;
            goto out;
        }
        if (r && !rc)
            rc = r;
        if ((r = check_alternatives(m, p, file, diag)) == ACCORD_E_NOMEM) {
            rc = r;
            goto out;
        }
        if (r && !rc)
            rc = r;
    }
    if (!rc)
        rc = narrow_levels(cf, np);
out:
    acc__free(excl);
    acc__free(alo);
    return rc;
}

uint64_t accord_conflict_state_code(const accord_conflict *cf, size_t k)
{
    return acc__state_code(cf, k);
}

uint32_t accord_conflict_level(const accord_conflict *cf, size_t p, size_t k)
{
    return acc__level(cf, p, k);
}

long accord_conflict_state_index(const accord_conflict *cf, uint64_t code)
{
    if (cf->state_bytes_ == 0)
        return code < cf->n_states ? (long)code : -1;
    size_t lo = 0, hi = cf->n_states;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (acc__state_code(cf, mid) < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < cf->n_states && acc__state_code(cf, lo) == code ? (long)lo : -1;
}

const char *accord_conflict_state_pattern(const accord_conflict *cf, uint64_t code, bool spaced,
                                          char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    size_t j = 0;
    for (size_t k = 0; k < cf->n_options && j + 1 < size; k++) {
        if (spaced && k && cf->options[k].party != cf->options[k - 1].party) {
            buf[j++] = ' ';
            if (j + 1 >= size)
                break;
        }
        buf[j++] = (code >> k) & 1 ? 'Y' : 'N';
    }
    buf[j] = '\0';
    return buf;
}

accord_status acc__conflict_variant_init(acc__conflict_variant *v, const accord_conflict *base,
                                         size_t n_parties, unsigned own)
{
    size_t S = base->n_states, P = n_parties;
    memset(v, 0, sizeof *v);
    v->cf = *base;
    if (own & ACC_VARIANT_OPTIONS) {
        if (!(v->options = acc__malloc((base->n_options + 1) * sizeof *v->options)))
            goto fail;
        memcpy(v->options, base->options, base->n_options * sizeof *v->options);
        v->cf.options = v->options;
    }
    if (own & ACC_VARIANT_LEVELS) {
        v->level = acc__malloc((P * S + 1) * sizeof *v->level);
        v->n_levels = acc__malloc((P + 1) * sizeof *v->n_levels);
        if (!v->level || !v->n_levels)
            goto fail;
        for (size_t p = 0; p < P; p++)
            for (size_t k = 0; k < S; k++)
                v->level[p * S + k] = acc__level(base, p, k);
        memcpy(v->n_levels, base->n_levels, P * sizeof *v->n_levels);
        v->cf.level_ = v->level;
        v->cf.level_bytes_ = 4;
        v->cf.n_levels = v->n_levels;
    }
    return ACCORD_OK;
fail:
    acc__conflict_variant_free(v);
    return ACCORD_E_NOMEM;
}

void acc__conflict_variant_free(acc__conflict_variant *v)
{
    acc__free(v->options);
    acc__free(v->level);
    acc__free(v->n_levels);
    acc__free(v->states);
    memset(v, 0, sizeof *v);
}
