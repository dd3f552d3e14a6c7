/*
 * yaml_read.c - reading the values of a model file from libyaml's nodes:
 * the problems (errors and warnings at a node's place), map keys, ids,
 * numbers (plain, ranges, with their source), booleans, references to
 * parties, and conditions.  Every reader reports what is wrong and where,
 * and the loader goes on, so that one run lists every error of a file.
 */
#include "yaml_read.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* reporting                                                                 */

void acc__yaml_nomem(acc__yaml_loader *L) { L->rc = ACCORD_E_NOMEM; }

static size_t max_errors(const acc__yaml_loader *L)
{
    return L->max_errors ? L->max_errors : ACCORD_DEFAULT_MAX_ERRORS;
}

static void verr_at(acc__yaml_loader *L, int line, int col, const char *fmt, va_list ap)
{
    if (L->rc != ACCORD_E_NOMEM && L->rc == ACCORD_OK)
        L->rc = ACCORD_E_INVALID;
    if (L->errors++ >= max_errors(L))
        return;
    if (acc__vdiag(L->diag, ACCORD_ERROR, L->file, line, col, fmt, ap))
        acc__yaml_nomem(L);
}

bool acc__yaml_quiet(acc__yaml_loader *L)
{
    if (L->errors < max_errors(L))
        return false;
    if (L->rc == ACCORD_OK)
        L->rc = ACCORD_E_INVALID;
    L->errors++;
    return true;
}

void acc__yaml_note_unreported(acc__yaml_loader *L)
{
    size_t shown = max_errors(L);
    if (L->errors <= shown)
        return;
    if (acc__diag(L->diag, ACCORD_NOTE, L->file, 0, 0,
                  "%zu more error%s not shown: a load reports the first %zu (raise the limit: "
                  "accord_load_options.max_errors)",
                  L->errors - shown, L->errors - shown == 1 ? " is" : "s are", shown))
        acc__yaml_nomem(L);
}

void acc__yaml_err_at(acc__yaml_loader *L, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr_at(L, line, col, fmt, ap);
    va_end(ap);
}

void acc__yaml_err(acc__yaml_loader *L, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr_at(L, n ? (int)n->start_mark.line + 1 : 0, n ? (int)n->start_mark.column + 1 : 0, fmt, ap);
    va_end(ap);
}

void acc__yaml_warn(acc__yaml_loader *L, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (acc__vdiag(L->diag, ACCORD_WARNING, L->file, (int)n->start_mark.line + 1,
                   (int)n->start_mark.column + 1, fmt, ap))
        acc__yaml_nomem(L);
    va_end(ap);
}

/* ------------------------------------------------------------------------ */
/* cascades                                                                  */

void acc__yaml_lose(acc__yaml_loader *L, int kind, const yaml_node_t *n)
{
    acc__yaml_lose_text(L, kind, acc__yaml_scalar(n));
}

void acc__yaml_lose_keys(acc__yaml_loader *L, const yaml_node_t *map, int kind)
{
    yaml_node_t *k, *v;
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    ACC_MAP_EACH(L, map, k, v)
    {
        (void)v;
        acc__yaml_lose(L, kind, k);
    }
}

void acc__yaml_lose_text(acc__yaml_loader *L, int kind, const char *s)
{
    size_t prior;
    if (!s || !*s)
        return;
    if (acc__hashset_add_str(&L->lost[kind], s, 0, &prior))
        return acc__yaml_nomem(L);
    if (prior == SIZE_MAX && L->n_lost_names[kind] < 64)
        L->lost_names[kind][L->n_lost_names[kind]++] = s;
}

void acc__yaml_lose_repeats(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                            int kind)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    bool first = true;
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, map, k, v)
    {
        const char *s = acc__yaml_scalar(k);
        if (!s || strcmp(s, key) != 0)
            continue;
        if (first) {
            first = false;
            continue;
        }
        yaml_node_t *item;
        if (v->type == YAML_SEQUENCE_NODE) {
            ACC_SEQ_EACH(L, v, item)
            acc__yaml_lose(L, kind,
                           item->type == YAML_MAPPING_NODE ? acc__yaml_get(L, item, "id") : item);
        } else {
            acc__yaml_lose_keys(L, v, kind);
        }
    }
}

