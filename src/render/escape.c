/*
 * escape.c - writing untrusted model text into HTML, SVG, DOT and JSON
 * embedded in a <script> element.
 *
 * Model files are untrusted: a name may hold "<script>", quotes, invalid
 * UTF-8 or U+2028.  Every byte sequence is either copied as valid UTF-8 or
 * replaced, so the report is always valid UTF-8 whatever the input.
 */
#include "json.h"
#include "report.h"

#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at p (at most `left` bytes), or 0 when
 * the bytes there are not valid UTF-8 (overlongs, surrogates and code
 * points above U+10FFFF included). */
static size_t utf8_len(const unsigned char *p, size_t left)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    unsigned cp = c & (0x3Fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void acc__html_escape_n(acc__str *s, const char *text, size_t n)
{
    if (!text)
        return;
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, run = 0; /* bytes [i - run, i) are copied verbatim */
    while (i < n && p[i]) {
        const char *rep = NULL;
        size_t len = 1;
        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\t':
        case '\n': break;
        default:
            if (p[i] < 0x20 || p[i] == 0x7F) {
                rep = "";
            } else if (p[i] >= 0x80) {
                len = utf8_len(p + i, n - i);
                if (!len) {
                    rep = replacement;
                    len = 1;
                }
            }
        }
        if (rep) {
            acc__str_append(s, (const char *)p + i - run, run);
            acc__str_puts(s, rep);
            run = 0;
        } else {
            run += len;
        }
        i += len;
    }
    acc__str_append(s, (const char *)p + i - run, run);
}

void acc__html_escape(acc__str *s, const char *text)
{
    if (text)
        acc__html_escape_n(s, text, strlen(text));
}

void acc__dot_escape(acc__str *s, const char *text)
{
    if (!text)
        return;
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            acc__str_append(s, "\\", 1);
            acc__str_append(s, (const char *)p + i, 1);
            i++;
        } else if (c == '\n') {
            acc__str_puts(s, "\\n");
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            i++;
        } else if (c >= 0x80) {
            size_t len = utf8_len(p + i, n - i);
            if (len)
                acc__str_append(s, (const char *)p + i, len);
            else
                acc__str_puts(s, replacement);
            i += len ? len : 1;
        } else {
            acc__str_append(s, (const char *)p + i, 1);
            i++;
        }
    }
}

bool acc__url_linkable(const char *text)
{
    if (!text)
        return false;
    static const char *const schemes[] = {"http://", "https://", "mailto:"};
    bool ok = false;
    for (size_t k = 0; k < sizeof schemes / sizeof *schemes; k++) {
        size_t l = strlen(schemes[k]);
        if (strlen(text) > l) {
            bool same = true;
            for (size_t i = 0; i < l; i++) {
                char c = text[i];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c != schemes[k][i])
                    same = false;
            }
            ok = ok || same;
        }
    }
    if (!ok)
        return false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p <= 0x20 || *p == 0x7F)
            return false;
    return true;
}

json_t *acc__json_text(const char *text)
{
    if (!text)
        return json_null();
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    bool valid = true;
    for (size_t i = 0; i < n && valid;) {
        size_t len = p[i] ? utf8_len(p + i, n - i) : 0;
        valid = len != 0;
        i += len;
    }
    if (valid)
        return json_stringn(text, n);
    acc__str s = {0};
    for (size_t i = 0; i < n;) {
        size_t len = utf8_len(p + i, n - i);
        if (len)
            acc__str_append(&s, text + i, len);
        else
            acc__str_puts(&s, replacement);
        i += len ? len : 1;
    }
    char *clean = acc__str_take(&s);
    if (!clean)
        return NULL;
    json_t *j = json_string(clean);
    acc__free(clean);
    return j;
}

accord_status acc__json_script(json_t *j, char **out)
{
    *out = NULL;
    if (!j)
        return ACCORD_E_NOMEM;
    char *text = acc__json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII |
                                   JSON_REAL_PRECISION(17));
    json_decref(j);
    if (!text)
        return ACCORD_E_NOMEM;
    /* After JSON_ENSURE_ASCII every byte is ASCII; < > & can only occur
     * inside strings, where \uXXXX means the same character. */
    acc__str s = {0};
    size_t run = 0, i = 0;
    for (; text[i]; i++) {
        const char *rep = text[i] == '<' ? "\\u003c" : text[i] == '>' ? "\\u003e"
                        : text[i] == '&' ? "\\u0026" : NULL;
        if (rep) {
            acc__str_append(&s, text + i - run, run);
            acc__str_puts(&s, rep);
            run = 0;
        } else {
            run++;
        }
    }
    acc__str_append(&s, text + i - run, run);
    acc__free(text);
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
