/*
 * load_yaml.c - model files (YAML 1.1 or JSON) into an accord_model.
 *
 * The document is loaded with libyaml's document API, then walked once.
 * Every problem is reported with its place and the loader goes on where it
 * can, so that one run lists every error of a file.  Cross-references
 * (sources, issues, options, parties) are resolved after the whole section
 * they may point into has been read.
 */
#include "model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

typedef struct loader {
    const char *file;
    yaml_document_t *doc;
    accord_model *m;
    acc__arena *A;
    accord_diagnostics *diag;
    const accord_load_options *opts;
    accord_status rc;   /* ACCORD_E_NOMEM sticks; otherwise the first error kind */
    size_t errors;
} loader;

typedef yaml_node_t node_t;

/* ------------------------------------------------------------------------ */
/* reporting                                                                 */

static void nomem(loader *L) { L->rc = ACCORD_E_NOMEM; }

static void verr_at(loader *L, int line, int col, const char *fmt, va_list ap)
{
    if (L->rc != ACCORD_E_NOMEM && L->rc == ACCORD_OK)
        L->rc = ACCORD_E_INVALID;
    L->errors++;
    if (acc__vdiag(L->diag, ACCORD_ERROR, L->file, line, col, fmt, ap))
        nomem(L);
}

static void err_at(loader *L, int line, int col, const char *fmt, ...) ACC_PRINTF(4, 5);
static void err_at(loader *L, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr_at(L, line, col, fmt, ap);
    va_end(ap);
}

static void err(loader *L, const node_t *n, const char *fmt, ...) ACC_PRINTF(3, 4);
static void err(loader *L, const node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr_at(L, n ? (int)n->start_mark.line + 1 : 0, n ? (int)n->start_mark.column + 1 : 0, fmt, ap);
    va_end(ap);
}

static void warn(loader *L, const node_t *n, const char *fmt, ...) ACC_PRINTF(3, 4);
static void warn(loader *L, const node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (acc__vdiag(L->diag, ACCORD_WARNING, L->file, (int)n->start_mark.line + 1,
                   (int)n->start_mark.column + 1, fmt, ap))
        nomem(L);
    va_end(ap);
}

