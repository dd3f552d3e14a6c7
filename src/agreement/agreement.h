/*
 * agreement.h - library-internal pieces of the agreement analyses shared
 * between the files of src/agreement/ (and reachable by white-box tests and
 * benchmarks).
 *
 * Every function takes the utility table it works with separately from the
 * model, so that a caller may substitute a table drawn from the model's
 * uncertainty ranges (the model supplies issues and red lines only).
 */
#ifndef ACCORD_AGREEMENT_INTERNAL_H
#define ACCORD_AGREEMENT_INTERNAL_H

#include "../core/internal.h"
#include "../model/model.h"

/* Without exact fractions (sampled tables, parties whose fractions do not
 * fit), bargaining-solution objectives within this much of each other count
 * as tied (docs/algorithms-agreement.md §2). */
#define ACC_TIE_EPS 1e-12

/*
 * Outcomes kept compactly, as the frontier build's history: a forest with
 * one level per issue.  Node x of level s stands for an outcome's first s+1
 * terms: its option at issue s, and its parent among level s-1's nodes
 * (which holds the terms before).  The outcome behind a node of the last
 * level is read by walking back, O(n_issues), so a frontier's terms are
 * built only for the points that are printed or asked for.  A level without
 * parents (parent[s] == NULL) maps node x to node x of the level before: a
 * list of whole outcomes, one per node, is stored that way.  Option indices
 * take `width` bytes: 1 when every issue has at most 256 options, 2 up to
 * 65,536, else 4.
 */
typedef struct acc__outcome_tree {
    size_t n_issues;
    size_t width;       /* bytes of an option index: 1, 2 or 4 */
    uint32_t **parent;  /* n_issues arrays (or NULL each) */
    void **option;      /* n_issues arrays of width-byte option indices */
    size_t *n_nodes;    /* n_issues */
} acc__outcome_tree;

/* An empty tree for the issues of ag (every level NULL).  Errors:
 * ACCORD_E_NOMEM.  O(n_issues). */
accord_status acc__tree_init(acc__outcome_tree *t, const accord_agreement *ag);
void acc__tree_free(acc__outcome_tree *t);
/* Bytes of node arrays a tree holds (the levels' parents and options). */
uint64_t acc__tree_bytes(const acc__outcome_tree *t);

static inline uint32_t acc__tree_option(const acc__outcome_tree *t, size_t s, size_t x)
{
    if (t->width == 1)
        return ((const uint8_t *)t->option[s])[x];
    if (t->width == 2)
        return ((const uint16_t *)t->option[s])[x];
    return ((const uint32_t *)t->option[s])[x];
}

static inline void acc__tree_set_option(acc__outcome_tree *t, size_t s, size_t x, uint32_t k)
{
    if (t->width == 1)
        ((uint8_t *)t->option[s])[x] = (uint8_t)k;
    else if (t->width == 2)
        ((uint16_t *)t->option[s])[x] = (uint16_t)k;
    else
        ((uint32_t *)t->option[s])[x] = k;
}

/* The terms of the outcome behind node `leaf` of the last level.
 * O(n_issues). */
void acc__tree_terms(const acc__outcome_tree *t, uint32_t leaf, uint32_t *terms);

/* A set of outcomes' utility vectors with one outcome each: point a's
 * outcome is node leaf[a] of the tree's last level.  A set may share the
 * tree of another (`shared`: it does not free it). */
typedef struct acc__pointset {
    size_t n, n_parties, n_issues;
    double *utility;         /* n * n_parties */
    uint32_t *leaf;          /* n */
    acc__outcome_tree *tree; /* NULL while n == 0 */
    bool shared;
} acc__pointset;

void acc__pointset_free(acc__pointset *s);
/* Room for n points whose outcomes are stored whole (a tree without
 * parents, leaf[a] = a), to be filled with acc__pointset_set_terms.
 * Errors: ACCORD_E_NOMEM (s is then empty).  O(n * (n_parties + n_issues)). */
accord_status acc__pointset_flat(acc__pointset *s, const accord_model *m, size_t n);
void acc__pointset_set_terms(acc__pointset *s, size_t a, const uint32_t *terms);
/* The terms of point a.  O(n_issues). */
void acc__pointset_terms(const acc__pointset *s, size_t a, uint32_t *terms);

/* What a frontier build covers. */
typedef enum acc__frontier_kind {
    ACC_FRONTIER_ALL = 0,  /* every outcome */
    ACC_FRONTIER_RATIONAL  /* outcomes every party accepts (red lines and reservations) */
} acc__frontier_kind;

/*
 * The exact Pareto frontier of the chosen outcomes by issue-by-issue
 * Minkowski merging (docs/algorithms-agreement.md), sorted lexicographically
 * by utility, descending; each point carries the outcome with the smallest
 * enumeration index.  `table` is normally &m->agreement->table.
 * Errors: ACCORD_E_LIMIT (with a diagnostic naming --max-points),
 * ACCORD_E_NOMEM.
 */
accord_status acc__frontier_build(const accord_model *m, const accord_utility_table *table,
                                  acc__frontier_kind kind, size_t max_points, acc__pointset *out,
                                  accord_diagnostics *diag);

/* The same, reporting progress after every issue (progress may be NULL),
 * with the red lines flagged in `ignored` (accord_frontier_options.
 * ignored_red_lines's numbering; NULL: none) treated as dropped. */
