/* text.c - small text helpers every renderer shares (text.h). */
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
