/*
 * geniusweb.c - a GeniusWeb scenario (JSON domain + profiles) as a model.
 *
 * GeniusWeb (TU Delft, the successor of GENIUS) writes its objects with
 * Jackson.  A folder holds a domain (geniusweb.issuevalue.Domain: {"name",
 * "issuesValues": {issue: {"values": [...]} or {"range": {"low", "high",
 * "step"}}}}) and profiles ({"LinearAdditiveUtilitySpace": {"name",
 * "issueUtilities", "issueWeights", "domain", "reservationBid"}}).  Every
 * profile is a party, in sorted file-name order, named after its file's
 * stem; the domain is the file with a top-level issuesValues, or else the
 * one the profiles embed (which must then agree).  A single profile file
 * with its embedded domain is a scenario of one party.
 *
 * The rules follow GeniusWeb's classes (docs/geniusweb.md has each with its
 * source):
 *  - u(bid) = sum over the issues of weight * utility of the bid's value
 *    (geniusweb.profile.utilityspace.LinearAdditiveUtilitySpace.getUtility);
 *    the issues of issueUtilities and issueWeights are the domain's and the
 *    weights sum to exactly 1 (its constructor);
 *  - a discrete issue gives every value of the domain a utility in [0, 1]
 *    (DiscreteValueSetUtilities, its constructor and isFitting);
 *  - a number issue holds low, low + step, ... up to high
 *    (geniusweb.issuevalue.NumberValueSet over tudelft's Range); its utility
 *    is the line through (lowValue, lowUtility) and (highValue, highUtility),
 *    whose ends are the range's (NumberValueSetUtilities.getUtility and
 *    isFitting);
 *  - the reservation is the utility of the profile's reservationBid, which
 *    may leave issues out (they add 0); without one it is 0.
 *
 * This file reads the files and the domain and builds the model; the
 * profiles are read in geniusweb_profile.c.
 *
 * Numbers: jansson reads a JSON number into a double; accord takes the
 * shortest decimal that reads back as that double (acc__rational_from_double)
 * as the number written, which it is whenever the text has at most 15
 * significant digits.  Utilities of a number issue are kept exact (GeniusWeb
 * rounds them to 8 decimals).
 */
#include "geniusweb.h"
#include "json_place.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A range whose low or step is not whole becomes a discrete issue whose
 * options are its values: at most this many. */
#define GW_MAX_LISTED ((size_t)1 << 16)
/* Whole numbers that the YAML reader takes back as whole numbers. */
#define GW_MAX_WHOLE 9.0e15

static const char MODEL_NOTE[] =
    "GeniusWeb semantics (docs/geniusweb.md): a party's utility is the sum over the issues of "
    "weight times the value's utility (LinearAdditiveUtilitySpace); number issues interpolate "
    "between lowValue and highValue (NumberValueSetUtilities); the reservation is the utility of "
    "the profile's reservationBid.";

/* ---- reporting ---- */

void acc__gw_fail(acc__gw_ctx *c, accord_status rc)
{
    if (rc == ACCORD_E_NOMEM || !c->rc)
        c->rc = rc;
}

bool acc__gw_quiet(acc__gw_ctx *c)
{
    if (c->errors < c->max_errors)
        return false;
    c->errors++;
    acc__gw_fail(c, ACCORD_E_INVALID);
    return true;
}

void acc__gw_error(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_path *at, const char *fmt, ...)
{
    if (acc__gw_quiet(c))
        return;
    c->errors++;
    accord_loc loc = f && at ? acc__json_place(f->text, f->len, at->k, at->key) : (accord_loc){0, 0};
    va_list ap;
    va_start(ap, fmt);
    accord_status r = acc__vdiag(c->diag, ACCORD_ERROR, f ? f->path : c->where, loc.line, loc.col, fmt, ap);
    va_end(ap);
    acc__gw_fail(c, r ? ACCORD_E_NOMEM : ACCORD_E_INVALID);
}

/* The place of an issue in the domain. */
static acc__gw_path issue_at(const acc__gw_ctx *c, const char *issue)
{
    return acc__gw_plus(acc__gw_plus(c->dom_at, "issuesValues"), issue);
}

static json_t *at_path(json_t *root, const acc__gw_path *p)
{
    for (size_t i = 0; root && p->k[i]; i++)
        root = json_object_get(root, p->k[i]);
    return root;
}

