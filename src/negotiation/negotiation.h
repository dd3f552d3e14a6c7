/*
 * negotiation.h - library-internal pieces of the negotiation simulation
 * shared between the files of src/negotiation/ (and reachable by white-box tests and
 * the benchmark).
 *
 * Information hiding (docs/contract.md §4: agents see only their own preferences and
 * the offers made) is enforced by the types: an agent decides from an
 * acc__self (its own utility function, reservation, red lines and the index
 * over its own outcomes; no pointer to the model or to other parties) and an
 * acc__history (the offers made so far: who, when, which outcome).
 */
#ifndef ACCORD_NEGOTIATION_INTERNAL_H
#define ACCORD_NEGOTIATION_INTERNAL_H

#include "../core/internal.h"
#include "../model/model.h"

#define ACC_GRID_ONE ((int64_t)1 << 30) /* grid value of utility 1 */

/* Conservative margin between a sum of doubles in one order and in another
 * (far above the rounding error of any realistic issue count, far below the
 * grid step 2^-30). */
#define ACC_NEG_EPS 1e-11

/* ---- one party's own preferences (space.c) ---- */

typedef struct acc__self {
    size_t party;           /* the agent knows its own role */
    size_t n_issues;
    const uint32_t *radix;  /* options per issue (the domain is common knowledge) */
    const size_t *offset;   /* n_issues: offsets into contrib */
    double *contrib;        /* own row of the utility table (a copy) */
    bool cap;               /* u = min(1, sum) */
    acc__i128 *num;         /* own row as fractions over den (a copy; exact.h), or NULL */
    acc__i128 den;
    const accord_issue *issues;        /* the domain, for a non-linear utility */
    const accord_nonlinear *nonlinear; /* own non-linear utility, or NULL */
    double reservation;
    int64_t g_reservation;  /* on the grid */
    size_t n_red_lines;
    const accord_expr **red_lines; /* own red lines only */
    uint64_t n_outcomes;

    /* Extremes over the outcomes that break none of its red lines. */
    double umax, umin;
    int64_t gmax; /* grid of umax (capped) */

    /* Sorted index: keys[k] = ((g - gbase) << 32) | enumeration index, for
     * the allowed outcomes, ascending; an offer search is one binary search. */
    bool sorted;
    uint64_t *keys;
    size_t n_keys;
    int64_t gbase;

    /* Split index (large spaces): issues [0, h) form the prefix half A,
     * [h, n) the suffix half B; outcome index = a * nB + b. */
    size_t h;
    uint64_t nA, nB;
    size_t n_a;
    uint64_t *a_index;  /* allowed prefixes, ascending */
    double *a_sum;      /* their exact folds (0 + c_0 + ... + c_{h-1}) */
    size_t n_b;
    uint64_t *b_index;  /* allowed suffixes by (b_sum, index) ascending */
    double *b_sum;      /* their folds from 0 (an approximation of their share) */
    size_t n_mixed;     /* red lines spanning both halves, checked per candidate */
    const accord_expr **mixed;
} acc__self;

/* Scratch space one thread needs to use an acc__self (terms of n_issues). */
typedef struct acc__scratch {
    uint32_t *terms;
} acc__scratch;

/*
 * Build party p's view.  `radix` and `offset` are borrowed (they must outlive
 * the view).  Uses the sorted index when the space has at most max_sorted
 * outcomes and the grid span allows, else the split index.
 * Errors: ACCORD_E_INVALID (every outcome breaks a red line; diagnostic),
 * ACCORD_E_LIMIT (halves too large; diagnostic naming --max-sorted),
 * ACCORD_E_NOMEM.
 */
accord_status acc__self_init(acc__self *s, const accord_model *m, size_t p, const uint32_t *radix,
                             const size_t *offset, uint64_t n_outcomes, uint64_t max_sorted,
                             bool force_split, accord_diagnostics *diag);
void acc__self_clear(acc__self *s);

