/*
 * claims_conflict.c - the conflict's claim questions (docs/claims.md):
 *
 *  - state: is a named state stable, who moves it and why (the first of the
 *    mover's priority statements the move changes), which one-way option or
 *    re-ranked priority would change that, and how move sequences from the
 *    status quo look to each mover;
 *  - sanctions: does the threat of the sanction options change any party's
 *    stability (the graph model against the same model with those options
 *    frozen, i.e. split into the sub-models where they keep each value), and
 *    from which rank of the sanctioned party's own sanction statements on.
 *
 * Every variant is a shallow copy of the conflict with its own levels,
 * options or states (acc__conflict_variant), analysed by
 * accord_stability_compute again.
 */
#include "claims.h"

#include <string.h>


static accord_status stability_of(const accord_model *m, const accord_conflict *cf, accord_stability **out)
{
    accord_model mm = *m;
    mm.conflict = (accord_conflict *)cf;
    accord_stability_options so;
    accord_stability_options_init(&so);
    so.threads = 1; /* variants are small; threads would only add start-up cost */
    accord_status rc = accord_stability_compute(&mm, &so, out, NULL);
    return rc == ACCORD_E_NOMEM ? rc : rc ? ACCORD_E_LIMIT : ACCORD_OK;
}

/* The conflict with party p's priorities replaced. */
static accord_status with_priorities(const accord_model *m, const accord_conflict *base, size_t p,
                                     const accord_statement *prios, size_t k, acc__conflict_variant *v)
{
    size_t S = base->n_states;
    accord_status rc = acc__conflict_variant_init(v, base, m->n_parties, ACC_VARIANT_LEVELS);
    if (rc)
        return rc;
    accord_conflict_preference pr = {.kind = ACCORD_PREF_PRIORITIES, .n_priorities = k,
                                     .priorities = (accord_statement *)prios};
    accord_model mm = *m;
    mm.conflict = (accord_conflict *)base;
    return acc__conflict_levels(&mm, p, &pr, v->level + p * S, &v->n_levels[p], NULL, NULL);
}

/* The conflict with option o's moves replaced. */
static accord_status with_moves(const accord_model *m, const accord_conflict *base, size_t o,
                                accord_moves mv, acc__conflict_variant *v)
{
    accord_status rc = acc__conflict_variant_init(v, base, m->n_parties, ACC_VARIANT_OPTIONS);
    if (!rc)
        v->options[o].moves = mv;
    return rc;
}

/* The sub-model of the states whose `mask` bits equal `bits` (states keep
 * their order; idx[j] is sub-state j's index in base). */
