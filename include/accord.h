/*
 * accord.h - the public interface of the accord library.
 *
 * accord analyses peace agreements, negotiations and strategic conflicts
 * described in one model file (see docs/model-format.md).  This header is the
 * whole public surface together with the topic headers it includes at the end
 * (accord_agreement.h, accord_conflict.h, ...).
 *
 * Ownership, once for the whole API:
 *  - Arguments are borrowed: the library keeps no pointer to them after the
 *    call returns (a loaded model copies every string it needs).
 *  - Whatever comes back through an out-parameter belongs to the caller and is
 *    released with the matching *_free function.  Every *_free(NULL) is a no-op.
 *  - Structures returned are read-only for the caller unless documented
 *    otherwise; their layout is part of the API of this version.
 *
 * Errors: every fallible function returns an accord_status.  Where a person
 * must fix something (a model file, an argument), the function also appends
 * one or more records to an accord_diagnostics the caller passes (it may be
 * NULL when the caller does not want them).  The library never prints, never
 * exits and never aborts on bad input or exhausted memory.
 *
 * Threads: a loaded model is immutable and may be shared by any number of
 * threads.  Diagnostics objects are not thread-safe.
 */
#ifndef ACCORD_H
#define ACCORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ACCORD_API __attribute__((visibility("default")))
#else
#define ACCORD_API
#endif

#include "accord_version.h" /* ACCORD_VERSION, ACCORD_VERSION_MAJOR/MINOR/PATCH */
#define ACCORD_FORMAT_VERSION 1

/* Status codes.  Numbers never change; new codes go at the end. */
typedef enum accord_status {
    ACCORD_OK = 0,
    ACCORD_E_NOMEM = 1,    /* an allocation failed */
    ACCORD_E_IO = 2,       /* a file could not be read or written */
    ACCORD_E_PARSE = 3,    /* a file is not well-formed (YAML, XML, expression) */
    ACCORD_E_INVALID = 4,  /* well-formed, but the model is wrong (see diagnostics) */
    ACCORD_E_LIMIT = 5,    /* a resource limit would be exceeded (see diagnostics) */
    ACCORD_E_ARG = 6,      /* a bad argument from the caller */
    ACCORD_E_NOTFOUND = 7, /* a named thing (proposal, party, ...) does not exist */
    ACCORD_E_NODATA = 8,   /* the model lacks the section an analysis needs */
    ACCORD_E_UNSUPPORTED = 9 /* the analysis does not apply to this model (see diagnostics) */
} accord_status;

/* A short English sentence for a status code; never NULL. */
ACCORD_API const char *accord_strerror(accord_status status);

/* The library version string, equal to ACCORD_VERSION of the build. */
ACCORD_API const char *accord_version(void);

/* ------------------------------------------------------------------------ */
/* Allocator hook                                                            */

/*
 * The allocator the library uses for everything it owns: three functions
 * and a pointer they receive (an arena, a counter, a pool).  `resize` has
 * realloc's semantics.  libyaml, expat and jansson allocate through the C
 * library (or, for jansson, the program's own json_set_alloc_funcs): their
 * allocators are process-wide and accord leaves them alone.
 */
typedef struct accord_allocator {
    void *(*alloc)(void *ud, size_t size);
    void *(*resize)(void *ud, void *ptr, size_t size);
    void (*release)(void *ud, void *ptr);
    void *ud;
} accord_allocator;

/* Use allocator `a` (copied) from now on; NULL restores malloc, realloc and
 * free.  Not thread-safe: call before any other function, and free what the
 * library returned before changing it. */
ACCORD_API void accord_set_allocator(const accord_allocator *a);

/* Free memory the library returned as a plain buffer (strings such as JSON
 * text).  accord_free(NULL) is a no-op. */
ACCORD_API void accord_free(void *ptr);

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                               */

typedef enum accord_severity { ACCORD_ERROR = 0, ACCORD_WARNING = 1, ACCORD_NOTE = 2 } accord_severity;

/* One message for a person: where (file, line, column; 1-based, 0 when not
 * known) and what is wrong, with what was expected. */
typedef struct accord_diagnostic {
    accord_severity severity;
    char *file;    /* may be NULL when the message has no file */
    int line;
    int col;
    char *message; /* one or more sentences, no trailing newline */
} accord_diagnostic;