/* Decode an enumeration index into option indices (first issue slowest). */
void acc__decode(const uint32_t *radix, size_t n_issues, uint64_t index, uint32_t *terms);

/* Own utility of an outcome (the fold accord_utility computes), and on the grid. */
double acc__self_utility(const acc__self *s, const uint32_t *terms);
int64_t acc__self_grid(const acc__self *s, const uint32_t *terms);
/* Does the outcome break one of the party's red lines? */
bool acc__self_breaks(const acc__self *s, const uint32_t *terms);

/*
 * The allowed outcome with the smallest grid utility >= target, ties to the
 * smallest enumeration index.  target must be <= s->gmax (then one exists).
 * Writes its index and grid utility.  O(log N) sorted; O(A log B) split.
 */
void acc__self_find(const acc__self *s, int64_t target, acc__scratch *scratch, uint64_t *index,
                    int64_t *grid);

/* ---- agents (agents.c) ---- */

/* An offer made: by whom, in which round, which outcome. */
typedef struct acc__offer {
    uint32_t round, party;
    uint64_t outcome;
} acc__offer;

/* The offers made so far, with each party's last two for quick access. */
typedef struct acc__history {
    size_t n, cap;
    acc__offer *offers;
    size_t n_parties;
    long *last, *prev; /* per party: index into offers, -1 when none */
} acc__history;

accord_status acc__history_init(acc__history *h, size_t n_parties);
accord_status acc__history_push(acc__history *h, uint32_t round, uint32_t party, uint64_t outcome);
void acc__history_clear(acc__history *h);

typedef struct acc__agent {
    accord_agent spec;
    const acc__self *self;
    uint64_t rng; /* splitmix64 state */
    double pmin;  /* max(umin, reservation) */
} acc__agent;

void acc__agent_init(acc__agent *a, const accord_agent *spec, const acc__self *self, uint64_t seed);

/*
 * What the agent would offer now (time t in [0, 1]), given the offers so
 * far: writes the outcome index and its grid utility to the agent.
 */
void acc__agent_decide(acc__agent *a, double t, const acc__history *h, acc__scratch *scratch,
                       uint64_t *offer, int64_t *grid);

/* The time-dependent target utility (before rounding) at time t. */
double acc__timedep_target(double pmin, double pmax, double e, double t);

/* splitmix64 step and a hash of several words, for seeds. */
uint64_t acc__splitmix(uint64_t *state);
uint64_t acc__seed_mix(uint64_t a, uint64_t b);

/* ---- the setup and quality (protocol.c, quality.c) ---- */

typedef struct acc__quality_ref {
    bool computed;
    size_t n_parties;
    size_t n_points;
    double *points;  /* n_points * n_parties: the Pareto frontier */
    bool has_nash;
    double *nash;    /* n_parties */
    double max_welfare;
} acc__quality_ref;

/* Compute the frontier reference of m (accord_frontier_compute).  A frontier
 * over its limit leaves ref->computed false and appends a warning. */
accord_status acc__quality_ref_init(acc__quality_ref *ref, const accord_model *m,
                                    accord_diagnostics *diag);
void acc__quality_ref_clear(acc__quality_ref *ref);
/* The metrics of a utility vector.  O(F * n). */
void acc__quality_measure(const acc__quality_ref *ref, const double *utility,
                          accord_outcome_quality *q);

struct accord_negotiation_setup {
    const accord_model *model;
    size_t n_parties, n_issues;
    uint64_t n_outcomes;
    uint32_t *radix;
    size_t *offset;
    acc__self *selves; /* n_parties */
    acc__quality_ref quality;
};

/* accord_negotiation_setup_new with a forced split index (tests). */
accord_status acc__negotiation_setup(const accord_model *m, const accord_negotiation_options *opts,
                                     bool force_split, accord_negotiation_setup **out,
                                     accord_diagnostics *diag);

/* ---- tournaments (tournament.c) ---- */

/* (Re)compute t->stats from t->runs.  Errors: ACCORD_E_NOMEM. */
accord_status acc__tournament_stats(accord_tournament *t);

#endif
