/*
 * accord_agreement.h - agreement analysis (docs/contract.md §1 and §3): evaluating
 * proposals party by party, the Pareto frontier with the bargaining
 * solutions, and the fewest changes that make a proposal acceptable to every
 * party.  The algorithms are described in docs/algorithms-agreement.md.
 *
 * Every function here needs a model with an agreement section and returns
 * ACCORD_E_NODATA otherwise.  Results are plain structures the caller reads
 * and releases with the matching *_free (each *_free(NULL) is a no-op); the
 * *_render functions turn them into text or JSON (accord_render.h) in a
 * buffer released with accord_free.  A result refers to the model it was
 * computed from by indices only, but rendering needs that same model.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_render.h"

#ifndef ACCORD_AGREEMENT_H
#define ACCORD_AGREEMENT_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Evaluating proposals                                                      */

/* Why a party accepts or rejects an outcome.  A broken red line is reported
 * before a utility below the reservation when both hold. */
typedef enum accord_verdict {
    ACCORD_VERDICT_ACCEPTABLE = 0,        /* u >= reservation, no red line broken */
    ACCORD_VERDICT_BELOW_RESERVATION = 1, /* no red line broken, u < reservation */
    ACCORD_VERDICT_RED_LINE = 2           /* breaks at least one red line */
} accord_verdict;

/* What one issue of an outcome costs a party compared with the party's best
 * option for that issue. */
typedef struct accord_issue_cost {
    size_t issue;
    uint32_t option;     /* the outcome's option */
    uint32_t best;       /* the party's best option (the first when tied) */
    double contribution; /* weighted value of `option` (the term of the utility sum) */
    double loss;         /* contribution of `best` minus `contribution`, > 0 */
} accord_issue_cost;

/* One party's view of one outcome. */
typedef struct accord_party_verdict {
    size_t party;
    double utility;     /* u_p, capped at 1 when the party's weights are not normalised */
    double reservation;
    bool acceptable;
    accord_verdict verdict;
    size_t n_broken;
    size_t *broken;       /* indices into preferences[party].red_lines, ascending */
    double *contribution; /* n_issues: the weighted value of each issue's option */
    size_t n_costs;
    accord_issue_cost *costs; /* the issues with a loss, largest loss first (ties: issue order) */
} accord_party_verdict;

typedef struct accord_proposal_evaluation {
    size_t proposal;               /* index into agreement->proposals, or SIZE_MAX for
                                    * terms given as accord_evaluation_options.terms */
    const uint32_t *terms;         /* the outcome judged (n_issues option indices) */
    bool rational;                 /* every party finds it acceptable */
    size_t n_accepting;            /* how many parties accept it */
    accord_party_verdict *parties; /* n_parties, in party order */
} accord_proposal_evaluation;

typedef struct accord_evaluation {
    size_t n_parties, n_issues;
    size_t n_proposals;
    accord_proposal_evaluation *proposals; /* in model order */
    uint32_t *owned_terms_;                /* the library's copy of given terms */
    bool *ignored_red_lines; /* copy of accord_evaluation_options.ignored_red_lines (the
                                red lines treated as dropped), or NULL */
} accord_evaluation;

typedef struct accord_evaluation_options {
    /* NULL: every proposal of the model; else one outcome to judge instead
     * (n_issues option indices, copied; `accord evaluate --terms`), which
     * the result lists with proposal SIZE_MAX and renders with id "terms" */
    const uint32_t *terms;
    /* NULL, or one flag per red line, numbered party by party in file order
     * (the numbering of accord_repair_options.ignored_red_lines): the red
     * lines flagged are treated as dropped (not reported as broken, not
     * deciding a verdict); `accord evaluate --drop` */
    const bool *ignored_red_lines;
} accord_evaluation_options;

/* The defaults: every proposal.  O(1). */
ACCORD_API void accord_evaluation_options_init(accord_evaluation_options *opts);