/* What a JSON value is, for "found ..." in messages. */
const char *acc__gw_kind_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "text";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true/false";
    default:
        return "null";
    }
}

/* A JSON number as a double and as the fraction of its decimal (see the
 * top of the file); false when v is not a number. */
bool acc__gw_number(const json_t *v, double *d, accord_rational *q)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        *d = (double)i;
        *q = i > -INT64_MAX ? (accord_rational){i, 1} : (accord_rational){0, 0};
        return true;
    }
    if (!json_is_real(v))
        return false;
    *d = json_real_value(v);
    *q = acc__rational_from_double(*d);
    return true;
}

/* "a, b, c" of the first names (then ", ..."); NULL when out of memory. */
char *acc__gw_name_list(const char *const *names, size_t n)
{
    acc__str s = {0};
    for (size_t i = 0; i < n && i < 12; i++)
        acc__str_printf(&s, "%s%s", i ? ", " : "", names[i]);
    if (n > 12)
        acc__str_puts(&s, ", ...");
    return acc__str_take(&s);
}

/* `lead` (a sentence about `key`, which is not one of known[0..n)) with
 * "did you mean" when a known name is close, else with the list. */
void acc__gw_unknown_key(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_path *at, const char *lead,
                         const char *key, const char *const *known, size_t n, const char *list_label)
{
    if (acc__gw_quiet(c))
        return;
    const char *near = acc__suggest(key, known, n);
    char *list = near ? NULL : acc__gw_name_list(known, n);
    if (!near && !list) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    if (near)
        acc__gw_error(c, f, at, "%s; did you mean \"%s\"?", lead, near);
    else
        acc__gw_error(c, f, at, "%s (%s: %s)", lead, list_label, list);
    acc__free(list);
}

/* Every key of obj must be one of known (NULL-terminated). */
void acc__gw_check_keys(acc__gw_ctx *c, const acc__gw_file *f, acc__gw_path at, json_t *obj,
                        const char *const *known, const char *where)
{
    size_t n = 0;
    while (known[n])
        n++;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool ok = false;
        for (size_t i = 0; i < n && !ok; i++)
            ok = !strcmp(key, known[i]);
        if (!ok) {
            acc__gw_path kat = acc__gw_key(at, key);
            char lead[300];
            snprintf(lead, sizeof lead, "unknown key \"%.200s\" in %s", key, where);
            acc__gw_unknown_key(c, f, &kat, lead, key, known, n, "expected");
        }
    }
}

/* ---- files ---- */

/* A file or folder that cannot be read: ACCORD_E_IO. */
static void io_error(acc__gw_ctx *c, const char *path, const char *what)
{
    acc__gw_fail(c, acc__io_error(path, what, errno, c->diag));
}

static void read_text(acc__gw_ctx *c, acc__gw_file *f)
{
    accord_status r = acc__read_file_max(f->path, c->opts ? c->opts->max_input_bytes : 0,
                                         "accord_load_options.max_input_bytes", &f->text, &f->len, c->diag);
    if (r)
        acc__gw_fail(c, r);
}

/* Domain, profile, or neither; a profile of a kind accord does not read
 * is an error. */
static acc__gw_kind classify(acc__gw_ctx *c, const acc__gw_file *f)
{
    json_t *r = f->root;
    if (!json_is_object(r))
        return ACC_GW_OTHER;
    if (json_object_get(r, "issuesValues"))
        return ACC_GW_DOMAIN;
    if (json_object_size(r) != 1)
        return ACC_GW_OTHER;
    void *it = json_object_iter(r);
    const char *type = json_object_iter_key(it);
    json_t *body = json_object_iter_value(it);
    if (!strcmp(type, ACC_GW_LAUS))
        return ACC_GW_PROFILE;
    if (json_is_object(body) && json_object_get(body, "domain")) {
        acc__gw_path at = acc__gw_path3(type, NULL, NULL);
        acc__gw_error(c, f, &at,
                      "a %s profile; accord reads LinearAdditiveUtilitySpace profiles (a weighted sum of "
                      "issue utilities)",
                      type);
    }
    return ACC_GW_OTHER;
}

/* jansson ignores some failed allocations (a character of a string is
 * dropped when its buffer cannot grow), so every allocation of a parse is
 * watched: a parse during which one failed is out of memory, whatever
 * jansson returned. */
