/*
 * model.h - library-internal view of a loaded model: its storage and the
 * steps shared by the YAML loader and the GENIUS importer.
 */
#ifndef ACCORD_MODEL_INTERNAL_H
#define ACCORD_MODEL_INTERNAL_H

#include "../core/internal.h"
#include "exact.h"
#include "expr.h"

/* Which names an index holds. */
typedef enum acc__ix_kind {
    ACC_IX_PARTY,
    ACC_IX_ISSUE,
    ACC_IX_PROPOSAL,
    ACC_IX_SOURCE,
    ACC_IX_KINDS
} acc__ix_kind;

/* Name -> position sets, so that a loader resolves every reference in
 * expected constant time instead of scanning (a file with 10^5 names would
 * otherwise take 10^10 comparisons). */
typedef struct acc__model_index {
    acc__hashset names[ACC_IX_KINDS];
    acc__hashset **options; /* per issue, for issues of more than ACC_IX_SCAN options */
    size_t n_options;       /* room in options[] */
} acc__model_index;

/* Up to this many options of an issue are found by scanning them. */
#define ACC_IX_SCAN 16

/* What model->internal_ points to. */
typedef struct acc__model_store {
    acc__arena arena; /* every piece of the model lives here */
    acc__exact exact; /* the agreement's utilities as fractions (exact.h) */
    acc__model_index index;
} acc__model_store;

/* A new empty model whose pieces are allocated in its own arena. */
accord_status acc__model_new(const char *path, accord_model **out);
static inline acc__arena *acc__model_arena(accord_model *m)
{
    return &((acc__model_store *)m->internal_)->arena;
}

/*
 * Record that the `kind` array's entry i has id `id` (borrowed from the
 * model's arena).  When an entry with the same id is there already, nothing
 * is added and *prior (may be NULL) is its position; else *prior is
 * SIZE_MAX.  The YAML loader adds each entry as it appends it, so that the
 * lookups below see every entry so far; other loaders call
 * acc__model_index_build once the model is built.  Errors: ACCORD_E_NOMEM.
 * O(|id|) expected.
 */
accord_status acc__model_index_add(accord_model *m, acc__ix_kind kind, const char *id, size_t i,
                                   size_t *prior);
/* The position of the entry of `kind` with this id, or -1.  O(|id|)
 * expected once indexed (a scan for entries not indexed). */
long acc__model_find(const accord_model *m, acc__ix_kind kind, const char *id);
/* The same for option k of the discrete issue the agreement will hold at
 * position `issue` (its options so far: is->options[0..n_options)). */
accord_status acc__model_index_option(accord_model *m, size_t issue, const accord_issue *is, size_t k,
                                      size_t *prior);
/* Forget the options of issue position `issue` (an issue that was not kept). */
void acc__model_index_forget_options(accord_model *m, size_t issue);
/* The index of option `id` of the agreement's issue `issue`, or -1: an
 * option id of a discrete issue, or the text of an integer issue's value. */
long acc__model_find_option(const accord_model *m, size_t issue, const char *id);
/* Index every party, source, issue, option and proposal of a built model
 * (the first of equal ids wins).  Errors: ACCORD_E_NOMEM.  O(size). */
accord_status acc__model_index_build(accord_model *m);

/* Largest number of options (summed over issues) a model may have: the
 * utility table holds n_parties * total_options doubles. */
#define ACC_MAX_TOTAL_OPTIONS ((size_t)1 << 24)
/* Largest number of party x option cells of an agreement's utility table
 * (4 parties at ACC_MAX_TOTAL_OPTIONS), and of party x issue pairs (each a
 * weight and a valuation, about 120 bytes).  Checked before they are
 * allocated, so that a short file naming many parties and many issues is
 * refused instead of taking gigabytes. */
#define ACC_MAX_TABLE_CELLS ((uint64_t)1 << 26)
#define ACC_MAX_PARTY_ISSUES ((uint64_t)1 << 22)
/* ACCORD_OK when `parties` fit both limits with `issues` issues of
 * `options` options in all; else ACCORD_E_LIMIT with a diagnostic at
 * file:line:col (ACCORD_E_NOMEM when it cannot be stored).  O(1). */
accord_status acc__table_check(uint64_t parties, uint64_t issues, uint64_t options, accord_diagnostics *diag,
                               const char *file, int line, int col);

/*
 * Compute the utility table and the outcome count of an agreement whose
 * issues and preferences are filled in (point values).  Errors:
 * ACCORD_E_NOMEM, ACCORD_E_LIMIT (with a diagnostic).  O(n_parties * total_options).
 */
accord_status acc__agreement_finish(accord_model *m, accord_diagnostics *diag);

/*
 * Fill a table whose arrays are allocated (offset and total_options set) from
 * the model's point values, or, where draws is not NULL, with draws[k] for
 * the k-th ranged number in acc__ranged_numbers order.
 * O(n_parties * total_options).
 */
void acc__utility_table_fill(const accord_model *m, const double *draws, accord_utility_table *t);

