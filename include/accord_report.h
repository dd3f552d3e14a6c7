/*
 * accord_report.h - reports people would rather look at: one self-contained
 * HTML document with every analysis of a model and its plots, the plots
 * themselves as SVG, and the conflict's graphs in Graphviz DOT.
 *
 * Every output is deterministic: the same model and options give the same
 * bytes (fixed number formatting, no timestamps, model order throughout),
 * so that tests can pin them.  Every string taken from the model (names,
 * labels, notes, source titles and URLs) is escaped for its context; model
 * files are untrusted input.  What each section shows and how it is
 * computed is in docs/report.md.
 *
 * Ownership follows accord.h: arguments are borrowed; *out is a
 * NUL-terminated buffer the caller frees with accord_free, and is NULL when
 * the function fails.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"
#include "accord_agreement.h"
#include "accord_conflict.h"
#include "accord_robust.h"

#ifndef ACCORD_REPORT_H
#define ACCORD_REPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* The HTML report                                                          */

/* Default number of states up to which the stability tableau lists every
 * state; beyond it, only the equilibria, the named states and the status
 * quo. */
#define ACCORD_REPORT_TABLEAU_STATES 64
/* Default number of states the status quo evolution graph draws. */
#define ACCORD_REPORT_GRAPH_STATES 40

typedef struct accord_report_options {
    const char *model_path;   /* shown in the header; NULL: model->path */
    uint64_t samples;         /* robustness samples; 0: ACCORD_DEFAULT_SAMPLES */
    bool skip_robust;         /* no robustness section */
    uint64_t seed;            /* seed of the sampling */
    size_t max_points;        /* frontier limit; 0: what fits in ACCORD_DEFAULT_FRONTIER_MEMORY */
    size_t tableau_states;    /* 0: ACCORD_REPORT_TABLEAU_STATES */
    size_t graph_states;      /* 0: ACCORD_REPORT_GRAPH_STATES */
    int threads;              /* OpenMP threads of the analyses; 0: the default */
} accord_report_options;

/*
 * The defaults: ACCORD_DEFAULT_SAMPLES robustness samples with seed 0, and
 * the default limits; a zeroed struct means the same.
 * A NULL options pointer anywhere below means these.  O(1).
 */
ACCORD_API void accord_report_options_init(accord_report_options *opts);

/*
 * One self-contained HTML5 document reporting every analysis the model has
 * data for (docs/report.md):
 *  - a header: title, model path, parties, sources (links with
 *    rel="noopener"), and whether every number has a source or an
 *    assumption (accord_provenance_check);
 *  - agreement: per proposal, utility against reservation per party (SVG
 *    bars), verdicts with the red lines named and the deciding provisions
 *    (accord_evaluation_compute); a provision heat map per proposal (party x issue:
 *    what the provision costs the party against its best option); the
 *    Pareto frontier projected on every pair of parties with the proposals,
 *    the bargaining solutions and the reservation lines
 *    (accord_frontier_compute; a frontier refused with ACCORD_E_LIMIT is
 *    reported in the page); the minimal repair of each proposal
 *    (accord_repair_compute); acceptance under uncertainty and the sensitivity
 *    ranking (accord_robust_compute, when the model has ranges and
 *    !opts->skip_robust); an explorer that recomputes every party's utility
 *    and verdict in the page as options are chosen;
 *  - conflict: the stability tableau (accord_stability_compute; every state
 *    up to opts->tableau_states states, else the equilibria and the status
 *    quo), the named states with the equilibria among them, and the status
 *    quo evolution with its graph (accord_evolve_compute).
 * The page needs no network: CSS, SVG and script are inline; the model data
 * the explorer uses is embedded as JSON (see accord_report_data_json).  It
 * has a print stylesheet.
 *
 * An analysis that fails on a limit is reported in the page and its
 * diagnostics are appended to diag as warnings; the report still succeeds.
 * Errors: ACCORD_E_ARG (NULL model or out), ACCORD_E_NOMEM.
 * Time complexity: the sum of the analyses' (accord_evaluation_compute,
 * accord_frontier_compute, accord_repair_compute per proposal, accord_robust_compute,
 * accord_evolve_compute; each documented with its function), plus
 * O(P * n * I + n^2 * B log B + R * (n + k)) to write the page, for P
 * proposals, n parties, I issues, B frontier points, R tableau rows and k
 * conflict options.
 */
ACCORD_API accord_status accord_report_html(const accord_model *m, const accord_report_options *opts,
                                            char **out, accord_diagnostics *diag);

/*
 * The data the report's explorer computes with, as one JSON document:
 * {"parties": [{"id", "name"}], "issues": [{"id", "name", "unit",
 * "options": [label, ...], "values": [integer values] (integer issues)}],
 * "contrib": [party][issue][option] (the utility table, the weight applied),
 * "cap": [bool per party], "reservation": [per party],
 * "red_lines": [party][{"text", "expr"}], "proposals": [{"id", "name",
 * "terms": [option index per issue]}]}.  A red line's "expr" is its
 * compiled condition in post-order: each node is ["atom", issue, op,
 * option] with op "=", "!=", ">=" or "<" on option indices, ["not", i],
 * ["and", i, j], ["or", i, j], ["implies", i, j] (i -> j), ["iff", i, j] or
 * ["const", 0 or 1], where i and j index earlier nodes; the last node is
 * the root.  u_p is the sum of contrib over the issues in issue order
 * (capped at 1 when cap), exactly as accord_utility computes it.
 * `script_safe` escapes the text for embedding in an HTML <script> element
 * (every <, >, & and non-ASCII character as \uXXXX); otherwise it is
 * indented for reading.
 * Errors: ACCORD_E_NODATA (no agreement section), ACCORD_E_NOMEM.
 * Time complexity: O(n * T + n * R + P * I) for T options in all and R the
 * size of the red lines.
 */
