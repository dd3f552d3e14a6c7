/*
 * accord_robust.h - uncertainty: every number written as a range is sampled
 * (uniformly, seeded), the verdicts are recomputed per sample, and the
 * probabilities and the numbers that decide them are reported.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_render.h"

#ifndef ACCORD_ROBUST_H
#define ACCORD_ROBUST_H

#ifdef __cplusplus
extern "C" {
#endif

/* The defaults of accord_robust_options (and of the robustness section of
 * accord_analysis_options): how many samples, and the length of the
 * sensitivity ranking. */
#define ACCORD_DEFAULT_SAMPLES 1000
#define ACCORD_DEFAULT_TOP 10
/* Default bound on the memory accord_robust_compute allocates: 4 GiB. */
#define ACCORD_DEFAULT_ROBUST_MAX_MEMORY ((uint64_t)4 << 30)

typedef struct accord_robust_options {
    uint64_t samples;      /* default ACCORD_DEFAULT_SAMPLES */
    uint64_t seed;         /* default 0 (a zeroed struct is the defaults) */
    size_t top;            /* length of the sensitivity ranking; default ACCORD_DEFAULT_TOP */
    uint64_t search_nodes; /* per-sample budget of the agreement search; default 10^7 */
    /* bytes of memory allowed: the samples' verdicts and draws (kept for the
     * sensitivity ranking), each thread's utility table and the result;
     * 0 = ACCORD_DEFAULT_ROBUST_MAX_MEMORY */
    uint64_t max_memory;
} accord_robust_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_robust_options_init(accord_robust_options *opts);

/* How strongly one uncertain number moves one verdict. */
typedef struct accord_sensitivity {
    size_t number;     /* index into accord_robust.uncertain */
    const char *what;  /* "RU weight of nato" */
    double low, high;  /* its range */
    /* the verdict it moves most: proposal index and party index, or
       party == n_parties for "every party accepts", or proposal ==
       n_proposals for "some agreement exists" */
    size_t proposal, party;
    double p_low, p_high; /* the verdict's probability with the number in the
                             lower and the upper half of its range */
    double swing;         /* p_high - p_low; the ranking sorts by |swing| */
} accord_sensitivity;

typedef struct accord_robust {
    uint64_t samples, seed;
    size_t n_parties, n_proposals;
    size_t n_uncertain;
    const char **uncertain;   /* what each ranged number is, in sampling order */
    bool *point_acceptable;   /* [proposal * n_parties + party] at the point values */
    double *acceptable;       /* [proposal * n_parties + party]: probability */
    double *all_acceptable;   /* [proposal] */
    double zopa_nonempty;     /* probability that some outcome is rational (over decided samples) */
    uint64_t zopa_undecided;  /* samples whose search hit the node budget */
    size_t n_sensitivity;
    accord_sensitivity *sensitivity; /* most decisive first */
} accord_robust;

/*
 * Sample every range of the model's agreement section `samples` times; per
 * sample, which parties accept each proposal and whether any rational
 * outcome exists (a branch and bound over the issues).  Sample k draws from
 * a stream seeded by (seed, k), so the result is identical whatever the
 * number of threads (OpenMP).  A model without ranges has nothing to
 * sample: every sample would be the point values, so one is computed and
 * stands for all (n_uncertain = 0, probabilities 0 or 1), in time and
 * memory independent of `samples`.
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_ARG (samples 0),
 * ACCORD_E_LIMIT (the memory estimated up front, about N * (V + 8 * U)
 * bytes for N samples, V = P * n + P + 1 verdicts and U uncertain numbers,
 * plus a utility table per thread, exceeds opts->max_memory; a diagnostic
 * gives the estimate and names the fields), ACCORD_E_NOMEM.
 * Time complexity: O(N * (n * T + P * n * I + S)) for N samples, n parties,
 * T options in all, P proposals, I issues and S the search's nodes (N = 1
 * when the model has no ranges).
 */
ACCORD_API accord_status accord_robust_compute(const accord_model *m, const accord_robust_options *opts,
                                               accord_robust **out, accord_diagnostics *diag);
ACCORD_API void accord_robust_free(accord_robust *r);
ACCORD_API accord_status accord_robust_render(const accord_model *m, const accord_robust *r,
                                              const accord_render_options *opts, char **out);

#ifdef __cplusplus
}
#endif
#endif
