/*
 * yaml_read.h - what the files of the YAML/JSON model loader share: the
 * loader's state, access to the nodes of a libyaml document, readers of
 * the values a model writes (ids, numbers, booleans, conditions, party
 * references) that report each problem at its place (yaml_read.c), and the
 * two sections of a model (load_agreement.c, load_conflict.c), which the
 * document reader (load.c) calls.
 */
#ifndef ACCORD_YAML_READ_H
#define ACCORD_YAML_READ_H

#include "model.h"

#include <string.h>
#include <yaml.h>

/* What may be lost besides the indexed names: an agreement option (as
 * "issue.option") and a conflict's named state. */
#define ACC_LOST_OPTION ((int)ACC_IX_KINDS)
#define ACC_LOST_STATE ((int)ACC_IX_KINDS + 1)
#define ACC_LOST_KINDS ((int)ACC_IX_KINDS + 2)
#define ACC_SAID_CONFLICT_OPTION ((int)ACC_IX_KINDS + 2) /* for acc__yaml_first_report */
#define ACC_SAID_PATTERN ((int)ACC_IX_KINDS + 3)         /* a pattern's wrong length */

typedef struct acc__yaml_loader {
    const char *file;
    yaml_document_t *doc;
    accord_model *m;
    acc__arena *A;
    accord_diagnostics *diag;
    const accord_load_options *opts;
    accord_status rc; /* ACCORD_E_NOMEM sticks; otherwise the first error kind */
    size_t errors;
    size_t max_errors; /* errors reported; the rest are only counted */
    /* the agreement's scratch (load_agreement.c): a flag per issue and per
     * option of the largest discrete issue, all 0 between uses, and how
     * many issues have options (a proposal assigns each) */
    unsigned char *issue_flags, *option_flags;
    size_t issues_with_options;
    /* names whose declaration was lost to an error already reported (an
     * item that failed, the value of a repeated section key): a reference
     * to one of them follows from that error and is not reported again.
     * Keys are borrowed from the document; freed by the loader's caller. */
    acc__hashset lost[ACC_LOST_KINDS];
    /* the first of them, for "is this a misspelling of a lost name?" */
    const char *lost_names[ACC_LOST_KINDS][64];
    size_t n_lost_names[ACC_LOST_KINDS];
    /* some conflict option was lost to an error already reported (a repeated
     * options key, an undeclared party's or an invalid option): an unknown
     * option, or a pattern of the wrong length, follows from it */
    bool options_lost;
    bool sources_lost; /* sources: is not a map: every source is lost */
    /* misspelt keys reported with a "did you mean" (the first 64): where the
     * key meant is looked up in that map (acc__yaml_get), the misspelt
     * key's value stands in for it, so that "wieghts" gives one message,
     * not a second "needs weights" and the errors of a missing section */
    struct acc__respelt {
        const yaml_node_t *map;
        const char *meant;
        yaml_node_t *value;
    } respelt[64];
    size_t n_respelt;
    /* undeclared names reported: "kind:name" (in the arena) -> said_list[],
     * the diagnostic that reported it and how many uses it has */
    acc__hashset said;
    struct acc__said {
        size_t diag, uses;
        bool pattern; /* a pattern's length, not a name */
    } *said_list;
    size_t n_said, cap_said;
} acc__yaml_loader;

/*
 * Parse the text into L->doc (initialised here; deleted again on failure):
 * one document, lists and maps nested at most opts->max_depth deep, at most
 * opts->max_nodes nodes once aliases are expanded (yaml_doc.c).  Errors,
 * with a diagnostic at the place: ACCORD_E_PARSE (not YAML, invalid UTF-8 or
 * a control character, a second document, an alias inside its own anchor),
 * ACCORD_E_LIMIT (depth, nodes), ACCORD_E_NOMEM.  O(size) expected.
 */
accord_status acc__yaml_parse(acc__yaml_loader *L, const char *data, size_t size);

/* ---- reporting: every error makes the load fail, the loader goes on ---- */

void acc__yaml_nomem(acc__yaml_loader *L);
void acc__yaml_err_at(acc__yaml_loader *L, int line, int col, const char *fmt, ...)
    ACC_PRINTF(4, 5);
/* At node n's place (n may be NULL: no place). */
void acc__yaml_err(acc__yaml_loader *L, const yaml_node_t *n, const char *fmt, ...)
    ACC_PRINTF(3, 4);
void acc__yaml_warn(acc__yaml_loader *L, const yaml_node_t *n, const char *fmt, ...)
    ACC_PRINTF(3, 4);
/* Has the loader reported max_errors errors already?  Then it counts one
 * more error and returns true, and the caller skips building its message
 * (lists of names, "did you mean"): a file with 10^5 wrong references
 * costs 10^5 steps, not 10^5 messages of 10^5 names. */
bool acc__yaml_quiet(acc__yaml_loader *L);
/* After the load: a note saying how many errors were not shown. */
void acc__yaml_note_unreported(acc__yaml_loader *L);