/* A growing list of diagnostics.  Initialise with {0} (or
 * accord_diagnostics_init) and release with accord_diagnostics_clear. */
typedef struct accord_diagnostics {
    size_t count;
    size_t capacity;
    accord_diagnostic *items;
    size_t errors; /* how many items are errors */
} accord_diagnostics;

ACCORD_API void accord_diagnostics_init(accord_diagnostics *diag);
/* Free every record; the list is empty (and reusable) afterwards. */
ACCORD_API void accord_diagnostics_clear(accord_diagnostics *diag);
/* Format one record as "file:line:col: message" (or "file: message",
 * "message" when the place is unknown).  Caller frees with accord_free.
 * Returns NULL only when out of memory. */
ACCORD_API char *accord_diagnostic_format(const accord_diagnostic *d);

/* ------------------------------------------------------------------------ */
/* The model                                                                 */

/* A place in the model file (1-based; 0 when the item was not read from a
 * file, e.g. imported from GENIUS XML). */
typedef struct accord_loc {
    int line;
    int col;
} accord_loc;

/*
 * A number as written in a model, with its uncertainty and provenance.
 * `value` is the point value the point analyses use (the midpoint of a range).
 */
/*
 * A number as the exact fraction its decimal text denotes: num/den in lowest
 * terms, den > 0.  den == 0 when there is none (a number of more than 18
 * significant digits, or one that was not read from text).  Model files are
 * decimal, so ties between utilities are decided exactly from these
 * (docs/model-format.md, "Exact numbers").
 */
typedef struct accord_rational {
    int64_t num, den;
} accord_rational;

typedef struct accord_number {
    double value;
    accord_rational exact;  /* value as written (a range: the midpoint) */
    double low, high;       /* equal to value unless is_range */
    bool is_range;
    const char *source;     /* id of an entry in model->sources, or NULL */
    const char *assumption; /* why this number, or NULL */
    const char *note;       /* or NULL */
    accord_loc loc;
} accord_number;

typedef struct accord_source {
    const char *id, *title, *url, *date, *note; /* all but id may be NULL */
    accord_loc loc;
} accord_source;

typedef struct accord_party {
    const char *id;
    const char *name; /* the id when no name was given */
    const char *source, *note;
    accord_loc loc;
} accord_party;

/* A compiled condition (red line, infeasibility, priority statement).
 * Opaque; evaluate with accord_expr_eval_*. */
typedef struct accord_expr accord_expr;

/* A condition as written, with its compiled form. */
typedef struct accord_statement {
    const char *text;
    const accord_expr *expr;
    accord_loc loc;
} accord_statement;

/* ---- agreement section ---- */

typedef enum accord_issue_kind { ACCORD_ISSUE_DISCRETE = 0, ACCORD_ISSUE_INTEGER = 1 } accord_issue_kind;

typedef struct accord_option {
    const char *id;
    const char *label; /* the id when no label was given */
    const char *source, *note;
    accord_loc loc;
} accord_option;

typedef struct accord_issue {
    const char *id;
    const char *name; /* the id when no name was given */
    const char *unit, *source, *note;
    accord_issue_kind kind;
    size_t n_options;       /* discrete: options listed; integer: (max-min)/step+1 */
    accord_option *options; /* discrete only; NULL for integer issues */
    int64_t min, max, step; /* integer only: option k has the value min + k*step */
    accord_loc loc;
} accord_issue;

typedef struct accord_proposal {
    const char *id;
    const char *name; /* the id when no name was given */
    const char *date, *by, *source, *note;
    uint32_t *terms;  /* n_issues option indices */
    accord_loc loc;
} accord_proposal;

typedef struct accord_point {
    double x, y;
    accord_rational xq, yq; /* x and y exactly (den 0: not known) */
} accord_point;

/* A party's valuation of one issue. */
typedef struct accord_valuation {
    accord_number *values; /* discrete: one per option (NULL if the issue is unweighted) */
    size_t n_points;       /* integer: piecewise-linear points, x ascending */
    accord_point *points;  /* clamped outside [points[0].x, points[n-1].x] */
    accord_loc loc;
} accord_valuation;

