/*
 * accord_conflict.h - conflict analysis with the Graph Model for Conflict
 * Resolution (GMCR): stability of every state for every party under four
 * solution concepts, coalition analysis of the Nash equilibria, and status
 * quo analysis.  The definitions are those of docs/contract.md §2; the algorithms
 * and their citations are in docs/algorithms-conflict.md.
 *
 * States are named by their 0-based index k among the feasible states in
 * ascending order of their codes (accord_conflict_state_code; the state's
 * id, as printed, is k + 1).  Parties are indices into
 * model->parties.
 *
 * Every function here reads the model only; a model may be analysed by
 * several threads at once.  The analyses use OpenMP internally and give the
 * same result whatever the number of threads.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_render.h"

#ifndef ACCORD_CONFLICT_H
#define ACCORD_CONFLICT_H

#ifdef __cplusplus
extern "C" {
#endif

/* The four solution concepts, in the order every output lists them. */
typedef enum accord_concept {
    ACCORD_NASH = 0, /* Nash stability (rationality): no unilateral improvement */
    ACCORD_GMR = 1,  /* general metarationality */
    ACCORD_SMR = 2,  /* symmetric metarationality */
    ACCORD_SEQ = 3   /* sequential stability */
} accord_concept;

#define ACCORD_N_CONCEPTS 4

/* "nash", "gmr", "smr" or "seq" (the keys of the JSON outputs); "?" for a
 * value out of range. */
ACCORD_API const char *accord_concept_name(accord_concept c);

/* Working-memory bound of the conflict analyses unless the caller sets one:
 * 8 GiB.  A state space whose analysis would need more is refused up front
 * with ACCORD_E_LIMIT. */
#define ACCORD_DEFAULT_MAX_MEMORY ((uint64_t)8 << 30)

/* Work bound of the coalition analysis unless the caller sets one: 2^32
 * sub-block lookups in the worst case (a few seconds to a few minutes;
 * docs/algorithms-conflict.md §5).  An analysis whose worst case exceeds
 * it is refused up front with ACCORD_E_LIMIT. */
#define ACCORD_DEFAULT_MAX_WORK ((uint64_t)1 << 32)

/* Options of the conflict analyses.  Zero fields mean the defaults; a NULL
 * options pointer means all defaults. */
typedef struct accord_stability_options {
    int threads;         /* OpenMP threads; 0 = the OpenMP default (OMP_NUM_THREADS) */
    uint64_t max_memory; /* bytes of working memory allowed; 0 = ACCORD_DEFAULT_MAX_MEMORY */
    /* coalition analysis: the most sub-block lookups its searches may take
     * in the worst case (E equilibria x every coalition's largest search);
     * 0 = ACCORD_DEFAULT_MAX_WORK */
    uint64_t max_work;
} accord_stability_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_stability_options_init(accord_stability_options *opts);

/* ------------------------------------------------------------------------ */
/* Stability                                                                 */

/*
 * Stability of every state for every party under every concept.  Sets of
 * states are bitsets of `words` 64-bit words: state k is in the set when
 * bit (k % 64) of word (k / 64) is 1.
 */
typedef struct accord_stability {
    size_t n_parties;
    size_t n_states;
    size_t words; /* (n_states + 63) / 64 */
    /* stable[(c * n_parties + p) * words + w]: the states stable for party p
     * under concept c */
    uint64_t *stable;
    /* equilibria[c * words + w]: the states stable for every party under c */
    uint64_t *equilibria;
    size_t n_equilibria[ACCORD_N_CONCEPTS]; /* how many states each equilibria set holds */
} accord_stability;

/*
 * Compute Nash, GMR, SMR and SEQ stability of every feasible state for every
 * party, and the equilibria of each concept (docs/contract.md §2).  On success *out
 * holds the result (free with accord_stability_free); on failure *out is
 * NULL.
 *
 * Errors: ACCORD_E_ARG (NULL model or out), ACCORD_E_NODATA (the model has
 * no conflict section; a diagnostic says so), ACCORD_E_LIMIT (the analysis
 * would need more than opts->max_memory bytes; a diagnostic gives the size
 * and names --max-states and --max-memory), ACCORD_E_NOMEM.
 *
 * Time complexity: O(P^2 * (|S| * 2^f * log |S|) + P * |S| log |S|), where
 * P is the number of parties, |S| the number of feasible states and f the
 * largest number of one-way (forward or backward) options of one party: it
 * is linear in |S| for a fixed model shape, not in the number of moves.
 * Memory: O(P^2 * |S|) words in all, O(P * |S|) per thread.
 */
