/*
 * moves.h - the moves of a graph model as flat arrays (library-internal).
 *
 * Party k moves from state x to state y (docs/contract.md §2) when y is feasible,
 * y != x, y differs from x only in options k controls, and every option that
 * changes goes a way its `moves` allows.  Write D_k for k's one-way options
 * and B_k for its two-way ones.  Group the feasible states by their
 * "sub-block key" y & ~B_k: the states of one sub-block agree everywhere
 * except in k's two-way options.  Then k can move from x to every other
 * state of the sub-blocks whose key is (x ^ t) & ~B_k for t a subset of the
 * one-way options x can still change (forward ones not yet taken, backward
 * ones still taken), t = 0 included.  The move relation is therefore
 * transitive, and a party's moves from x are a union of at most 2^|D_k|
 * whole sub-blocks: we never list moves one by one.
 *
 * Per party, the chain (acc__moves_chain) lists the state indices sorted by
 * (sub-block key, level of that party, state index), so that in a sub-block
 * the states a party strictly prefers to level L form a suffix of the
 * sub-block's range.
 */
#ifndef ACCORD_CONFLICT_MOVES_H
#define ACCORD_CONFLICT_MOVES_H

#include "../core/internal.h"

typedef struct acc__party_moves {
    uint64_t mask;     /* options the party controls */
    uint64_t two_way;  /* ... that move both ways (B_k) */
    uint64_t forward;  /* ... that move N -> Y only */
    uint64_t backward; /* ... that move Y -> N only */
    /* The chain: n_states state indices (NULL when the party has no
     * options), read with acc__moves_chain.  Where every code is feasible
     * and the party has at most 16 two-way options (compact_chain in
     * moves.c), sub-block b holds exactly the 2^sub_bits codes of its key
     * with each combination of the two-way options, at chain positions
     * b << sub_bits onwards, so a position keeps only the rank of its
     * state's two-way bits (in offset_bytes, 1 or 2) and `expand` maps the
     * rank back to the bits; `chain` is then NULL. */
    uint32_t *chain;
    void *offset;
    unsigned offset_bytes, sub_bits;
    uint32_t *expand;  /* 2^sub_bits two-way bit patterns, by rank */
    uint64_t *block_end;    /* bitset over chain positions: the last of its sub-block */
    /* Runs: maximal ranges of chain positions in one sub-block with one
     * level.  "The first position above level L" is always a run start, so
     * the levels are kept per run, not per position: a search in a
     * sub-block reads its runs' levels (a few cache lines) and yields the
     * run (the hub of reach.c) directly. */
    size_t n_runs;
    uint32_t *run_start;    /* n_runs + 1 chain positions */
    /* n_runs: the party's level of the run's states, in the narrowest of
     * 1, 2 or 4 bytes that holds the party's levels (level_bytes) */
    void *run_level;
    unsigned level_bytes;
    size_t n_blocks;
    uint64_t *block_key;    /* n_blocks sub-block keys, ascending */
    uint32_t *block_start;  /* n_blocks + 1 chain positions */
    uint32_t *block_run;    /* n_blocks + 1: the first run of each sub-block */
    /* Direct lookup when the keys are few: compress(key) drops the two-way
     * bits (a byte-wise table lookup, no loop over bits), and
     * dense[compress(key)] is the sub-block index + 1, 0 when none. */
    uint32_t *dense;
    uint64_t (*compress)[256]; /* 8 tables of 256 */
} acc__party_moves;

typedef struct acc__moves {
    const accord_conflict *cf;
    size_t n_parties;
    size_t n_states;
    acc__party_moves *party; /* n_parties */
} acc__moves;

/*
 * Build the move structure of conflict m->conflict (chains sorted per party,
 * in parallel over parties with `threads` threads, 0 = default).
 * Errors: ACCORD_E_NOMEM.  O(P * |S| * (n + passes of a radix sort)).
 */
accord_status acc__moves_build(const accord_model *m, int threads, acc__moves *mv);
void acc__moves_free(acc__moves *mv);

/* Bytes acc__moves_build allocates at least for a conflict of S states and
 * P parties that all hold options (to refuse early what surely cannot fit:
 * a lower bound), and what a built structure holds (exact). */
uint64_t acc__moves_bytes(size_t n_states, size_t n_parties);
uint64_t acc__moves_size(const acc__moves *mv);