size_t acc__yaml_repeats(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                         yaml_node_t **out, size_t cap)
{
    size_t n = 0;
    bool first = true;
    yaml_node_t *k, *v;
    if (!map || map->type != YAML_MAPPING_NODE)
        return 0;
    ACC_MAP_EACH(L, map, k, v)
    {
        const char *s = acc__yaml_scalar(k);
        if (!s || strcmp(s, key) != 0)
            continue;
        if (!first && n < cap)
            out[n++] = v;
        first = false;
    }
    return n;
}

void acc__yaml_excuse_repeats(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                              unsigned char *flags)
{
    bool first = true;
    yaml_node_t *k, *v;
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    ACC_MAP_EACH(L, map, k, v)
    {
        const char *s = acc__yaml_scalar(k);
        if (!s || strcmp(s, key) != 0)
            continue;
        if (first || v->type != YAML_MAPPING_NODE) {
            first = false;
            continue;
        }
        yaml_node_t *pk, *pv;
        ACC_MAP_EACH(L, v, pk, pv)
        {
            (void)pv;
            const char *id = acc__yaml_scalar(pk);
            long p = id ? acc__model_find(L->m, ACC_IX_PARTY, id) : -1;
            if (p >= 0 && !flags[p])
                flags[p] = 2;
        }
    }
}

bool acc__yaml_first_report(acc__yaml_loader *L, int kind, const char *name)
{
    if (!L->diag || L->errors >= max_errors(L))
        return true; /* nothing is described past the limit: only counted */
    char *key = acc__arena_printf(L->A, "%d:%s", kind, name);
    size_t prior;
    if (!key || acc__hashset_add_str(&L->said, key, L->n_said, &prior)) {
        acc__yaml_nomem(L);
        return true;
    }
    if (prior != SIZE_MAX) {
        L->said_list[prior].uses++;
        return false;
    }
    if (acc__grow((void **)&L->said_list, &L->cap_said, L->n_said + 1, sizeof *L->said_list)) {
        acc__yaml_nomem(L);
        return true;
    }
    L->said_list[L->n_said++] = (struct acc__said){L->diag->count, 1, kind == ACC_SAID_PATTERN};
    return true;
}

void acc__yaml_note_uses(acc__yaml_loader *L)
{
    for (size_t i = 0; i < L->n_said && L->rc != ACCORD_E_NOMEM; i++) {
        const struct acc__said *s = &L->said_list[i];
        if (s->uses < 2 || s->diag >= L->diag->count)
            continue;
        accord_diagnostic *d = &L->diag->items[s->diag];
        acc__str t = {0};
        if (s->pattern)
            acc__str_printf(&t, "%s (%zu patterns have this length; the first is here)", d->message,
                            s->uses);
        else
            acc__str_printf(&t, "%s (used %zu times; the first is here)", d->message, s->uses);
        char *text = acc__str_take(&t);
        if (!text)
            return acc__yaml_nomem(L);
        acc__free(d->message);
        d->message = text;
    }
}

void acc__yaml_loader_free(acc__yaml_loader *L)
{
    for (int k = 0; k < ACC_LOST_KINDS; k++)
        acc__hashset_free(&L->lost[k]);
    acc__hashset_free(&L->said);
    acc__free(L->said_list);
}

bool acc__yaml_is_lost(acc__yaml_loader *L, int kind, const char *name)
{
    if (L->rc == ACCORD_OK) /* no error yet: nothing can follow from one */
        return false;
    const accord_model *m = L->m;
    /* no party, or an agreement without issues: that has its own error */
    if ((kind == (int)ACC_IX_PARTY && m->n_parties == 0) ||
        (kind == (int)ACC_IX_ISSUE && m->agreement && m->agreement->n_issues == 0))
        return true;
    if ((kind == (int)ACC_IX_SOURCE && L->sources_lost) ||
        acc__hashset_get_str(&L->lost[kind], name) != SIZE_MAX)
        return true;
    return L->n_lost_names[kind] && L->errors < max_errors(L) &&
           acc__suggest(name, L->lost_names[kind], L->n_lost_names[kind]) != NULL;
}

/* ------------------------------------------------------------------------ */
/* node access                                                               */