/*
 * A non-linear utility as GENIUS's NonlinearUtilitySpace (ANAC 2014,
 * docs/genius.md): a tree of functions, each aggregating (sum, min or max)
 * its hyper-rectangles' contributions and its children's scores times their
 * weights.  A rectangle contributes utility * weight when the outcome lies
 * in it (every bound holds: min <= value <= max), or, when `exclusive`,
 * when it lies outside (some bound fails); a rectangle without bounds
 * always contributes.  u = min(1, score(root) / max_score).
 */
typedef enum accord_aggregation { ACCORD_AGG_SUM = 0, ACCORD_AGG_MIN, ACCORD_AGG_MAX } accord_aggregation;

typedef struct accord_bound {
    size_t issue;     /* an integer issue of the agreement */
    int64_t min, max; /* issue values, both included */
} accord_bound;

typedef struct accord_rectangle {
    bool exclusive;
    size_t n_bounds;
    accord_bound *bounds;
    accord_number utility, weight;
} accord_rectangle;

typedef struct accord_ufun {
    accord_aggregation aggregation;
    accord_number weight; /* applied by the parent; the root's is not used */
    size_t n_rectangles;
    accord_rectangle *rectangles;
    size_t n_children;
    struct accord_ufun *children;
} accord_ufun;

typedef struct accord_nonlinear {
    accord_ufun root;
    accord_number max_score;
} accord_nonlinear;

/* What the model says about one red line besides its condition (a red line
 * written as a map, docs/model-format.md).  `firmness` is the probability
 * that the red line holds, in [0, 1]: value 1 and loc.line 0 when not
 * written.  Only `accord robust` reads it: every point analysis treats each
 * red line as holding. */
typedef struct accord_red_line_info {
    const char *source, *assumption, *note; /* each may be NULL */
    accord_number firmness;
} accord_red_line_info;

typedef struct accord_preference {
    const accord_nonlinear *nonlinear; /* NULL: additive (weights and values below) */
    bool normalize;            /* false: weights as written, utility capped at 1 (GENIUS) */
    accord_number reservation; /* default 0 */
    accord_number *weights;    /* n_issues; value 0 and weighted[i] false when left out */
    bool *weighted;
    accord_valuation *valuations; /* n_issues */
    size_t n_red_lines;
    accord_statement *red_lines;
    const char *source, *note;
    accord_loc loc;
    /* n_red_lines entries, parallel to red_lines (NULL when n_red_lines is 0
     * or the model was not read from accord's format: every red line firm) */
    accord_red_line_info *red_line_info;
} accord_preference;

/*
 * Utility tables, computed at load from the point values (midpoints).
 * The contribution of option k of issue i to party p's utility sum is
 * contrib[p * total_options + offset[i] + k] (the weight already applied and
 * normalised unless normalize is false).  u_p = sum (capped at 1 when
 * cap[p]).
 */
typedef struct accord_utility_table {
    size_t n_parties, n_issues;
    size_t total_options; /* sum of n_options */
    size_t *offset;       /* n_issues */
    double *contrib;      /* n_parties * total_options */
    bool *cap;            /* n_parties */
    double *reservation;  /* n_parties */
} accord_utility_table;

typedef struct accord_agreement {
    size_t n_issues;
    accord_issue *issues;
    size_t n_proposals;
    accord_proposal *proposals;
    accord_preference *preferences; /* one per party, in party order */
    accord_utility_table table;
    double outcomes; /* size of the outcome space (may exceed 2^64, hence double) */
} accord_agreement;

/* ---- conflict section (Graph Model for Conflict Resolution) ---- */

typedef enum accord_moves { ACCORD_MOVES_BOTH = 0, ACCORD_MOVES_FORWARD = 1, ACCORD_MOVES_BACKWARD = 2 } accord_moves;

typedef struct accord_conflict_option {
    const char *id;        /* as declared, without the party prefix */
    const char *qualified; /* "PARTY.id" */
    const char *name;      /* the id when no name was given */
    const char *source, *note;
    size_t party;          /* index of the controlling party */
    accord_moves moves;
    accord_loc loc;
    /* `irreversible:` of an option that moves both ways: the probability that,
     * once taken, it cannot be withdrawn (as if moves were forward).  Value 0
     * and loc.line 0 when not written.  Only `accord robust` samples it; the
     * point analyses use `moves`. */
    accord_number irreversible;
} accord_conflict_option;