/*
 * Evaluate every proposal of the model (or opts->terms) for every party:
 * utility, verdict, the red lines broken, each issue's contribution, and
 * the provisions that cost the party most compared with its best option
 * per issue.  opts may be NULL; diag may be NULL (nothing is reported).
 * On success *out belongs to the caller (accord_evaluation_free).
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_ARG (an option
 * of opts->terms out of range), ACCORD_E_NOMEM; *out is NULL on error.
 * Time complexity: O(P * n * (I * log I + R + O)) for P proposals, n parties,
 * I issues, O options in all and R the size of the red lines.
 */
ACCORD_API accord_status accord_evaluation_compute(const accord_model *m, const accord_evaluation_options *opts,
                                                   accord_evaluation **out, accord_diagnostics *diag);

ACCORD_API void accord_evaluation_free(accord_evaluation *e);

/*
 * The evaluation as text (a table per proposal and the deciding provisions
 * per party) or JSON ({"proposals": [{"id", "rational", "terms", "parties":
 * [{"party", "utility", "reservation", "acceptable", "verdict", "red_lines",
 * "contributions", "costs"}]}]}).  *out is freed with accord_free.
 * Errors: ACCORD_E_NOMEM.  Time complexity: O(P * n * (I + R)) plus the text.
 */
ACCORD_API accord_status accord_evaluation_render(const accord_model *m, const accord_evaluation *e,
                                                  const accord_render_options *opts, char **out);

/* ------------------------------------------------------------------------ */
/* Pareto frontier and bargaining solutions                                  */

/* Without a point limit (accord_frontier_options.max_points = 0), a
 * frontier build keeps at most the points that fit in this many bytes, at
 * the bytes a point takes in that build (measured from its own structures
 * after every issue: docs/algorithms-agreement.md, "Limits"). */
#define ACCORD_DEFAULT_FRONTIER_MEMORY ((uint64_t)2 << 30)

/* Progress of a long computation: stage `done` of `total` finished, with
 * `points` points kept so far.  Called from the computing thread; the
 * library never prints, so a caller that wants a progress line prints it. */
typedef void (*accord_progress_fn)(void *ctx, const char *what, size_t done, size_t total,
                                   size_t points);

typedef struct accord_frontier_options {
    size_t max_points;           /* 0: what fits in ACCORD_DEFAULT_FRONTIER_MEMORY */
    accord_progress_fn progress; /* NULL: none; called after every issue */
    void *progress_ctx;
    /* NULL, or one flag per red line, numbered party by party in file order
     * (the numbering of accord_repair_options.ignored_red_lines): the red
     * lines flagged are treated as dropped by the rational frontier, the
     * ZOPA and the bargaining solutions; `accord frontier --drop` */
    const bool *ignored_red_lines;
} accord_frontier_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_frontier_options_init(accord_frontier_options *opts);

/* One point of a frontier: a utility vector and one outcome that has it, the
 * one with the smallest enumeration index (docs/contract.md §1); the
 * outcome's terms are built on demand by accord_frontier_terms. */
typedef struct accord_frontier_point {
    double *utility; /* n_parties */
    uint32_t outcome_, list_; /* the library's: where the outcome is kept */
} accord_frontier_point;

typedef struct accord_frontier {
    size_t n_parties, n_issues;
    double outcomes; /* size of the outcome space */

    /* Pareto frontier over all outcomes, sorted by the first party's utility
     * descending (then the second's, ...). */
    size_t n_points;
    accord_frontier_point *points;

    /* Pareto frontier of the rational outcomes (the ZOPA), same order. */
    size_t n_rational;
    accord_frontier_point *rational;

    /* Bargaining solutions (docs/contract.md §1): nash, kalai_smorodinsky and
     * egalitarian point into `rational` and are NULL when the ZOPA is empty;
     * max_welfare points into `points` (NULL only when there is no outcome). */
    const accord_frontier_point *nash;
    const accord_frontier_point *kalai_smorodinsky;
    const accord_frontier_point *egalitarian;
    const accord_frontier_point *max_welfare;

    double *ideal; /* n_parties: max u_p over rational outcomes; NULL when the ZOPA is empty */
    bool zopa_empty;
    double zopa_size; /* number of rational outcomes, or -1 when too many to count */

    void *internal_; /* the library's own storage */
    bool *ignored_red_lines; /* copy of accord_frontier_options.ignored_red_lines (the
                                red lines treated as dropped), or NULL */
} accord_frontier;

