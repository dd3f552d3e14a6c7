/*
 * accord_negotiation.h - negotiation simulation (docs/contract.md §4): the stacked
 * alternating offers protocol between software agents, one per party, and
 * tournaments of agents over several scenarios.  The protocol, the agents'
 * formulas and the tournament design are described in docs/negotiation.md.
 *
 * Ownership follows accord.h: arguments are borrowed; results come back
 * through out-parameters, belong to the caller and are released with the
 * matching *_free (each *_free(NULL) is a no-op); *_render functions return a
 * buffer released with accord_free.  One exception, stated where it applies:
 * an accord_negotiation_setup borrows the model it was made from, which must
 * outlive it.
 *
 * Determinism: every decision compares utilities on the 2^-30 grid
 * (nearbyint(u * 2^30)), random agents draw from streams seeded per run and
 * per party, and tournaments give identical results for any number of
 * threads and any split into parts.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_render.h"

#ifndef ACCORD_NEGOTIATION_H
#define ACCORD_NEGOTIATION_H

#ifdef __cplusplus
extern "C" {
#endif

/* Rounds of a negotiation when none are given (docs/contract.md §4). */
#define ACCORD_DEFAULT_ROUNDS 100u
/* Most rounds accepted (bounds the trace). */
#define ACCORD_MAX_ROUNDS 1000000u
/* Largest outcome space whose outcomes an agent keeps sorted by utility
 * (8 bytes per outcome and party); larger spaces are searched issue by
 * issue, each half of the issues holding at most this many partial outcomes
 * (`--max-sorted N`). */
#define ACCORD_DEFAULT_MAX_SORTED ((uint64_t)1 << 22)

/* ------------------------------------------------------------------------ */
/* Agents                                                                    */

typedef enum accord_agent_kind {
    /* Faratin, Sierra & Jennings (1998) time-dependent tactic with exponent
     * e: target(t) = Pmin + (Pmax - Pmin) * (1 - t^(1/e)); e = 0 never
     * concedes (hardliner), e < 1 concedes late (boulware), e > 1 early
     * (conceder). */
    ACCORD_AGENT_TIME_DEPENDENT = 0,
    /* Naive tit-for-tat: concedes, in its own utility, as much as the other
     * parties conceded (in its utility) with their last offers. */
    ACCORD_AGENT_TIT_FOR_TAT = 1,
    /* A seeded random aspiration level in [Pmin, Pmax] every turn. */
    ACCORD_AGENT_RANDOM = 2
} accord_agent_kind;

/* A parsed agent specification. */
typedef struct accord_agent {
    accord_agent_kind kind;
    double exponent; /* time-dependent agents: e >= 0 */
    char name[48];   /* the name as given and accepted: "boulware", "timedep:0.5", ... */
} accord_agent;

/*
 * Parse one agent name: hardliner (e = 0), boulware (e = 0.2), linear
 * (e = 1), conceder (e = 2), timedep:E (any finite E >= 0), titfortat,
 * random.  Names are case-sensitive.
 * Errors: ACCORD_E_ARG with a diagnostic naming the bad text and listing the
 * known names (with a "did you mean" when one is close).
 * Time complexity: O(length of text * number of names).
 */
ACCORD_API accord_status accord_agent_parse(const char *text, accord_agent *out,
                                            accord_diagnostics *diag);

/*
 * Parse a comma-separated list of agent names ("boulware,conceder").
 * *out is an array of *count agents, freed with accord_free.
 * Errors: ACCORD_E_ARG (an empty list or item, or a bad name; every bad item
 * gets a diagnostic), ACCORD_E_NOMEM.  *out is NULL on error.
 * Time complexity: O(length of list * number of names).
 */
ACCORD_API accord_status accord_agents_parse(const char *list, accord_agent **out, size_t *count,
                                             accord_diagnostics *diag);

/* The known agent names as one line, "hardliner, boulware, ...".  O(1). */
ACCORD_API const char *accord_agent_names(void);

/* ------------------------------------------------------------------------ */
/* One negotiation                                                           */