static accord_loc loc_of(const node_t *n)
{
    return (accord_loc){(int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

/* ------------------------------------------------------------------------ */
/* node access                                                               */

static node_t *get_node(loader *L, int index) { return yaml_document_get_node(L->doc, index); }

static const char *kind_name(const node_t *n)
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

static bool is_null(const node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static const char *scalar(const node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool want(loader *L, const node_t *n, yaml_node_type_t type, const char *what)
{
    if (n && n->type == type)
        return true;
    const char *expected = type == YAML_MAPPING_NODE ? "a map" : type == YAML_SEQUENCE_NODE ? "a list" : "a scalar";
    err(L, n, "%s must be %s, not %s", what, expected, kind_name(n));
    return false;
}

#define SEQ_EACH(L, seq, item)                                                                 \
    for (yaml_node_item_t *it_ = (seq)->data.sequence.items.start;                             \
         it_ < (seq)->data.sequence.items.top && ((item) = get_node((L), *it_), 1); it_++)

#define MAP_EACH(L, map, K, V)                                                                 \
    for (yaml_node_pair_t *pr_ = (map)->data.mapping.pairs.start;                              \
         pr_ < (map)->data.mapping.pairs.top &&                                                \
         ((K) = get_node((L), pr_->key), (V) = get_node((L), pr_->value), 1);                  \
         pr_++)

static size_t seq_len(const node_t *n)
{
    return n && n->type == YAML_SEQUENCE_NODE
               ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
               : 0;
}

static size_t map_len(const node_t *n)
{
    return n && n->type == YAML_MAPPING_NODE
               ? (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start)
               : 0;
}

/* The value of `key` in a map, or NULL. */
static node_t *get(loader *L, const node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    node_t *k, *v;
    MAP_EACH(L, map, k, v)
    {
        const char *s = scalar(k);
        if (s && !strcmp(s, key))
            return v;
    }
    return NULL;
}

/*
 * Every key must be a scalar, known and not repeated.  `allowed` ends with
 * NULL; allowed == NULL accepts any key (maps keyed by ids) and checks only
 * for repeats.  Unknown keys get a "did you mean" or the list of allowed keys.
 */
static void check_keys(loader *L, const node_t *map, const char *const *allowed, const char *what)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    size_t na = 0;
    while (allowed && allowed[na])
        na++;
    node_t *k, *v;
    size_t idx = 0;
    MAP_EACH(L, map, k, v)
    {
        (void)v;
        const char *s = scalar(k);
        if (!s) {
            err(L, k, "keys of %s must be plain names, not %s", what, kind_name(k));
            idx++;
            continue;
        }
        bool known = allowed == NULL;
        for (size_t i = 0; i < na; i++)
            if (!strcmp(s, allowed[i]))
                known = true;
        if (!known) {
            const char *hint = acc__suggest(s, allowed, na);
            if (hint) {
                err(L, k, "unknown key \"%s\" in %s; did you mean \"%s\"?", s, what, hint);
            } else {
                acc__str list = {0};
                for (size_t i = 0; i < na; i++)
                    acc__str_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
                char *t = acc__str_take(&list);
                err(L, k, "unknown key \"%s\" in %s; expected one of: %s", s, what, t ? t : "");
                acc__free(t);
            }
        }
        /* duplicates: compare with the keys before this one */
        size_t j = 0;
        node_t *k2, *v2;
        MAP_EACH(L, map, k2, v2)
        {
            (void)v2;
            if (j++ >= idx)
                break;
            const char *s2 = scalar(k2);
            if (s2 && !strcmp(s, s2)) {
                err(L, k, "key \"%s\" appears twice in %s (first at line %d)", s, what,
                    (int)k2->start_mark.line + 1);
                break;
            }
        }
        idx++;
    }
}

/* An optional string: NULL when absent or null. */
static const char *get_string(loader *L, const node_t *map, const char *key, const char *what)
{
    node_t *n = get(L, map, key);
    if (!n || is_null(n))
        return NULL;
    if (n->type != YAML_SCALAR_NODE) {
        err(L, n, "%s of %s must be text, not %s", key, what, kind_name(n));
        return NULL;
    }
    char *s = acc__arena_strdup(L->A, scalar(n));
    if (!s)
        nomem(L);
    return s;
}

/* An id: [A-Za-z][A-Za-z0-9_-]* */
static const char *read_id(loader *L, const node_t *n, const char *what)
{
    const char *s = scalar(n);
    if (!n || !s || is_null(n)) {
        err(L, n, "%s needs an id (a name such as \"RU\" or \"army_cap\"), found %s", what,
            n ? kind_name(n) : "nothing");
        return NULL;
    }
    if (!acc__is_id(s)) {
        err(L, n,
            "\"%s\" is not a valid id for %s; an id starts with a letter and has only letters, "
            "digits, '_' and '-'",
            s, what);
        return NULL;
    }
    char *r = acc__arena_strdup(L->A, s);
    if (!r)
        nomem(L);
    return r;
}

/* A plain number. */
static bool read_double(loader *L, const node_t *n, double *out, const char *what)
{
    const char *s = scalar(n);
    if (!s || (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE && n->data.scalar.style != YAML_ANY_SCALAR_STYLE)) {
        err(L, n, "%s must be a number, not %s", what, s ? "quoted text" : kind_name(n));
        return false;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end != s && *end == '/') { /* a fraction of whole numbers: 1/3 */
        accord_rational q = acc__rational_parse(s);
        if (q.den > 0) {
            v = acc__rational_double(q);
            end += strlen(end);
        }
    }
    if (end == s || *end || errno == ERANGE || !isfinite(v)) {
        err(L, n, "%s must be a number (a decimal, or a fraction of whole numbers such as 1/3), "
                  "found \"%s\"", what, s);
        return false;
    }
    *out = v;
    return true;
}

static bool read_int64(loader *L, const node_t *n, int64_t *out, const char *what)
{
    double d;
    if (!read_double(L, n, &d, what))
        return false;
    if (d != floor(d) || fabs(d) > 9.0e15) {
        err(L, n, "%s must be a whole number, found %s", what, scalar(n));
        return false;
    }
    *out = (int64_t)d;
    return true;
}

static bool read_bool(loader *L, const node_t *n, bool *out, const char *what)
{
    const char *s = scalar(n);
    if (s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"))) {
        *out = true;
        return true;
    }
    if (s && (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off"))) {
        *out = false;
        return true;
    }
    err(L, n, "%s must be true or false, found %s", what, s ? s : kind_name(n));
    return false;
}

/*
 * A number of the model: X, [low, high], or {value: X | [low, high],
 * source: ID, assumption: "...", note: "..."}.  lo/hi bound every value.
 */
static bool read_number(loader *L, const node_t *n, accord_number *out, double lo, double hi,
                        const char *what)
{
    static const char *const keys[] = {"value", "source", "assumption", "note", NULL};
    memset(out, 0, sizeof *out);
    out->loc = loc_of(n);
    const node_t *v = n;
    if (n->type == YAML_MAPPING_NODE) {
        check_keys(L, n, keys, what);
        v = get(L, n, "value");
        if (!v) {
            err(L, n, "%s is written as a map but has no \"value\"; expected {value: X, source: ID} "
                      "or {value: X, assumption: \"why\"}",
                what);
            return false;
        }
        out->source = get_string(L, n, "source", what);
        out->assumption = get_string(L, n, "assumption", what);
        out->note = get_string(L, n, "note", what);
        node_t *src = get(L, n, "source");
        if (src && !is_null(src) && !acc__is_id(scalar(src) ? scalar(src) : ""))
            err(L, src, "source of %s must be the id of an entry in sources", what);
    }
    if (v->type == YAML_SEQUENCE_NODE) {
        if (seq_len(v) != 2) {
            err(L, v, "a range for %s must be [low, high], found a list of %zu", what, seq_len(v));
            return false;
        }
        node_t *a = get_node(L, v->data.sequence.items.start[0]);
        node_t *b = get_node(L, v->data.sequence.items.start[1]);
        if (!read_double(L, a, &out->low, what) || !read_double(L, b, &out->high, what))
            return false;
        if (out->low > out->high) {
            err(L, v, "the range for %s is [%g, %g]; low must not exceed high", what, out->low,
                out->high);
            return false;
        }
        out->is_range = true;
        out->value = (out->low + out->high) / 2;
        out->exact = acc__rational_mid(acc__rational_parse(scalar(a)), acc__rational_parse(scalar(b)));
    } else {
        if (!read_double(L, v, &out->value, what))
            return false;
        out->low = out->high = out->value;
        out->exact = acc__rational_parse(scalar(v));
    }
    if (out->low < lo || out->high > hi) {
        if (isinf(hi))
            err(L, v, "%s must be at least %g, found %s", what, lo,
                out->is_range ? "a range below it" : scalar(v));
        else
            err(L, v, "%s must lie in [%g, %g], found %s%g%s", what, lo, hi,
                out->is_range ? "a range reaching " : "", out->low < lo ? out->low : out->high,
                "");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* sources and parties                                                       */

static void read_sources(loader *L, const node_t *n)
{
    static const char *const keys[] = {"title", "url", "date", "note", NULL};
    if (!want(L, n, YAML_MAPPING_NODE, "sources"))
        return;
    accord_model *m = L->m;
    m->sources = acc__arena_calloc(L->A, map_len(n) + 1, sizeof *m->sources);
    if (!m->sources)
        return nomem(L);
    node_t *k, *v;
    MAP_EACH(L, n, k, v)
    {
        const char *id = read_id(L, k, "a source");
        if (!id)
            continue;
        accord_source *s = &m->sources[m->n_sources++];
        s->id = id;
        s->loc = loc_of(k);
        if (v->type == YAML_SCALAR_NODE && !is_null(v)) {
            s->title = acc__arena_strdup(L->A, scalar(v));
            continue;
        }
        if (is_null(v))
            continue;
        if (!want(L, v, YAML_MAPPING_NODE, "a source"))
            continue;
        check_keys(L, v, keys, "a source");
        s->title = get_string(L, v, "title", "a source");
        s->url = get_string(L, v, "url", "a source");
        s->date = get_string(L, v, "date", "a source");
        s->note = get_string(L, v, "note", "a source");
    }
    check_keys(L, n, NULL, "sources"); /* only duplicates matter */
}

static void read_parties(loader *L, const node_t *n)
{
    static const char *const keys[] = {"id", "name", "source", "note", NULL};
    if (!want(L, n, YAML_SEQUENCE_NODE, "parties"))
        return;
    accord_model *m = L->m;
    m->parties = acc__arena_calloc(L->A, seq_len(n) + 1, sizeof *m->parties);
    if (!m->parties)
        return nomem(L);
    node_t *item;
    SEQ_EACH(L, n, item)
    {
        const char *id = NULL;
        accord_party tmp = {.loc = loc_of(item)};
        if (item->type == YAML_SCALAR_NODE) {
            id = read_id(L, item, "a party");
        } else if (want(L, item, YAML_MAPPING_NODE, "a party")) {
            check_keys(L, item, keys, "a party");
            node_t *idn = get(L, item, "id");
            if (!idn)
                err(L, item, "a party needs an id, e.g. {id: RU, name: Russia}");
            else
                id = read_id(L, idn, "a party");
            tmp.name = get_string(L, item, "name", "a party");
            tmp.source = get_string(L, item, "source", "a party");
            tmp.note = get_string(L, item, "note", "a party");
        }
        if (!id)
            continue;
        if (accord_model_party_index(m, id) >= 0) {
            err(L, item, "party \"%s\" is declared twice", id);
            continue;
        }
        tmp.id = id;
        if (!tmp.name)
            tmp.name = id;
        m->parties[m->n_parties++] = tmp;
    }
    if (m->n_parties == 0 && seq_len(n) == 0)
        err(L, n, "parties is empty; a model needs at least one party");
}

/* "party X is not declared (declared: A, B, C)" with a did-you-mean. */
static long party_ref(loader *L, const node_t *n, const char *what)
{
    const char *s = scalar(n);
    if (!s) {
        err(L, n, "%s must name a party, not %s", what, kind_name(n));
        return -1;
    }
    long p = accord_model_party_index(L->m, s);
    if (p >= 0)
        return p;
    const char *c[256];
    size_t nc = 0;
    acc__str list = {0};
    for (size_t i = 0; i < L->m->n_parties; i++) {
        if (nc < 256)
            c[nc++] = L->m->parties[i].id;
        acc__str_printf(&list, "%s%s", i ? ", " : "", L->m->parties[i].id);
    }
    char *names = acc__str_take(&list);
    const char *hint = acc__suggest(s, c, nc);
    if (hint)
        err(L, n, "party \"%s\" is not declared; did you mean \"%s\"? (declared: %s)", s, hint,
            names ? names : "");
    else
        err(L, n, "party \"%s\" is not declared (declared: %s)", s, names ? names : "");
    acc__free(names);
    return -1;
}

/* ------------------------------------------------------------------------ */
/* agreement                                                                 */

static void read_issue(loader *L, const node_t *n, accord_issue *is)
{
    static const char *const keys[] = {"id", "name", "options", "range", "unit", "source", "note", NULL};
    static const char *const okeys[] = {"id", "label", "source", "note", NULL};
    static const char *const rkeys[] = {"min", "max", "step", NULL};
    is->loc = loc_of(n);
    if (!want(L, n, YAML_MAPPING_NODE, "an issue"))
        return;
    check_keys(L, n, keys, "an issue");
    node_t *idn = get(L, n, "id");
    if (!idn)
        err(L, n, "an issue needs an id, e.g. {id: nato, options: [...]}");
    else
        is->id = read_id(L, idn, "an issue");
    const char *what = is->id ? is->id : "issue";
    is->name = get_string(L, n, "name", "an issue");
    is->unit = get_string(L, n, "unit", "an issue");
    is->source = get_string(L, n, "source", "an issue");
    is->note = get_string(L, n, "note", "an issue");
    node_t *opts = get(L, n, "options"), *range = get(L, n, "range");
    if (opts && range) {
        err(L, range, "issue \"%s\" has both options and range; an issue is either discrete "
                      "(options) or integer (range)",
            what);
        return;
    }
    if (!opts && !range) {
        err(L, n, "issue \"%s\" needs options: [...] (discrete) or range: {min, max, step} (integer)",
            what);
        return;
    }
    if (opts) {
        is->kind = ACCORD_ISSUE_DISCRETE;
        if (!want(L, opts, YAML_SEQUENCE_NODE, "options"))
            return;
        if (seq_len(opts) == 0) {
            err(L, opts, "issue \"%s\" has no options", what);
            return;
        }
        is->options = acc__arena_calloc(L->A, seq_len(opts), sizeof *is->options);
        if (!is->options)
            return nomem(L);
        node_t *o;
        SEQ_EACH(L, opts, o)
        {
            accord_option op = {.loc = loc_of(o)};
            if (o->type == YAML_SCALAR_NODE) {
                op.id = read_id(L, o, "an option");
            } else if (want(L, o, YAML_MAPPING_NODE, "an option")) {
                check_keys(L, o, okeys, "an option");
                node_t *oid = get(L, o, "id");
                if (!oid)
                    err(L, o, "an option needs an id, e.g. {id: barred, label: \"...\"}");
                else
                    op.id = read_id(L, oid, "an option");
                op.label = get_string(L, o, "label", "an option");
                op.source = get_string(L, o, "source", "an option");
                op.note = get_string(L, o, "note", "an option");
            }
            if (!op.id)
                continue;
            for (size_t k = 0; k < is->n_options; k++)
                if (!strcmp(is->options[k].id, op.id)) {
                    err(L, o, "option \"%s\" appears twice in issue \"%s\"", op.id, what);
                    op.id = NULL;
                    break;
                }
            if (!op.id)
                continue;
            if (!op.label)
                op.label = op.id;
            is->options[is->n_options++] = op;
        }
        return;
    }
    is->kind = ACCORD_ISSUE_INTEGER;
    if (!want(L, range, YAML_MAPPING_NODE, "range"))
        return;
    check_keys(L, range, rkeys, "a range");
    node_t *mn = get(L, range, "min"), *mx = get(L, range, "max"), *st = get(L, range, "step");
    if (!mn || !mx) {
        err(L, range, "range of issue \"%s\" needs min and max (step defaults to 1)", what);
        return;
    }
    is->step = 1;
    /* read all three so that each bad one is reported */
    bool ok_min = read_int64(L, mn, &is->min, "min");
    bool ok_max = read_int64(L, mx, &is->max, "max");
    bool ok_step = !st || read_int64(L, st, &is->step, "step");
    if (!ok_min || !ok_max || !ok_step)
        return;
    if (is->step <= 0) {
        err(L, st, "step of issue \"%s\" must be positive", what);
        return;
    }
    if (is->max < is->min) {
        err(L, mx, "max (%lld) of issue \"%s\" is below min (%lld)", (long long)is->max, what,
            (long long)is->min);
        return;
    }
    if ((is->max - is->min) % is->step) {
        err(L, range,
            "range of issue \"%s\": max - min (%lld) is not a multiple of step (%lld); the options "
            "are min, min+step, ..., max",
            what, (long long)(is->max - is->min), (long long)is->step);
        return;
    }
    uint64_t count = (uint64_t)((is->max - is->min) / is->step) + 1;
    if (count > ACC_MAX_TOTAL_OPTIONS) {
        err(L, range, "issue \"%s\" has %llu options; at most %zu (use a larger step)", what,
            (unsigned long long)count, ACC_MAX_TOTAL_OPTIONS);
        return;
    }
    is->n_options = (size_t)count;
}

static const char *issue_list(loader *L)
{
    const accord_agreement *ag = L->m->agreement;
    acc__str s = {0};
    for (size_t i = 0; i < ag->n_issues; i++)
        acc__str_printf(&s, "%s%s", i ? ", " : "", ag->issues[i].id);
    char *t = acc__str_take(&s);
    char *r = t ? acc__arena_strdup(L->A, t) : NULL;
    acc__free(t);
    return r ? r : "";
}

static long issue_ref(loader *L, const node_t *n, const char *what)
{
    const char *s = scalar(n);
    const accord_agreement *ag = L->m->agreement;
    if (!s) {
        err(L, n, "%s must name an issue, not %s", what, kind_name(n));
        return -1;
    }
    long i = accord_model_issue_index(L->m, s);
    if (i >= 0)
        return i;
    const char *c[256];
    size_t nc = 0;
    for (size_t k = 0; k < ag->n_issues && nc < 256; k++)
        c[nc++] = ag->issues[k].id;
    const char *hint = acc__suggest(s, c, nc);
    if (hint)
        err(L, n, "issue \"%s\" is not declared; did you mean \"%s\"?", s, hint);
    else
        err(L, n, "issue \"%s\" is not declared (declared: %s)", s, issue_list(L));
    return -1;
}

/* An option of issue `is` named by node n: an option id, or an integer value. */
static long option_ref(loader *L, const accord_issue *is, const node_t *n, const char *what)
{
    const char *s = scalar(n);
    if (!s) {
        err(L, n, "%s must be an option of issue \"%s\", not %s", what, is->id, kind_name(n));
        return -1;
    }
    long k = accord_issue_option_index(is, s);
    if (k >= 0)
        return k;
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        err(L, n, "%s for issue \"%s\" must be one of %lld, %lld, ..., %lld; found \"%s\"", what,
            is->id, (long long)is->min, (long long)(is->min + is->step), (long long)is->max, s);
        return -1;
    }
    const char *c[512];
    size_t nc = 0;
    acc__str list = {0};
    for (size_t q = 0; q < is->n_options; q++) {
        if (nc < 512)
            c[nc++] = is->options[q].id;
        acc__str_printf(&list, "%s%s", q ? ", " : "", is->options[q].id);
    }
    char *names = acc__str_take(&list);
    const char *hint = acc__suggest(s, c, nc);
    if (hint)
        err(L, n, "issue \"%s\" has no option \"%s\"; did you mean \"%s\"?", is->id, s, hint);
    else
        err(L, n, "issue \"%s\" has no option \"%s\" (options: %s)", is->id, s, names ? names : "");
    acc__free(names);
    return -1;
}

/* Compile a scalar node as a condition of `mode`: the column is the node's,
 * plus one inside quotes.  Returns false after reporting the problem. */
static bool compile_node(loader *L, const node_t *s, acc__expr_mode mode, const accord_expr **out)
{
    acc__expr_scope scope = {mode, L->m};
    int col = (int)s->start_mark.column + 1 + (s->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
    accord_status r = acc__expr_compile(&scope, scalar(s), L->A, L->file, (int)s->start_mark.line + 1,
                                        col, L->diag, out);
    if (r == ACCORD_E_NOMEM) {
        nomem(L);
        return false;
    }
    if (r) {
        L->errors++;
        if (!L->rc)
            L->rc = ACCORD_E_INVALID;
        return false;
    }
    return true;
}

/* A list of conditions (red lines, priority statements) into a new array of
 * statements; `example` shows the expected form in the message. */
static void read_statements(loader *L, const node_t *seq, acc__expr_mode mode, const char *what,
                            const char *example, accord_statement **out, size_t *count)
{
    *out = acc__arena_calloc(L->A, seq_len(seq) + 1, sizeof **out);
    if (!*out)
        return nomem(L);
    node_t *s;
    SEQ_EACH(L, seq, s)
    {
        if (!scalar(s) || is_null(s)) {
            err(L, s, "%s must be a condition such as \"%s\", not %s", what, example, kind_name(s));
            continue;
        }
        accord_statement *st = &(*out)[*count];
        st->loc = loc_of(s);
        st->text = acc__arena_strdup(L->A, scalar(s));
        if (!st->text)
            return nomem(L);
        if (compile_node(L, s, mode, &st->expr))
            ++*count;
        if (L->rc == ACCORD_E_NOMEM)
            return;
    }
}

static void read_proposal(loader *L, const node_t *n)
{
    static const char *const keys[] = {"id", "name", "date", "by", "source", "note", "terms", NULL};
    accord_agreement *ag = L->m->agreement;
    if (!want(L, n, YAML_MAPPING_NODE, "a proposal"))
        return;
    check_keys(L, n, keys, "a proposal");
    accord_proposal pr = {.loc = loc_of(n)};
    node_t *idn = get(L, n, "id");
    if (!idn) {
        err(L, n, "a proposal needs an id, e.g. {id: us28, terms: {...}}");
        return;
    }
    pr.id = read_id(L, idn, "a proposal");
    if (!pr.id)
        return;
    if (accord_model_proposal_index(L->m, pr.id) >= 0) {
        err(L, idn, "proposal \"%s\" is declared twice", pr.id);
        return;
    }
    pr.name = get_string(L, n, "name", "a proposal");
    pr.date = get_string(L, n, "date", "a proposal");
    pr.source = get_string(L, n, "source", "a proposal");
    pr.note = get_string(L, n, "note", "a proposal");
    node_t *by = get(L, n, "by");
    if (by && !is_null(by)) {
        if (by->type == YAML_SEQUENCE_NODE) {
            /* several authors: "US, UA" */
            acc__str s = {0};
            node_t *b;
            size_t i = 0;
            SEQ_EACH(L, by, b)
            {
                if (party_ref(L, b, "by") >= 0)
                    acc__str_printf(&s, "%s%s", i++ ? ", " : "", scalar(b));
            }
            char *t = acc__str_take(&s);
            pr.by = t ? acc__arena_strdup(L->A, t) : NULL;
            acc__free(t);
        } else if (party_ref(L, by, "by") >= 0) {
            pr.by = acc__arena_strdup(L->A, scalar(by));
        }
    }
    if (!pr.name)
        pr.name = pr.id;
    pr.terms = acc__arena_calloc(L->A, ag->n_issues + 1, sizeof *pr.terms);
    if (!pr.terms)
        return nomem(L);
    node_t *terms = get(L, n, "terms");
    if (!terms) {
        err(L, n, "proposal \"%s\" has no terms; expected terms: {issue: option, ...} for every issue",
            pr.id);
        return;
    }
    if (!want(L, terms, YAML_MAPPING_NODE, "terms"))
        return;
    check_keys(L, terms, NULL, "terms"); /* duplicates */
    bool *given = acc__arena_calloc(L->A, ag->n_issues + 1, sizeof *given);
    if (!given)
        return nomem(L);
    node_t *k, *v;
    bool ok = true;
    MAP_EACH(L, terms, k, v)
    {
        long i = issue_ref(L, k, "a term");
        if (i < 0) {
            ok = false;
            continue;
        }
        given[i] = true; /* even when the option is wrong: that has its own message */
        long o = option_ref(L, &ag->issues[i], v, "a term");
        if (o < 0) {
            ok = false;
            continue;
        }
        pr.terms[i] = (uint32_t)o;
    }
    acc__str missing = {0};
    size_t nmiss = 0;
    for (size_t i = 0; i < ag->n_issues; i++)
        if (!given[i] && ag->issues[i].n_options)
            acc__str_printf(&missing, "%s%s", nmiss++ ? ", " : "", ag->issues[i].id);
    /* the list is built only when something is missing: no allocation otherwise */
    if (missing.failed)
        nomem(L);
    else if (nmiss) {
        err(L, terms, "proposal \"%s\" leaves out %zu issue%s: %s; every issue must be assigned",
            pr.id, nmiss, nmiss == 1 ? "" : "s", missing.data);
        ok = false;
    }
    acc__str_free(&missing);
    if (ok)
        ag->proposals[ag->n_proposals++] = pr;
}

static void read_valuation(loader *L, const node_t *n, const accord_issue *is, accord_valuation *va,
                           const char *party)
{
    va->loc = loc_of(n);
    char what[256];
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        /* {linear: [[x, v], ...]} */
        if (!want(L, n, YAML_MAPPING_NODE, "the value of an integer issue"))
            return;
        check_keys(L, n, (const char *const[]){"linear", NULL}, "an integer issue's values");
        node_t *lin = get(L, n, "linear");
        if (!lin) {
            err(L, n, "%s's values for integer issue \"%s\" need linear: [[x, value], ...]", party,
                is->id);
            return;
        }
        if (!want(L, lin, YAML_SEQUENCE_NODE, "linear"))
            return;
        if (seq_len(lin) < 1) {
            err(L, lin, "linear needs at least one point [x, value]");
            return;
        }
        va->points = acc__arena_calloc(L->A, seq_len(lin), sizeof *va->points);
        if (!va->points)
            return nomem(L);
        node_t *pt;
        SEQ_EACH(L, lin, pt)
        {
            if (pt->type != YAML_SEQUENCE_NODE || seq_len(pt) != 2) {
                err(L, pt, "a point of linear must be [x, value], found %s", kind_name(pt));
                continue;
            }
            accord_point p;
            node_t *x = get_node(L, pt->data.sequence.items.start[0]);
            node_t *y = get_node(L, pt->data.sequence.items.start[1]);
            if (!read_double(L, x, &p.x, "x") || !read_double(L, y, &p.y, "a value"))
                continue;
            p.xq = acc__rational_parse(scalar(x));
            p.yq = acc__rational_parse(scalar(y));
            if (p.y < 0 || p.y > 1) {
                err(L, y, "%s's value %g for issue \"%s\" is outside [0, 1]", party, p.y, is->id);
                continue;
            }
            if (va->n_points && p.x <= va->points[va->n_points - 1].x) {
                err(L, x, "the points of linear must have increasing x (%g follows %g)", p.x,
                    va->points[va->n_points - 1].x);
                continue;
            }
            va->points[va->n_points++] = p;
        }
        return;
    }
    if (!want(L, n, YAML_MAPPING_NODE, "the values of a discrete issue"))
        return;
    check_keys(L, n, NULL, "values"); /* duplicates */
    va->values = acc__arena_calloc(L->A, is->n_options, sizeof *va->values);
    bool *seen = acc__arena_calloc(L->A, is->n_options, sizeof *seen);
    if (!va->values || !seen)
        return nomem(L);
    node_t *k, *v;
    MAP_EACH(L, n, k, v)
    {
        long o = option_ref(L, is, k, "a value");
        if (o < 0)
            continue;
        snprintf(what, sizeof what, "%s's value of %s = %s", party, is->id, is->options[o].id);
        read_number(L, v, &va->values[o], 0, 1, what);
        seen[o] = true; /* present; a bad value has its own message */
    }
    acc__str missing = {0};
    size_t nm = 0;
    for (size_t o = 0; o < is->n_options; o++)
        if (!seen[o])
            acc__str_printf(&missing, "%s%s", nm++ ? ", " : "", is->options[o].id);
    if (missing.failed)
        nomem(L);
    else if (nm)
        err(L, n, "%s gives no value to %s of issue \"%s\"; every option of a weighted issue "
                  "needs a value in [0, 1]",
            party, missing.data, is->id);
    acc__str_free(&missing);
}

static void read_preference(loader *L, const node_t *n, size_t p)
{
    static const char *const keys[] = {"reservation", "weights", "values", "red_lines",
                                       "normalize",   "source",  "note",   NULL};
    accord_agreement *ag = L->m->agreement;
    accord_preference *pr = &ag->preferences[p];
    const char *party = L->m->parties[p].id;
    char what[256];
    pr->loc = loc_of(n);
    if (!want(L, n, YAML_MAPPING_NODE, "a party's preferences"))
        return;
    check_keys(L, n, keys, "preferences");
    pr->source = get_string(L, n, "source", "preferences");
    pr->note = get_string(L, n, "note", "preferences");
    node_t *norm = get(L, n, "normalize");
    if (norm)
        read_bool(L, norm, &pr->normalize, "normalize");
    node_t *res = get(L, n, "reservation");
    if (res) {
        snprintf(what, sizeof what, "%s's reservation", party);
        read_number(L, res, &pr->reservation, 0, 1, what);
    }
    node_t *w = get(L, n, "weights");
    if (!w) {
        err(L, n, "%s's preferences need weights: {issue: weight, ...}", party);
    } else if (want(L, w, YAML_MAPPING_NODE, "weights")) {
        check_keys(L, w, NULL, "weights");
        node_t *k, *v;
        MAP_EACH(L, w, k, v)
        {
            long i = issue_ref(L, k, "a weight");
            if (i < 0)
                continue;
            snprintf(what, sizeof what, "%s's weight of %s", party, ag->issues[i].id);
            if (read_number(L, v, &pr->weights[i], 0, INFINITY, what))
                pr->weighted[i] = true;
        }
        double sum = 0;
        for (size_t i = 0; i < ag->n_issues; i++)
            sum += pr->weighted[i] ? pr->weights[i].high : 0;
        if (pr->normalize && sum <= 0 && map_len(w))
            err(L, w, "%s's weights are all zero; they are normalised to sum 1, so at least one "
                      "must be positive",
                party);
    }
    node_t *vals = get(L, n, "values");
    const node_t **given = acc__arena_calloc(L->A, ag->n_issues + 1, sizeof *given);
    if (!given)
        return nomem(L);
    if (vals && want(L, vals, YAML_MAPPING_NODE, "values")) {
        check_keys(L, vals, NULL, "values");
        node_t *k, *v;
        MAP_EACH(L, vals, k, v)
        {
            long i = issue_ref(L, k, "values");
            if (i < 0)
                continue;
            given[i] = v;
            read_valuation(L, v, &ag->issues[i], &pr->valuations[i], party);
        }
    }
    for (size_t i = 0; i < ag->n_issues; i++) {
        if (pr->weighted[i] && !given[i] && ag->issues[i].n_options)
            err(L, vals ? vals : n,
                "%s weighs issue \"%s\" but gives it no values; add values: {%s: {...}} or leave "
                "it out of weights",
                party, ag->issues[i].id, ag->issues[i].id);
    }
    node_t *rl = get(L, n, "red_lines");
    if (rl && !is_null(rl) && want(L, rl, YAML_SEQUENCE_NODE, "red_lines"))
        read_statements(L, rl, ACC_EXPR_AGREEMENT, "a red line", "nato = open", &pr->red_lines,
                        &pr->n_red_lines);
}

static void read_agreement(loader *L, const node_t *n)
{
    static const char *const keys[] = {"issues", "proposals", "preferences", "note", NULL};
    accord_model *m = L->m;
    if (!want(L, n, YAML_MAPPING_NODE, "agreement"))
        return;
    check_keys(L, n, keys, "agreement");
    accord_agreement *ag = acc__arena_alloc(L->A, sizeof *ag);
    if (!ag)
        return nomem(L);
    m->agreement = ag;
    node_t *issues = get(L, n, "issues");
    if (!issues) {
        err(L, n, "agreement needs issues: [...]");
    } else if (want(L, issues, YAML_SEQUENCE_NODE, "issues")) {
        ag->issues = acc__arena_calloc(L->A, seq_len(issues) + 1, sizeof *ag->issues);
        if (!ag->issues)
            return nomem(L);
        node_t *item;
        SEQ_EACH(L, issues, item)
        {
            accord_issue is = {0};
            read_issue(L, item, &is);
            if (!is.id)
                continue;
            if (accord_model_issue_index(m, is.id) >= 0) {
                err(L, item, "issue \"%s\" is declared twice", is.id);
                continue;
            }
            if (!is.name)
                is.name = is.id;
            ag->issues[ag->n_issues++] = is;
        }
        if (seq_len(issues) == 0)
            err(L, issues, "issues is empty; an agreement needs at least one issue");
    }
    node_t *props = get(L, n, "proposals");
    if (props && !is_null(props) && want(L, props, YAML_SEQUENCE_NODE, "proposals")) {
        ag->proposals = acc__arena_calloc(L->A, seq_len(props) + 1, sizeof *ag->proposals);
        if (!ag->proposals)
            return nomem(L);
        node_t *item;
        SEQ_EACH(L, props, item) read_proposal(L, item);
    }
    /* preferences: one per party */
    size_t np = m->n_parties, ni = ag->n_issues;
    ag->preferences = acc__arena_calloc(L->A, np + 1, sizeof *ag->preferences);
    if (!ag->preferences)
        return nomem(L);
    for (size_t p = 0; p < np; p++) {
        accord_preference *pr = &ag->preferences[p];
        pr->normalize = true;
        pr->weights = acc__arena_calloc(L->A, ni + 1, sizeof *pr->weights);
        pr->weighted = acc__arena_calloc(L->A, ni + 1, sizeof *pr->weighted);
        pr->valuations = acc__arena_calloc(L->A, ni + 1, sizeof *pr->valuations);
        if (!pr->weights || !pr->weighted || !pr->valuations)
            return nomem(L);
    }
    node_t *prefs = get(L, n, "preferences");
    bool *has = acc__arena_calloc(L->A, np + 1, sizeof *has);
    if (!has)
        return nomem(L);
    if (!prefs) {
        err(L, n, "agreement needs preferences: {PARTY: {weights: ..., values: ...}, ...}");
        return;
    }
    if (!want(L, prefs, YAML_MAPPING_NODE, "preferences"))
        return;
    check_keys(L, prefs, NULL, "preferences");
    node_t *k, *v;
    MAP_EACH(L, prefs, k, v)
    {
        long p = party_ref(L, k, "preferences");
        if (p < 0)
            continue;
        if (has[p])
            continue; /* a repeated party: check_keys reported it */
        has[p] = true;
        read_preference(L, v, (size_t)p);
    }
    for (size_t p = 0; p < np; p++)
        if (!has[p])
            err(L, prefs, "party %s has no preferences in the agreement; every party needs "
                          "weights and values",
                m->parties[p].id);
}

/* ------------------------------------------------------------------------ */
/* conflict                                                                  */

/* Is `text` a pattern (only Y, N, - and spaces)?  Writes mask/bits. */
static int parse_pattern(const char *text, size_t n_options, uint64_t *mask, uint64_t *bits,
                         bool *looks_like)
{
    size_t k = 0;
    *mask = *bits = 0;
    *looks_like = true;
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '\t')
            continue;
        if (c != 'Y' && c != 'N' && c != '-' && c != 'y' && c != 'n') {
            *looks_like = false;
            return 0;
        }
        if (k < 64) {
            if (c != '-')
                *mask |= (uint64_t)1 << k;
            if (c == 'Y' || c == 'y')
                *bits |= (uint64_t)1 << k;
        }
        k++;
    }
    if (k == 0)
        *looks_like = false;
    return k == n_options ? 1 : 0;
}

/* A pattern or expression over conflict options. */
static bool read_condition(loader *L, const node_t *n, accord_condition *c, const char *what)
{
    memset(c, 0, sizeof *c);
    c->loc = loc_of(n);
    const char *s = scalar(n);
    if (!s || is_null(n)) {
        err(L, n, "%s must be a pattern such as \"Y N - Y\" or a condition such as "
                  "\"UR.delay & -MoE.modify\", not %s",
            what, kind_name(n));
        return false;
    }
    c->text = acc__arena_strdup(L->A, s);
    if (!c->text) {
        nomem(L);
        return false;
    }
    bool looks;
    size_t nopt = L->m->conflict->n_options;
    if (parse_pattern(s, nopt, &c->mask, &c->bits, &looks)) {
        c->is_pattern = true;
        return true;
    }
    if (looks) {
        size_t k = 0;
        for (const char *p = s; *p; p++)
            k += *p != ' ' && *p != '\t';
        err(L, n, "pattern \"%s\" has %zu positions; expected %zu, one Y, N or - per option in "
                  "order",
            s, k, nopt);
        return false;
    }
    return compile_node(L, n, ACC_EXPR_CONFLICT, &c->expr);
}

static long conflict_option_ref(loader *L, const node_t *n, const char *what)
{
    const accord_conflict *cf = L->m->conflict;
    const char *s = scalar(n);
    if (!s) {
        err(L, n, "%s must name an option (PARTY.option or its number), not %s", what, kind_name(n));
        return -1;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (end != s && !*end) {
        if (v < 1 || (size_t)v > cf->n_options) {
            err(L, n, "option number %ld is out of range 1..%zu", v, cf->n_options);
            return -1;
        }
        return v - 1;
    }
    const char *c[256];
    size_t nc = 0;
    for (size_t i = 0; i < cf->n_options; i++) {
        if (!strcmp(cf->options[i].qualified, s))
            return (long)i;
        if (nc < 256)
            c[nc++] = cf->options[i].qualified;
    }
    const char *hint = acc__suggest(s, c, nc);
    if (hint)
        err(L, n, "unknown option \"%s\" in %s; did you mean \"%s\"?", s, what, hint);
    else
        err(L, n, "unknown option \"%s\" in %s; write options as PARTY.option", s, what);
    return -1;
}

static void read_groups(loader *L, const node_t *n, accord_option_group **out, size_t *count,
                        const char *what)
{
    if (!want(L, n, YAML_SEQUENCE_NODE, what))
        return;
    *out = acc__arena_calloc(L->A, seq_len(n) + 1, sizeof **out);
    if (!*out)
        return nomem(L);
    node_t *g;
    SEQ_EACH(L, n, g)
    {
        if (!want(L, g, YAML_SEQUENCE_NODE, "a group of options"))
            continue;
        accord_option_group *grp = &(*out)[*count];
        grp->loc = loc_of(g);
        grp->options = acc__arena_calloc(L->A, seq_len(g) + 1, sizeof *grp->options);
        if (!grp->options)
            return nomem(L);
        node_t *o;
        SEQ_EACH(L, g, o)
        {
            long k = conflict_option_ref(L, o, what);
            if (k >= 0)
                grp->options[grp->n++] = (uint32_t)k;
        }
        if (grp->n < 2)
            warn(L, g, "a group in %s with fewer than two options constrains %s", what,
                 strcmp(what, "exclusive") ? "that option to be taken" : "nothing");
        (*count)++;
    }
}

static void read_conflict_preference(loader *L, const node_t *n, size_t p)
{
    static const char *const keys[] = {"ranking", "priorities", "source", "note", NULL};
    accord_conflict *cf = L->m->conflict;
    accord_conflict_preference *pr = &cf->preferences[p];
    pr->loc = loc_of(n);
    if (!want(L, n, YAML_MAPPING_NODE, "a party's conflict preferences"))
        return;
    check_keys(L, n, keys, "conflict preferences");
    node_t *rk = get(L, n, "ranking"), *pri = get(L, n, "priorities");
    if (rk && pri) {
        err(L, pri, "%s has both ranking and priorities; give one", L->m->parties[p].id);
        return;
    }
    if (!rk && !pri) {
        err(L, n, "%s's conflict preferences need ranking: [...] or priorities: [...]",
            L->m->parties[p].id);
        return;
    }
    if (pri) {
        pr->kind = ACCORD_PREF_PRIORITIES;
        pr->loc = loc_of(pri);
        if (!want(L, pri, YAML_SEQUENCE_NODE, "priorities"))
            return;
        if (seq_len(pri) > 63) {
            err(L, pri, "at most 63 priority statements per party (found %zu)", seq_len(pri));
            return;
        }
        read_statements(L, pri, ACC_EXPR_CONFLICT, "a priority statement", "-UR.abandon",
                        &pr->priorities, &pr->n_priorities);
        return;
    }
    pr->kind = ACCORD_PREF_RANKING;
    pr->loc = loc_of(rk);
    if (!want(L, rk, YAML_SEQUENCE_NODE, "ranking"))
        return;
    pr->tiers = acc__arena_calloc(L->A, seq_len(rk) + 1, sizeof *pr->tiers);
    if (!pr->tiers)
        return nomem(L);
    node_t *t;
    SEQ_EACH(L, rk, t)
    {
        accord_rank_tier *tier = &pr->tiers[pr->n_tiers++];
        tier->loc = loc_of(t);
        size_t cnt = t->type == YAML_SEQUENCE_NODE ? seq_len(t) : 1;
        tier->members = acc__arena_calloc(L->A, cnt + 1, sizeof *tier->members);
        if (!tier->members)
            return nomem(L);
        if (t->type == YAML_SEQUENCE_NODE) {
            node_t *e;
            SEQ_EACH(L, t, e)
            {
                if (read_condition(L, e, &tier->members[tier->n], "a ranking entry"))
                    tier->n++;
            }
        } else if (read_condition(L, t, &tier->members[0], "a ranking entry")) {
            tier->n = 1;
        }
    }
}

static void read_conflict(loader *L, const node_t *n)
{
    static const char *const keys[] = {"options",    "infeasible",  "exclusive",    "at_least_one",
                                       "status_quo", "preferences", "named_states", "note",
                                       NULL};
    static const char *const okeys[] = {"moves", "name", "source", "note", NULL};
    accord_model *m = L->m;
    if (!want(L, n, YAML_MAPPING_NODE, "conflict"))
        return;
    check_keys(L, n, keys, "conflict");
    accord_conflict *cf = acc__arena_alloc(L->A, sizeof *cf);
    if (!cf)
        return nomem(L);
    m->conflict = cf;
    cf->preferences = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *cf->preferences);
    if (!cf->preferences)
        return nomem(L);
    for (size_t p = 0; p < m->n_parties; p++)
        cf->preferences[p].kind = ACCORD_PREF_PRIORITIES; /* no statements: indifferent */
    node_t *opts = get(L, n, "options");
    if (!opts) {
        err(L, n, "conflict needs options: {PARTY: [option, ...], ...}");
        return;
    }
    if (!want(L, opts, YAML_MAPPING_NODE, "conflict options"))
        return;
    check_keys(L, opts, NULL, "conflict options");
    size_t total = 0;
    node_t *k, *v;
    MAP_EACH(L, opts, k, v) total += seq_len(v);
    cf->options = acc__arena_calloc(L->A, total + 1, sizeof *cf->options);
    if (!cf->options)
        return nomem(L);
    bool *has_options = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *has_options);
    if (!has_options)
        return nomem(L);
    MAP_EACH(L, opts, k, v)
    {
        long p = party_ref(L, k, "conflict options");
        if (p < 0)
            continue;
        if (!want(L, v, YAML_SEQUENCE_NODE, "a party's options"))
            continue;
        has_options[p] = seq_len(v) > 0;
        node_t *o;
        SEQ_EACH(L, v, o)
        {
            accord_conflict_option co = {.party = (size_t)p, .loc = loc_of(o)};
            const node_t *attrs = NULL;
            if (o->type == YAML_SCALAR_NODE) {
                co.id = read_id(L, o, "an option");
            } else if (o->type == YAML_MAPPING_NODE && map_len(o) == 1) {
                node_t *ok_, *ov;
                MAP_EACH(L, o, ok_, ov)
                {
                    co.id = read_id(L, ok_, "an option");
                    attrs = ov;
                }
            } else {
                err(L, o, "an option must be a name or {name: {moves: forward}}, not %s",
                    kind_name(o));
                continue;
            }
            if (!co.id)
                continue;
            if (attrs && !is_null(attrs)) {
                if (!want(L, attrs, YAML_MAPPING_NODE, "an option's attributes"))
                    continue;
                check_keys(L, attrs, okeys, "an option");
                node_t *mv = get(L, attrs, "moves");
                const char *ms = scalar(mv);
                if (mv) {
                    if (ms && !strcmp(ms, "forward"))
                        co.moves = ACCORD_MOVES_FORWARD;
                    else if (ms && !strcmp(ms, "backward"))
                        co.moves = ACCORD_MOVES_BACKWARD;
                    else if (ms && !strcmp(ms, "both"))
                        co.moves = ACCORD_MOVES_BOTH;
                    else
                        err(L, mv, "moves must be forward (N to Y only), backward (Y to N only) or "
                                   "both, found %s",
                            ms ? ms : kind_name(mv));
                }
                co.name = get_string(L, attrs, "name", "an option");
                co.source = get_string(L, attrs, "source", "an option");
                co.note = get_string(L, attrs, "note", "an option");
            }
            co.qualified = acc__arena_printf(L->A, "%s.%s", m->parties[p].id, co.id);
            if (!co.qualified)
                return nomem(L);
            bool dup = false;
            for (size_t i = 0; i < cf->n_options; i++)
                if (!strcmp(cf->options[i].qualified, co.qualified))
                    dup = true;
            if (dup) {
                err(L, o, "option \"%s\" is declared twice", co.qualified);
                continue;
            }
            if (!co.name)
                co.name = co.id;
            cf->options[cf->n_options++] = co;
        }
    }
    if (cf->n_options == 0) {
        err(L, opts, "the conflict has no options");
        return;
    }
    if (cf->n_options > 62) {
        err(L, opts, "the conflict has %zu options; at most 62 are supported", cf->n_options);
        return;
    }
    node_t *inf = get(L, n, "infeasible");
    if (inf && !is_null(inf) && want(L, inf, YAML_SEQUENCE_NODE, "infeasible")) {
        cf->infeasible = acc__arena_calloc(L->A, seq_len(inf) + 1, sizeof *cf->infeasible);
        if (!cf->infeasible)
            return nomem(L);
        node_t *c;
        SEQ_EACH(L, inf, c)
        {
            if (read_condition(L, c, &cf->infeasible[cf->n_infeasible], "an infeasible entry"))
                cf->n_infeasible++;
        }
    }
    node_t *ex = get(L, n, "exclusive");
    if (ex && !is_null(ex))
        read_groups(L, ex, &cf->exclusive, &cf->n_exclusive, "exclusive");
    node_t *alo = get(L, n, "at_least_one");
    if (alo && !is_null(alo))
        read_groups(L, alo, &cf->at_least_one, &cf->n_at_least_one, "at_least_one");
    node_t *sq = get(L, n, "status_quo");
    if (sq && !is_null(sq)) {
        uint64_t mask, bits;
        bool looks;
        const char *s = scalar(sq);
        int ok = s ? parse_pattern(s, cf->n_options, &mask, &bits, &looks) : 0;
        if (!ok || mask != (((uint64_t)1 << cf->n_options) - 1)) {
            err(L, sq, "status_quo must be a pattern of %zu Y/N letters (no '-'), one per option "
                       "in order, e.g. \"%.*s\"",
                cf->n_options, (int)cf->n_options,
                "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN");
        } else {
            cf->has_status_quo = true;
            cf->status_quo = bits;
            cf->status_quo_loc = loc_of(sq);
        }
    }
    node_t *named = get(L, n, "named_states");
    if (named && !is_null(named) && want(L, named, YAML_MAPPING_NODE, "named_states")) {
        check_keys(L, named, NULL, "named_states");
        cf->named = acc__arena_calloc(L->A, map_len(named) + 1, sizeof *cf->named);
        if (!cf->named)
            return nomem(L);
        MAP_EACH(L, named, k, v)
        {
            const char *name = scalar(k);
            if (!name || !*name) {
                err(L, k, "a named state needs a name");
                continue;
            }
            struct accord_named_state *ns = &cf->named[cf->n_named];
            ns->name = acc__arena_strdup(L->A, name);
            if (!ns->name)
                return nomem(L);
            if (read_condition(L, v, &ns->condition, "a named state"))
                cf->n_named++;
        }
    }
    node_t *prefs = get(L, n, "preferences");
    bool *has = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *has);
    if (!has)
        return nomem(L);
    if (!prefs) {
        err(L, n, "conflict needs preferences: {PARTY: {ranking: [...]} or {priorities: [...]}}");
    } else if (want(L, prefs, YAML_MAPPING_NODE, "conflict preferences")) {
        check_keys(L, prefs, NULL, "conflict preferences");
        MAP_EACH(L, prefs, k, v)
        {
            long p = party_ref(L, k, "conflict preferences");
            if (p < 0)
                continue;
            if (has[p])
                continue; /* a repeated party: check_keys reported it */
            has[p] = true;
            read_conflict_preference(L, v, (size_t)p);
        }
        for (size_t p = 0; p < m->n_parties; p++)
            if (has_options[p] && !has[p])
                err(L, prefs, "party %s controls options but has no conflict preferences",
                    m->parties[p].id);
    }
}

/* ------------------------------------------------------------------------ */
/* cross-references                                                          */

static void check_source(loader *L, const char *id, accord_loc loc, const char *what)
{
    if (!id)
        return;
    const accord_model *m = L->m;
    const char *c[512];
    size_t nc = 0;
    for (size_t i = 0; i < m->n_sources; i++) {
        if (!strcmp(m->sources[i].id, id))
            return;
        if (nc < 512)
            c[nc++] = m->sources[i].id;
    }
    const char *hint = acc__suggest(id, c, nc);
    err_at(L, loc.line, loc.col, "source \"%s\" of %s is not declared in sources%s%s%s", id, what,
           hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
}

static void check_sources(loader *L)
{
    const accord_model *m = L->m;
    for (size_t p = 0; p < m->n_parties; p++)
        check_source(L, m->parties[p].source, m->parties[p].loc, "a party");
    if (m->agreement) {
        const accord_agreement *ag = m->agreement;
        for (size_t i = 0; i < ag->n_issues; i++) {
            check_source(L, ag->issues[i].source, ag->issues[i].loc, "an issue");
            for (size_t k = 0; ag->issues[i].options && k < ag->issues[i].n_options; k++)
                check_source(L, ag->issues[i].options[k].source, ag->issues[i].options[k].loc,
                             "an option");
        }
        for (size_t i = 0; i < ag->n_proposals; i++)
            check_source(L, ag->proposals[i].source, ag->proposals[i].loc, "a proposal");
        for (size_t p = 0; p < m->n_parties; p++) {
            const accord_preference *pr = &ag->preferences[p];
            check_source(L, pr->source, pr->loc, "preferences");
            check_source(L, pr->reservation.source, pr->reservation.loc, "a reservation");
            for (size_t i = 0; i < ag->n_issues; i++) {
                if (pr->weighted[i])
                    check_source(L, pr->weights[i].source, pr->weights[i].loc, "a weight");
                if (pr->valuations[i].values)
                    for (size_t k = 0; k < ag->issues[i].n_options; k++)
                        check_source(L, pr->valuations[i].values[k].source,
                                     pr->valuations[i].values[k].loc, "a value");
            }
        }
    }
    if (m->conflict)
        for (size_t i = 0; i < m->conflict->n_options; i++)
            check_source(L, m->conflict->options[i].source, m->conflict->options[i].loc,
                         "an option");
}

/* ------------------------------------------------------------------------ */
/* the document                                                              */

static void read_model(loader *L, const node_t *root)
{
    static const char *const keys[] = {"accord", "title", "note", "sources", "parties",
                                       "agreement", "conflict", NULL};
    accord_model *m = L->m;
    if (!root) {
        err_at(L, 1, 1, "the file is empty; expected a model (accord: 1, parties: [...], ...)");
        return;
    }
    if (root->type != YAML_MAPPING_NODE) {
        err(L, root, "a model must be a map with keys accord, parties, agreement and/or conflict; "
                     "found %s",
            kind_name(root));
        return;
    }
    check_keys(L, root, keys, "the model");
    node_t *ver = get(L, root, "accord");
    if (!ver) {
        err(L, root, "the model has no format version; add \"accord: 1\" at the top");
    } else {
        int64_t v;
        if (read_int64(L, ver, &v, "accord (the format version)") && v != ACCORD_FORMAT_VERSION)
            err(L, ver, "format version %lld is not supported; this accord reads version %d",
                (long long)v, ACCORD_FORMAT_VERSION);
    }
    m->title = get_string(L, root, "title", "the model");
    m->note = get_string(L, root, "note", "the model");
    node_t *src = get(L, root, "sources");
    if (src && !is_null(src))
        read_sources(L, src);
    node_t *parties = get(L, root, "parties");
    if (!parties) {
        err(L, root, "the model has no parties; add parties: [{id: A, name: ...}, ...]");
        return;
    }
    read_parties(L, parties);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    node_t *ag = get(L, root, "agreement"), *cf = get(L, root, "conflict");
    if (!ag && !cf)
        err(L, root, "the model has neither an agreement nor a conflict section; add one");
    if (ag)
        read_agreement(L, ag);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    if (cf)
        read_conflict(L, cf);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    check_sources(L);
}

static accord_status parse_yaml(loader *L, const char *data, size_t size)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ACCORD_E_NOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    accord_status rc = ACCORD_OK;
    if (!yaml_document_initialize(L->doc, NULL, NULL, NULL, 1, 1)) {
        yaml_parser_delete(&parser);
        return ACCORD_E_NOMEM;
    }
    yaml_document_delete(L->doc);
    if (!yaml_parser_load(&parser, L->doc)) {
        if (parser.error == YAML_MEMORY_ERROR) {
            rc = ACCORD_E_NOMEM;
        } else {
            const yaml_mark_t *mk = parser.problem ? &parser.problem_mark : &parser.context_mark;
            acc__str msg = {0};
            acc__str_printf(&msg, "not valid YAML: %s", parser.problem ? parser.problem : "syntax error");
            if (parser.context)
                acc__str_printf(&msg, " (%s at line %d)", parser.context,
                                (int)parser.context_mark.line + 1);
            char *t = acc__str_take(&msg);
            if (!t || acc__diag(L->diag, ACCORD_ERROR, L->file, (int)mk->line + 1,
                                (int)mk->column + 1, "%s", t))
                rc = ACCORD_E_NOMEM;
            else
                rc = ACCORD_E_PARSE;
            acc__free(t);
        }
        memset(L->doc, 0, sizeof *L->doc);
    }
    yaml_parser_delete(&parser);
    return rc;
}

/* Binary files (a NUL byte, or invalid UTF-8 that libyaml would reject with a
 * less helpful message) are refused with the offset. */
static bool looks_binary(const char *data, size_t size, size_t *at)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\0') {
            *at = i;
            return true;
        }
    }
    return false;
}

