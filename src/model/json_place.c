/* json_place.c - the line and column of a value in JSON text (json_place.h). */
#include "json_place.h"

#include <jansson.h>
#include <string.h>

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* p at the opening quote: just past the closing one. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return end;
}

/* Past one value.  The text is well-formed, so a value is skipped by
 * counting brackets outside strings; no recursion, whatever the depth. */
static const char *skip_value(const char *p, const char *end)
{
    long depth = 0;
    do {
        p = skip_ws(p, end);
        if (p >= end)
            return end;
        switch (*p) {
        case '"':
            p = skip_string(p, end);
            break;
        case '{':
        case '[':
            depth++;
            p++;
            break;
        case '}':
        case ']':
            depth--;
            p++;
            break;
        case ',':
        case ':':
            p++;
            break;
        default: /* a number, true, false or null: at least one character */
            do
                p++;
            while (p < end && *p && !strchr(",:]} \t\r\n", *p));
        }
    } while (depth > 0);
    return p;
}

/* Is the quoted string at [q, e) (quotes included) the key `key`?  Text
 * without escapes is compared as it is; text with escapes is decoded by
 * jansson (no match when that fails). */
static bool key_is(const char *q, const char *e, const char *key)
{
    size_t n = (size_t)(e - q) - 2;
    if (!memchr(q + 1, '\\', n))
        return strlen(key) == n && memcmp(q + 1, key, n) == 0;
    json_t *s = json_loadb(q, (size_t)(e - q), JSON_DECODE_ANY, NULL);
    bool same = json_is_string(s) && strcmp(json_string_value(s), key) == 0;
    json_decref(s);
    return same;
}

/* p at an object's '{': the start of member `key`'s value, or NULL; *at
 * is the key's opening quote. */
static const char *member(const char *p, const char *end, const char *key, const char **at)
{
    p = skip_ws(p + 1, end);
    while (p < end && *p == '"') {
        const char *q = p;
        p = skip_string(p, end);
        bool hit = key_is(q, p, key);
        p = skip_ws(p, end);
        if (p >= end || *p != ':')
            return NULL;
        p = skip_ws(p + 1, end);
        if (hit) {
            *at = q;
            return p;
        }
        p = skip_ws(skip_value(p, end), end);
        if (p < end && *p == ',')
            p = skip_ws(p + 1, end);
    }
    return NULL;
}

accord_loc acc__json_place(const char *text, size_t len, const char *const *keys, bool at_key)
{
    if (!text)
        return (accord_loc){0, 0};
    const char *end = text + len;
    const char *at = skip_ws(text, end), *key = NULL;
    for (; *keys && at < end && *at == '{'; keys++) {
        const char *v = member(at, end, *keys, &key);
        if (!v)
            break;
        at = v;
    }
    if (at_key && !*keys && key)
        at = key;
    accord_loc loc = {1, 1};
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            loc.line++;
            loc.col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) { /* not a UTF-8 continuation byte */
            loc.col++;
        }
    }
    return loc;
}