static accord_status subspace(const accord_model *m, const accord_conflict *base, uint64_t mask, uint64_t bits,
                              acc__conflict_variant *v, size_t *idx)
{
    size_t S = base->n_states, P = m->n_parties, n = 0;
    for (size_t i = 0; i < S; i++)
        if ((acc__state_code(base, i) & mask) == bits)
            idx[n++] = i;
    v->cf = *base;
    v->states = acc__malloc(n * sizeof *v->states + 1);
    v->level = acc__malloc(P * n * sizeof *v->level + 1);
    if (!v->states || !v->level)
        return ACCORD_E_NOMEM;
    for (size_t j = 0; j < n; j++) {
        v->states[j] = acc__state_code(base, idx[j]);
        for (size_t p = 0; p < P; p++)
            v->level[p * n + j] = acc__level(base, p, idx[j]);
    }
    v->cf.states_ = v->states;
    v->cf.state_bytes_ = 8;
    v->cf.level_ = v->level;
    v->cf.level_bytes_ = 4;
    v->cf.n_states = n;
    v->cf.has_status_quo = false;
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* states, moves and reasons                                                 */


/* Can party p move from state code x to y alone (only its options change,
 * each in a direction its `moves` allows)? */
static bool can_move(const accord_conflict *cf, size_t p, uint64_t x, uint64_t y)
{
    uint64_t d = x ^ y;
    if (!d)
        return false;
    for (size_t o = 0; o < cf->n_options; o++) {
        if (!(d >> o & 1))
            continue;
        if (cf->options[o].party != p)
            return false;
        bool on = y >> o & 1;
        if ((cf->options[o].moves == ACCORD_MOVES_FORWARD && !on) ||
            (cf->options[o].moves == ACCORD_MOVES_BACKWARD && on))
            return false;
    }
    return true;
}

/* Party p's best move from state i (highest level, then fewest changes,
 * then lowest index), or SIZE_MAX; *n_better counts its improvements. */
static size_t best_move(const accord_conflict *cf, size_t p, size_t i, size_t *n_better)
{
    size_t S = cf->n_states, best = SIZE_MAX;
    uint64_t x = acc__state_code(cf, i);
    uint32_t li = acc__level(cf, p, i), lbest = 0;
    unsigned dbest = 0;
    *n_better = 0;
    for (size_t t = 0; t < S; t++) {
        uint64_t y = acc__state_code(cf, t);
        if (!can_move(cf, p, x, y))
            continue;
        uint32_t lt = acc__level(cf, p, t);
        unsigned d = acc__popcount64(x ^ y);
        if (lt > li)
            ++*n_better;
        if (best == SIZE_MAX || lt > lbest || (lt == lbest && d < dbest)) {
            best = t;
            lbest = lt;
            dbest = d;
        }
    }
    return best;
}

/* The first of p's priority statements whose truth differs between the
 * state codes x and y, or SIZE_MAX (a ranking, or none differs). */
static size_t deciding_statement(const accord_conflict *cf, size_t p, uint64_t x, uint64_t y)
{
    const accord_conflict_preference *pr = &cf->preferences[p];
    if (pr->kind != ACCORD_PREF_PRIORITIES)
        return SIZE_MAX;
    for (size_t j = 0; j < pr->n_priorities; j++)
        if (accord_expr_eval_state(pr->priorities[j].expr, x) != accord_expr_eval_state(pr->priorities[j].expr, y))
            return j;
    return SIZE_MAX;
}

/* "+RU.accept -RU.offensive" */
static void move_text(acc__str *s, const accord_conflict *cf, uint64_t x, uint64_t y)
{
    size_t n = 0;
    for (size_t o = 0; o < cf->n_options; o++)
        if ((x ^ y) >> o & 1)
            acc__str_printf(s, "%s%c%s", n++ ? " " : "", (y >> o & 1) ? '+' : '-', cf->options[o].qualified);
}


static const char *state_text(acc__claim_ctx *c, const accord_conflict *cf, size_t i)
{
    char buf[160];
    return acc__claim_printf(c, "state %zu (%s)", i + 1,
                             accord_conflict_state_pattern(cf, acc__state_code(cf, i), true, buf, sizeof buf));
}

/* Concepts under which some state matching cond is an equilibrium (bit c). */
static unsigned named_bits(const accord_conflict *cf, const accord_stability *st, const accord_condition *cond)
{
    unsigned bits = 0;
    for (size_t i = 0; i < cf->n_states; i++)
        if (acc__condition_matches(cond, acc__state_code(cf, i)))
            for (int k = 0; k < ACCORD_N_CONCEPTS; k++)
                if (accord_stability_is_equilibrium(st, (accord_concept)k, i))
                    bits |= 1u << k;
    return bits;
}

static const char *const concept_names[ACCORD_N_CONCEPTS] = {"Nash", "GMR", "SMR", "SEQ"};

static void concepts_text(acc__str *s, unsigned bits)
{
    size_t n = 0;
    for (int k = 0; k < ACCORD_N_CONCEPTS; k++)
        if (bits >> k & 1)
            acc__str_printf(s, "%s%s", n++ ? ", " : "", concept_names[k]);
    if (!n)
        acc__str_puts(s, "no concept");
}

static const char *bits_effect(acc__claim_ctx *c, const char *name, unsigned bits)
{
    acc__str s = {0};
    if (bits)
        acc__str_printf(&s, "stable: some state matching \"%s\" is an equilibrium under ", name);
    else
        acc__str_printf(&s, "unstable: no state matching \"%s\" is an equilibrium under any concept", name);
    if (bits)
        concepts_text(&s, bits);
    const char *r = s.failed ? NULL : acc__claim_printf(c, "%s", s.data);
    if (s.failed)
        c->nomem = true;
    acc__str_free(&s);
    return r;
}

/* The matching state closest to the status quo (fewest options changed),
 * an SEQ equilibrium first; ties: the lowest index.  SIZE_MAX if none. */
static size_t representative(const accord_conflict *cf, const accord_stability *st, const accord_condition *cond)
{
    size_t best = SIZE_MAX;
    unsigned bd = 0;
    bool beq = false;
    uint64_t sq = cf->has_status_quo ? acc__state_code(cf, cf->status_quo_index) : 0;
    for (size_t i = 0; i < cf->n_states; i++) {
        if (!acc__condition_matches(cond, acc__state_code(cf, i)))
            continue;
        bool eq = accord_stability_is_equilibrium(st, ACCORD_SEQ, i);
        unsigned d = acc__popcount64(acc__state_code(cf, i) ^ sq);
        if (best == SIZE_MAX || (eq && !beq) || (eq == beq && d < bd)) {
            best = i;
            bd = d;
            beq = eq;
        }
    }
    return best;
}

/* ------------------------------------------------------------------------ */
/* state                                                                     */

/* Each party at the representative: its improvements (who moves it), or its
 * best move and the statement that makes it no better. */
static void movers(acc__claim_ctx *c, const accord_stability *st, size_t rep)
{
    const accord_model *m = c->m;
    const accord_conflict *cf = m->conflict;
    acc__str *s = &c->answer;
    size_t n_movers = 0;
    for (size_t p = 0; p < m->n_parties; p++) {
        size_t nb = 0, t = best_move(cf, p, rep, &nb);
        if (t == SIZE_MAX)
            continue;
        size_t j = deciding_statement(cf, p, acc__state_code(cf, rep), acc__state_code(cf, t));
        const char *pid = m->parties[p].id;
        if (j != SIZE_MAX)
            acc__claim_depends(c, acc__claim_printf(c, "%s priority %zu", pid, j + 1),
                               cf->preferences[p].priorities[j].text, NULL, NULL);
        if (!nb)
            continue;
        acc__str_printf(s, "%s %s can improve alone (", n_movers++ ? ";" : " Moved by:", pid);
        move_text(s, cf, acc__state_code(cf, rep), acc__state_code(cf, t));
        if (j != SIZE_MAX)
            acc__str_printf(s, ": its priority %zu \"%s\"", j + 1, cf->preferences[p].priorities[j].text);
        acc__str_puts(s, ")");
        bool sanctioned = accord_stability_is_stable(st, ACCORD_GMR, p, rep);
        if (sanctioned)
            acc__str_puts(s, ", but the move is sanctioned (stable for it under GMR)");
    }
    acc__str_puts(s, n_movers ? "." : " No party can improve on it alone.");
}

/* The verdict under a variant, or -1 when it could not be computed. */
static long variant_bits(acc__claim_ctx *c, acc__conflict_variant *v, const accord_condition *cond,
                         accord_status *rc)
{
    accord_stability *st = NULL;
    *rc = stability_of(c->m, &v->cf, &st);
    long bits = *rc ? -1 : (long)named_bits(&v->cf, st, cond);
    accord_stability_free(st);
    acc__conflict_variant_free(v);
    if (*rc == ACCORD_E_LIMIT)
        *rc = ACCORD_OK;
    return bits;
}

static accord_status moves_flips(acc__claim_ctx *c, const char *name, const accord_condition *cond, unsigned base)
{
    const accord_conflict *cf = c->m->conflict;
    static const char *const what[] = {
        "two-way (moves: both)",
        "one-way: once taken it cannot be withdrawn (moves: forward)",
        "one-way: once dropped it cannot be taken again (moves: backward)",
    };
    for (size_t o = 0; o < cf->n_options; o++) {
        for (int mv = 0; mv < 3; mv++) {
            if ((accord_moves)mv == cf->options[o].moves)
                continue;
            acc__conflict_variant v = {0};
            accord_status rc = with_moves(c->m, cf, o, (accord_moves)mv, &v);
            if (rc) {
                acc__conflict_variant_free(&v);
                return rc;
            }
            long bits = variant_bits(c, &v, cond, &rc);
            if (rc)
                return rc;
            if (bits >= 0 && (unsigned)bits != base)
                acc__claim_flip(c, "moves", acc__claim_printf(c, "%s %s", cf->options[o].qualified, what[mv]),
                                bits_effect(c, name, (unsigned)bits));
        }
    }
    return ACCORD_OK;
}

/* Party p's priorities with statement j dropped (swap < 0) or moved one
 * place down (swap >= 0). */
static accord_status reranked(acc__claim_ctx *c, size_t p, size_t j, bool drop, const char *name,
                              const accord_condition *cond, unsigned base)
{
    const accord_conflict *cf = c->m->conflict;
    const accord_conflict_preference *pr = &cf->preferences[p];
    size_t k = pr->n_priorities;
    accord_statement *order = acc__malloc(k * sizeof *order + 1);
    if (!order)
        return ACCORD_E_NOMEM;
    size_t n = 0;
    for (size_t x = 0; x < k; x++) {
        if (drop && x == j)
            continue;
        order[n++] = pr->priorities[x];
    }
    if (!drop) {
        order[j] = pr->priorities[j + 1];
        order[j + 1] = pr->priorities[j];
    }
    acc__conflict_variant v = {0};
    accord_status rc = with_priorities(c->m, cf, p, order, n, &v);
    acc__free(order);
    if (rc) {
        acc__conflict_variant_free(&v);
        return rc;
    }
    long bits = variant_bits(c, &v, cond, &rc);
    if (rc || bits < 0 || (unsigned)bits == base)
        return rc;
    const char *pid = c->m->parties[p].id;
    const char *change =
        drop ? acc__claim_printf(c, "%s drops its priority %zu \"%s\"", pid, j + 1, pr->priorities[j].text)
             : acc__claim_printf(c, "%s ranks its priority %zu \"%s\" below \"%s\"", pid, j + 1,
                                 pr->priorities[j].text, pr->priorities[j + 1].text);
    acc__claim_flip(c, "preference", change, bits_effect(c, name, (unsigned)bits));
    return ACCORD_OK;
}

static accord_status preference_flips(acc__claim_ctx *c, const char *name, const accord_condition *cond,
                                      unsigned base)
{
    const accord_conflict *cf = c->m->conflict;
    for (size_t p = 0; p < c->m->n_parties; p++) {
        const accord_conflict_preference *pr = &cf->preferences[p];
        if (pr->kind != ACCORD_PREF_PRIORITIES)
            continue;
        for (size_t j = 0; j < pr->n_priorities; j++) {
            accord_status rc = reranked(c, p, j, true, name, cond, base);
            if (!rc && j + 1 < pr->n_priorities)
                rc = reranked(c, p, j, false, name, cond, base);
            if (rc)
                return rc;
        }
    }
    return ACCORD_OK;
}

/* One step of a sequence, as text; returns whether it went against its mover. */
static bool sequence_step(acc__claim_ctx *c, acc__str *s, size_t o, uint64_t *x, bool *ok)
{
    const accord_conflict *cf = c->m->conflict;
    const accord_conflict_option *op = &cf->options[o];
    uint64_t y = *x ^ ((uint64_t)1 << o);
    long i = accord_conflict_state_index(cf, *x), t = accord_conflict_state_index(cf, y);
    acc__str_printf(s, "%s %c%s", c->m->parties[op->party].id, (y >> o & 1) ? '+' : '-', op->qualified);
    if (t < 0 || i < 0 || !can_move(cf, op->party, *x, y)) {
        acc__str_puts(s, t < 0 ? " (infeasible)" : " (not allowed: a one-way option)");
        *ok = false;
        return false;
    }
    uint32_t lt = acc__level(cf, op->party, (size_t)t), li = acc__level(cf, op->party, (size_t)i);
    bool against = lt < li;
    acc__str_puts(s, lt > li ? " (better for it" : against ? " (worse for it" : " (indifferent");
    size_t j = deciding_statement(cf, op->party, *x, y);
    if (j != SIZE_MAX)
        acc__str_printf(s, ": priority %zu \"%s\"", j + 1, cf->preferences[op->party].priorities[j].text);
    acc__str_puts(s, ")");
    *x = y;
    return against;
}

static void sequences(acc__claim_ctx *c, const accord_stability *st)
{
    const accord_claim *cl = c->out->claim;
    const accord_conflict *cf = c->m->conflict;
    if (!cf->has_status_quo)
        return;
    for (size_t k = 0; k < cl->n_sequences; k++) {
        const accord_move_sequence *sq = &cl->sequences[k];
        acc__str s = {0};
        uint64_t x = acc__state_code(cf, cf->status_quo_index);
        size_t against = 0;
        bool ok = true;
        acc__str_printf(&s, " Sequence \"%s\" from the status quo: ", sq->name);
        for (size_t j = 0; j < sq->n_steps && ok; j++) {
            acc__str_printf(&s, "%zu. ", j + 1);
            against += sequence_step(c, &s, sq->options[j], &x, &ok);
            acc__str_puts(&s, j + 1 < sq->n_steps ? "; " : "");
        }
        long end = accord_conflict_state_index(cf, x);
        if (ok && end >= 0) {
            unsigned bits = 0;
            for (int q = 0; q < ACCORD_N_CONCEPTS; q++)
                if (accord_stability_is_equilibrium(st, (accord_concept)q, (size_t)end))
                    bits |= 1u << q;
            acc__str_printf(&s, "; it ends in state %ld, an equilibrium under ", end + 1);
            concepts_text(&s, bits);
            acc__str_printf(&s, "; %zu of %zu steps go against the party that makes them.", against, sq->n_steps);
        } else {
            acc__str_puts(&s, ": the sequence cannot be completed.");
        }
        acc__str_puts(&c->answer, s.failed ? "" : s.data);
        if (s.failed)
            c->nomem = true;
        acc__str_free(&s);
    }
}

/* The robustness samples' answer, when they drew structural assumptions of
 * the conflict: how often the named state holds an equilibrium. */
static void sampled_stability(acc__claim_ctx *c, const char *name)
{
    const accord_robust *r = c->a->robust;
    for (size_t k = 0; r && k < r->n_subjects; k++) {
        if (strcmp(r->subject[k], name))
            continue;
        const double *p = &r->stable[k * ACCORD_N_CONCEPTS];
        acc__str_printf(&c->answer, " Over %llu samples of the structural assumptions (one-way options, "
                                    "alternative orders), some state matching it is an equilibrium under Nash "
                                    "in %.1f%%, GMR %.1f%%, SMR %.1f%%, SEQ %.1f%% of them.",
                        (unsigned long long)r->samples, 100 * p[0], 100 * p[1], 100 * p[2], 100 * p[3]);
        return;
    }
}

accord_status acc__claim_state(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    const accord_conflict *cf = c->m->conflict;
    const accord_stability *st = c->a->stability;
    if (!st) {
        c->out->note = acc__claim_printf(c, "the stability analysis did not run");
        return ACCORD_E_NODATA;
    }
    const struct accord_named_state *ns = &cf->named[cl->named_state];
    size_t n = 0, eq[ACCORD_N_CONCEPTS] = {0};
    for (size_t i = 0; i < cf->n_states; i++)
        if (acc__condition_matches(&ns->condition, acc__state_code(cf, i))) {
            n++;
            for (int k = 0; k < ACCORD_N_CONCEPTS; k++)
                eq[k] += accord_stability_is_equilibrium(st, (accord_concept)k, i);
        }
    acc__str *s = &c->answer;
    acc__str_printf(s, "\"%s\" (%s) matches %zu state%s; equilibria among them: Nash %zu, GMR %zu, SMR %zu, SEQ %zu.",
                    ns->name, ns->condition.text, n, n == 1 ? "" : "s", eq[0], eq[1], eq[2], eq[3]);
    unsigned base = named_bits(cf, st, &ns->condition);
    acc__claim_verdict(c, bits_effect(c, ns->name, base));
    size_t rep = representative(cf, st, &ns->condition);
    if (rep != SIZE_MAX) {
        acc__str_printf(s, " The one closest to the status quo is %s", state_text(c, cf, rep));
        if (cf->has_status_quo && acc__state_code(cf, rep) != acc__state_code(cf, cf->status_quo_index)) {
            acc__str_puts(s, "; from the status quo it takes ");
            move_text(s, cf, acc__state_code(cf, cf->status_quo_index), acc__state_code(cf, rep));
        } else if (cf->has_status_quo) {
            acc__str_puts(s, ", the status quo itself");
        }
        acc__str_puts(s, ".");
        movers(c, st, rep);
    }
    sampled_stability(c, ns->name);
    sequences(c, st);
    if (cf->n_states > ACC_CLAIM_MAX_VARIANT_STATES) {
        c->out->note = acc__claim_printf(c, "what would change it is not computed above %zu states (this conflict "
                                            "has %zu)", ACC_CLAIM_MAX_VARIANT_STATES, cf->n_states);
        return ACCORD_OK;
    }
    accord_status rc = moves_flips(c, ns->name, &ns->condition, base);
    if (!rc)
        rc = preference_flips(c, ns->name, &ns->condition, base);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* sanctions                                                                 */

/* Stability of every party in every state with the options of `mask` frozen:
 * out[(k * P + p) * S + i], k the concept. */
static accord_status frozen_stability(const accord_model *m, const accord_conflict *cf, uint64_t mask, uint8_t *out)
{
    size_t S = cf->n_states, P = m->n_parties;
    size_t *idx = acc__malloc(S * sizeof *idx + 1);
    if (!idx)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    /* every combination of the frozen bits: enumerate the submasks of mask */
    uint64_t bits = 0;
    do {
        acc__conflict_variant v = {0};
        accord_stability *st = NULL;
        if (!(rc = subspace(m, cf, mask, bits, &v, idx)) && v.cf.n_states && !(rc = stability_of(m, &v.cf, &st)))
            for (size_t j = 0; j < v.cf.n_states; j++)
                for (int k = 0; k < ACCORD_N_CONCEPTS; k++)
                    for (size_t p = 0; p < P; p++)
                        out[((size_t)k * P + p) * S + idx[j]] =
                            accord_stability_is_stable(st, (accord_concept)k, p, j);
        accord_stability_free(st);
        acc__conflict_variant_free(&v);
        bits = (bits - mask) & mask;
    } while (!rc && bits);
    acc__free(idx);
    return rc;
}

/* How the threat changes party p's stability: states changed under any
 * concept, and the concepts under which the status quo changes (bits). */
typedef struct threat_effect {
    size_t states[ACCORD_N_CONCEPTS];
    size_t any;
    unsigned status_quo;
} threat_effect;

static accord_status threat(const accord_model *m, const accord_conflict *cf, uint64_t mask, size_t p,
                            threat_effect *e)
{
    size_t S = cf->n_states, P = m->n_parties;
    memset(e, 0, sizeof *e);
    uint8_t *fz = acc__calloc(ACCORD_N_CONCEPTS * P * S + 1, 1);
    accord_stability *st = NULL;
    accord_status rc = fz ? stability_of(m, cf, &st) : ACCORD_E_NOMEM;
    if (!rc)
        rc = frozen_stability(m, cf, mask, fz);
    for (size_t i = 0; !rc && i < S; i++) {
        bool changed = false;
        for (int k = 0; k < ACCORD_N_CONCEPTS; k++) {
            bool a = accord_stability_is_stable(st, (accord_concept)k, p, i);
            bool b = fz[((size_t)k * P + p) * S + i];
            if (a != b) {
                e->states[k]++;
                changed = true;
                if (cf->has_status_quo && i == cf->status_quo_index)
                    e->status_quo |= 1u << k;
            }
        }
        e->any += changed;
    }
    accord_stability_free(st);
    acc__free(fz);
    return rc;
}

/* Does statement e of party p depend on an option of mask? */
static bool mentions(const accord_conflict *cf, const accord_expr *e, uint64_t mask)
{
    for (size_t i = 0; i < cf->n_states; i++)
        for (size_t o = 0; o < cf->n_options; o++)
            if ((mask >> o & 1) &&
                accord_expr_eval_state(e, acc__state_code(cf, i)) != accord_expr_eval_state(e, acc__state_code(cf, i) ^ ((uint64_t)1 << o)))
                return true;
    return false;
}

/* The answer and the flips of the rank test: fx[r] with the block at rank r
 * (0-based), `now` the block's first rank in the model. */
static void rank_flips(acc__claim_ctx *c, size_t p, const threat_effect *fx, size_t n, size_t now, size_t k)
{
    const char *pid = c->m->parties[p].id;
    acc__str counts = {0}, sq = {0}, any = {0};
    size_t n_sq = 0, n_any = 0, most = 0;
    for (size_t r = 0; r < n; r++) {
        acc__str_printf(&counts, "%s%zu", r ? ", " : "", fx[r].any);
        if ((fx[r].status_quo != 0) != (fx[now].status_quo != 0))
            acc__str_printf(&sq, "%s%zu", n_sq++ ? ", " : "", r + 1);
        if ((fx[r].any != 0) != (fx[now].any != 0)) {
            acc__str_printf(&any, "%s%zu", n_any++ ? ", " : "", r + 1);
            most = fx[r].any > most ? fx[r].any : most;
        }
    }
    acc__str_printf(&c->answer, " States whose stability for %s the threat changes, with %s's sanction "
                                "statements moved to rank 1, 2, ... of %zu: %s (they are at rank %zu now).",
                    pid, pid, k, acc__claim_text(c, &counts), now + 1);
    if (n_any)
        acc__claim_flip(c, "preference",
                        acc__claim_printf(c, "%s ranks its sanction statements at rank %s of %zu (now %zu)", pid,
                                          acc__claim_text(c, &any), k, now + 1),
                        fx[now].any ? acc__claim_printf(c, "the threat no longer changes %s's stability anywhere", pid)
                                    : acc__claim_printf(c, "the threat changes %s's stability in up to %zu states",
                                                        pid, most));
    if (n_sq && !(n_any && !strcmp(acc__claim_text(c, &sq), acc__claim_text(c, &any)) && fx[now].any))
        acc__claim_flip(c, "preference",
                        acc__claim_printf(c, "%s ranks its sanction statements at rank %s of %zu (now %zu)", pid,
                                          acc__claim_text(c, &sq), k, now + 1),
                        acc__claim_printf(c, "the threat %s %s's stability at the status quo",
                                          fx[now].status_quo ? "no longer changes" : "changes", pid));
    acc__str_free(&counts);
    acc__str_free(&sq);
    acc__str_free(&any);
}

/* Party p's statements about the sanctions moved, as a block, to every rank:
 * from which rank on the threat changes p's stability at the status quo. */
static accord_status strength(acc__claim_ctx *c, size_t p, uint64_t mask)
{
    const accord_conflict *cf = c->m->conflict;
    const accord_conflict_preference *pr = &cf->preferences[p];
    const char *pid = c->m->parties[p].id;
    size_t k = pr->n_priorities, nb = 0, now = SIZE_MAX;
    if (pr->kind != ACCORD_PREF_PRIORITIES || !k)
        return ACCORD_OK;
    bool *in = acc__calloc(k, sizeof *in);
    accord_statement *order = acc__malloc(k * sizeof *order);
    accord_status rc = in && order ? ACCORD_OK : ACCORD_E_NOMEM;
    for (size_t j = 0; !rc && j < k; j++)
        if ((in[j] = mentions(cf, pr->priorities[j].expr, mask))) {
            nb++;
            if (now == SIZE_MAX)
                now = j;
            acc__claim_depends(c, acc__claim_printf(c, "%s priority %zu", pid, j + 1), pr->priorities[j].text, NULL,
                               NULL);
        }
    if (!rc && !nb)
        acc__str_printf(&c->answer, " %s's preferences say nothing about the sanctions: only the other parties' "
                                    "responses can make them matter to it.",
                        pid);
    /* the effect at every rank of the block; flips: the ranks where it
     * differs from the effect at the block's rank now */
    threat_effect *fx = nb ? acc__calloc(k - nb + 1, sizeof *fx) : NULL;
    if (nb && !fx)
        rc = ACCORD_E_NOMEM;
    for (size_t r = 0; !rc && nb && r + nb <= k; r++) {
        size_t n = 0, seen = 0;
        bool placed = false;
        for (size_t j = 0; j <= k; j++) { /* the others in order, the block at rank r */
            if (!placed && (seen == r || j == k)) {
                for (size_t b = 0; b < k; b++)
                    if (in[b])
                        order[n++] = pr->priorities[b];
                placed = true;
            }
            if (j < k && !in[j]) {
                order[n++] = pr->priorities[j];
                seen++;
            }
        }
        acc__conflict_variant v = {0};
        if (!(rc = with_priorities(c->m, cf, p, order, k, &v)))
            rc = threat(c->m, &v.cf, mask, p, &fx[r]);
        acc__conflict_variant_free(&v);
    }
    if (!rc && nb && now <= k - nb) /* the block is contiguous when now + nb - 1 < k */
        rank_flips(c, p, fx, k - nb + 1, now, k);
    acc__free(fx);
    acc__free(in);
    acc__free(order);
    return rc;
}

static void effect_sentence(acc__claim_ctx *c, size_t p, const threat_effect *e, acc__str *verdict)
{
    const char *pid = c->m->parties[p].id;
    acc__str_printf(&c->answer, " %s: %zu state%s (Nash %zu, GMR %zu, SMR %zu, SEQ %zu)", pid, e->any,
                    e->any == 1 ? "" : "s", e->states[0], e->states[1], e->states[2], e->states[3]);
    acc__str_printf(verdict, "%s%s in %zu state%s", verdict->len ? "; " : "", pid, e->any, e->any == 1 ? "" : "s");
    if (e->status_quo) {
        acc__str_puts(&c->answer, ", including the status quo under ");
        concepts_text(&c->answer, e->status_quo);
        acc__str_puts(verdict, ", the status quo among them (");
        concepts_text(verdict, e->status_quo);
        acc__str_puts(verdict, ")");
    }
    acc__str_puts(&c->answer, ".");
}

accord_status acc__claim_sanctions_conflict(acc__claim_ctx *c)
{
    const accord_claim *cl = c->out->claim;
    const accord_model *m = c->m;
    const accord_conflict *cf = m->conflict;
    uint64_t mask = 0;
    acc__str names = {0};
    for (size_t k = 0; k < cl->n_options; k++) {
        mask |= (uint64_t)1 << cl->options[k];
        acc__str_printf(&names, "%s%s", k ? ", " : "", cf->options[cl->options[k]].qualified);
        acc__claim_depends(c, cf->options[cl->options[k]].qualified, cf->options[cl->options[k]].name,
                           cf->options[cl->options[k]].source, NULL);
    }
    const char *list = acc__claim_printf(c, "%s", acc__claim_text(c, &names));
    acc__str_free(&names);
    if (cf->n_states > ACC_CLAIM_MAX_VARIANT_STATES || cl->n_options > 8 || !cl->n_options) {
        c->out->note = acc__claim_printf(c, "the sanctions question is computed for at most %zu states and 8 "
                                            "sanction options (this conflict: %zu states, %zu options)",
                                         ACC_CLAIM_MAX_VARIANT_STATES, cf->n_states, cl->n_options);
        return ACCORD_E_LIMIT;
    }
    acc__str_printf(&c->answer, "Against the same conflict with %s frozen (no party can impose or lift them in "
                                "response), the threat changes the stability of",
                    list ? list : "");
    acc__str verdict = {0};
    accord_status rc = ACCORD_OK;
    uint64_t holders = 0; /* freezing their own options only removes their own moves */
    for (size_t k = 0; k < cl->n_options; k++)
        holders |= (uint64_t)1 << cf->options[cl->options[k]].party;
    for (size_t p = 0; !rc && p < m->n_parties; p++) {
        threat_effect e;
        if (p < 64 && (holders >> p & 1))
            continue;
        if (!(rc = threat(m, cf, mask, p, &e)))
            effect_sentence(c, p, &e, &verdict);
    }
    acc__str_puts(&c->answer, " (The parties that hold the sanction options are not compared: freezing them only "
                              "removes their own moves.)");
    for (size_t p = 0; !rc && p < m->n_parties && p < 64; p++)
        if (cl->against >> p & 1)
            rc = strength(c, p, mask);
    if (!rc) {
        const char *v = verdict.len ? acc__claim_printf(c, "the threat changes the stability of %s", verdict.data)
                                    : "every party holds a sanction option: nothing to compare";
        acc__claim_verdict(c, v);
    }
    if (verdict.failed)
        c->nomem = true;
    acc__str_free(&verdict);
    return rc;
}
