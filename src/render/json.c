/* json.c - jansson helpers shared by every JSON renderer. */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A member or element this thread failed to add since its render began
 * (acc__json_init): the document would be incomplete. */
static _Thread_local bool lost_value;

/* jansson keeps its own allocator (the host program's, if it set one):
 * json_set_alloc_funcs is process-wide, and a library that changed it would
 * change every other user of jansson in the process.  Texts are written
 * through json_dump_callback into an acc__str (accord's allocator), which
 * remembers a failed append: jansson 2.14's json_dumps can drop a key whose
 * write failed and still return a document. */
static int dump_piece(const char *buf, size_t size, void *data)
{
    acc__str *s = data;
    acc__str_append(s, buf, size);
    return s->failed ? -1 : 0;
}

char *acc__json_dumps(const json_t *j, size_t flags)
{
    acc__str s = {0};
    if (!j || json_dump_callback(j, dump_piece, &s, flags) != 0 || s.failed) {
        acc__str_free(&s);
        return NULL;
    }
    return acc__str_take(&s);
}

void acc__json_init(void) { lost_value = false; }

accord_status acc__json_finish(json_t *j, char **out) { return acc__json_finish_precision(j, 15, out); }

accord_status acc__json_finish_precision(json_t *j, int digits, char **out)
{
    *out = NULL;
    bool lost = lost_value;
    lost_value = false;
    if (!j || lost) {
        json_decref(j);
        return ACCORD_E_NOMEM;
    }
    char *text = acc__json_dumps(j, ACC_JSON_FLAGS(digits));
    json_decref(j);
    if (!text)
        return ACCORD_E_NOMEM;
    acc__str s = {0};
    acc__str_puts(&s, text);
    acc__str_puts(&s, "\n");
    acc__free(text);
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

void acc__json_newline(acc__str *s, int depth)
{
    static const char spaces[] = "                                ";
    acc__str_append(s, "\n", 1);
    for (size_t n = 2 * (size_t)(depth > 0 ? depth : 0); n > 0;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        acc__str_append(s, spaces, k);
        n -= k;
    }
}

bool acc__json_append(acc__str *s, json_t *v, int depth, int digits)
{
    if (!v || lost_value) { /* a value missing a member is not written */
        lost_value = false;
        json_decref(v);
        return false;
    }
    char *text = acc__json_dumps(v, ACC_JSON_FLAGS(digits) | JSON_ENCODE_ANY);
    json_decref(v);
    if (!text)
        return false;
    /* jansson escapes line breaks inside strings: every one here is layout */
    const char *a = text;
    for (const char *nl; (nl = strchr(a, '\n')); a = nl + 1) {
        acc__str_append(s, a, (size_t)(nl - a));
        acc__json_newline(s, depth);
    }
    acc__str_puts(s, a);
    acc__free(text);
    return !s->failed;
}

bool acc__json_member(acc__str *s, bool first, int depth, const char *key)
{
    if (!first)
        acc__str_puts(s, ",");
    acc__json_newline(s, depth);
    if (!acc__json_append(s, json_string(key), depth, 15))
        return false;
    acc__str_puts(s, ": ");
    return !s->failed;
}

json_t *acc__json_option(const accord_issue *is, size_t k)
{
    if (is->kind == ACCORD_ISSUE_INTEGER)
        return json_integer((json_int_t)accord_issue_option_value(is, k));
    return json_string(is->options[k].id);
}

bool acc__json_set(json_t *obj, const char *key, json_t *value)
{
    if (!obj || !value || json_object_set_new(obj, key, value) != 0) {
        if (!obj || !value)
            json_decref(value); /* json_object_set_new consumed it otherwise */
        lost_value = true;
        return false;
    }
    return true;
}

bool acc__json_push(json_t *arr, json_t *value)
{
    if (!arr || !value || json_array_append_new(arr, value) != 0) {
        if (!arr || !value)
            json_decref(value);
        lost_value = true;
        return false;
    }
    return true;
}

json_t *acc__json_terms(const accord_model *m, const uint32_t *terms)
{
    json_t *o = json_object();
    const accord_agreement *ag = m->agreement;
    for (size_t i = 0; o && i < ag->n_issues; i++)
        if (!acc__json_set(o, ag->issues[i].id, acc__json_option(&ag->issues[i], terms[i]))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

double acc__json_round(double x)
{
    /* 12 significant digits: outputs do not depend on summation-order noise
     * in the last bits */
    if (x != 0 && isfinite(x)) {
        double scale = pow(10, 12 - ceil(log10(fabs(x))));
        x = nearbyint(x * scale) / scale;
    }
    return x;
}

json_t *acc__json_count(double n)
{
    if (!(n >= 0) || isinf(n))
        return json_null();
    if (n < 9007199254740992.0)
        return json_integer((json_int_t)n);
    return json_real(n);
}

json_t *acc__json_reals(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        if (!acc__json_push(a, json_real(acc__json_round(v[i])))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *acc__json_party_ids(const accord_model *m)
{
    json_t *a = json_array();
    for (size_t p = 0; a && p < m->n_parties; p++)
        if (!acc__json_push(a, json_string(m->parties[p].id))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

bool acc__json_embed(acc__str *s, const char *doc, int depth)
{
    size_t n = strlen(doc);
    while (n && doc[n - 1] == '\n')
        n--;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(doc + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (doc + i)) : n - i;
        acc__str_append(s, doc + i, len);
        i += len;
        if (nl) {
            acc__json_newline(s, depth);
            i++;
        }
    }
    return !s->failed;
}