static _Thread_local bool json_alloc_failed;

static void *json_alloc(size_t size)
{
    void *p = acc__malloc(size);
    if (!p)
        json_alloc_failed = true;
    return p;
}

static void parse_file(acc__gw_ctx *c, acc__gw_file *f)
{
    json_error_t err;
    json_alloc_failed = false;
    f->root = json_loadb(f->text, f->len, JSON_REJECT_DUPLICATES, &err);
    if (json_alloc_failed) {
        json_decref(f->root);
        f->root = NULL;
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    if (f->root) {
        f->kind = classify(c, f);
        return;
    }
    accord_status r =
        json_error_code(&err) == json_error_duplicate_key
            ? acc__diag(c->diag, ACCORD_ERROR, f->path, err.line, err.column,
                        "%s; a key may appear only once in an object", err.text)
            : acc__diag(c->diag, ACCORD_ERROR, f->path, err.line, err.column, "not valid JSON: %s", err.text);
    acc__gw_fail(c, r ? ACCORD_E_NOMEM : ACCORD_E_PARSE);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The *.json files of a folder, sorted by name. */
static void list_folder(acc__gw_ctx *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        io_error(c, dir, "cannot open folder");
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && !c->rc) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        if (acc__grow((void **)&names, &cap, n + 1, sizeof *names) || !(names[n] = acc__strdup(e->d_name)))
            acc__gw_fail(c, ACCORD_E_NOMEM);
        else
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    c->files = c->rc ? NULL : acc__calloc(n + 1, sizeof *c->files);
    if (!c->rc && !c->files)
        acc__gw_fail(c, ACCORD_E_NOMEM);
    for (size_t i = 0; i < n; i++) {
        if (!c->rc) {
            acc__str p = {0};
            acc__str_printf(&p, "%s/%s", dir, names[i]);
            if (!(c->files[c->n_files].path = acc__str_take(&p)))
                acc__gw_fail(c, ACCORD_E_NOMEM);
            else
                c->n_files++;
        }
        acc__free(names[i]);
    }
    acc__free(names);
}

static void one_file(acc__gw_ctx *c, const char *path)
{
    c->files = acc__calloc(1, sizeof *c->files);
    if (!c->files || !(c->files[0].path = acc__strdup(path))) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    c->n_files = 1;
}

/* ---- the domain ---- */

/* The domain: the file with issuesValues, else the first profile's. */
static void find_domain(acc__gw_ctx *c)
{
    const acc__gw_file *embedded = NULL;
    for (size_t i = 0; i < c->n_files; i++) {
        const acc__gw_file *f = &c->files[i];
        if (f->kind == ACC_GW_DOMAIN) {
            if (c->dom_file)
                acc__gw_error(c, f, NULL,
                              "a second domain (a file with issuesValues) besides %s; a "
                              "GeniusWeb folder has one domain",
                              c->dom_file->path);
            else
                c->dom_file = f;
        } else if (f->kind == ACC_GW_PROFILE) {
            c->n_profiles++;
            if (!embedded && json_object_get(json_object_get(f->root, ACC_GW_LAUS), "domain"))
                embedded = f;
        }
    }
    if (c->rc)
        return;
    if (!c->n_profiles) {
        acc__gw_error(c, NULL, NULL,
                      "no GeniusWeb profile found: expected JSON files whose top-level key is "
                      "\"" ACC_GW_LAUS "\"");
        return;
    }
    if (!c->dom_file && embedded) {
        c->dom_file = embedded;
        c->dom_at = acc__gw_path3(ACC_GW_LAUS, "domain", NULL);
    }
    if (!c->dom_file) {
        acc__gw_error(c, NULL, NULL,
                      "no GeniusWeb domain found: expected a JSON file with \"issuesValues\", or "
                      "profiles with an embedded \"domain\"");
        return;
    }
    json_t *dom = at_path(c->dom_file->root, &c->dom_at);
    if (!json_is_object(dom)) {
        acc__gw_error(c, c->dom_file, &c->dom_at,
                      "the domain must be an object {\"name\", \"issuesValues\"}, found %s",
                      acc__gw_kind_name(dom));
        return;
    }
    acc__gw_check_keys(c, c->dom_file, c->dom_at, dom, (const char *const[]){"name", "issuesValues", NULL},
                       "the domain");
    c->domain = json_object_get(dom, "issuesValues");
    acc__gw_path at = acc__gw_plus(c->dom_at, "issuesValues");
    if (!json_is_object(c->domain) || json_object_size(c->domain) == 0)
        acc__gw_error(c, c->dom_file, &at,
                      "issuesValues must be an object with at least one issue {issue: {\"values\": "
                      "[...]} or {\"range\": {...}}}");
}

/* The first issue on which two issuesValues differ, and how. */
static const char *first_difference(json_t *mine, json_t *theirs, const char **how)
{
    const char *key;
    json_t *v;
    json_object_foreach(mine, key, v)
    {
        json_t *w = json_object_get(theirs, key);
        if (!w || !json_equal(v, w)) {
            *how = w ? "has other values" : "is missing";
            return key;
        }
    }
    json_object_foreach(theirs, key, v)
    {
        if (!json_object_get(mine, key)) {
            *how = "is not in it";
            return key;
        }
    }
    *how = "differs";
    return "";
}

/* Does every profile that embeds a domain embed this one?  A profile made
 * for another domain would be read against the wrong issues. */
static void check_embedded(acc__gw_ctx *c)
{
    for (size_t i = 0; i < c->n_files; i++) {
        const acc__gw_file *f = &c->files[i];
        json_t *dom = f->kind == ACC_GW_PROFILE
                          ? json_object_get(json_object_get(f->root, ACC_GW_LAUS), "domain")
                          : NULL;
        json_t *iv = json_object_get(dom, "issuesValues");
        if (!dom || f == c->dom_file || json_equal(iv, c->domain))
            continue;
        acc__gw_path at = acc__gw_path3(ACC_GW_LAUS, "domain", json_is_object(iv) ? "issuesValues" : NULL);
        if (!json_is_object(iv)) {
            acc__gw_error(c, f, &at, "the embedded domain needs issuesValues, an object {issue: values}");
            continue;
        }
        const char *how, *name = first_difference(c->domain, iv, &how);
        at = acc__gw_plus(at, name);
        acc__gw_error(c, f, &at, "the embedded domain differs from the domain in %s: issue \"%s\" %s",
                      c->dom_file->path, name, how);
    }
}

/* A discrete issue's values: text, at least one, none twice. */
static void read_values(acc__gw_ctx *c, acc__gw_issue *gi, json_t *values, acc__gw_path at)
{
    if (!json_is_array(values) || json_array_size(values) == 0) {
        acc__gw_error(c, c->dom_file, &at,
                      "the values of issue \"%s\" must be a list of at least one text, found %s", gi->name,
                      json_is_array(values) ? "an empty list" : acc__gw_kind_name(values));
        return;
    }
    gi->values = values;
    gi->count = json_array_size(values);
    gi->index = json_object();
    if (!gi->index) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    for (size_t k = 0; k < gi->count; k++) {
        json_t *v = json_array_get(values, k);
        if (!json_is_string(v)) {
            acc__gw_error(c, c->dom_file, &at, "value %zu of issue \"%s\" must be text, found %s", k + 1,
                          gi->name, acc__gw_kind_name(v));
            continue;
        }
        if (json_object_get(gi->index, json_string_value(v))) {
            acc__gw_error(c, c->dom_file, &at, "issue \"%s\" lists the value \"%s\" twice", gi->name,
                          json_string_value(v));
            continue;
        }
        if (json_object_set_new(gi->index, json_string_value(v), json_integer((json_int_t)k)))
            acc__gw_fail(c, ACCORD_E_NOMEM);
    }
}

/* A range's bound: {"low", "high", "step"} (the list [low, high, step] of
 * GeniusWeb's 2019 wiki is read too). */
static bool range_number(acc__gw_ctx *c, const acc__gw_issue *gi, json_t *range, size_t k, acc__gw_path at,
                         accord_rational *q)
{
    static const char *const names[] = {"low", "high", "step"};
    json_t *v = json_is_array(range) ? json_array_get(range, k) : json_object_get(range, names[k]);
    double d;
    if (json_is_object(range))
        at = acc__gw_plus(at, names[k]);
    if (!v || !acc__gw_number(v, &d, q)) {
        acc__gw_error(c, c->dom_file, &at, "the range of issue \"%s\" needs %s, a number%s%s", gi->name,
                      names[k], v ? ", found " : "", v ? acc__gw_kind_name(v) : "");
        return false;
    }
    if (q->den <= 0) {
        acc__gw_error(c, c->dom_file, &at,
                      "%s %g of the range of issue \"%s\" is not a decimal accord can hold exactly (at "
                      "most 18 significant digits)",
                      names[k], d, gi->name);
        return false;
    }
    return true;
}

/* A number issue: low, low + step, ... <= high (tudelft Range.get/size). */
static void read_range(acc__gw_ctx *c, acc__gw_issue *gi, json_t *range, acc__gw_path at)
{
    if (!(json_is_object(range) || (json_is_array(range) && json_array_size(range) == 3))) {
        acc__gw_error(c, c->dom_file, &at,
                      "the range of issue \"%s\" must be {\"low\", \"high\", \"step\"}, found %s", gi->name,
                      acc__gw_kind_name(range));
        return;
    }
    if (json_is_object(range))
        acc__gw_check_keys(c, c->dom_file, at, range, (const char *const[]){"low", "high", "step", NULL},
                           "a range");
    if (!range_number(c, gi, range, 0, at, &gi->low) || !range_number(c, gi, range, 1, at, &gi->high) ||
        !range_number(c, gi, range, 2, at, &gi->step))
        return;
    if (gi->step.num <= 0) {
        acc__gw_error(c, c->dom_file, &at, "the step of issue \"%s\" must be positive", gi->name);
        return;
    }
    if (acc__rational_cmp(gi->low, gi->high) > 0) {
        acc__gw_error(c, c->dom_file, &at, "the range of issue \"%s\" is empty: low %g is above high %g",
                      gi->name, acc__rational_double(gi->low), acc__rational_double(gi->high));
        return;
    }
    gi->whole = gi->low.den == 1 && gi->step.den == 1 &&
                fabs(acc__rational_double(gi->low)) <= GW_MAX_WHOLE &&
                fabs(acc__rational_double(gi->high)) <= GW_MAX_WHOLE;
    size_t limit = gi->whole ? ACC_MAX_TOTAL_OPTIONS : GW_MAX_LISTED;
    accord_rational spans = acc__rational_div(acc__rational_sub(gi->high, gi->low), gi->step);
    if (spans.den <= 0 || acc__rational_floor(spans) >= (int64_t)limit) {
        acc__gw_error(c, c->dom_file, &at,
                      "the range of issue \"%s\" has more than %zu values; accord takes at most %zu%s",
                      gi->name, limit, limit,
                      gi->whole ? "" : " from a range whose low or step is not a whole number");
        return;
    }
    gi->count = (size_t)acc__rational_floor(spans) + 1;
}

static void read_issues(acc__gw_ctx *c)
{
    size_t n = json_object_size(c->domain);
    c->issues = acc__calloc(n, sizeof *c->issues);
    c->issue_names = acc__calloc(n, sizeof *c->issue_names);
    if (!c->issues || !c->issue_names) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    const char *key;
    json_t *vs;
    json_object_foreach(c->domain, key, vs)
    {
        acc__gw_issue *gi = &c->issues[c->n_issues];
        if (acc__hashset_add_str(&c->issue_index, key, c->n_issues, NULL)) {
            acc__gw_fail(c, ACCORD_E_NOMEM);
            return;
        }
        c->issue_names[c->n_issues++] = gi->name = key;
        acc__gw_path at = issue_at(c, key);
        json_t *values = json_object_get(vs, "values"), *range = json_object_get(vs, "range");
        if (!*key)
            acc__gw_error(c, c->dom_file, &at, "an issue has an empty name");
        else if (!json_is_object(vs) || json_object_size(vs) != 1 || !(values || range))
            acc__gw_error(c, c->dom_file, &at,
                          "issue \"%s\" must be {\"values\": [...]} (discrete) or {\"range\": {\"low\", "
                          "\"high\", \"step\"}} (numbers)",
                          key);
        else if (values)
            read_values(c, gi, values, acc__gw_plus(at, "values"));
        else
            read_range(c, gi, range, acc__gw_plus(at, "range"));
    }
}

/* The exact decimal text of q, whose denominator has no prime factors but
 * 2 and 5 (a sum of decimals); false when it does not fit. */
static bool decimal_text(accord_rational q, char *buf, size_t cap)
{
    __extension__ typedef unsigned __int128 u128;
    u128 num = q.num < 0 ? (u128)(-(q.num + 1)) + 1 : (u128)q.num, den = (u128)q.den;
    int n = snprintf(buf, cap, "%s%llu", q.num < 0 ? "-" : "", (unsigned long long)(num / den));
    if (n < 0 || (size_t)n >= cap)
        return false;
    u128 r = num % den;
    if (r && (size_t)n + 1 < cap)
        buf[n++] = '.';
    for (; r && (size_t)n + 1 < cap; n++) {
        r *= 10;
        buf[n] = (char)('0' + (int)(r / den));
        r %= den;
    }
    buf[n] = '\0';
    return r == 0;
}

/* The value of option k of a range issue, exactly. */
accord_rational acc__gw_range_value(const acc__gw_issue *gi, size_t k)
{
    return acc__rational_add(gi->low, acc__rational_mul(gi->step, (accord_rational){(int64_t)k, 1}));
}

static void build_issue(acc__gw_ctx *c, const acc__gw_issue *gi, accord_issue *is)
{
    acc__arena *A = acc__model_arena(c->m);
    is->id = is->name = acc__arena_strdup(A, gi->name);
    if (!is->id) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    if (gi->whole) {
        is->kind = ACCORD_ISSUE_INTEGER;
        is->min = gi->low.num;
        is->step = gi->step.num;
        is->max = is->min + (int64_t)(gi->count - 1) * is->step;
        is->n_options = gi->count;
        return;
    }
    is->kind = ACCORD_ISSUE_DISCRETE;
    is->n_options = gi->count;
    is->options = acc__arena_calloc(A, gi->count, sizeof *is->options);
    if (!is->options) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    for (size_t k = 0; k < gi->count; k++) {
        char buf[64];
        const char *text = buf;
        if (gi->values)
            text = json_string_value(json_array_get(gi->values, k));
        else if (!decimal_text(acc__gw_range_value(gi, k), buf, sizeof buf))
            snprintf(buf, sizeof buf, "%.17g", acc__rational_double(acc__gw_range_value(gi, k)));
        is->options[k].id = is->options[k].label = acc__arena_strdup(A, text);
        if (!is->options[k].id) {
            acc__gw_fail(c, ACCORD_E_NOMEM);
            return;
        }
    }
}

/* ---- the model ---- */

static void build_model(acc__gw_ctx *c)
{
    accord_status r = acc__model_new(c->where, &c->m);
    if (r) {
        acc__gw_fail(c, r);
        return;
    }
    accord_model *m = c->m;
    acc__arena *A = acc__model_arena(m);
    m->title = acc__arena_printf(A, "GeniusWeb scenario %s", c->where);
    m->note = MODEL_NOTE;
    m->sources = acc__arena_calloc(A, 1, sizeof *m->sources);
    m->parties = acc__arena_calloc(A, c->n_profiles, sizeof *m->parties);
    accord_agreement *ag = acc__arena_alloc(A, sizeof *ag);
    if (!m->title || !m->sources || !m->parties || !ag) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    m->n_sources = 1;
    m->sources[0].id = ACC_GW_SOURCE;
    m->sources[0].title = m->path;
    m->sources[0].note = "GeniusWeb scenario files imported with accord import geniusweb";
    m->agreement = ag;
    ag->n_issues = c->n_issues;
    ag->issues = acc__arena_calloc(A, c->n_issues, sizeof *ag->issues);
    ag->preferences = acc__arena_calloc(A, c->n_profiles, sizeof *ag->preferences);
    if (!ag->issues || !ag->preferences) {
        acc__gw_fail(c, ACCORD_E_NOMEM);
        return;
    }
    uint64_t options = 0;
    for (size_t i = 0; i < c->n_issues && c->rc != ACCORD_E_NOMEM; i++) {
        build_issue(c, &c->issues[i], &ag->issues[i]);
        options += options <= ACC_MAX_TABLE_CELLS ? ag->issues[i].n_options : 0;
    }
    if (!c->rc)
        acc__gw_fail(c, acc__table_check(c->n_profiles, c->n_issues, options, c->diag, c->where, 0, 0));
    /* every profile, so that each one's problems are reported */
    for (size_t i = 0; i < c->n_files && c->rc != ACCORD_E_NOMEM && c->rc != ACCORD_E_LIMIT; i++)
        if (c->files[i].kind == ACC_GW_PROFILE)
            acc__gw_read_profile(c, &c->files[i], m->n_parties++);
}

static void free_ctx(acc__gw_ctx *c)
{
    for (size_t i = 0; i < c->n_files; i++) {
        json_decref(c->files[i].root);
        acc__free(c->files[i].text);
        acc__free(c->files[i].path);
    }
    for (size_t i = 0; c->issues && i < c->n_issues; i++)
        json_decref(c->issues[i].index);
    acc__free(c->files);
    acc__free(c->issues);
    acc__free(c->issue_names);
    acc__hashset_free(&c->issue_index);
}

/* After the load: a note saying how many errors were not shown. */
static void note_unreported(acc__gw_ctx *c)
{
    if (c->errors <= c->max_errors)
        return;
    size_t more = c->errors - c->max_errors;
    if (acc__diag(c->diag, ACCORD_NOTE, c->where, 0, 0,
                  "%zu more error%s not shown: a load reports the first %zu (raise the limit: "
                  "accord_load_options.max_errors)",
                  more, more == 1 ? " is" : "s are", c->max_errors))
        acc__gw_fail(c, ACCORD_E_NOMEM);
}

accord_status acc__geniusweb_load(const char *path, const accord_load_options *opts, accord_model **out,
                                  accord_diagnostics *diag)
{
    *out = NULL;
    acc__gw_ctx c = {.where = path,
                     .opts = opts,
                     .diag = diag,
                     .max_errors = opts && opts->max_errors ? opts->max_errors : ACCORD_DEFAULT_MAX_ERRORS};
    /* jansson's allocator is process-wide: watched (json_alloc) only while
     * this load runs, every JSON value it makes freed before it returns,
     * and the caller's restored */
    json_malloc_t saved_malloc = NULL;
    json_free_t saved_free = NULL;
    json_get_alloc_funcs(&saved_malloc, &saved_free);
    json_set_alloc_funcs(json_alloc, acc__free);
    struct stat st;
    bool single = false;
    if (stat(path, &st) != 0) {
        io_error(&c, path, "cannot open");
    } else if (S_ISDIR(st.st_mode)) {
        list_folder(&c, path);
    } else {
        one_file(&c, path);
        single = true;
    }
    for (size_t i = 0; i < c.n_files && c.rc != ACCORD_E_NOMEM; i++) {
        read_text(&c, &c.files[i]);
        if (c.files[i].text)
            parse_file(&c, &c.files[i]);
    }
    if (!c.rc && single && c.files[0].kind != ACC_GW_PROFILE)
        acc__gw_error(&c, &c.files[0], NULL,
                      "not a GeniusWeb profile: expected an object whose only key is \"" ACC_GW_LAUS "\"");
    if (!c.rc)
        find_domain(&c);
    if (!c.rc)
        check_embedded(&c);
    if (!c.rc)
        read_issues(&c);
    if (!c.rc)
        build_model(&c);
    if (!c.rc)
        acc__gw_fail(&c, acc__model_index_build(c.m));
    if (!c.rc)
        acc__gw_fail(&c, acc__agreement_finish(c.m, diag));
    note_unreported(&c);
    free_ctx(&c);
    json_set_alloc_funcs(saved_malloc, saved_free);
    if (c.rc) {
        accord_model_free(c.m);
        return c.rc;
    }
    *out = c.m;
    return ACCORD_OK;
}

bool acc__geniusweb_folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool json = false, xml = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        json |= len > 5 && !strcmp(e->d_name + len - 5, ".json");
        xml |= len > 4 && !strcmp(e->d_name + len - 4, ".xml");
    }
    closedir(d);
    return json && !xml;
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

bool acc__geniusweb_profile(const char *data, size_t size)
{
    static const char key[] = "\"" ACC_GW_LAUS "\"";
    const char *end = data + size, *p = skip_space(data, end);
    if (p >= end || *p != '{')
        return false;
    p = skip_space(p + 1, end);
    return (size_t)(end - p) >= sizeof key - 1 && !memcmp(p, key, sizeof key - 1);
}
