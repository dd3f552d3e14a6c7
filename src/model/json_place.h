/*
 * json_place.h - where a value sits in JSON text, for messages.
 *
 * jansson gives the line and column of a syntax error but not of the values
 * it returns; a reader that finds a value wrong asks here for its place by
 * the keys that lead to it from the root.
 */
#ifndef ACCORD_JSON_PLACE_H
#define ACCORD_JSON_PLACE_H

#include "../core/internal.h"

/*
 * The line and column (1-based; the column counts characters, as jansson's
 * do) of the value reached from the root of `text` (well-formed JSON, as
 * jansson accepted it) through the object keys keys[0], keys[1], ... up to
 * a NULL.  A key that is not found (or a value that is not an object) stops
 * the walk: the place is that of the deepest value reached, the root's when
 * none.  With `at_key`, the place of the last key itself (its opening
 * quote) when it is found, for messages about a key rather than its value.
 * {0, 0} when text is NULL.  O(len).
 */
accord_loc acc__json_place(const char *text, size_t len, const char *const *keys, bool at_key);

#endif
