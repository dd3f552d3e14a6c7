/*
 * conflict_brute.h - the definitions of docs/contract.md §2 written out plainly, to
 * check the fast conflict analyses against (header-only; used by
 * test_stability.c, test_coalitions.c and test_evolve.c).
 *
 * Moves are found by comparing every pair of states, and R_H(s) by a
 * breadth-first search over (state, last mover) pairs, so legal sequences
 * (no party twice in a row, a party may move again later) are explicit.
 * Also a generator of random conflicts as YAML.
 */
#ifndef ACCORD_TEST_CONFLICT_BRUTE_H
#define ACCORD_TEST_CONFLICT_BRUTE_H

#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct brute {
    const accord_model *m;
    const accord_conflict *cf;
    size_t S, P;
    size_t **adj; /* adj[k * S + x]: party k's moves from x, ended by SIZE_MAX */
} brute;

static inline uint32_t brute_level(const brute *b, size_t p, size_t x)
{
    return accord_conflict_level(b->cf, p, x);
}

/* Party k moves from x to y: y != x, only k's options change, each the way
 * its `moves` allows. */
static inline bool brute_can_move(const brute *b, size_t k, size_t x, size_t y)
{
    if (x == y)
        return false;
    uint64_t from = accord_conflict_state_code(b->cf, x), to = accord_conflict_state_code(b->cf, y), d = from ^ to;
    for (size_t o = 0; o < b->cf->n_options; o++) {
        if (!((d >> o) & 1))
            continue;
        const accord_conflict_option *op = &b->cf->options[o];
        if (op->party != k)
            return false;
        bool was = (from >> o) & 1;
        if (op->moves == ACCORD_MOVES_FORWARD && was)
            return false;
        if (op->moves == ACCORD_MOVES_BACKWARD && !was)
            return false;
    }
    return true;
}

static inline void brute_init(brute *b, const accord_model *m)
{
    b->m = m;
    b->cf = m->conflict;
    b->S = b->cf->n_states;
    b->P = m->n_parties;
    b->adj = calloc(b->S * b->P, sizeof *b->adj);
    for (size_t k = 0; k < b->P; k++)
        for (size_t x = 0; x < b->S; x++) {
            size_t n = 0, *list = malloc((b->S + 1) * sizeof *list);
            for (size_t y = 0; y < b->S; y++)
                if (brute_can_move(b, k, x, y))
                    list[n++] = y;
            list[n] = SIZE_MAX;
            b->adj[k * b->S + x] = list;
        }
}

static inline void brute_free(brute *b)
{
    for (size_t i = 0; i < b->S * b->P; i++)
        free(b->adj[i]);
    free(b->adj);
}

/* in[y] = y in R_H(s) (plus: R+_H(s), UIs of the mover only); H a bitmask.
 * dist[y] (when dist != NULL): fewest moves of a legal sequence, or
 * UINT32_MAX. */
static inline void brute_reach(const brute *b, uint64_t H, bool plus, size_t s, bool *in,
                               uint32_t *dist)
{
    size_t S = b->S, P = b->P, W = P + 1; /* last mover P = nobody yet */
    bool *seen = calloc(S * W, sizeof *seen);
    size_t *queue = malloc(S * W * sizeof *queue);
    uint32_t *d = malloc(S * W * sizeof *d);
    size_t head = 0, tail = 0;
    for (size_t y = 0; y < S; y++) {
        in[y] = false;
        if (dist)
            dist[y] = UINT32_MAX;
    }
    seen[s * W + P] = true;
    d[s * W + P] = 0;
    queue[tail++] = s * W + P;
    while (head < tail) {
        size_t node = queue[head++], x = node / W, last = node % W;
        for (size_t k = 0; k < P; k++) {
            if (k == last || !((H >> k) & 1))
                continue;
            for (const size_t *y = b->adj[k * S + x]; *y != SIZE_MAX; y++) {
                if (plus && brute_level(b, k, *y) <= brute_level(b, k, x))
                    continue;
                in[*y] = true;
                if (dist && d[node] + 1 < dist[*y])
                    dist[*y] = d[node] + 1;
                if (!seen[*y * W + k]) {
                    seen[*y * W + k] = true;
                    d[*y * W + k] = d[node] + 1;
                    queue[tail++] = *y * W + k;
                }
            }
        }
    }
    free(seen);
    free(queue);
    free(d);
}

/* stable[(c * P + p) * S + s] for the four concepts, from the definitions. */
static inline bool *brute_stability(const brute *b)
{
    size_t S = b->S, P = b->P;
    bool *stable = calloc(4 * P * S, sizeof *stable);
    bool *rall = malloc(S * S * sizeof *rall), *rplus = malloc(S * S * sizeof *rplus);
    for (size_t i = 0; i < P; i++) {
        uint64_t others = 0;
        for (size_t k = 0; k < P; k++)
            if (k != i)
                others |= (uint64_t)1 << k;
        for (size_t s1 = 0; s1 < S; s1++) {
            brute_reach(b, others, false, s1, rall + s1 * S, NULL);
            brute_reach(b, others, true, s1, rplus + s1 * S, NULL);
        }
        for (size_t s = 0; s < S; s++) {
            uint32_t L = brute_level(b, i, s);
            bool nash = true, gmr = true, smr = true, seq = true;
            for (const size_t *s1 = b->adj[i * S + s]; *s1 != SIZE_MAX; s1++) {
                if (brute_level(b, i, *s1) <= L)
                    continue; /* not a UI */
                nash = false;
                bool g = false, sm = false, q = false;
                for (size_t s2 = 0; s2 < S; s2++) {
                    if (rall[*s1 * S + s2] && brute_level(b, i, s2) <= L) {
                        g = true;
                        bool all = true;
                        for (const size_t *s3 = b->adj[i * S + s2]; *s3 != SIZE_MAX; s3++)
                            if (brute_level(b, i, *s3) > L)
                                all = false;
                        if (all)
                            sm = true;
                    }
                    if (rplus[*s1 * S + s2] && brute_level(b, i, s2) <= L)
                        q = true;
                }
                gmr = gmr && g;
                smr = smr && sm;
                seq = seq && q;
            }
            stable[(0 * P + i) * S + s] = nash;
            stable[(1 * P + i) * S + s] = gmr;
            stable[(2 * P + i) * S + s] = smr;
            stable[(3 * P + i) * S + s] = seq;
        }
    }
    free(rall);
    free(rplus);
    return stable;
}