/* A pattern ("Y N - Y") or an expression over options. */
typedef struct accord_condition {
    const char *text;
    bool is_pattern;
    uint64_t mask, bits;     /* pattern: state matches when (s & mask) == bits */
    const accord_expr *expr; /* expression, when !is_pattern */
    accord_loc loc;
} accord_condition;

typedef struct accord_option_group {
    size_t n;
    uint32_t *options; /* option indices, 0-based */
    accord_loc loc;
} accord_option_group;

typedef enum accord_pref_kind { ACCORD_PREF_RANKING = 0, ACCORD_PREF_PRIORITIES = 1 } accord_pref_kind;

typedef struct accord_rank_tier {
    size_t n;
    accord_condition *members; /* patterns or expressions, tied with each other */
    accord_loc loc;
} accord_rank_tier;

struct accord_conflict_alternative;

typedef struct accord_conflict_preference {
    accord_pref_kind kind;
    size_t n_tiers; /* ranking: most preferred first */
    accord_rank_tier *tiers;
    size_t n_priorities; /* priorities: most important first */
    accord_statement *priorities;
    accord_loc loc;
    /* Alternative orders of the party (`alternatives:`), each drawn by
     * `accord robust` with its probability; the order above is drawn with
     * 1 - their sum.  The model's `level` arrays are the order above's. */
    size_t n_alternatives;
    struct accord_conflict_alternative *alternatives;
} accord_conflict_preference;

/* One alternative preference order of a conflict party. */
typedef struct accord_conflict_alternative {
    const char *name;
    accord_number probability; /* in [0, 1]; a range is drawn at its midpoint */
    const char *source, *assumption, *note; /* each may be NULL */
    accord_conflict_preference order; /* ranking or priorities; no alternatives of its own */
    accord_loc loc;
} accord_conflict_alternative;

typedef struct accord_conflict {
    size_t n_options;
    accord_conflict_option *options;
    size_t n_infeasible;
    accord_condition *infeasible;
    size_t n_exclusive;
    accord_option_group *exclusive;
    size_t n_at_least_one;
    accord_option_group *at_least_one;
    bool has_status_quo;
    uint64_t status_quo; /* decimal code */
    accord_loc status_quo_loc;
    accord_conflict_preference *preferences; /* one per party */

    /* The state space, computed at load. */
    size_t n_states;    /* feasible states; ids are 1..n_states */
    uint32_t *n_levels; /* per party: levels are 0..n_levels[p]-1 */
    /* The states' codes and the parties' levels, read through
     * accord_conflict_state_code and accord_conflict_level: the layout is
     * the library's and may change (it is as narrow as the model allows).
     * states_: NULL when every code 0..n_states-1 is feasible (state index
     * k is code k), else the codes ascending in state_bytes_ (4 or 8) bytes
     * each; level_: party p's level of state index k at p * n_states + k, in
     * level_bytes_ (1, 2 or 4) bytes each. */
    const void *states_;
    void *level_;
    unsigned state_bytes_, level_bytes_;
    size_t status_quo_index; /* 0-based state index of the status quo (when has_status_quo) */

    /* States the analyst names for the reports (`named_states`, accord's
     * extension): a name and a pattern or condition, in file order. */
    size_t n_named;
    struct accord_named_state {
        const char *name;
        accord_condition condition;
    } *named;
} accord_conflict;

/* ---- claims and objectives (accord's extension: `objectives:`, `claims:`) ---- */

/* A party's stated objective, written as a condition over the agreement's
 * terms: a proposal meets it when the condition holds for its terms. */
typedef struct accord_objective {
    const char *id;
    const char *name;               /* the id when no name was given */
    size_t party;                   /* index of the party that stated it */
    accord_statement condition;     /* an agreement condition ("army_cap <= 600000") */
    const char *source, *assumption, *note; /* the statement, or why it is encoded so */
    accord_loc loc;
} accord_objective;

/* The question a claim maps to: each kind is answered by its own analysis
 * (docs/claims.md). */