typedef struct accord_negotiation_options {
    uint32_t rounds;     /* R >= 2; 0: ACCORD_DEFAULT_ROUNDS */
    uint64_t seed;       /* seeds the random agents (stream per party) */
    uint64_t max_sorted; /* 0: ACCORD_DEFAULT_MAX_SORTED */
    bool no_trace;       /* do not record the steps and offers (tournaments) */
    bool no_quality;     /* do not compute the frontier and the quality metrics */
} accord_negotiation_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_negotiation_options_init(accord_negotiation_options *opts);

typedef enum accord_action { ACCORD_ACTION_OFFER = 0, ACCORD_ACTION_ACCEPT = 1 } accord_action;

/* One turn of the trace. */
typedef struct accord_negotiation_step {
    uint32_t round;       /* 0-based; the turn's time is round / (rounds - 1) */
    uint32_t party;
    accord_action action;
    uint32_t offer;       /* index into offers: the offer made, or the one accepted */
} accord_negotiation_step;

/*
 * How good an outcome is (Pareto frontier and bargaining solutions of
 * accord_frontier_compute).  Distances are Euclidean in utility space.
 */
typedef struct accord_outcome_quality {
    bool computed;          /* false when the frontier was not computed (see the diagnostics) */
    double pareto_distance; /* to the nearest point of the Pareto frontier */
    bool has_nash;          /* some outcome is rational (the Nash point exists) */
    double nash_distance;   /* to the Nash point's utility vector (when has_nash) */
    double welfare;         /* sum of the utilities */
    double max_welfare;     /* the largest sum over all outcomes */
} accord_outcome_quality;

typedef struct accord_negotiation {
    size_t n_parties, n_issues;
    accord_agent *agents; /* n_parties: the agent of party p */
    uint32_t rounds;
    uint64_t seed;
    bool agreement;
    uint32_t round;       /* round of the last acceptance (when agreement) */
    uint32_t *terms;      /* n_issues: the agreement; NULL without agreement */
    double *utility;      /* n_parties: u_p of the agreement, or the reservations */
    double *reservation;  /* n_parties */
    uint64_t decisions;   /* turns taken (one agent decision each) */
    uint64_t n_offer_actions; /* "offers" of the JSON: turns that made an offer */
    /* The trace (empty with no_trace).  offers[k] is the k-th offer made;
     * offer_terms[k * n_issues + i] its option of issue i, and
     * offer_utility[k * n_parties + p] its utility to party p. */
    size_t n_offers;
    uint32_t *offer_terms;
    double *offer_utility;
    size_t n_steps;
    accord_negotiation_step *steps;
    accord_outcome_quality quality; /* of `utility` */
} accord_negotiation;

/*
 * The per-scenario preparation shared by every negotiation on one model:
 * each party's outcomes ordered by utility (or, for spaces larger than
 * max_sorted, the issue-halves index), and, unless opts->no_quality, the
 * Pareto frontier and the bargaining solutions for the quality metrics.
 * Opaque; read-only once made, so one setup may serve many threads.
 * The setup borrows `m`: the model must outlive it.
 */
typedef struct accord_negotiation_setup accord_negotiation_setup;

/*
 * Prepare negotiations on m (opts may be NULL for the defaults).  When the
 * frontier would exceed its limit the setup is still made, without quality
 * metrics, and a warning is appended to diag.
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_INVALID (a party's
 * red lines exclude every outcome, so its agent could make no offer; with a
 * diagnostic), ACCORD_E_LIMIT (even the halves of the issues hold more than
 * max_sorted partial outcomes; the diagnostic names the field),
 * ACCORD_E_NOMEM.  *out is NULL on error.
 * Time complexity: O(n * N * (1 + R)) for N <= max_sorted outcomes, n parties
 * and red lines of total size R (a linear-time radix sort); otherwise
 * O(n * (A + B log B) * (I + R)) for A, B partial outcomes of the two halves;
 * plus the frontier (accord_frontier_compute).
 */
ACCORD_API accord_status accord_negotiation_setup_new(const accord_model *m,
                                                      const accord_negotiation_options *opts,
                                                      accord_negotiation_setup **out,
                                                      accord_diagnostics *diag);
/* Release a setup (NULL: no-op).  O(n * N) at most, the memory it holds. */
ACCORD_API void accord_negotiation_setup_free(accord_negotiation_setup *s);