/* The one-way options party k can still change at code x. */
static inline uint64_t acc__moves_free_bits(const acc__party_moves *pm, uint64_t x)
{
    return (pm->forward & ~x) | (pm->backward & x);
}

/* Sub-block with key `key`, or -1 when no feasible state has it.  O(1) with
 * the dense table, else O(log |S|). */
static inline long acc__moves_block(const acc__party_moves *pm, uint64_t key)
{
    if (pm->dense) {
        uint64_t c = 0;
        for (unsigned j = 0; j < 8 && (key >> (8 * j)); j++)
            c += pm->compress[j][(key >> (8 * j)) & 255];
        return (long)pm->dense[c] - 1;
    }
    size_t lo = acc__lower_bound_u64(pm->block_key, pm->n_blocks, key);
    return lo < pm->n_blocks && pm->block_key[lo] == key ? (long)lo : -1;
}

/* The state index at chain position pos.  O(1). */
static inline uint32_t acc__moves_chain(const acc__party_moves *pm, size_t pos)
{
    if (pm->chain)
        return pm->chain[pos];
    uint32_t rank = acc__narrow_get((acc__narrow){pm->offset, pm->offset_bytes}, pos);
    return (uint32_t)pm->block_key[pos >> pm->sub_bits] | pm->expand[rank];
}

/* The party's level of run r. */
static inline uint32_t acc__moves_run_level(const acc__party_moves *pm, size_t r)
{
    return acc__narrow_get((acc__narrow){pm->run_level, pm->level_bytes}, r);
}

/* Binary search of the first of runs lo..hi-1 above level L, in levels of
 * type T. */
