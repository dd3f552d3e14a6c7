/* strbuf.c - a growable NUL-terminated string that remembers allocation failure. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void acc__str_append(acc__str *s, const char *text, size_t len)
{
    if (s->failed)
        return;
    if (acc__grow((void **)&s->data, &s->cap, s->len + len + 1, 1) != ACCORD_OK) {
        s->failed = 1;
        return;
    }
    memcpy(s->data + s->len, text, len);
    s->len += len;
    s->data[s->len] = '\0';
    if (s->sink && s->len >= ACC_STR_FLUSH)
        acc__str_flush(s);
}

void acc__str_flush(acc__str *s)
{
    if (!s->sink || s->failed || s->len == 0)
        return;
    if (s->sink(s->sink_ctx, s->data, s->len) != 0)
        s->failed = 1;
    acc__str_clear(s);
}

void acc__str_puts(acc__str *s, const char *text) { acc__str_append(s, text, strlen(text)); }

void acc__str_vprintf(acc__str *s, const char *fmt, va_list ap)
{
    if (s->failed)
        return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        s->failed = 1;
        return;
    }
    if (acc__grow((void **)&s->data, &s->cap, s->len + (size_t)n + 1, 1) != ACCORD_OK) {
        s->failed = 1;
        return;
    }
    vsnprintf(s->data + s->len, (size_t)n + 1, fmt, ap);
    s->len += (size_t)n;
    if (s->sink && s->len >= ACC_STR_FLUSH)
        acc__str_flush(s);
}

void acc__str_printf(acc__str *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    acc__str_vprintf(s, fmt, ap);
    va_end(ap);
}

char *acc__str_take(acc__str *s)
{
    if (s->failed) {
        acc__str_free(s);
        return NULL;
    }
    if (!s->data)
        acc__str_append(s, "", 0);
    char *p = s->failed ? NULL : s->data;
    s->data = NULL;
    s->len = s->cap = 0;
    s->failed = 0;
    return p;
}

void acc__str_free(acc__str *s)
{
    acc__free(s->data);
    s->data = NULL;
    s->len = s->cap = 0;
    s->failed = 0;
}

void acc__str_clear(acc__str *s)
{
    s->len = 0;
    if (s->data)
        s->data[0] = '\0';
}

const char *acc__str_text(const acc__str *t, int *failed)
{
    if (t->failed)
        *failed = 1;
    return !t->failed && t->data ? t->data : "";
}

const char *acc__count_text(double n, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (!(n >= 0)) {
        snprintf(buf, size, "?");
    } else if (isinf(n)) { /* a product of option counts beyond the doubles */
        snprintf(buf, size, "more than 10^308");
    } else if (n >= 1e15) {
        snprintf(buf, size, "%.3g (about 10^%d)", n, (int)floor(log10(n)));
    } else {
        char digits[32];
        int len = snprintf(digits, sizeof digits, "%.0f", n);
        size_t o = 0;
        for (int i = 0; i < len && o + 2 < size; i++) {
            if (i && (len - i) % 3 == 0)
                buf[o++] = ',';
            buf[o++] = digits[i];
        }
        buf[o] = '\0';
    }
    return buf;
}