/*
 * One negotiation (stacked alternating offers, docs/contract.md §4) between the
 * agents given, one per party in party order.  opts->max_sorted and
 * opts->no_quality are the setup's; rounds, seed and no_trace apply here.
 * Errors: ACCORD_E_ARG (agent count differs from the party count, or rounds
 * out of [2, ACCORD_MAX_ROUNDS]; with a diagnostic), ACCORD_E_NOMEM.
 * Time complexity: O(R * n * (n * I + q)) for R rounds, n parties, I issues
 * and q the cost of one offer search: O(log N) sorted, O(A log B) split;
 * plus O(F * n) for the quality metrics (F frontier points).
 */
ACCORD_API accord_status accord_negotiation_run(const accord_negotiation_setup *s,
                                                const accord_agent *agents, size_t n_agents,
                                                const accord_negotiation_options *opts,
                                                accord_negotiation **out, accord_diagnostics *diag);

/*
 * accord_negotiation_setup_new, accord_negotiation_run and the setup's
 * release in one call.  Errors: those of both.
 */
ACCORD_API accord_status accord_negotiate(const accord_model *m, const accord_agent *agents,
                                          size_t n_agents, const accord_negotiation_options *opts,
                                          accord_negotiation **out, accord_diagnostics *diag);

/* Release a negotiation (NULL: no-op).  O(1) frees. */
ACCORD_API void accord_negotiation_free(accord_negotiation *n);

/*
 * The negotiation as text (the parties and agents, the trace with repeated
 * offers folded and, unless opts->verbose, long traces shortened, the
 * outcome and the quality metrics) or JSON (docs/contract.md §3: "parties",
 * "agents", "rounds", "agreement", "round", "terms", "utility", "offers",
 * "trace", plus "seed", "reservation", "decisions", "quality").
 * `m` is the model the negotiation ran on.  Errors: ACCORD_E_NOMEM.
 * Time complexity: O(T * (I + n)) for T steps.
 */
ACCORD_API accord_status accord_negotiation_render(const accord_model *m, const accord_negotiation *n,
                                                   const accord_render_options *opts, char **out);

/* ------------------------------------------------------------------------ */
/* Tournaments                                                               */

/* Most runs a tournament may have (over all parts). */
#define ACCORD_MAX_TOURNAMENT_RUNS ((uint64_t)1 << 32)

typedef struct accord_tournament_options {
    uint32_t rounds;     /* 0: ACCORD_DEFAULT_ROUNDS */
    uint64_t seed;       /* base seed of the runs' seeds */
    uint64_t max_sorted; /* 0: ACCORD_DEFAULT_MAX_SORTED */
    uint32_t repeat;     /* runs per assignment with a random agent; 0: 1 */
    uint32_t part;       /* play only part `part` (1-based) of `parts`; */
    uint32_t parts;      /* 0 and 0: the whole tournament */
} accord_tournament_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_tournament_options_init(accord_tournament_options *opts);

typedef struct accord_tournament_scenario {
    char *name;      /* the model's path */
    size_t n_parties;
    char **parties;  /* party ids */
    double outcomes;
    bool quality;    /* the quality metrics were computed */
} accord_tournament_scenario;

/*
 * One negotiation of a tournament.  Utilities, distances and welfare are
 * rounded to the 2^-30 grid (exact in a double), so that every sum over runs
 * is exact and a merge of parts reproduces the whole tournament bit for bit.
 */
typedef struct accord_tournament_run {
    uint64_t index;       /* global run number (0-based) over all parts */
    uint32_t scenario;
    uint64_t assignment;  /* sum_p agent[p] * K^(n-1-p) for K agents */
    uint32_t repetition;
    uint32_t weight;      /* how many runs it stands for: `repeat` for an
                             assignment without a random agent (run once), else 1 */
    uint32_t *agents;     /* n_parties agent indices */
    bool agreement;
    uint32_t rounds_played; /* agreement round + 1, or the rounds */
    double *utility;        /* n_parties */
    double pareto_distance; /* NaN when not computed */
    double nash_distance;   /* NaN when not computed or no Nash point */
    double welfare;
} accord_tournament_run;

