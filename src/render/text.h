/*
 * text.h - small text helpers every renderer shares, so that a number reads
 * the same in every output.
 */
#ifndef ACCORD_RENDER_TEXT_H
#define ACCORD_RENDER_TEXT_H

#include "../core/internal.h"

/* A count for people: thousands separators below 10^15 ("35,271,936"),
 * beyond that three significant digits and the power of ten ("1e+80 (about
 * 10^80)"), an infinite one (beyond the doubles, such as 10^400 outcomes)
 * as "more than 10^308"; a negative count (unknown) as "?".  O(1). */
void acc__fmt_count(acc__str *s, double n);

/* The same into buf (size bytes); returns buf. */
const char *acc__count_text(double n, char *buf, size_t size);

/* The ANSI styles of text output: the codes when colour is on, "" else. */
typedef struct acc__style {
    const char *bold, *dim, *red, *green, *reset;
} acc__style;

acc__style acc__style_of(const accord_render_options *opts);

#endif