bool acc__yaml_want(acc__yaml_loader *L, const yaml_node_t *n, yaml_node_type_t type,
                    const char *what)
{
    if (n && n->type == type)
        return true;
    const char *expected = type == YAML_MAPPING_NODE    ? "a map"
                           : type == YAML_SEQUENCE_NODE ? "a list"
                                                        : "a scalar";
    if (n && acc__yaml_is_null(n))
        acc__yaml_err(L, n, "%s must be %s, but it is empty", what, expected);
    else
        acc__yaml_err(L, n, "%s must be %s, not %s", what, expected, acc__yaml_kind(n));
    return false;
}

/* The value of `key` in a map, or NULL. */
yaml_node_t *acc__yaml_get(acc__yaml_loader *L, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    yaml_node_t *k, *v;
    yaml_node_t *empty = NULL;
    ACC_MAP_EACH(L, map, k, v)
    {
        const char *s = acc__yaml_scalar(k);
        if (!s || strcmp(s, key) != 0)
            continue;
        if (!acc__yaml_is_null(v))
            return v;
        if (!empty)
            empty = v; /* a repeat that is not empty is read instead */
    }
    if (empty)
        return empty;
    for (size_t i = 0; i < L->n_respelt; i++)
        if (L->respelt[i].map == map && !strcmp(L->respelt[i].meant, key))
            return L->respelt[i].value;
    return NULL;
}

/* An unknown key k (value v) of map `what`: "did you mean" or the list of
 * allowed keys.  A misspelling stands in for the key meant, unless that key
 * is written too. */
static void unknown_key(acc__yaml_loader *L, const yaml_node_t *map, const yaml_node_t *k,
                        yaml_node_t *v, const char *s, const char *const *allowed, size_t na,
                        const char *what)
{
    if (acc__yaml_quiet(L))
        return;
    const char *hint = acc__suggest(s, allowed, na);
    if (hint) {
        acc__yaml_err(L, k, "unknown key \"%s\" in %s; did you mean \"%s\"?", s, what, hint);
        if (L->n_respelt < 64 && !acc__yaml_get(L, map, hint))
            L->respelt[L->n_respelt++] = (struct acc__respelt){map, hint, v};
        return;
    }
    acc__str list = {0};
    for (size_t i = 0; i < na; i++)
        acc__str_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
    char *t = acc__str_take(&list);
    acc__yaml_err(L, k, "unknown key \"%s\" in %s; expected one of: %s", s, what, t ? t : "");
    acc__free(t);
}

/* The earlier key equal to key number idx of map, or NULL: by scanning a
 * small map, through `seen` (filled as the keys go by) for a large one. */
static const yaml_node_t *earlier_key(acc__yaml_loader *L, const yaml_node_t *map, size_t idx,
                                      const char *s, acc__hashset *seen)
{
    if (acc__yaml_map_len(map) <= 16) {
        for (size_t j = 0; j < idx; j++) {
            yaml_node_t *k2 = acc__yaml_node(L, map->data.mapping.pairs.start[j].key);
            const char *s2 = acc__yaml_scalar(k2);
            if (s2 && !strcmp(s, s2))
                return k2;
        }
        return NULL;
    }
    size_t prior;
    if (acc__hashset_add(seen, s, strlen(s), idx, &prior)) {
        acc__yaml_nomem(L);
        return NULL;
    }
    return prior == SIZE_MAX ? NULL : acc__yaml_node(L, map->data.mapping.pairs.start[prior].key);
}

/*
 * Every key must be a scalar, known and not repeated.  `allowed` ends with
 * NULL; allowed == NULL accepts any key (maps keyed by ids) and checks only
 * for repeats.  Unknown keys get a "did you mean" or the list of allowed keys.
 */
void acc__yaml_check_keys(acc__yaml_loader *L, const yaml_node_t *map, const char *const *allowed,
                          const char *what)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    size_t na = 0;
    while (allowed && allowed[na])
        na++;
    acc__hashset seen = {0};
    yaml_node_t *k, *v;
    size_t idx = 0;
    ACC_MAP_EACH(L, map, k, v)
    {
        const char *s = acc__yaml_scalar(k);
        if (!s) {
            acc__yaml_err(L, k, "keys of %s must be plain names, not %s", what, acc__yaml_kind(k));
            idx++;
            continue;
        }
        bool known = allowed == NULL;
        for (size_t i = 0; i < na; i++)
            if (!strcmp(s, allowed[i]))
                known = true;
        if (!known)
            unknown_key(L, map, k, v, s, allowed, na, what);
        const yaml_node_t *first = earlier_key(L, map, idx, s, &seen);
        if (first)
            acc__yaml_err(L, k, "key `%s` is written twice in %s (first at line %d)", s, what,
                          (int)first->start_mark.line + 1);
        if (L->rc == ACCORD_E_NOMEM)
            break;
        idx++;
    }
    acc__hashset_free(&seen);
}