#define ACC__RUN_SEARCH(T)                                                                         \
    do {                                                                                           \
        const T *lvl_ = (const T *)pm->run_level;                                                  \
        while (lo < hi) {                                                                          \
            uint32_t mid = lo + (hi - lo) / 2;                                                     \
            if (lvl_[mid] <= L)                                                                    \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
    } while (0)

/* First run of sub-block b whose states the party ranks above level L
 * (block_run[b + 1] when none).  O(log of the sub-block's number of runs). */
static inline uint32_t acc__moves_run_above(const acc__party_moves *pm, size_t b, uint32_t L)
{
    uint32_t lo = pm->block_run[b], hi = pm->block_run[b + 1];
    switch (pm->level_bytes) {
    case 1: ACC__RUN_SEARCH(uint8_t); break;
    case 2: ACC__RUN_SEARCH(uint16_t); break;
    default: ACC__RUN_SEARCH(uint32_t); break;
    }
    return lo;
}

/* First chain position of sub-block b whose state the party ranks above
 * level L (block_start[b + 1] when none).  O(log of the sub-block's size). */
static inline uint32_t acc__moves_first_above(const acc__party_moves *pm, size_t b, uint32_t L)
{
    return pm->run_start[acc__moves_run_above(pm, b, L)];
}

/* The party's highest level in sub-block b. */
static inline uint32_t acc__moves_block_top(const acc__party_moves *pm, size_t b)
{
    return acc__moves_run_level(pm, pm->block_run[b + 1] - 1);
}

/* The next subset of `set` after `t` in increasing order; 0 after the last. */
static inline uint64_t acc__next_subset(uint64_t t, uint64_t set) { return ((t | ~set) + 1) & set; }

/* ---- reachability (reach.c) ---- */

/*
 * Minimum of values over reachable sets.  For the parties movers[0..n-1]
 * (parties without options are skipped) and every state x:
 *   out[v][x] = min { val[v][y] : y = x, or y reachable from x by one or
 *               more moves of those parties, in any order, a party possibly
 *               several times }
 * (nv <= 2 kinds of values, each in the model's level_bytes_ bytes, as
 * levels are (acc__narrow); val[v] may be out[v]: each state's value is
 * read before its minima are written).  With `ui`, only unilateral
 * improvements (of the party moving) count as moves.  Because each party's
 * moves (and UIs) are transitive, these are exactly the states reachable by
 * a *legal* sequence (no party twice in a row), and x itself: callers use
 * out[][x] only where x's own value cannot qualify (see
 * docs/algorithms-conflict.md).
 * Errors: ACCORD_E_NOMEM, ACCORD_E_LIMIT (more than 2^32-2 graph nodes).
 * Time: O(|S| * n * 2^f * log |S|); memory: acc__reach_bytes, plus the
 * search path and component stack beyond their initial size when the
 * search is deeper.
 */
accord_status acc__reach_min(const acc__moves *mv, const size_t *movers, size_t n_movers, bool ui,
                             size_t nv, const void *const *val, void *const *out);
/* Bytes acc__reach_min allocates for these movers and nv kinds of values
 * (the search path and the component stack at their initial size). */
uint64_t acc__reach_bytes(const acc__moves *mv, const size_t *movers, size_t n_movers, bool ui,
                          size_t nv);

/* ---- shortest sequences of moves (search.c) ---- */

/*
 * A reusable breadth-first search over the moves (or UIs) of a set of
 * parties.  A shortest sequence of moves never has the same party twice in
 * a row (two moves of one party merge into one, or cancel), so the paths it
 * finds are legal sequences.  Each party's sub-block is scanned once per
 * search however many states reach it (the positions already marked are
 * remembered per sub-block).
 */
typedef struct acc__search {
    const acc__moves *mv;
    uint32_t *dist;    /* n_states: layer, UINT32_MAX = not reached */
    uint32_t *parent;  /* predecessor state of each reached state */
    uint32_t *mover;   /* party that moved into it */
    uint32_t *order;   /* reached states in the order reached */
    size_t n_order;
    uint32_t **mark;   /* per party, per sub-block: lowest chain position marked */
    uint32_t **touched; /* per party: sub-blocks whose mark changed */
    size_t *n_touched;
} acc__search;

accord_status acc__search_init(acc__search *s, const acc__moves *mv);
void acc__search_free(acc__search *s);
/* Bytes a search allocates. */
uint64_t acc__search_bytes(size_t n_states, size_t n_parties);

/* Callback: does state y end the search (checked layer by layer)? */
typedef bool (*acc__search_goal)(void *ctx, uint32_t y);

/*
 * Search from `start` with the moves of the parties whose bit is set in
 * `movers` (~0: every party, however many; ui: unilateral improvements
 * only).  With a goal, the search
 * stops after the first layer holding a goal state and returns the
 * smallest such state index (UINT32_MAX when none is reachable); without,
 * it reaches everything and returns UINT32_MAX.  Resets the previous
 * search first, in time proportional to what that search touched.
 * O(reached * |movers| * 2^f * log |S|).
 */
uint32_t acc__search_run(acc__search *s, uint64_t movers, bool ui, uint32_t start,
                         acc__search_goal goal, void *ctx);

/* The path from the start to y as moves (n = dist[y]); caller frees. */
accord_move *acc__search_path(const acc__search *s, uint32_t y);

/* ---- stability (stability.c) ---- */

/* accord_stability_compute without the argument checks, for the other
 * analyses. */
accord_status acc__stability_run(const accord_model *m, const accord_stability_options *opts,
                                 accord_stability **out, accord_diagnostics *diag);

/* The memory bound of opts, and how many threads fit in it (see
 * stability.c). */
uint64_t acc__memory_bound(const accord_stability_options *opts);
int acc__fit_threads(const accord_stability_options *opts, size_t n_states, size_t tasks, uint64_t fixed,
                     uint64_t per, uint64_t *need);

/* Below this many states a conflict analysis runs on one thread unless
 * threads are asked for: starting a team costs more than the work, and
 * idle OpenMP threads spin (measured in BENCHMARKS.md, "Small runs"). */
#define ACC_PARALLEL_MIN_STATES ((size_t)1 << 14)

/* The threads to use: `asked` when positive, else one below
 * ACC_PARALLEL_MIN_STATES states, else the OpenMP default.  O(1). */
int acc__default_threads(int asked, size_t n_states);

/* The Nash equilibria as a bitset of (n_states + 63) / 64 words; scratch
 * has as many.  O(P * |S| * 2^f * log |S|). */
void acc__nash_equilibria(const acc__moves *mv, uint64_t *eq, uint64_t *scratch);

/* Common checks of the conflict analyses: a conflict section and a memory
 * bound for `bytes` of working memory.  Errors: ACCORD_E_ARG,
 * ACCORD_E_NODATA, ACCORD_E_LIMIT (with diagnostics). */
accord_status acc__conflict_check(const accord_model *m, const char *analysis,
                                  accord_diagnostics *diag);
accord_status acc__memory_check(const accord_model *m, const char *analysis, uint64_t bytes,
                                uint64_t bound, accord_diagnostics *diag);

#endif
