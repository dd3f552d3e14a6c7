/*
 * accord_analysis.h - the full analysis of a model (`accord analyze`,
 * `accord report`, and `accord` alone on the built-in scenario): every
 * analysis the model supports, computed once into one result object and
 * rendered as the questions an analyst asks.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_render.h"
#include "accord_agreement.h"
#include "accord_conflict.h"
#include "accord_robust.h"

#ifndef ACCORD_ANALYSIS_H
#define ACCORD_ANALYSIS_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* The full analysis: computed once, rendered as text, JSON or HTML          */

#define ACCORD_DEFAULT_ANALYSIS_REPAIRS 5 /* repairs kept per proposal */

typedef struct accord_analysis_options {
    uint64_t samples;   /* robustness samples; 0: ACCORD_DEFAULT_SAMPLES */
    uint64_t seed;      /* seed of the sampling (default 0) */
    bool skip_robust;   /* leave the robustness analysis out */
    size_t max_points;  /* frontier limit; 0: what fits in ACCORD_DEFAULT_FRONTIER_MEMORY */
    size_t max_repairs; /* repairs kept per proposal; 0: ACCORD_DEFAULT_ANALYSIS_REPAIRS */
    int threads;        /* OpenMP threads of the analyses; 0: the default */
} accord_analysis_options;

/* The defaults: ACCORD_DEFAULT_SAMPLES samples, seed 0, the default limits.  O(1). */
ACCORD_API void accord_analysis_options_init(accord_analysis_options *opts);

/* Why a part of the analysis is missing: status ACCORD_OK when it was
 * computed; else the reason (ACCORD_E_LIMIT, ACCORD_E_UNSUPPORTED, ...) and
 * the first diagnostic's message (owned by the analysis), or NULL. */
typedef struct accord_analysis_part {
    accord_status status;
    char *note;
} accord_analysis_part;

/* A pair of parties dropping only their own red lines, together. */
typedef struct accord_pair_relaxation {
    size_t a, b; /* party indices, a < b */
    accord_relaxations *relaxations;
} accord_pair_relaxation;

/* What a claim's answer rests on: a number, a red line, a preference
 * statement, an objective, with where it comes from. */
typedef struct accord_claim_dependency {
    const char *what;       /* "UA no-deal value", "UA red line", "RU priority 2" */
    const char *value;      /* as written or computed: "0.475 (range 0.35-0.6)", "donetsk = dmz_russian" */
    const char *source;     /* the model's source id, or NULL */
    const char *assumption; /* the written assumption, or NULL (neither: stated as given) */
} accord_claim_dependency;

/* The smallest change to one assumption that flips the answer, computed by
 * changing it in the model and analysing again (docs/claims.md). */
typedef struct accord_claim_flip {
    const char *kind;   /* "reservation", "weight", "red_line", "preference", "moves",
                           "objective", "terms" */
    const char *change; /* "UA's no-deal value at most 0.284 (now 0.475)" */
    const char *effect; /* "UA accepts us28" */
} accord_claim_flip;

/* One claim answered from the model.  Strings belong to the analysis. */
typedef struct accord_claim_answer {
    const accord_claim *claim; /* borrowed from the model */
    accord_status status;      /* ACCORD_OK; else why there is no answer (note says) */
    const char *note;
    const char *answer;        /* sentences */
    const char *verdict;       /* a short verdict */
    size_t n_depends;
    accord_claim_dependency *depends_on;
    size_t n_flips;
    accord_claim_flip *flips_if;
} accord_claim_answer;

/* One side's own smallest relaxation (a party alone, or a pair that cannot
 * open the zone alone), with every proposal repaired under it: the sides'
 * positions are shown side by side, none ahead of another. */
typedef struct accord_side_relaxation {
    uint64_t parties;                    /* bit p for each party of the side */
    const accord_relaxation *set;        /* borrowed from alone[] or pairs[] */
    accord_repair_result **repairs;      /* n_proposals; NULL for a proposal not repaired */
    accord_analysis_part *repair_parts;  /* n_proposals */
} accord_side_relaxation;

/*
 * Everything `accord analyze` and `accord report` show, computed once.
 * Agreement parts are empty without an agreement section, conflict parts
 * without a conflict section.  Pointers are NULL where a part was not
 * computed; its accord_analysis_part says why.
 */
typedef struct accord_analysis {
    size_t n_parties, n_proposals;
    /* agreement */
    accord_evaluation *evaluation;
    accord_frontier *frontier; /* the frontiers and the bargaining solutions */
    accord_analysis_part frontier_part;
    /* whether any agreement exists, and if not the smallest sets of red
     * lines that block it (NULL for a non-additive model: the frontier
     * answers) */
    accord_relaxations *relaxations;
    accord_analysis_part relaxations_part;
    /* when no agreement exists: each party dropping only its own red lines
     * (n_parties; NULL for a party without red lines), and the pairs of
     * parties that cannot open the zone alone, together */
    accord_relaxations **alone;
    size_t n_pairs;
    accord_pair_relaxation *pairs;
    /* the fewest changes to each proposal (n_proposals; NULL for a proposal
     * every party accepts), as the model stands */
    accord_repair_result **repairs;
    accord_analysis_part *repair_parts; /* n_proposals */
    /* when no agreement exists: each side's own smallest relaxation, every
     * party alone first (model order), then the pairs; the first overall
     * set when no side has one of its own */
    size_t n_sides;
    accord_side_relaxation *sides;
    accord_robust *robust;
    accord_analysis_part robust_part;
    /* conflict */
    accord_stability *stability;
    accord_analysis_part stability_part;
    accord_evolution *evolution; /* from the status quo, when there is one */
    accord_analysis_part evolution_part;
    /* the model's claims (n_claims, in file order), answered from the parts
     * above (src/analysis/claims*.c) */
    size_t n_claims;
    accord_claim_answer *claims;
    void *store_; /* the library's storage of the claims' strings */
} accord_analysis;

/*
 * Run every analysis the model supports (docs/report.md, "accord
 * analyze"): the evaluation of each proposal; the frontier and the
 * bargaining solutions; whether any agreement exists, and if not the red
 * lines that block it (overall, per party, per pair) with each proposal's
 * repair without them; each proposal's repair; the robustness of the
 * verdicts; the stability of every state and the status quo's evolution.
 * A part that cannot run (a resource limit, a non-linear utility) is
 * recorded with its reason, not an error.  On success *out belongs to the
 * caller (accord_analysis_free).  Errors: ACCORD_E_NOMEM, ACCORD_E_ARG.
 * Time complexity: the sum of the analyses'.
 */
ACCORD_API accord_status accord_analysis_compute(const accord_model *m, const accord_analysis_options *opts,
                                                 accord_analysis **out, accord_diagnostics *diag);
ACCORD_API void accord_analysis_free(accord_analysis *a);

/*
 * The analysis as text (about two screens: each proposal party by party
 * with the deciding provisions; the comparison with no deal; whether any
 * agreement exists, the red lines that block it and the minimal repairs;
 * the strategic equilibria, the status quo's evolution and the named
 * states; the robustness of each verdict) or JSON (every part's document
 * under its own key, holding everything the text shows).  *out is freed
 * with accord_free.  Errors: ACCORD_E_NOMEM.  Time complexity: linear in
 * the results.
 */
ACCORD_API accord_status accord_analysis_render(const accord_model *m, const accord_analysis *a,
                                                const accord_render_options *ropts, char **out);

#ifdef __cplusplus
}
#endif
#endif