ACCORD_API accord_status accord_stability_compute(const accord_model *m,
                                                  const accord_stability_options *opts,
                                                  accord_stability **out,
                                                  accord_diagnostics *diag);

/* Is state `state` (0-based) stable for `party` under concept c?  False for
 * arguments out of range.  O(1). */
ACCORD_API bool accord_stability_is_stable(const accord_stability *st, accord_concept c,
                                           size_t party, size_t state);

/* Is state `state` (0-based) an equilibrium under concept c?  O(1). */
ACCORD_API bool accord_stability_is_equilibrium(const accord_stability *st, accord_concept c,
                                                size_t state);

ACCORD_API void accord_stability_free(accord_stability *st);

/*
 * Render a stability result of model m.  JSON: the document of docs/contract.md §3
 * ("stable" lists every party under every concept, also when its list is
 * empty).  Text: the GMCR tableau (states as columns, the options' Y/N, one
 * row per party with its stabilities, equilibria marked) when there are at
 * most 64 states or opts->verbose is set, else a summary (counts per party
 * and concept) and the equilibria.  *out is NUL-terminated, freed with
 * accord_free.
 * Errors: ACCORD_E_ARG (a result that does not belong to m), ACCORD_E_NOMEM.
 * Time complexity: O(|S| * (P + n)) with n options.
 */
ACCORD_API accord_status accord_stability_render(const accord_model *m, const accord_stability *st,
                                                 const accord_render_options *opts, char **out);

/* ------------------------------------------------------------------------ */
/* Moves, paths                                                              */

/* One move of a path: `party` moves the conflict from state `from` to state
 * `to` (0-based state indices). */
typedef struct accord_move {
    size_t party;
    size_t from, to;
} accord_move;

/*
 * The move told in the options' names, e.g. "US takes propose" or "UR drops
 * delay and takes accept".  Caller frees with accord_free; NULL when out of
 * memory or arguments out of range.  O(n options).
 */
ACCORD_API char *accord_move_describe(const accord_model *m, const accord_move *mv);

/* ------------------------------------------------------------------------ */
/* Coalition analysis                                                        */

/* A coalition that blocks a Nash equilibrium, with one state it can reach
 * that every member strictly prefers, and a shortest legal sequence of
 * moves by members that reaches it. */
typedef struct accord_coalition_block {
    uint64_t members;    /* bit p set: party p is a member (2 or more members) */
    size_t target;       /* 0-based state index */
    size_t n_moves;      /* length of path */
    accord_move *path;   /* n_moves moves, from the equilibrium to target */
} accord_coalition_block;

/* One Nash equilibrium and the coalitions that block it. */
typedef struct accord_coalition_entry {
    size_t state;        /* 0-based state index of the Nash equilibrium */
    size_t n_blocks;     /* 0: a coalitional Nash equilibrium */
    accord_coalition_block *blocks; /* ordered by coalition mask, ascending */
} accord_coalition_entry;

typedef struct accord_coalitions {
    size_t n_parties;
    size_t n_coalitions;          /* coalitions examined: 2^P - P - 1 */
    size_t n_equilibria;          /* Nash equilibria, ascending state index */
    accord_coalition_entry *equilibria;
    size_t n_coalitional;         /* Nash equilibria no coalition blocks */
} accord_coalitions;

/* Most parties a coalition analysis takes (2^P - P - 1 coalitions). */
#define ACCORD_MAX_COALITION_PARTIES 16