typedef enum accord_claim_kind {
    ACCORD_CLAIM_ACCEPTABILITY = 0, /* who accepts each proposal, why, the smallest change all accept */
    ACCORD_CLAIM_NO_DEAL = 1,       /* each proposal against each party's no-deal alternative */
    ACCORD_CLAIM_STATE = 2,         /* is a named conflict state stable, who moves it */
    ACCORD_CLAIM_SANCTIONS = 3,     /* does a sanction threat change stability or verdicts */
    ACCORD_CLAIM_OBJECTIVES = 4     /* which stated objectives each proposal meets */
} accord_claim_kind;

/* A sequence of moves from the status quo: each step toggles one option,
 * moved by the party that controls it (a state claim compares them). */
typedef struct accord_move_sequence {
    const char *name;
    size_t n_steps;
    uint32_t *options; /* conflict option indices, in order */
    accord_loc loc;
} accord_move_sequence;

/* A claim to test, mapped to one question.  Indices are -1 when not given. */
typedef struct accord_claim {
    const char *id;
    accord_claim_kind kind;
    const char *question;  /* the question as the model puts it */
    const char *statement; /* the claim as someone made it (attributed in source/note), or NULL */
    const char *source, *note;
    long proposal;         /* acceptability, no_deal, objectives, sanctions: the proposal in focus */
    long baseline;         /* no_deal: a proposal to compare with as well (a historical text) */
    long named_state;      /* state: index into conflict->named */
    size_t n_options;      /* sanctions: the conflict options that are the sanctions */
    uint32_t *options;
    uint64_t against;      /* sanctions: bit p for each party sanctioned (0: none given) */
    long issue;            /* sanctions: the agreement issue about them */
    size_t n_sequences;    /* state: move sequences to compare */
    accord_move_sequence *sequences;
    accord_loc loc;
} accord_claim;

/* The whole model.  Immutable once loaded. */
typedef struct accord_model {
    const char *path;  /* the file or folder it was loaded from */
    const char *title; /* may be NULL */
    const char *note;
    int format;        /* the `accord:` version */
    bool from_genius;  /* loaded from a GENIUS folder */
    size_t n_sources;
    accord_source *sources;
    size_t n_parties;
    accord_party *parties;
    accord_agreement *agreement; /* NULL when the model has no agreement section */
    accord_conflict *conflict;   /* NULL when the model has no conflict section */
    void *internal_;             /* the library's own storage */
    /* Stated objectives and claims (accord's extension; none in GENIUS or
     * GeniusWeb scenarios), in file order. */
    size_t n_objectives;
    accord_objective *objectives;
    size_t n_claims;
    accord_claim *claims;
} accord_model;

/* Limits for loading. Zero fields mean the defaults (docs/limits.md lists
 * every limit).  An input beyond a limit is refused with ACCORD_E_LIMIT and
 * a diagnostic that names the field raising it. */
typedef struct accord_load_options {
    uint64_t max_states; /* feasible states of a conflict; default 1<<26 (--max-states) */
    size_t real_steps;   /* points a GENIUS real issue is enumerated at, ends included;
                          * default 21, GENIUS's IssueReal (--real-steps) */
    size_t max_input_bytes; /* bytes of any one file read (a model, each GENIUS or
                             * GeniusWeb file); default 256 MiB */
    size_t max_depth;       /* nesting of lists and maps in a YAML/JSON model, and of
                             * <ufun> in a GENIUS non-linear profile; default 64 */
    uint64_t max_nodes;     /* nodes of a YAML/JSON model once its aliases are expanded;
                             * default max(100000, 10 x the file's bytes) */
    size_t max_errors;      /* errors a load reports before it only counts them;
                             * default 100 */
} accord_load_options;

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_load_options_init(accord_load_options *opts);

#define ACCORD_DEFAULT_MAX_STATES ((uint64_t)1 << 26)
#define ACCORD_DEFAULT_REAL_STEPS 21
#define ACCORD_DEFAULT_MAX_INPUT_BYTES ((size_t)256 << 20)
#define ACCORD_DEFAULT_MAX_DEPTH 64
#define ACCORD_DEFAULT_MIN_NODES 100000 /* max_nodes is at least this, else 10 x bytes */
#define ACCORD_DEFAULT_MAX_ERRORS 100