/* One agent's results, over every role it played (each run counted with its
 * weight). */
typedef struct accord_tournament_stats {
    uint64_t plays;         /* roles played */
    uint64_t agreements;    /* of which ended in agreement */
    double agreement_rate;
    double mean_utility;
    double mean_pareto_distance; /* NaN when no play has it */
    double mean_nash_distance;   /* NaN when no play has it */
    double mean_rounds;          /* rounds played */
} accord_tournament_stats;

typedef struct accord_tournament {
    size_t n_agents;
    accord_agent *agents;
    size_t n_scenarios;
    accord_tournament_scenario *scenarios;
    uint32_t rounds, repeat;
    uint64_t seed;
    uint32_t part, parts; /* 0, 0 for a whole (or merged) tournament */
    uint64_t total_runs;  /* runs of the whole tournament */
    size_t n_runs;        /* runs held here, by index ascending */
    accord_tournament_run *runs;
    accord_tournament_stats *stats; /* n_agents, over the runs held */
} accord_tournament;

/*
 * Every assignment of the agents to the roles of every scenario: the ordered
 * n-tuples with repetition (K^n for K agents and n parties, self-play
 * included, as in GENIUS), `repeat` times when the assignment has a random
 * agent.  Run seeds derive from (seed, scenario, assignment, repetition)
 * only.  Runs are spread over OpenMP threads; the result does not depend on
 * their number.  With parts > 0 only the runs of block `part` of `parts`
 * (contiguous in run order) are played.
 * Errors: ACCORD_E_ARG (no agents or models, part out of range; with a
 * diagnostic), ACCORD_E_LIMIT (more than ACCORD_MAX_TOURNAMENT_RUNS runs, or
 * a setup's limit), ACCORD_E_NODATA, ACCORD_E_INVALID (from a setup),
 * ACCORD_E_NOMEM.
 * Time complexity: O(sum over scenarios of setup + K^n * repeat * run).
 */
ACCORD_API accord_status accord_tournament_play(const accord_model *const *models, size_t n_models,
                                                const accord_agent *agents, size_t n_agents,
                                                const accord_tournament_options *opts,
                                                accord_tournament **out, accord_diagnostics *diag);

/*
 * Merge the parts of one tournament (any order) into the whole.  The parts
 * must come from the same agents, scenarios, rounds, repeat and seed, with
 * the same number of parts, each part exactly once.
 * Errors: ACCORD_E_ARG (a mismatch, or a missing or repeated part; with a
 * diagnostic), ACCORD_E_NOMEM.
 * Time complexity: O(total runs * n + P log P) for P parts.
 */
ACCORD_API accord_status accord_tournament_merge(const accord_tournament *const *parts,
                                                 size_t n_parts, accord_tournament **out,
                                                 accord_diagnostics *diag);

/*
 * Read a tournament (or part) from the JSON accord_tournament_render wrote.
 * `name` names the text in diagnostics.
 * Errors: ACCORD_E_PARSE (not JSON), ACCORD_E_INVALID (not a tournament, or
 * inconsistent; with a diagnostic), ACCORD_E_NOMEM.
 * Time complexity: O(size of text).
 */
ACCORD_API accord_status accord_tournament_parse(const char *name, const char *text, size_t size,
                                                 accord_tournament **out, accord_diagnostics *diag);

/* Release a tournament (NULL: no-op).  O(runs + scenarios * n). */
ACCORD_API void accord_tournament_free(accord_tournament *t);

/*
 * The per-agent table as text, or JSON ({"scenarios", "agents", "rounds",
 * "repeat", "seed", "part", "runs_total", "table": [...], "runs": [...]}),
 * which accord_tournament_parse reads back.  Errors: ACCORD_E_NOMEM.
 * Time complexity: O(runs * n).
 */
ACCORD_API accord_status accord_tournament_render(const accord_tournament *t,
                                                  const accord_render_options *opts, char **out);

/*
 * The per-agent table as CSV (RFC 4180, a header line then one line per
 * agent).  Errors: ACCORD_E_NOMEM.  Time complexity: O(K).
 */
ACCORD_API accord_status accord_tournament_csv(const accord_tournament *t, char **out);

#ifdef __cplusplus
}
#endif
#endif