/* ---- cascades: one mistake, one message ---- */

/* Record the text of scalar n (if any) as a lost name of `kind` (an
 * acc__ix_kind or ACC_LOST_*); text must outlive the load. */
void acc__yaml_lose(acc__yaml_loader *L, int kind, const yaml_node_t *n);
void acc__yaml_lose_text(acc__yaml_loader *L, int kind, const char *text);
/* The ids declared under every repeat of `key` in map (the ones after the
 * first, which the loader ignores) become lost names of `kind`: the items
 * of a list (a scalar or a map's id) or the keys of a map.  O(size). */
void acc__yaml_lose_repeats(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                            int kind);
/* Every key of map (a map keyed by names) becomes a lost name of `kind`:
 * a section that was not read because of an earlier error.  O(size). */
void acc__yaml_lose_keys(acc__yaml_loader *L, const yaml_node_t *map, int kind);
/* Is this the first report that `name` of `kind` (an acc__ix_kind,
 * ACC_LOST_OPTION as "issue.option", ACC_SAID_CONFLICT_OPTION) is not
 * declared?  True: the caller reports it now (its diagnostic is the next
 * one).  False: it was reported at its first use, and that message will say
 * how many uses there are (acc__yaml_note_uses); the caller says nothing.
 * O(|name|) expected. */
bool acc__yaml_first_report(acc__yaml_loader *L, int kind, const char *name);
/* After the load: each undeclared name used more than once says so in the
 * message at its first use.  O(names reported). */
void acc__yaml_note_uses(acc__yaml_loader *L);
/* Free what the loader's cascade bookkeeping holds. */
void acc__yaml_loader_free(acc__yaml_loader *L);

/* The values of the repeats of `key` in map (after the first, which is the
 * one read): at most cap of them into out; returns how many.  O(keys). */
size_t acc__yaml_repeats(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                         yaml_node_t **out, size_t cap);
/* For every repeat of `key` in map (after the first), flags[p] = 2 for each
 * party p keyed in it whose flag is 0: its section's absence follows from
 * the repeated key (flags has one entry per party).  O(size). */
void acc__yaml_excuse_repeats(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                              unsigned char *flags);
/* Does a reference to `name` of `kind` follow from an earlier error: the
 * name is lost or close to a lost name (the "did you mean" distance: the
 * declaration with an invalid id "9troops" and the uses of "troops"), or
 * nothing of that kind was declared (and so an error was reported
 * already)?  Then the caller reports nothing.  O(|name|) expected, plus
 * O(|name| * 64 lost names) while errors are still described. */
bool acc__yaml_is_lost(acc__yaml_loader *L, int kind, const char *name);

/* ---- nodes ---- */