/*
 * Load a model from a YAML (or JSON) file, or from a folder of GENIUS XML.
 * On success *out is the model (free with accord_model_free).  On failure
 * *out is NULL, and every problem found is appended to diag: all of them
 * where the loader can continue, not only the first, each once (a mistake
 * is not reported again where what it broke is used), in file order (by
 * line, then column; a note without a place, such as how many errors were
 * not shown, comes last).
 * Errors: ACCORD_E_IO (cannot read), ACCORD_E_PARSE (not YAML/XML, or a
 * YAML stream of more than one document), ACCORD_E_INVALID (wrong model),
 * ACCORD_E_LIMIT (a file, its nesting, its expanded aliases or the state
 * space beyond the limits of opts), ACCORD_E_NOMEM.
 * Time complexity: O(file size + outcome-table size + 2^k * c) expected
 * (names are looked up by hashing) where k is the number of conflict options
 * and c the cost of the feasibility conditions.
 */
ACCORD_API accord_status accord_model_load(const char *path, const accord_load_options *opts,
                                           accord_model **out, accord_diagnostics *diag);

/*
 * The same from a buffer; `name` is used in diagnostics as the file name.
 * A buffer is YAML or JSON (GENIUS folders are loaded from paths only).
 */
ACCORD_API accord_status accord_model_load_buffer(const char *name, const char *data, size_t size,
                                                  const accord_load_options *opts,
                                                  accord_model **out, accord_diagnostics *diag);

/* The built-in default scenario (scenarios/plan28.yaml, embedded at build time). */
ACCORD_API const char *accord_builtin_scenario(size_t *size);
ACCORD_API const char *accord_builtin_scenario_name(void);

ACCORD_API void accord_model_free(accord_model *model);

/* Lookups by id; -1 when absent.  O(n). */
ACCORD_API long accord_model_party_index(const accord_model *m, const char *id);
ACCORD_API long accord_model_issue_index(const accord_model *m, const char *id);
ACCORD_API long accord_model_proposal_index(const accord_model *m, const char *id);
ACCORD_API long accord_issue_option_index(const accord_issue *issue, const char *id);

/*
 * The text of option k of an issue: the option id (discrete) or the integer
 * value (integer issues), written into buf (size >= 24 suffices for
 * integers).  Returns buf.
 */
ACCORD_API const char *accord_issue_option_text(const accord_issue *issue, size_t k, char *buf,
                                                size_t size);
/* The integer value of option k of an integer issue. */
ACCORD_API int64_t accord_issue_option_value(const accord_issue *issue, size_t k);

/*
 * Parse "issue=option,issue=option,..." into option indices, starting from
 * base (n_issues entries; may be NULL only when every issue is given).
 * Errors: ACCORD_E_ARG with a diagnostic naming the bad item.
 */
ACCORD_API accord_status accord_terms_parse(const accord_model *m, const char *text,
                                            const uint32_t *base, uint32_t *terms,
                                            accord_diagnostics *diag);

/* ---- evaluating conditions ---- */

/* Does an agreement condition hold for the outcome `terms` (one option index
 * per issue)?  O(size of the expression). */
ACCORD_API bool accord_expr_eval_outcome(const accord_expr *e, const uint32_t *terms);
/* Does a conflict condition hold in the state with decimal code `state`? */
ACCORD_API bool accord_expr_eval_state(const accord_expr *e, uint64_t state);

/* ---- conflict states ---- */

/* The decimal code of the state with 0-based index k < cf->n_states (the
 * state whose id is k + 1); state indices ascend with their codes.  O(1). */
ACCORD_API uint64_t accord_conflict_state_code(const accord_conflict *cf, size_t k);
/* The 0-based index of the feasible state with decimal code `code`, or -1
 * when that state is not feasible.  O(log n_states); O(1) when every state
 * is feasible. */
ACCORD_API long accord_conflict_state_index(const accord_conflict *cf, uint64_t code);
/* Party p's preference level of the state with index k (p < n_parties,
 * k < n_states): 0..cf->n_levels[p]-1, higher is better, equal levels tie.
 * O(1). */