/* One uncertain number (written as a range) of the agreement. */
typedef struct acc__ranged {
    const accord_number *number;
    size_t party;
    const char *what; /* "RU weight of nato", allocated in the arena given */
} acc__ranged;

/* Every ranged number in a fixed order: per party, the reservation, the
 * weights by issue, then the discrete values by issue and option.  *out is
 * freed with acc__free.  O(n_parties * total_options). */
accord_status acc__ranged_numbers(const accord_model *m, acc__ranged **out, size_t *count,
                                  acc__arena *A);

/* The value in [0,1] of integer x under a clamped piecewise-linear function. */
double acc__piecewise(const accord_point *pts, size_t n, double x);

/*
 * Enumerate the feasible states of a conflict and every party's preference
 * level per state, and check rankings (each feasible state exactly once).
 * Errors: ACCORD_E_INVALID (ranking problems, with diagnostics at the
 * ranking's place in `file`), ACCORD_E_LIMIT, ACCORD_E_NOMEM.
 * O(2^n_options * c + |S| * (n_parties + log |S|)).
 */
accord_status acc__conflict_finish(accord_model *m, const accord_load_options *opts,
                                   const char *file, accord_diagnostics *diag);

/* Does state s match condition c? */
bool acc__condition_matches(const accord_condition *c, uint64_t s);

/* The preference levels of order pr (party p's order or one of its
 * alternatives) over the conflict's feasible states into lv (n_states
 * entries; higher is better) and their count into *n_levels; a ranking that
 * leaves out or repeats a state is reported to diag (ACCORD_E_INVALID).
 * Errors: ACCORD_E_NOMEM.  O(|S| * size of the order). */
accord_status acc__conflict_levels(const accord_model *m, size_t p,
                                   const accord_conflict_preference *pr, uint32_t *lv,
                                   uint32_t *n_levels, const char *file, accord_diagnostics *diag);

/* A variant of a conflict for what-if analyses (the claims' flips, the
 * structural samples of robust): a shallow copy whose options, levels or
 * states may be replaced by arrays it owns; everything else is the
 * original's. */
typedef struct acc__conflict_variant {
    accord_conflict cf;
    accord_conflict_option *options; /* owned replacements, or NULL */
    uint32_t *level, *n_levels;      /* levels in 4 bytes each (cf.level_bytes_ 4) */
    uint64_t *states;                /* codes in 8 bytes each (cf.state_bytes_ 8) */
} acc__conflict_variant;

/* v as a copy of base, with its own copy of the options (ACC_VARIANT_OPTIONS)
 * and of the levels (ACC_VARIANT_LEVELS) to change.  Errors:
 * ACCORD_E_NOMEM (v is then freed).  O(n_options + P * |S| when copied). */
#define ACC_VARIANT_OPTIONS 1u
#define ACC_VARIANT_LEVELS 2u
accord_status acc__conflict_variant_init(acc__conflict_variant *v, const accord_conflict *base,
                                         size_t n_parties, unsigned own);
void acc__conflict_variant_free(acc__conflict_variant *v);

/* The utility of a non-linear preference for an outcome (nonlinear.c):
 * min(1, score / max_score), as the double of the exact fraction, which goes
 * to *exact (den 0 when it does not fit; exact may be NULL).
 * O(rectangles * bounds). */
double acc__nonlinear_utility(const accord_agreement *ag, const accord_nonlinear *nl, const uint32_t *terms,
                              accord_rational *exact);
/* The same given the issues alone. */
double acc__nonlinear_utility_of(const accord_issue *issues, const accord_nonlinear *nl, const uint32_t *terms,
                                 accord_rational *exact);

/* Has every party an additive utility (no non-linear preference)? */
bool acc__agreement_additive(const accord_agreement *ag, size_t n_parties);

/* ACCORD_OK when every party's utility is a sum over issues; else
 * ACCORD_E_UNSUPPORTED with a diagnostic (diag may be NULL) saying that
 * `analysis` needs additive utilities and whose is not. */
accord_status acc__require_additive(const accord_model *m, const char *analysis, accord_diagnostics *diag);

/* GENIUS folder -> model (genius.c). */
accord_status acc__genius_load(const char *dir, const accord_load_options *opts, accord_model **out,
                               accord_diagnostics *diag);

/* GeniusWeb folder (JSON domain + profiles) or single profile file -> model
 * (geniusweb.c).  Errors: ACCORD_E_PARSE (not JSON), ACCORD_E_INVALID,
 * ACCORD_E_IO, ACCORD_E_LIMIT, ACCORD_E_NOMEM, with diagnostics. */
accord_status acc__geniusweb_load(const char *path, const accord_load_options *opts, accord_model **out,
                                  accord_diagnostics *diag);
/* Does the folder hold GeniusWeb JSON and no GENIUS XML?  Is the text a
 * GeniusWeb profile (top-level key LinearAdditiveUtilitySpace)? */
bool acc__geniusweb_folder(const char *dir);
bool acc__geniusweb_profile(const char *data, size_t size);

/* Is `s` an id: [A-Za-z][A-Za-z0-9_-]* ? */
bool acc__is_id(const char *s);

#endif
