/*
 * json.h - helpers shared by the renderers that build JSON with jansson.
 */
#ifndef ACCORD_REPORT_JSON_H
#define ACCORD_REPORT_JSON_H

#include "../core/internal.h"

#include <jansson.h>

/* Start a render on this thread: forget earlier failures.  jansson keeps
 * its own allocator (setting it is process-wide; json.c). */
void acc__json_init(void);

/* json_dumps through accord's allocator, failing (NULL) when any write
 * failed; free with acc__free.  (jansson 2.14's json_dumps may drop a key
 * it failed to write and still return the text.) */
char *acc__json_dumps(const json_t *j, size_t flags);

/* json_t* -> text (indent 2, key order preserved, trailing newline) in *out.
 * Consumes j (NULL means out of memory).  ACCORD_E_NOMEM, and no text, when
 * an acc__json_set or acc__json_push of this render failed: the document
 * would miss a value. */
accord_status acc__json_finish(json_t *j, char **out);
/* The same with `digits` significant digits for reals (17: lossless). */
accord_status acc__json_finish_precision(json_t *j, int digits, char **out);

/* The JSON value of option k of issue i: integer issues as numbers, discrete
 * issues as the option id. */
json_t *acc__json_option(const accord_issue *is, size_t k);

/* {"issue": option, ...} for a whole outcome. */
json_t *acc__json_terms(const accord_model *m, const uint32_t *terms);

/* x rounded to 12 significant digits, as every JSON real of accord is. */
double acc__json_round(double x);

/* [u_0, ..., u_{n-1}], each rounded with acc__json_round */
json_t *acc__json_reals(const double *v, size_t n);

/* A count (of outcomes, of rational outcomes): an integer up to 2^53, a
 * real beyond, null when unknown (negative) or beyond the doubles (an
 * infinite product of option counts, 10^400 outcomes), so that rendering it
 * never fails.  O(1). */
json_t *acc__json_count(double n);

/* ["A", "B", ...] party ids. */
json_t *acc__json_party_ids(const accord_model *m);

/*
 * Writing one document in pieces, for arrays too long to hold as jansson
 * values (a frontier of 10^5 points is 10^6 values: building, printing and
 * freeing them took seconds).  Every value is still printed by jansson; the
 * pieces only add the layout acc__json_finish uses (indent 2), so the text
 * is the same as if the whole document had been one json_t.  Depth counts
 * the enclosing arrays and objects.
 */
#define ACC_JSON_FLAGS(digits) (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(digits))

/* A line break and the indentation of `depth`. */
void acc__json_newline(acc__str *s, int depth);

/* Append v (consumed; NULL means out of memory) as printed at `depth` with
 * `digits` significant digits for reals.  False when out of memory. */
bool acc__json_append(acc__str *s, json_t *v, int depth, int digits);

/* Open member `key` of an object at `depth` (its first member when
 * `first`): the comma, the line break, the quoted key and ": ". */
bool acc__json_member(acc__str *s, bool first, int depth, const char *key);

/* Append a JSON document printed at depth 0 (indent 2, as acc__json_finish
 * prints it; a trailing newline is dropped) as a value at `depth`: the same
 * text jansson would print for it there.  False when out of memory. */
bool acc__json_embed(acc__str *s, const char *doc, int depth);

/* json_object_set_new / json_array_append_new that record failure (for
 * acc__json_finish): false when out of memory. */
bool acc__json_set(json_t *obj, const char *key, json_t *value);
bool acc__json_push(json_t *arr, json_t *value);

#endif