ACCORD_API uint32_t accord_conflict_level(const accord_conflict *cf, size_t p, size_t k);
/* Bytes that always hold a state's pattern, spaced or not, with its NUL. */
#define ACCORD_STATE_PATTERN_MAX(n_options) (2 * (size_t)(n_options) + 1)
/* State `code` as Y/N letters, option 1 first ("YNNY"); with `spaced`, a
 * space between the parties' options as models may write them ("YN N Y").
 * Writes at most `size` bytes with the NUL (a pattern that does not fit is
 * cut; ACCORD_STATE_PATTERN_MAX(n_options) always fits); returns buf. */
ACCORD_API const char *accord_conflict_state_pattern(const accord_conflict *cf, uint64_t code,
                                                     bool spaced, char *buf, size_t size);

/* ---- utilities ---- */

/* u_p(terms) per the model's point values.  O(n_issues). */
ACCORD_API double accord_utility(const accord_model *m, size_t party, const uint32_t *terms);
/* Index of party p's first red line broken by terms, or -1.  O(size of red lines). */
ACCORD_API long accord_red_line_broken(const accord_model *m, size_t party, const uint32_t *terms);
/* u_p(terms) >= reservation_p and no red line broken. */
ACCORD_API bool accord_acceptable(const accord_model *m, size_t party, const uint32_t *terms);

/* ---- provenance ---- */

/* Every number in the model without a source or an assumption, in file
 * order (by line, then column). */
typedef struct accord_unsourced {
    size_t count;
    struct accord_unsourced_item {
        const char *what; /* e.g. "RU weight of nato" */
        accord_loc loc;
    } *items;
} accord_unsourced;
/* Errors: ACCORD_E_NOMEM.  Free with accord_unsourced_free.
 * O(numbers log numbers). */
ACCORD_API accord_status accord_provenance_check(const accord_model *m, accord_unsourced **out);
ACCORD_API void accord_unsourced_free(accord_unsourced *u);

/*
 * How one party's numbers are backed: the numbers written in the model for
 * its agreement preferences (the reservation, the weight of each weighted
 * issue, the value of each option of a weighted discrete issue).  Each
 * written number counts once: `sourced` (it names a source), else
 * `assumed` (it states an assumption), else `neither`; so
 * sourced + assumed + neither == total.  `sampled` counts those written as
 * a range.  Numbers the model uses but that were not written (the default
 * reservation 0; numbers imported from GENIUS or GeniusWeb files, which
 * carry no provenance) are counted in `unwritten` only.  Integer issues'
 * piecewise-linear points and non-linear (hyper-rectangle) utilities carry
 * no provenance per number and are not counted.
 */
typedef struct accord_provenance_counts {
    size_t total, sourced, assumed, neither, sampled;
    size_t unwritten;
} accord_provenance_counts;

/*
 * The counts above for every party: out[p] for p < m->n_parties, written
 * by the call (the caller owns the array).  A model without an agreement
 * section gives zeros.  Errors: ACCORD_E_ARG (m or out NULL).  Allocates
 * nothing.  Time complexity: O(n_parties * sum of the issues' options).
 */
ACCORD_API accord_status accord_provenance_summary(const accord_model *m, accord_provenance_counts *out);

/* ---- writing models ---- */

/*
 * The model as YAML in accord's format (used by `accord import genius`).
 * *out is NUL-terminated text, freed with accord_free.  Comments record the
 * origin of the model.  Errors: ACCORD_E_UNSUPPORTED (a non-linear utility,
 * which the format cannot express), ACCORD_E_NOMEM.
 */
ACCORD_API accord_status accord_model_to_yaml(const accord_model *m, char **out, size_t *size);

#ifdef __cplusplus
}
#endif

/*
 * Topic headers: analyses and renderers.  Each includes this header and the
 * topic headers it needs *before* its own include guard, so whichever accord
 * header a program includes first, the first pass through this header
 * declares the core above and then every topic header in dependency order
 * (tests/headers compiles each header alone).
 */
#include "accord_render.h"
#include "accord_negotiation.h"
#include "accord_conflict.h"
#include "accord_agreement.h"
#include "accord_robust.h"
#include "accord_analysis.h"
#include "accord_report.h"

#endif /* ACCORD_H */