/*
 * The exact Pareto frontier over all outcomes, the rational frontier, the
 * Nash, Kalai-Smorodinsky, egalitarian and maximum-welfare outcomes, and the
 * size of the ZOPA.  The frontier is built issue by issue (Minkowski sums of
 * the issues' options, pruned of dominated points after every issue), so the
 * outcome space is never enumerated; red lines that span several issues are
 * tracked exactly through the issues between their first and last one.
 * Utilities are summed in issue order exactly as accord_utility does, so
 * every reported utility is bit-identical to accord_utility of its terms.
 * Bargaining-solution objectives equal within 1e-12 count as tied (ties:
 * higher welfare, then smaller enumeration index).
 * On success *out belongs to the caller (accord_frontier_free).
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_LIMIT (a frontier
 * would exceed opts->max_points, or without one the points that fit in
 * ACCORD_DEFAULT_FRONTIER_MEMORY; or, refused at once, its growth over the
 * first issues predicts more than 64 times as many points; a diagnostic
 * gives the size reached, the estimated size and the bytes a point takes,
 * and names accord_frontier_options.max_points), ACCORD_E_NOMEM.
 * Time complexity: O(sum_k C_k * (log m_k + f(n, F_k))) where C_k = F_{k-1} *
 * m_k candidates at issue k (F_k: frontier size after issue k, m_k: the
 * issue's undominated options) and f = O(1) for 2 parties, O(log F_k) for 3,
 * O(n * F_k) for more; plus O(n * I * F) for the exact utilities of the
 * last stage.  Memory: the history of the build (a parent index and an
 * option byte per kept point and issue, fewer as points share prefixes),
 * which the result keeps to build terms on demand (accord_frontier_terms).
 */
ACCORD_API accord_status accord_frontier_compute(const accord_model *m,
                                                 const accord_frontier_options *opts,
                                                 accord_frontier **out, accord_diagnostics *diag);

ACCORD_API void accord_frontier_free(accord_frontier *f);

/*
 * The outcome of a point of f (in f->points or f->rational, or one of the
 * solutions): its n_issues option indices written to terms[0..n_issues).
 * The frontier keeps its outcomes as the history of its build (a parent
 * index and an option byte per node: 35 bytes a point for 30 issues of the
 * trade-off benchmark, whose points share prefixes) and walks it back here,
 * so that only the outcomes printed or asked for are ever built.
 * O(n_issues).
 */
ACCORD_API void accord_frontier_terms(const accord_frontier *f, const accord_frontier_point *pt,
                                      uint32_t *terms);

/*
 * The frontier as text (the solutions and the first points of each frontier;
 * all points with opts->verbose) or JSON exactly as docs/contract.md §3 ("parties",
 * "outcomes", "frontier", "rational_frontier", "solutions", plus "zopa").
 * Errors: ACCORD_E_NOMEM.  Time complexity: O((F + F_r) * (n + I)).
 */
ACCORD_API accord_status accord_frontier_render(const accord_model *m, const accord_frontier *f,
                                                const accord_render_options *opts, char **out);

/* Receives output as it is produced: `len` bytes of `text` (not
 * NUL-terminated); returns 0, or non-zero to stop. */
typedef int (*accord_write_fn)(void *ctx, const char *text, size_t len);

