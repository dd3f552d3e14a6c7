/* render.c - helpers shared by the agreement renderers. */
#include "agreement.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Characters (not bytes) of a UTF-8 string. */
static size_t text_width(const char *t)
{
    size_t w = 0;
    for (; *t; t++)
        w += ((unsigned char)*t & 0xC0) != 0x80;
    return w;
}

/* Byte length of the first `chars` characters. */
static size_t prefix_bytes(const char *t, size_t chars)
{
    size_t b = 0, w = 0;
    while (t[b]) {
        if (((unsigned char)t[b] & 0xC0) != 0x80) {
            if (w == chars)
                break;
            w++;
        }
        b++;
    }
    return b;
}

void acc__ag_pad(acc__str *s, const char *text, size_t width)
{
    size_t w = text_width(text);
    if (w <= width) {
        acc__str_puts(s, text);
        for (; w < width; w++)
            acc__str_puts(s, " ");
        return;
    }
    size_t keep = width > 3 ? width - 3 : width;
    acc__str_append(s, text, prefix_bytes(text, keep));
    if (width > 3)
        acc__str_puts(s, "...");
}

void acc__ag_terms_line(acc__str *s, const accord_model *m, const uint32_t *terms, size_t indent,
                        size_t width)
{
    const accord_agreement *ag = m->agreement;
    size_t col = indent;
    for (size_t i = 0; i < ag->n_issues; i++) {
        char opt[256], item[600];
        snprintf(item, sizeof item, "%s=%s%s", ag->issues[i].id,
                 accord_issue_option_text(&ag->issues[i], terms[i], opt, sizeof opt),
                 i + 1 < ag->n_issues ? "," : "");
        size_t w = text_width(item);
        if (i > 0 && col + 1 + w > width) {
            acc__str_puts(s, "\n");
            for (size_t c = 0; c < indent; c++)
                acc__str_puts(s, " ");
            col = indent;
        } else if (i > 0) {
            acc__str_puts(s, " ");
            col++;
        }
        acc__str_puts(s, item);
        col += w;
    }
}
