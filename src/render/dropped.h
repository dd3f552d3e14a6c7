/*
 * dropped.h - how an analysis run "as if these red lines were dropped"
 * (accord_repair_options, accord_frontier_options, accord_robust_options:
 * ignored_red_lines) says so, the same in repair, frontier and robust.
 */
#ifndef ACCORD_RENDER_DROPPED_H
#define ACCORD_RENDER_DROPPED_H

#include "render.h"

/* before, then "B's red line 1; C's red lines 1, 3", then after, appended
 * to s when `ignored` (one flag per red line, numbered party by party)
 * flags any; nothing otherwise.  O(R). */
void acc__dropped_text(acc__str *s, const accord_model *m, const bool *ignored, const char *before,
                       const char *after);

/* [{"party": ID, "red_line": TEXT}, ...] of the red lines flagged, or NULL
 * when ignored is NULL (the member is then left out).  O(R). */
json_t *acc__dropped_json(const accord_model *m, const bool *ignored);

#endif
