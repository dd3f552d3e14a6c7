/*
 * agreement.h - helpers shared by the agreement renderers (text and JSON):
 * evaluation.c, repair.c, frontier.c.
 */
#ifndef ACCORD_RENDER_AGREEMENT_H
#define ACCORD_RENDER_AGREEMENT_H

#include "json.h"
#include "../agreement/agreement.h"

/* "issue=option, issue=option, ..." with option ids (values for integers),
 * wrapped at `width` columns with `indent` spaces on continuation lines. */
void acc__ag_terms_line(acc__str *s, const accord_model *m, const uint32_t *terms, size_t indent,
                        size_t width);

/* Append `text` padded with spaces (or cut with "...") to exactly `width`
 * characters (counting UTF-8 characters, not bytes). */
void acc__ag_pad(acc__str *s, const char *text, size_t width);



#endif
