/*
 * accord_analysis.h - the full analysis of a model (`accord analyze`, and
 * `accord` alone on the built-in scenario): every analysis the model
 * supports, walked through as the questions an analyst asks, and the red
 * lines that block any agreement.
 */
#ifndef ACCORD_ANALYSIS_H
#define ACCORD_ANALYSIS_H

#include "accord.h"
#include "accord_render.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Red lines that block every agreement                                      */

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

/*
 * When no outcome is acceptable to every party, the smallest sets of red
 * lines (at most max_size of them, default 3; at most max_sets listed,
 * default 10) whose removal leaves some outcome acceptable to all, each
 * with one such outcome.  Each candidate set is decided by an exact branch
 * and bound over the issues.
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_NOMEM.
 * Time complexity: O(sum_{k <= max_size} C(R, k) * S) for R red lines and S
 * the search's nodes per set (bounded by 10^6 per set; a set whose search
 * hits the bound counts as not opening the zone and clears `decided`).
 */
ACCORD_API accord_status accord_relaxations_compute(const accord_model *m, size_t max_size,
                                                    size_t max_sets, accord_relaxations **out);

/* The same, dropping only red lines of the parties in `parties` (bit p for
 * party p; 0 means every party). */
ACCORD_API accord_status accord_relaxations_compute_for(const accord_model *m, uint64_t parties,
                                                        size_t max_size, size_t max_sets,
                                                        accord_relaxations **out);
ACCORD_API void accord_relaxations_free(accord_relaxations *r);

/* ------------------------------------------------------------------------ */
/* The full analysis                                                         */

typedef struct accord_analysis_options {
    uint64_t samples; /* robustness samples; default 1000 */
    uint64_t seed;    /* default 1 */
} accord_analysis_options;

/*
 * The full analysis as text (about two screens: each proposal party by party
 * with the deciding provisions; the comparison with no deal; whether any
 * agreement exists, the red lines that block it and the minimal repair; the
 * strategic equilibria, the status quo's evolution and the named states; the
 * robustness of each verdict) or JSON (each analysis's document under its
 * own key).  Analyses the model has no section for are left out; one that
 * cannot run (a resource limit) is reported in place, with its reason.
 * Errors: ACCORD_E_NOMEM.
 * Time complexity: the sum of the analyses'.
 */
ACCORD_API accord_status accord_analysis_render(const accord_model *m,
                                                const accord_analysis_options *opts,
                                                const accord_render_options *ropts, char **out,
                                                accord_diagnostics *diag);

#ifdef __cplusplus
}
#endif
#endif