/* Is the path a legal sequence from `from`: consecutive moves chain, each a
 * move of its party (a UI with ui), members of H only, no party twice in a
 * row? */
static inline bool brute_path_ok(const brute *b, const accord_move *path, size_t n, size_t from,
                                 uint64_t H, bool ui)
{
    size_t at = from, last = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const accord_move *mv = &path[i];
        if (mv->from != at || mv->party >= b->P || !((H >> mv->party) & 1) || mv->party == last)
            return false;
        if (!brute_can_move(b, mv->party, mv->from, mv->to))
            return false;
        if (ui && brute_level(b, mv->party, mv->to) <= brute_level(b, mv->party, mv->from))
            return false;
        at = mv->to;
        last = mv->party;
    }
    return true;
}

/*
 * A random conflict as YAML: 2 to max_parties parties with 1 to 3 options
 * each (at most max_options in all), random directions, up to two
 * infeasible patterns, and per party either a ranking of every state with
 * ties or random priorities.  Returns a malloc'd string.
 */
static inline char *brute_random_yaml(test_rng *r, size_t max_parties, size_t max_options)
{
    size_t P = 2 + rng_below(r, (uint32_t)(max_parties - 1));
    size_t per[8], n = 0;
    for (size_t p = 0; p < P; p++) {
        per[p] = 1 + rng_below(r, 3);
        if (n + per[p] > max_options - (P - 1 - p))
            per[p] = max_options - (P - 1 - p) - n;
        if (per[p] < 1)
            per[p] = 1;
        n += per[p];
    }
    size_t cap = 1 << 20, len = 0;
    char *y = malloc(cap);
#define OUT(...) (len += (size_t)snprintf(y + len, cap - len, __VA_ARGS__))
    OUT("accord: 1\nparties: [");
    for (size_t p = 0; p < P; p++)
        OUT("%sP%zu", p ? ", " : "", p);
    OUT("]\nconflict:\n  options:\n");
    static const char *const dirs[] = {"both", "forward", "backward"};
    size_t k = 0;
    for (size_t p = 0; p < P; p++) {
        OUT("    P%zu: [", p);
        for (size_t j = 0; j < per[p]; j++, k++) {
            uint32_t d = rng_below(r, 5); /* both twice as likely */
            OUT("%s{o%zu: {moves: %s}}", j ? ", " : "", k, dirs[d < 3 ? 0 : d - 2]);
        }
        OUT("]\n");
    }
    size_t ninf = rng_below(r, 3);
    if (ninf) {
        OUT("  infeasible: [");
        for (size_t i = 0; i < ninf; i++) {
            OUT("%s\"", i ? ", " : "");
            for (size_t o = 0; o < n; o++) {
                uint32_t c = rng_below(r, 4);
                OUT("%c", c == 0 ? 'Y' : c == 1 ? 'N' : '-');
            }
            OUT("\"");
        }
        OUT("]\n");
    }
    OUT("  preferences:\n");
    size_t total = (size_t)1 << n;
    size_t *perm = malloc(total * sizeof *perm);
    for (size_t p = 0; p < P; p++) {
        OUT("    P%zu:\n", p);
        if (rng_below(r, 3) == 0) {
            size_t np = 1 + rng_below(r, 4);
            OUT("      priorities:\n");
            for (size_t j = 0; j < np; j++) {
                size_t a = rng_below(r, (uint32_t)n), b2 = rng_below(r, (uint32_t)n);
                const char *ops[] = {"", "-"};
                if (rng_below(r, 2))
                    OUT("        - \"%s%zu\"\n", ops[rng_below(r, 2)], a + 1);
                else
                    OUT("        - \"%s%zu %s %s%zu\"\n", ops[rng_below(r, 2)], a + 1,
                        rng_below(r, 2) ? "&" : "IF", ops[rng_below(r, 2)], b2 + 1);
            }
            continue;
        }
        for (size_t i = 0; i < total; i++)
            perm[i] = i;
        for (size_t i = total; i > 1; i--) {
            size_t j = rng_below(r, (uint32_t)i), t = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = t;
        }
        OUT("      ranking:\n");
        for (size_t i = 0; i < total;) {
            size_t tie = 1;
            while (i + tie < total && rng_below(r, 10) < 3)
                tie++;
            OUT("        - [");
            for (size_t t = 0; t < tie; t++, i++) {
                OUT("%s\"", t ? ", " : "");
                for (size_t o = 0; o < n; o++)
                    OUT("%c", (perm[i] >> o) & 1 ? 'Y' : 'N');
                OUT("\"");
            }
            OUT("]\n");
        }
    }
    free(perm);
#undef OUT
    return y;
}

/* Load YAML that may be rejected (no feasible state): NULL then. */
static inline accord_model *brute_try_load(const char *yaml)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    accord_status rc = accord_model_load_buffer("random.yaml", yaml, strlen(yaml), NULL, &m, &diag);
    accord_diagnostics_clear(&diag);
    return rc ? NULL : m;
}

#endif