/* An optional string: NULL when absent or null. */
const char *acc__yaml_string(acc__yaml_loader *L, const yaml_node_t *map, const char *key,
                             const char *what)
{
    yaml_node_t *n = acc__yaml_get(L, map, key);
    if (!n || acc__yaml_is_null(n))
        return NULL;
    if (n->type != YAML_SCALAR_NODE) {
        acc__yaml_err(L, n, "%s of %s must be text, not %s", key, what, acc__yaml_kind(n));
        return NULL;
    }
    char *s = acc__arena_strdup(L->A, acc__yaml_scalar(n));
    if (!s)
        acc__yaml_nomem(L);
    return s;
}

/* An id: [A-Za-z][A-Za-z0-9_-]* */
const char *acc__yaml_id(acc__yaml_loader *L, const yaml_node_t *n, const char *what)
{
    const char *s = acc__yaml_scalar(n);
    if (!n || !s || acc__yaml_is_null(n)) {
        acc__yaml_err(L, n, "%s needs an id (a name such as \"RU\" or \"army_cap\"), found %s",
                      what, n ? acc__yaml_kind(n) : "nothing");
        return NULL;
    }
    if (!acc__is_id(s)) {
        acc__yaml_err(
            L, n,
            "\"%s\" is not a valid id for %s; an id starts with a letter and has only letters, "
            "digits, '_' and '-'",
            s, what);
        return NULL;
    }
    char *r = acc__arena_strdup(L->A, s);
    if (!r)
        acc__yaml_nomem(L);
    return r;
}

/* A plain number. */
bool acc__yaml_double(acc__yaml_loader *L, const yaml_node_t *n, double *out, const char *what)
{
    const char *s = acc__yaml_scalar(n);
    if (!s || (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
               n->data.scalar.style != YAML_ANY_SCALAR_STYLE)) {
        acc__yaml_err(L, n, "%s must be a number, not %s", what,
                      s ? "quoted text" : acc__yaml_kind(n));
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
        acc__yaml_err(
            L, n,
            "%s must be a number (a decimal, or a fraction of whole numbers such as 1/3), "
            "found \"%s\"",
            what, s);
        return false;
    }
    *out = v;
    return true;
}

bool acc__yaml_int64(acc__yaml_loader *L, const yaml_node_t *n, int64_t *out, const char *what)
{
    double d;
    if (!acc__yaml_double(L, n, &d, what))
        return false;
    if (d != floor(d) || fabs(d) > 9.0e15) {
        acc__yaml_err(L, n, "%s must be a whole number, found %s", what, acc__yaml_scalar(n));
        return false;
    }
    *out = (int64_t)d;
    return true;
}