accord_status accord_model_load_buffer(const char *name, const char *data, size_t size,
                                       const accord_load_options *opts, accord_model **out,
                                       accord_diagnostics *diag)
{
    *out = NULL;
    accord_model *m = NULL;
    yaml_document_t doc;
    memset(&doc, 0, sizeof doc);
    bool have_doc = false;
    loader L = {.file = name ? name : "<model>", .doc = &doc, .diag = diag, .opts = opts};
    accord_status rc = ACCORD_OK;
    size_t at;
    if (looks_binary(data, size, &at)) {
        /* line of the NUL byte */
        int line = 1, col = 1;
        for (size_t i = 0; i < at; i++) {
            if (data[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        if (acc__diag(diag, ACCORD_ERROR, L.file, line, col,
                      "the file is binary (a NUL byte at offset %zu); expected a YAML or JSON "
                      "model",
                      at))
            return ACCORD_E_NOMEM;
        return ACCORD_E_PARSE;
    }
    rc = parse_yaml(&L, data, size);
    if (rc)
        goto out;
    have_doc = true;
    rc = acc__model_new(name, &m);
    if (rc)
        goto out;
    L.m = m;
    L.A = acc__model_arena(m);
    read_model(&L, yaml_document_get_root_node(&doc));
    rc = L.rc;
    if (rc)
        goto out;
    if (m->agreement) {
        rc = acc__agreement_finish(m, diag);
        if (rc)
            goto out;
    }
    if (m->conflict) {
        rc = acc__conflict_finish(m, opts, L.file, diag);
        if (rc)
            goto out;
    }
out:
    if (have_doc)
        yaml_document_delete(&doc);
    if (rc) {
        accord_model_free(m);
        return rc;
    }
    *out = m;
    return ACCORD_OK;
}

static accord_status read_file(const char *path, char **data, size_t *size, accord_diagnostics *diag)
{
    *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (acc__diag(diag, ACCORD_ERROR, path, 0, 0, "cannot open: %s", strerror(errno)))
            return ACCORD_E_NOMEM;
        return ACCORD_E_IO;
    }
    acc__str buf = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        acc__str_append(&buf, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        acc__str_free(&buf);
        if (acc__diag(diag, ACCORD_ERROR, path, 0, 0, "cannot read: %s", strerror(errno)))
            return ACCORD_E_NOMEM;
        return ACCORD_E_IO;
    }
    *size = buf.len;
    *data = acc__str_take(&buf);
    return *data ? ACCORD_OK : ACCORD_E_NOMEM;
}

accord_status accord_model_load(const char *path, const accord_load_options *opts,
                                accord_model **out, accord_diagnostics *diag)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (acc__diag(diag, ACCORD_ERROR, path, 0, 0, "cannot open: %s", strerror(errno)))
            return ACCORD_E_NOMEM;
        return ACCORD_E_IO;
    }
    if (S_ISDIR(st.st_mode))
        return acc__geniusweb_folder(path) ? acc__geniusweb_load(path, out, diag)
                                           : acc__genius_load(path, opts, out, diag);
    char *data;
    size_t size;
    accord_status rc = read_file(path, &data, &size, diag);
    if (rc)
        return rc;
    if (acc__geniusweb_profile(data, size)) {
        acc__free(data);
        return acc__geniusweb_load(path, out, diag);
    }
    if (size == 0) {
        acc__free(data);
        if (acc__diag(diag, ACCORD_ERROR, path, 1, 1,
                      "the file is empty; expected a model (accord: 1, parties: [...], ...)"))
            return ACCORD_E_NOMEM;
        return ACCORD_E_INVALID;
    }
    rc = accord_model_load_buffer(path, data, size, opts, out, diag);
    acc__free(data);
    return rc;
}
