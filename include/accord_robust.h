/*
 * accord_robust.h - uncertainty: every number written as a range is sampled
 * (uniformly, seeded), the verdicts are recomputed per sample, and the
 * probabilities and the numbers that decide them are reported.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_render.h"
#include "accord_conflict.h"

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
    /* bytes of memory allowed: each thread's utility table, search and
     * tallies, the result and, per sample, the conflict's configuration
     * (nothing else is kept per sample); 0 = ACCORD_DEFAULT_ROBUST_MAX_MEMORY */
    uint64_t max_memory;
    /* NULL, or one flag per red line, numbered party by party in file order
     * (the numbering of accord_repair_options.ignored_red_lines): the red
     * lines flagged are treated as dropped in every sample (acceptance and
     * the zone of agreement) and at the point values; a flagged red line of
     * firmness below 1 is no structural assumption; `accord robust --drop` */
    const bool *ignored_red_lines;
    /* OpenMP threads of the sampling and of the conflict part's stability
     * analyses; 0: the default (OMP_NUM_THREADS or every core).  The
     * result is the same for any number. */
    int threads;
} accord_robust_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_robust_options_init(accord_robust_options *opts);

/* What a sensitivity entry is about: a ranged number, or a structural
 * assumption of the model (docs/model-format.md). */
typedef enum accord_assumption_kind {
    ACCORD_ASSUME_NUMBER = 0,       /* a number written as a range (accord_robust.uncertain) */
    ACCORD_ASSUME_RED_LINE = 1,     /* a red line holds (its firmness) */
    ACCORD_ASSUME_IRREVERSIBLE = 2, /* a conflict option, once taken, cannot be withdrawn */
    ACCORD_ASSUME_ORDER = 3         /* a conflict party's alternative preference order is drawn */
} accord_assumption_kind;

/* One structural assumption the samples draw. */
typedef struct accord_structural {
    accord_assumption_kind kind; /* never ACCORD_ASSUME_NUMBER */
    const char *what;            /* "A's red line \"x = b\"", "option B.y is irreversible",
                                    "B's order \"hardline\"" */
    double probability;          /* that it holds (is drawn) in a sample */
    size_t party;                /* the red line's, the option's controlling party, the order's */
    size_t item;                 /* red line index among the party's, option index, or
                                    alternative index among the party's */
} accord_structural;

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
    /* What the entry is about.  For a structural assumption (kind other
     * than ACCORD_ASSUME_NUMBER) `number` is SIZE_MAX, `structural` indexes
     * accord_robust.structural, low = 0 and high = 1, and p_low / p_high are
     * the verdict's probability over the samples where the assumption does
     * not hold and where it holds. */
    accord_assumption_kind kind;
    size_t structural;
    /* A conflict verdict (then proposal and party are n_proposals and
     * n_parties and mean nothing): subject `subject` of
     * accord_robust.subject is an equilibrium under `concept`. */
    bool conflict;
    size_t subject;
    accord_concept concept;
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
    /* Structural assumptions drawn per sample: red lines of firmness below
     * 1, then conflict options that may be irreversible, then alternative
     * orders (party by party), in file order. */
    size_t n_structural;
    accord_structural *structural;
    /* The conflict part, run when the model's conflict has an irreversible
     * option or an alternative order (else n_subjects is 0): the status quo
     * (when the model has one, subject 0, "status quo") and each named state
     * ("some state matching it is an equilibrium"). */
    size_t n_subjects;
    const char **subject;
    double *stable;        /* [subject * ACCORD_N_CONCEPTS + concept]: probability */
    bool *point_stable;    /* the same for the model as written (no irreversibility, base orders) */
    size_t n_configurations; /* distinct conflict configurations drawn; each analysed once */
    bool *ignored_red_lines; /* copy of accord_robust_options.ignored_red_lines (the red
                                lines treated as dropped), or NULL */
} accord_robust;

/*
 * Sample every range and every structural assumption of the model
 * `samples` times; per
 * sample, which parties accept each proposal and whether any rational
 * outcome exists (a branch and bound over the issues).  Sample k draws from
 * a stream seeded by (seed, k), so the result is identical whatever the
 * number of threads (OpenMP; one thread per 64 samples at most, as a
 * thread takes blocks of 64).  A model without ranges has nothing to
 * sample: every sample would be the point values, so one is computed and
 * stands for all (n_uncertain = 0, probabilities 0 or 1), in time and
 * memory independent of `samples`.
 * Structural assumptions (docs/model-format.md): each red line of firmness
 * f < 1 holds in a sample with probability f (a dropped red line counts
 * neither for acceptance nor for the zone of agreement); each conflict
 * option with `irreversible: q` moves forward only with probability q; each
 * conflict party with alternative orders takes one with its probability.
 * A number given as a range there is drawn at its midpoint (the same
 * probability of holding).  A model with any of them is sampled however
 * few ranges it has.  The conflict part computes, per distinct
 * configuration of the drawn conflict assumptions (memoised), the stability
 * of the status quo and of each named state under the four concepts
 * (accord_stability_compute on that configuration), and every verdict's
 * sensitivity to every assumption is ranked with the numbers' (numbers and
 * red lines against the agreement's verdicts, the conflict's assumptions
 * against the conflict's: the other side does not depend on them).
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_ARG (samples 0),
 * ACCORD_E_LIMIT (the memory estimated up front exceeds opts->max_memory;
 * a diagnostic gives the estimate and names the fields), ACCORD_E_NOMEM.
 * The samples' verdicts and draws are not kept: they are tallied per thread
 * (8 bytes per pair of a verdict and an uncertain number or red line of
 * firmness below 1), so the estimate is a utility table, a search and the
 * tallies per thread and the result, plus, with a conflict part, W bytes a
 * sample (W: the configuration's width, a byte per possibly irreversible
 * option and per party with alternative orders), the memo table of the
 * distinct configurations, the alternative orders' levels and one
 * stability analysis's move structure.
 * Time complexity: O(N * (n * T + P * n * I + S + R) + C * X) for N samples,
 * n parties, T options in all, P proposals, I issues, S the search's nodes,
 * R red lines, C distinct conflict configurations and X the cost of one
 * stability analysis (N = 1 when the model has no ranges and no structural
 * assumption).
 */
ACCORD_API accord_status accord_robust_compute(const accord_model *m, const accord_robust_options *opts,
                                               accord_robust **out, accord_diagnostics *diag);
ACCORD_API void accord_robust_free(accord_robust *r);

/* The verdict a sensitivity entry is about, as text ("A accepts p", "every
 * party accepts p", "some agreement exists", "status quo is a Nash
 * equilibrium", "deal is a GMR equilibrium"), written into buf (at most
 * size bytes with the NUL).  Returns buf.  O(1). */
ACCORD_API const char *accord_robust_verdict(const accord_model *m, const accord_robust *r,
                                             const accord_sensitivity *s, char *buf, size_t size);
ACCORD_API accord_status accord_robust_render(const accord_model *m, const accord_robust *r,
                                              const accord_render_options *opts, char **out);

#ifdef __cplusplus
}
#endif
#endif