ACCORD_API accord_status accord_report_data_json(const accord_model *m, bool script_safe, char **out);

/* ------------------------------------------------------------------------ */
/* Charts (standalone SVG documents)                                         */

/*
 * Each chart is one standalone SVG 1.1 document (with the xmlns), titled,
 * with labelled axes, drawn with the Okabe-Ito palette and distinct marker
 * shapes so that it reads in black and white and for colour-blind readers,
 * and with direct labels rather than a colour legend.  Errors:
 * ACCORD_E_ARG (NULL arguments, an index out of range or a result that does
 * not match the model), ACCORD_E_NOMEM.
 */

/* Per-party utility of proposal `proposal` as horizontal bars, the
 * reservation marked on each, the verdict written beside it (accepts /
 * below reservation / red line, hatched when rejected).  e comes from
 * accord_evaluation_compute.  O(n + I) for n parties. */
ACCORD_API accord_status accord_svg_utility_bars(const accord_model *m, const accord_evaluation *e,
                                                 size_t proposal, char **out);

/* The provision heat map of `proposal`: one row per party, one column per
 * issue; a cell's shade and number are what the proposal's option costs
 * the party against its best option for that issue (0 when it is the best;
 * a dash when the party gives the issue no weight).  Shades are scaled to
 * the largest cost of any proposal, so maps of one model compare.
 * O(P * n * I). */
ACCORD_API accord_status accord_svg_heatmap(const accord_model *m, const accord_evaluation *e,
                                            size_t proposal, char **out);

/* The Pareto frontier projected on parties (party_x, party_y): frontier
 * points (binned on a 120 x 120 grid), the projection's own Pareto boundary,
 * the rational frontier, the reservation lines and the region above both,
 * every proposal (marker + id) and the Nash, Kalai-Smorodinsky,
 * egalitarian and maximum-welfare points.  f may be NULL (the frontier was
 * not computed): the proposals and reservations are drawn alone.
 * O(B + P) for B frontier points. */
ACCORD_API accord_status accord_svg_frontier(const accord_model *m, const accord_frontier *f,
                                             size_t party_x, size_t party_y, char **out);

/* The sensitivity ranking of accord_robust_compute as a dumbbell chart: per
 * uncertain number, the probability of the verdict it moves most with the
 * number in the lower (open circle) and upper (filled circle) half of its
 * range.  O(K) for K numbers ranked. */
ACCORD_API accord_status accord_svg_sensitivity(const accord_model *m, const accord_robust *r,
                                                char **out);

/* The status quo evolution as a layered graph: the reached states in
 * columns by the fewest moves from the status quo, the unilateral
 * improvements that advance one move as arrows labelled by party, the
 * equilibria reached drawn double with their concepts.  When more than
 * ACCORD_REPORT_GRAPH_STATES states are reached, only the states on the
 * shortest paths to the equilibria are drawn.
 * O(R * sum_p 2^(options of p) * log |S|) for R states drawn. */
ACCORD_API accord_status accord_svg_evolution(const accord_model *m, const accord_evolution *ev,
                                              char **out);

/* ------------------------------------------------------------------------ */
/* Graphviz DOT                                                             */

/* Default largest state space accord_stability_render_dot draws. */
#define ACCORD_DOT_MAX_STATES 4096
/* Default largest number of moves it draws. */
#define ACCORD_DOT_MAX_EDGES 200000

typedef struct accord_dot_options {
    bool ui_only;      /* draw only the unilateral improvements */
    size_t max_states; /* 0: ACCORD_DOT_MAX_STATES */
    size_t max_edges;  /* 0: ACCORD_DOT_MAX_EDGES */
} accord_dot_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_dot_options_init(accord_dot_options *opts);

/*
 * The conflict's state graph in DOT: one node per feasible state, labelled
 * with its id, its Y/N pattern (a space between parties) and its name
 * (named_states); one edge per unilateral move, labelled by the party
 * moving; unilateral improvements drawn bold and solid, other moves thin,
 * grey and dashed; equilibria drawn double (peripheries=2) with the
 * concepts they satisfy; the status quo drawn as a house.  st comes from
 * accord_stability_compute(m) (NULL: no equilibria marked).
 * Errors: ACCORD_E_ARG, ACCORD_E_NODATA (no conflict section),
 * ACCORD_E_LIMIT (more states or moves than the options allow, with a
 * diagnostic naming the sizes), ACCORD_E_NOMEM.
 * Time complexity: O(|S| * sum_p 2^(options of p) * log |S|).
 */
ACCORD_API accord_status accord_stability_render_dot(const accord_model *m,
                                                     const accord_stability *st,
                                                     const accord_dot_options *opts, char **out,
                                                     accord_diagnostics *diag);

/*
 * The status quo evolution graph in DOT: the states reached from the
 * status quo (ranked by the fewest moves), each unilateral improvement that
 * advances one move as an edge labelled by party, the edges of the shortest
 * paths to the equilibria reached drawn bold, the equilibria drawn double
 * with their concepts, the status quo as a house.  ev comes from
 * accord_evolve_compute(m).
 * Errors: ACCORD_E_ARG, ACCORD_E_LIMIT (more than ACCORD_DOT_MAX_EDGES
 * edges), ACCORD_E_NOMEM.
 * Time complexity: O(R * sum_p 2^(options of p) * log |S|) for R states
 * reached.
 */
ACCORD_API accord_status accord_evolution_render_dot(const accord_model *m,
                                                     const accord_evolution *ev, char **out);

#ifdef __cplusplus
}
#endif
#endif