accord_status acc__frontier_build_progress(const accord_model *m, const accord_utility_table *table,
                                           acc__frontier_kind kind, size_t max_points,
                                           const bool *ignored, accord_progress_fn progress,
                                           void *progress_ctx, acc__pointset *out,
                                           accord_diagnostics *diag);

/* The most outcomes an analysis enumerates one by one (the frontier of
 * red lines too entangled to track, or of a non-linear utility). */
#define ACC_ENUMERATE_MAX ((double)(1u << 22))

/* ACCORD_OK when m's outcomes may be enumerated (at most ACC_ENUMERATE_MAX),
 * else ACCORD_E_LIMIT with a diagnostic naming the non-linear party (if any)
 * and the sizes. */
accord_status acc__enumeration_allowed(const accord_model *m, accord_diagnostics *diag);

/*
 * The naive reference: enumerate every outcome, keep the undominated ones.
 * Refuses (ACCORD_E_LIMIT) above max_outcomes outcomes.  Used by the tests
 * and the benchmark.  O(N * F * n) for N outcomes and F frontier points.
 */
accord_status acc__frontier_bruteforce(const accord_model *m, const accord_utility_table *table,
                                       double max_outcomes, accord_frontier **out);
/* The same with the red lines flagged in `ignored` (NULL: none) dropped. */
accord_status acc__frontier_bruteforce_ignoring(const accord_model *m, const accord_utility_table *table,
                                                const bool *ignored, double max_outcomes,
                                                accord_frontier **out);

/* Search nodes the frontier analysis spends counting the ZOPA before
 * giving up. */
#define ACC_ZOPA_COUNT_BUDGET ((uint64_t)1 << 20)

/*
 * Count the rational outcomes by a depth-first search that prunes with the
 * reservations and the red lines; gives up (*count = -1, ACCORD_OK) after
 * `budget` search nodes, or sooner when the share of the outcomes decided
 * so far projects more than 4 times that many (solutions.c).  `table` as
 * above; the red lines flagged in
 * `ignored` (NULL: none) are dropped; *visited (unless NULL) is set to the
 * search nodes visited.  Errors: ACCORD_E_NOMEM.
 */
accord_status acc__zopa_count(const accord_model *m, const accord_utility_table *table,
                              const bool *ignored, uint64_t budget, double *count,
                              uint64_t *visited);

/* Wrap two point sets into a frontier result: takes ownership of the sets'
 * arrays (the sets are emptied), computes the ideal and the solutions. */
accord_status acc__frontier_assemble(const accord_model *m, const accord_utility_table *table,
                                     acc__pointset *all, acc__pointset *rational,
                                     double zopa_size, accord_frontier **out);

/* Move the frontier's full (rational: rational) point set into *out; f
 * is to be freed next.  O(1). */
void acc__frontier_take(accord_frontier *f, bool rational, acc__pointset *out);

/* Lexicographic comparison of two outcomes (enumeration order). */
int acc__terms_cmp(const uint32_t *a, const uint32_t *b, size_t n_issues);

/* Differences of partial utility sums at most this large may be rounding
 * and are not trusted to survive to the final vector (pareto.c). */
#define ACC_NEAR_EPS 1e-11

/*
 * Streaming Pareto filter (pareto.c).  Push points (np coordinates each, with
 * a tag naming the outcome) in an order non-increasing in the first
 * coordinate; `order(ctx, a, b)` < 0 when tag a's outcome comes before tag
 * b's in enumeration order, and among equal vectors the first in that order
 * is kept.  With eps = 0 and thr = NULL (acc__pareto_reset) a point is
 * dropped when another dominates it; with eps > 0 only when another is
 * ahead by more than eps in a coordinate q where the point is below thr[q],
 * or equal to it.  After acc__pareto_finish, vec/tag/n are the survivors in
 * lexicographically descending order.  Memory O(survivors + the largest run
 * of equal first coordinates).  Time per point: O(1) for 2 coordinates,
 * O(log n) for 3, O(log^2 n) for 4, O(survivors) for more.
 */
typedef int (*acc__order_fn)(void *ctx, uint64_t a, uint64_t b);

typedef struct acc__pareto {
    size_t np;
    double eps;
    double *thr; /* np */
    bool use_thr;
    acc__order_fn order;
    void *ctx;
    /* the survivors */
    double *vec;
    uint64_t *tag;
    size_t n, cap_vec, cap_tag;
    /* buffered points: the current run of equal first coordinates */
    double *gvec;
    uint64_t *gtag;
    size_t gn, cap_gvec, cap_gtag;
    size_t *run, *tmp, cap_run, cap_tmp;
    double *prev;
    bool has_prev;
    /* sweep state */
    size_t lag;
    double lag_best, best;
    void *pool;           /* staircases: 3 coordinates, flat (all points kept,
                           * and those well ahead); 4, treap nodes */
    double *ranks;        /* 4 coordinates: Fenwick trees of staircases */
    size_t n_ranks;
    uint32_t *all4, *lagged4;
    bool failed;
} acc__pareto;

accord_status acc__pareto_init(acc__pareto *f, size_t np, acc__order_fn order, void *ctx);
void acc__pareto_reset(acc__pareto *f, double eps, const double *thr);
accord_status acc__pareto_push(acc__pareto *f, const double *x, uint64_t tag);
accord_status acc__pareto_finish(acc__pareto *f);
void acc__pareto_free(acc__pareto *f);
/* Bytes the filter holds allocated (its survivors, buffers and staircases),
 * for the frontier's memory per point.  O(1). */
uint64_t acc__pareto_bytes(const acc__pareto *f);

#endif
