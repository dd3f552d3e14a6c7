/* text.c - small text helpers every renderer shares (text.h). */
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void acc__fmt_count(acc__str *s, double n)
{
    char buf[64];
    acc__str_puts(s, acc__count_text(n, buf, sizeof buf));
}

acc__style acc__style_of(const accord_render_options *opts)
{
    if (opts && opts->color)
        return (acc__style){"\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[0m"};
    return (acc__style){"", "", "", "", ""};
}

size_t acc__width_of(const accord_render_options *opts)
{
    size_t w = opts && opts->width ? opts->width : ACCORD_DEFAULT_WIDTH;
    return w < 40 ? 40 : w;
}

/* Columns of n bytes of text: UTF-8 characters, ANSI codes (ESC [ ... m) none. */
static size_t columns(const char *p, size_t n)
{
    size_t c = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] == '\033') {
            while (k < n && p[k] != 'm')
                k++;
            continue;
        }
        c += ((unsigned char)p[k] & 0xC0) != 0x80;
    }
    return c;
}

size_t acc__column(const acc__str *s)
{
    if (!s->data)
        return 0;
    const char *nl = strrchr(s->data, '\n');
    const char *start = nl ? nl + 1 : s->data;
    return columns(start, s->len - (size_t)(start - s->data));
}

void acc__wrap(acc__str *s, const char *text, size_t col, size_t indent, size_t width)
{
    const char *p = text ? text : "";
    bool first = true;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        /* a word ends at a space outside double quotes and brackets: a
         * quoted condition ("luhansk = russian") is never broken */
        size_t len = 0;
        bool quoted = false;
        int brackets = 0; /* "[1.000 0.815]" stays whole too */
        while (p[len] && (quoted || brackets > 0 || p[len] != ' ')) {
            if (p[len] == '"')
                quoted = !quoted;
            else if (!quoted && p[len] == '[')
                brackets++;
            else if (!quoted && p[len] == ']' && brackets > 0)
                brackets--;
            len++;
        }
        size_t w = columns(p, len);
        if (!first && col + 1 + w > width) {
            acc__str_printf(s, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            acc__str_puts(s, " ");
            col++;
        } else if (col > indent && col + 1 + w > width) {
            acc__str_printf(s, "\n%*s", (int)indent, "");
            col = indent;
        }
        acc__str_append(s, p, len);
        col += w;
        p += len;
        first = false;
    }
    acc__str_puts(s, "\n");
}

accord_status acc__text_finish(acc__str *s, const accord_render_options *opts, char **out)
{
    *out = NULL;
    if (s->failed || !s->data) {
        bool failed = s->failed;
        acc__str_free(s);
        if (failed)
            return ACCORD_E_NOMEM;
        *out = acc__strdup("");
        return *out ? ACCORD_OK : ACCORD_E_NOMEM;
    }
    size_t width = acc__width_of(opts);
    acc__str w = {0};
    for (const char *p = s->data; *p;) {
        size_t len = strcspn(p, "\n");
        bool nl = p[len] == '\n';
        size_t lead = strspn(p, " ");
        if (columns(p, len) <= width || lead >= width / 2) { /* a deep table cell stays whole */
            acc__str_append(&w, p, len + nl);
        } else { /* wrap under the line's own indentation, two further in */
            char *line = acc__strndup(p + lead, len - lead);
            if (!line)
                w.failed = 1;
            acc__str_append(&w, p, lead);
            acc__wrap(&w, line ? line : "", lead, lead + 2, width);
            acc__free(line);
            if (!nl && w.len) /* acc__wrap ended the line; the text did not */
                w.data[--w.len] = 0;
        }
        p += len + nl;
    }
    acc__str_free(s);
    *out = acc__str_take(&w);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