/*
 * Coalition analysis (docs/contract.md §2): for every Nash equilibrium s and every
 * coalition H of 2 or more parties, whether some t in R_H(s) is strictly
 * preferred to s by every member of H.  The target reported is one reached
 * in the fewest moves (ties: the smallest state index), with such a path.
 * On success *out is the result (free with accord_coalitions_free).
 * Errors: ACCORD_E_ARG, ACCORD_E_NODATA (no conflict section),
 * ACCORD_E_LIMIT (more than ACCORD_MAX_COALITION_PARTIES parties, the
 * memory bound, or the work bound: once the Nash equilibria are known, the
 * searches' worst case, E * sum over coalitions H of min(|S|, 2^n_H) *
 * sum over H's members of 2^f, is estimated and refused up front above
 * opts->max_work; a diagnostic gives the estimate and names the field),
 * ACCORD_E_NOMEM.
 * Time complexity: O(|S| * P * 2^f * log |S|) for the Nash equilibria, plus
 * O(E * 2^P * |S| * P * 2^f * log |S|) in the worst case for E Nash
 * equilibria (each search stops at the first layer holding a target), which
 * opts->max_work bounds.
 */
ACCORD_API accord_status accord_coalitions_compute(const accord_model *m,
                                                   const accord_stability_options *opts,
                                                   accord_coalitions **out,
                                                   accord_diagnostics *diag);

ACCORD_API void accord_coalitions_free(accord_coalitions *c);

/*
 * Render a coalition analysis of model m as text or JSON (the JSON shape is
 * in docs/algorithms-conflict.md).  *out is freed with accord_free.
 * Errors: ACCORD_E_ARG, ACCORD_E_NOMEM.  O(size of the result * n).
 */
ACCORD_API accord_status accord_coalitions_render(const accord_model *m,
                                                  const accord_coalitions *c,
                                                  const accord_render_options *opts, char **out);

/* ------------------------------------------------------------------------ */
/* Status quo analysis                                                       */

/* Options of the status quo analysis; zero fields mean the defaults. */
typedef struct accord_evolve_options {
    accord_stability_options stability; /* threads and memory bound */
    size_t from; /* id (1-based) of the state to start from; 0 = the model's status_quo */
} accord_evolve_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_evolve_options_init(accord_evolve_options *opts);

/* One equilibrium reached from the status quo, with a shortest path. */
typedef struct accord_evolve_target {
    size_t state;        /* 0-based state index */
    unsigned concepts;   /* bit c set: an equilibrium under concept c */
    size_t n_moves;      /* fewest moves (0 for the status quo itself) */
    accord_move *path;   /* n_moves unilateral improvements */
} accord_evolve_target;

typedef struct accord_evolution {
    size_t n_states;
    size_t start;         /* 0-based state index of the status quo */
    uint32_t *moves;      /* n_states: fewest moves from start, UINT32_MAX if unreachable */
    size_t n_reachable;   /* states with a finite number of moves (start included) */
    size_t n_targets;     /* equilibria (under any concept) reached, by state index */
    accord_evolve_target *targets;
    accord_stability *stability; /* the stability result the targets come from */
} accord_evolution;

/*
 * Status quo analysis (docs/contract.md §2): from the status quo, the fewest moves
 * of a legal sequence of unilateral improvements by all parties (no party
 * twice in a row) to every reachable state, and the equilibria of each
 * concept so reached, each with one shortest path.  The status quo counts
 * (with 0 moves) when it is an equilibrium.
 * Errors: ACCORD_E_ARG (bad `from`), ACCORD_E_NODATA (no conflict section,
 * or no status_quo and no `from`), ACCORD_E_LIMIT, ACCORD_E_NOMEM.
 * Time complexity: that of accord_stability_compute plus
 * O(P * |S| * 2^f * log |S|) for the search.
 */
ACCORD_API accord_status accord_evolve_compute(const accord_model *m,
                                               const accord_evolve_options *opts,
                                               accord_evolution **out, accord_diagnostics *diag);

ACCORD_API void accord_evolution_free(accord_evolution *e);

/*
 * Render a status quo analysis of model m as text or JSON (shape in
 * docs/algorithms-conflict.md).  *out is freed with accord_free.
 * Errors: ACCORD_E_ARG, ACCORD_E_NOMEM.  O(|S| + size of the paths * n).
 */
ACCORD_API accord_status accord_evolution_render(const accord_model *m, const accord_evolution *e,
                                                 const accord_render_options *opts, char **out);

#ifdef __cplusplus
}
#endif
#endif
