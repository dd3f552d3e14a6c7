/*
 * text.h - small text helpers every renderer shares, so that a number reads
 * the same in every output.
 */
#ifndef ACCORD_RENDER_TEXT_H
#define ACCORD_RENDER_TEXT_H

#include "../core/internal.h"

/* A count for people (acc__count_text, core/internal.h) appended to s. */
void acc__fmt_count(acc__str *s, double n);

/* The ANSI styles of text output: the codes when colour is on, "" else. */
typedef struct acc__style {
    const char *bold, *dim, *red, *green, *reset;
} acc__style;

acc__style acc__style_of(const accord_render_options *opts);

/* The width text is wrapped at: opts->width, or ACCORD_DEFAULT_WIDTH; at
 * least 40.  O(1). */
size_t acc__width_of(const accord_render_options *opts);

/* Append `text` word-wrapped at `width` columns: the text continues the
 * current line, which is at column `col`; every further line starts with
 * `indent` spaces.  Columns count UTF-8 characters, and ANSI colour codes
 * count none; a word longer than a line stays whole, and text in double
 * quotes or in brackets is one word.  Ends with a newline.
 * O(|text|). */
void acc__wrap(acc__str *s, const char *text, size_t col, size_t indent, size_t width);

/* The text of s as *out, every line longer than the width wrapped under its
 * own indentation (two spaces further), except a line indented by half the
 * width or more (a table's cell); s is consumed.  Errors:
 * ACCORD_E_NOMEM (s failed, or wrapping ran out).  O(|s|). */
accord_status acc__text_finish(acc__str *s, const accord_render_options *opts, char **out);

/* The column the end of s is at (characters since its last newline, ANSI
 * codes not counted).  O(line). */
size_t acc__column(const acc__str *s);

#endif