static inline accord_loc acc__yaml_loc(const yaml_node_t *n)
{
    return (accord_loc){(int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

static inline yaml_node_t *acc__yaml_node(acc__yaml_loader *L, int index)
{
    return yaml_document_get_node(L->doc, index);
}

/* "a scalar", "a list", "a map" or "nothing", for messages. */
static inline const char *acc__yaml_kind(const yaml_node_t *n)
{
    if (!n)
        return "nothing";
    switch (n->type) {
    case YAML_SCALAR_NODE: return "a scalar";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_MAPPING_NODE: return "a map";
    default: return "nothing";
    }
}

/* Absent, or a plain ~, null, Null, NULL or empty scalar. */
static inline bool acc__yaml_is_null(const yaml_node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* The text of a scalar node, else NULL. */
static inline const char *acc__yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static inline size_t acc__yaml_seq_len(const yaml_node_t *n)
{
    return n && n->type == YAML_SEQUENCE_NODE
               ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
               : 0;
}

static inline size_t acc__yaml_map_len(const yaml_node_t *n)
{
    return n && n->type == YAML_MAPPING_NODE
               ? (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start)
               : 0;
}

/* Every item of a list, every key and value of a map. */
#define ACC_SEQ_EACH(L, seq, item)                                                                 \
    for (yaml_node_item_t *it_ = (seq)->data.sequence.items.start;                                 \
         it_ < (seq)->data.sequence.items.top && ((item) = acc__yaml_node((L), *it_), 1); it_++)

#define ACC_MAP_EACH(L, map, K, V)                                                                 \
    for (yaml_node_pair_t *pr_ = (map)->data.mapping.pairs.start;                                  \
         pr_ < (map)->data.mapping.pairs.top &&                                                    \
         ((K) = acc__yaml_node((L), pr_->key), (V) = acc__yaml_node((L), pr_->value), 1);          \
         pr_++)

/* Is n of `type`?  If not, says what `what` must be. */
bool acc__yaml_want(acc__yaml_loader *L, const yaml_node_t *n, yaml_node_type_t type,
                    const char *what);
/* The value of `key` in a map, or NULL.  A key written twice (an error
 * acc__yaml_check_keys reports) gives the first value, or the first that is
 * not empty: a line written twice in block style leaves the first empty.
 * When the map has no `key` but a misspelling of it was reported ("did you
 * mean"), that key's value.  O(keys + 64). */
yaml_node_t *acc__yaml_get(acc__yaml_loader *L, const yaml_node_t *map, const char *key);
/* Is value v of key k in map one that acc__yaml_get passes over: empty,
 * with a repeat of k that is not?  For the loops over maps keyed by ids.
 * O(keys) when v is empty, else O(1). */
static inline bool acc__yaml_passed_over(acc__yaml_loader *L, const yaml_node_t *map,
                                         const yaml_node_t *k, const yaml_node_t *v)
{
    return acc__yaml_is_null(v) && acc__yaml_scalar(k) && acc__yaml_get(L, map, acc__yaml_scalar(k)) != v;
}

/* Every key must be a scalar, known and not repeated.  `allowed` ends with
 * NULL; allowed == NULL accepts any key (maps keyed by ids) and checks only
 * for repeats.  Unknown keys get a "did you mean" or the list of allowed
 * keys.  O(keys) expected (repeats are found by hashing). */
void acc__yaml_check_keys(acc__yaml_loader *L, const yaml_node_t *map, const char *const *allowed,
                          const char *what);

/* ---- values (copied into the model's arena) ---- */

/* An optional string: NULL when absent or null. */
const char *acc__yaml_string(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                             const char *what);
/* An id: [A-Za-z][A-Za-z0-9_-]*; NULL after reporting. */
const char *acc__yaml_id(acc__yaml_loader *L, const yaml_node_t *n, const char *what);
/* A plain number (a decimal, or a fraction of whole numbers such as 1/3). */
bool acc__yaml_double(acc__yaml_loader *L, const yaml_node_t *n, double *out, const char *what);
bool acc__yaml_int64(acc__yaml_loader *L, const yaml_node_t *n, int64_t *out, const char *what);
bool acc__yaml_bool(acc__yaml_loader *L, const yaml_node_t *n, bool *out, const char *what);
/* A number of the model: X, [low, high], or {value: X | [low, high],
 * source: ID, assumption: "...", note: "..."}.  lo/hi bound every value. */
bool acc__yaml_number(acc__yaml_loader *L, const yaml_node_t *n, accord_number *out, double lo,
                      double hi, const char *what);
/* The index of the declared party n names, or -1 after "party X is not
 * declared (declared: A, B, C)" with a did-you-mean, or -2 without a
 * message when the reference follows from an earlier error
 * (acc__yaml_is_lost). */
long acc__yaml_party_ref(acc__yaml_loader *L, const yaml_node_t *n, const char *what);
/* The party a mistyped party name s was taken for ("did you mean"), or -1:
 * that party's missing section is then not reported again. */
long acc__yaml_party_meant(acc__yaml_loader *L, const yaml_node_t *n);

/* A map keyed by party (preferences of the agreement or of the conflict):
 * checks that it is a map (`what` in messages), then calls read(L, value,
 * p) once per declared party.  has[p] becomes 1 for a party read, and 2 for
 * one a misspelt key was meant for (its "did you mean" already said so); a
 * party written twice is read once (check_keys reports the repeat).  False
 * when the node is not a map. */
typedef void (*acc__party_reader)(acc__yaml_loader *L, const yaml_node_t *v, size_t party);
bool acc__yaml_party_map(acc__yaml_loader *L, const yaml_node_t *map, const char *what, unsigned char *has,
                         acc__party_reader read);

/* ---- conditions ---- */

/* Compile a scalar node as a condition of `mode`.  Returns false after
 * reporting the problem. */
bool acc__yaml_compile(acc__yaml_loader *L, const yaml_node_t *s, acc__expr_mode mode,
                       const accord_expr **out);
/* A list of conditions (red lines, priority statements) into a new array of
 * statements; `example` shows the expected form in the message. */
void acc__yaml_statements(acc__yaml_loader *L, const yaml_node_t *seq, acc__expr_mode mode,
                          const char *what, const char *example, accord_statement **out,
                          size_t *count);

/* ---- the sections of a model, after its parties ---- */

/* agreement: issues, proposals, preferences (load_agreement.c). */
void acc__yaml_agreement(acc__yaml_loader *L, const yaml_node_t *n);
/* conflict: options, constraints, status quo, named states, preferences
 * (load_conflict.c). */
void acc__yaml_conflict(acc__yaml_loader *L, const yaml_node_t *n);
/* The index of the conflict option n names (PARTY.option or its 1-based
 * number), or -1 after reporting (load_conflict.c). */
long acc__yaml_conflict_option_ref(acc__yaml_loader *L, const yaml_node_t *n, const char *what);
/* objectives: and claims:, after both sections (load_claims.c). */
void acc__yaml_objectives(acc__yaml_loader *L, const yaml_node_t *n);
void acc__yaml_claims(acc__yaml_loader *L, const yaml_node_t *n);

#endif