/*
 * accord_frontier_render, handed to `write` in pieces of about 1 MiB as it
 * is produced instead of returned whole: the JSON of a frontier of
 * millions of points (about 800 bytes a point with 30 issues) is never held
 * in memory.  Text is written whole at the end (it lists 20 points unless
 * verbose).  The same bytes as accord_frontier_render.  Errors:
 * ACCORD_E_ARG, ACCORD_E_NOMEM, ACCORD_E_IO (write returned non-zero; what
 * was written before stays written).  Time: as accord_frontier_render.
 */
ACCORD_API accord_status accord_frontier_render_write(const accord_model *m, const accord_frontier *f,
                                                      const accord_render_options *opts,
                                                      accord_write_fn write, void *ctx);

/* ------------------------------------------------------------------------ */
/* Repair: fewest changes that make an outcome rational                      */

#define ACCORD_DEFAULT_MAX_REPAIRS 20

typedef struct accord_repair_options {
    const uint32_t *terms; /* the outcome to repair: n_issues option indices (required) */
    size_t max_repairs; /* most repairs listed; 0: ACCORD_DEFAULT_MAX_REPAIRS */
    const char *label;  /* how the repaired terms are called in output (e.g. a
                           proposal id); NULL: "the given terms" */
    /* NULL: none.  Called as the search starts on k changes and every 2^22
     * search nodes: done = k, total = the number of issues, points = the
     * search nodes so far. */
    accord_progress_fn progress;
    void *progress_ctx;
    /* NULL, or one flag per red line, numbered party by party in file order
     * (the numbering of accord_relaxations): the red lines flagged are
     * treated as dropped, a "what if" without copying the model. */
    const bool *ignored_red_lines;
} accord_repair_options;

typedef struct accord_repair_item {
    uint32_t *terms;     /* n_issues: the repaired outcome */
    size_t n_changed;
    size_t *changed;     /* the issues changed, ascending */
    double *utility;     /* n_parties */
    double nash_product; /* prod_p (u_p - reservation_p) */
} accord_repair_item;

typedef struct accord_repair_result {
    size_t n_parties, n_issues;
    char *label;        /* copy of options->label, or NULL */
    uint32_t *original; /* n_issues: the terms to repair */
    bool feasible;      /* some rational outcome exists; when false, nothing below is set */
    size_t changes;     /* the fewest issues to change */
    size_t n_repairs;
    accord_repair_item *repairs; /* by Nash product descending, then welfare
                               descending, then enumeration index */
    bool more;              /* more repairs with `changes` changes exist than are listed */
    bool *ignored_red_lines; /* copy of the option's flags (the red lines treated as
                                dropped), or NULL */
} accord_repair_result;

/*
 * The fewest issues to change in opts->terms so that every party finds the
 * result acceptable, and the best repairs of that size: up to max_repairs
 * outcomes that differ from the terms in exactly that
 * many issues and are rational, the first maximising the Nash product.
 * Exact branch and bound: for k = 0, 1, ... search the outcomes within k
 * changes, pruning with upper bounds for every party and for groups of
 * parties summed (the k best gains still available), with red lines as soon
 * as their issues are fixed, and, once more than max_repairs are known, with
 * a bound on the Nash product.  Whether any rational outcome exists is
 * decided first by a branch and bound over the issues with the same kind of
 * bounds.
 * On success *out belongs to the caller (accord_repair_result_free).
 * Errors: ACCORD_E_NODATA, ACCORD_E_ARG (no terms, or an option index out
 * of range, with a diagnostic), ACCORD_E_UNSUPPORTED (a non-linear
 * utility), ACCORD_E_NOMEM.
 * Time complexity: O(sum_{j<=k} N_j * (n + G + R)) where N_j is the number
 * of search nodes the bounds leave within j changes: at most
 * sum_{j<=k} C(I, j) * (m - 1)^j for m options per issue, usually far fewer;
 * G is the number of groups of parties bounded (11 for four parties, n(n-1)/2
 * + 1 beyond).  Memory: O((n + G) * I^2) doubles for the bounds.
 */