bool acc__yaml_bool(acc__yaml_loader *L, const yaml_node_t *n, bool *out, const char *what)
{
    const char *s = acc__yaml_scalar(n);
    if (s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"))) {
        *out = true;
        return true;
    }
    if (s && (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off"))) {
        *out = false;
        return true;
    }
    acc__yaml_err(L, n, "%s must be true or false, found %s", what, s ? s : acc__yaml_kind(n));
    return false;
}

/*
 * A number of the model: X, [low, high], or {value: X | [low, high],
 * source: ID, assumption: "...", note: "..."}.  lo/hi bound every value.
 */
bool acc__yaml_number(acc__yaml_loader *L, const yaml_node_t *n, accord_number *out, double lo,
                      double hi, const char *what)
{
    static const char *const keys[] = {"value", "source", "assumption", "note", NULL};
    memset(out, 0, sizeof *out);
    out->loc = acc__yaml_loc(n);
    const yaml_node_t *v = n;
    if (n->type == YAML_MAPPING_NODE) {
        acc__yaml_check_keys(L, n, keys, what);
        v = acc__yaml_get(L, n, "value");
        if (!v) {
            acc__yaml_err(
                L, n,
                "%s is written as a map but has no \"value\"; expected {value: X, source: ID} "
                "or {value: X, assumption: \"why\"}",
                what);
            return false;
        }
        out->source = acc__yaml_string(L, n, "source", what);
        out->assumption = acc__yaml_string(L, n, "assumption", what);
        out->note = acc__yaml_string(L, n, "note", what);
        yaml_node_t *src = acc__yaml_get(L, n, "source");
        if (src && !acc__yaml_is_null(src) &&
            !acc__is_id(acc__yaml_scalar(src) ? acc__yaml_scalar(src) : ""))
            acc__yaml_err(L, src, "source of %s must be the id of an entry in sources", what);
    }
    if (v->type == YAML_SEQUENCE_NODE) {
        if (acc__yaml_seq_len(v) != 2) {
            acc__yaml_err(L, v, "a range for %s must be [low, high], found a list of %zu", what,
                          acc__yaml_seq_len(v));
            return false;
        }
        yaml_node_t *a = acc__yaml_node(L, v->data.sequence.items.start[0]);
        yaml_node_t *b = acc__yaml_node(L, v->data.sequence.items.start[1]);
        if (!acc__yaml_double(L, a, &out->low, what) || !acc__yaml_double(L, b, &out->high, what))
            return false;
        if (out->low > out->high) {
            acc__yaml_err(L, v, "the range for %s is [%g, %g]; low must not exceed high", what,
                          out->low, out->high);
            return false;
        }
        out->is_range = true;
        out->value = (out->low + out->high) / 2;
        out->exact = acc__rational_mid(acc__rational_parse(acc__yaml_scalar(a)),
                                       acc__rational_parse(acc__yaml_scalar(b)));
    } else {
        if (!acc__yaml_double(L, v, &out->value, what))
            return false;
        out->low = out->high = out->value;
        out->exact = acc__rational_parse(acc__yaml_scalar(v));
    }
    if (out->low < lo || out->high > hi) {
        if (isinf(hi))
            acc__yaml_err(L, v, "%s must be at least %g, found %s", what, lo,
                          out->is_range ? "a range below it" : acc__yaml_scalar(v));
        else
            acc__yaml_err(L, v, "%s must lie in [%g, %g], found %s%g%s", what, lo, hi,
                          out->is_range ? "a range reaching " : "",
                          out->low < lo ? out->low : out->high, "");
        return false;
    }
    return true;
}

/* "party X is not declared (declared: A, B, C)" with a did-you-mean. */
long acc__yaml_party_ref(acc__yaml_loader *L, const yaml_node_t *n, const char *what)
{
    const char *s = acc__yaml_scalar(n);
    if (!s) {
        acc__yaml_err(L, n, "%s must name a party, not %s", what, acc__yaml_kind(n));
        return -1;
    }
    long p = acc__model_find(L->m, ACC_IX_PARTY, s);
    if (p >= 0)
        return p;
    if (acc__yaml_is_lost(L, ACC_IX_PARTY, s))
        return -2;
    if (acc__yaml_quiet(L))
        return p;
    if (!acc__yaml_first_report(L, ACC_IX_PARTY, s))
        return -1; /* its first use says how many there are */
    const char *c[256];
    size_t nc = 0;
    acc__str list = {0};
    for (size_t i = 0; i < L->m->n_parties && i < 256; i++) {
        c[nc++] = L->m->parties[i].id;
        if (i < 12)
            acc__str_printf(&list, "%s%s", i ? ", " : "", L->m->parties[i].id);
    }
    if (L->m->n_parties > 12)
        acc__str_puts(&list, ", ...");
    char *names = acc__str_take(&list);
    const char *hint = acc__suggest(s, c, nc);
    if (hint)
        acc__yaml_err(L, n, "party \"%s\" is not declared; did you mean \"%s\"? (declared: %s)", s,
                      hint, names ? names : "");
    else
        acc__yaml_err(L, n, "party \"%s\" is not declared (declared: %s)", s, names ? names : "");
    acc__free(names);
    return -1;
}

long acc__yaml_party_meant(acc__yaml_loader *L, const yaml_node_t *n)
{
    const char *s = acc__yaml_scalar(n);
    /* past the error limit there was no "did you mean" to follow */
    if (!s || L->errors > max_errors(L) || acc__model_find(L->m, ACC_IX_PARTY, s) >= 0)
        return -1;
    const char *c[256];
    size_t nc = 0;
    for (size_t i = 0; i < L->m->n_parties && i < 256; i++)
        c[nc++] = L->m->parties[i].id;
    const char *hint = acc__suggest(s, c, nc);
    return hint ? acc__model_find(L->m, ACC_IX_PARTY, hint) : -1;
}

/* Say nothing about the undeclared name: it follows from an earlier error,
 * or its first use was reported (and will say how many uses there are). */
static bool name_quiet(void *ctx, acc__expr_lost kind, const char *name)
{
    int k = kind == ACC_EXPR_LOST_ISSUE    ? (int)ACC_IX_ISSUE
            : kind == ACC_EXPR_LOST_OPTION ? ACC_LOST_OPTION
                                           : ACC_SAID_CONFLICT_OPTION;
    if (kind != ACC_EXPR_LOST_CONFLICT_OPTION && acc__yaml_is_lost(ctx, k, name))
        return true;
    return !acc__yaml_first_report(ctx, k, name);
}

/* Compile a scalar node as a condition of `mode`: the column is the node's,
 * plus one inside quotes.  Returns false after reporting the problem. */
bool acc__yaml_compile(acc__yaml_loader *L, const yaml_node_t *s, acc__expr_mode mode,
                       const accord_expr **out)
{
    bool consequence = false;
    acc__expr_scope scope = {mode, L->m, name_quiet, L, &consequence, L->options_lost};
    int col =
        (int)s->start_mark.column + 1 + (s->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? 0 : 1);
    /* past the error limit the condition is still checked, but not described */
    bool quiet = L->errors >= (L->max_errors ? L->max_errors : ACCORD_DEFAULT_MAX_ERRORS);
    accord_status r = acc__expr_compile(&scope, acc__yaml_scalar(s), L->A, L->file,
                                        (int)s->start_mark.line + 1, col, quiet ? NULL : L->diag, out);
    if (r == ACCORD_E_NOMEM) {
        acc__yaml_nomem(L);
        return false;
    }
    if (r) {
        L->errors += !consequence; /* a consequence was reported where it started */
        if (!L->rc)
            L->rc = ACCORD_E_INVALID;
        return false;
    }
    return true;
}

/* A list of conditions (red lines, priority statements) into a new array of
 * statements; `example` shows the expected form in the message. */
void acc__yaml_statements(acc__yaml_loader *L, const yaml_node_t *seq, acc__expr_mode mode,
                          const char *what, const char *example, accord_statement **out,
                          size_t *count)
{
    *out = acc__arena_calloc(L->A, acc__yaml_seq_len(seq) + 1, sizeof **out);
    if (!*out)
        return acc__yaml_nomem(L);
    yaml_node_t *s;
    ACC_SEQ_EACH(L, seq, s)
    {
        if (!acc__yaml_scalar(s) || acc__yaml_is_null(s)) {
            acc__yaml_err(L, s, "%s must be a condition such as \"%s\", not %s", what, example,
                          acc__yaml_kind(s));
            continue;
        }
        accord_statement *st = &(*out)[*count];
        st->loc = acc__yaml_loc(s);
        st->text = acc__arena_strdup(L->A, acc__yaml_scalar(s));
        if (!st->text)
            return acc__yaml_nomem(L);
        if (acc__yaml_compile(L, s, mode, &st->expr))
            ++*count;
        if (L->rc == ACCORD_E_NOMEM)
            return;
    }
}

bool acc__yaml_party_map(acc__yaml_loader *L, const yaml_node_t *map, const char *what, unsigned char *has,
                         acc__party_reader read)
{
    if (!acc__yaml_want(L, map, YAML_MAPPING_NODE, what))
        return false;
    acc__yaml_check_keys(L, map, NULL, what);
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, map, k, v)
    {
        if (acc__yaml_passed_over(L, map, k, v))
            continue; /* empty, and written again: check_keys reported it */
        long p = acc__yaml_party_ref(L, k, what);
        if (p < 0) {
            long meant = p == -1 ? acc__yaml_party_meant(L, k) : -1;
            if (meant >= 0 && !has[meant])
                has[meant] = 2; /* "did you mean" said it */
            continue;
        }
        if (has[p] == 1)
            continue; /* a repeated party: check_keys reported it */
        has[p] = 1;
        read(L, v, (size_t)p);
    }
    return true;
}