ACCORD_API accord_status accord_repair_compute(const accord_model *m, const accord_repair_options *opts,
                                               accord_repair_result **out, accord_diagnostics *diag);

/* The defaults: no terms (they must be set), ACCORD_DEFAULT_MAX_REPAIRS.
 * O(1). */
ACCORD_API void accord_repair_options_init(accord_repair_options *opts);

ACCORD_API void accord_repair_result_free(accord_repair_result *r);

/*
 * The repairs as text or JSON ({"terms", "changes": N or null, "repairs":
 * [{"terms", "changed": [{"issue", "from", "to"}], "utility",
 * "nash_product"}], "more"}).  Errors: ACCORD_E_NOMEM.
 * Time complexity: O(R * (n + I)) for R repairs listed.
 */
ACCORD_API accord_status accord_repair_render(const accord_model *m, const accord_repair_result *r,
                                              const accord_render_options *opts, char **out);

/* ------------------------------------------------------------------------ */
/* The zone of possible agreement: the red lines that block it (src/zopa/)  */

/* One smallest set of red lines whose removal makes some outcome rational. */
typedef struct accord_relaxation {
    size_t n;
    struct accord_red_line_ref {
        size_t party;
        size_t red_line; /* index into preferences[party].red_lines */
    } *red_lines;
    uint32_t *witness; /* n_issues: one outcome every party then accepts */
} accord_relaxation;

typedef struct accord_relaxations {
    bool zopa_empty;  /* no outcome is rational as the model stands */
    bool decided;     /* false: the search hit its budget somewhere */
    size_t size;      /* red lines in each set; 0 when the zone is not empty or
                         no set of at most max_size red lines opens it */
    size_t n_sets;
    accord_relaxation *sets; /* in lexicographic order of the red lines */
    bool more;               /* more sets of this size exist than are listed */
    bool reservations_block; /* even without any of the droppable red lines, no
                                outcome is acceptable to all (the reservations,
                                or the other parties' red lines, block) */
} accord_relaxations;

#define ACCORD_DEFAULT_RELAX_SIZE 3 /* red lines per relaxation set, overall and per party */
#define ACCORD_DEFAULT_RELAX_SETS 6 /* relaxation sets the full analysis lists */

typedef struct accord_relaxations_options {
    size_t max_size; /* red lines in a set at most; 0: ACCORD_DEFAULT_RELAX_SIZE */
    size_t max_sets; /* sets listed at most; 0: 10 */
    uint64_t parties; /* drop only these parties' red lines (bit p for party
                         p); 0: every party's */
} accord_relaxations_options;

/* The defaults: sets of up to 3 red lines of any party, 10 listed.  O(1). */
ACCORD_API void accord_relaxations_options_init(accord_relaxations_options *opts);

/*
 * When no outcome is acceptable to every party, the smallest sets of red
 * lines (at most max_size of them; at most max_sets listed) whose removal
 * leaves some outcome acceptable to all, each with one such outcome.  Each
 * candidate set is decided by an exact branch and bound over the issues.
 * opts and diag may be NULL.
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_UNSUPPORTED (a
 * non-linear utility, with a diagnostic), ACCORD_E_NOMEM.
 * Time complexity: O(sum_{k <= max_size} C(R, k) * S) for R red lines and S
 * the search's nodes per set (bounded by 10^6 per set; a set whose search
 * hits the bound counts as not opening the zone and clears `decided`).
 */
ACCORD_API accord_status accord_relaxations_compute(const accord_model *m, const accord_relaxations_options *opts,
                                                    accord_relaxations **out, accord_diagnostics *diag);
ACCORD_API void accord_relaxations_free(accord_relaxations *r);

#ifdef __cplusplus
}
#endif
#endif
