/*
 * render.h - the renderers' JSON builders, shared within src/render/ so
 * that a composed document (the full analysis) takes each part's value
 * without printing and parsing it again.  Each returns a new json_t
 * (NULL when out of memory) and records failures for acc__json_finish.
 */
#ifndef ACCORD_RENDER_INTERNAL_H
#define ACCORD_RENDER_INTERNAL_H

#include "json.h"

json_t *acc__evaluation_json(const accord_model *m, const accord_evaluation *e);
json_t *acc__repair_json(const accord_model *m, const accord_repair_result *r);
json_t *acc__robust_json(const accord_model *m, const accord_robust *r);
json_t *acc__summary_json(const accord_model *m);
/* The frontier's document without its point lists (their sizes instead):
 * parties, outcomes, solutions, zopa, ideal, frontier_points,
 * rational_frontier_points. */
json_t *acc__frontier_summary_json(const accord_model *m, const accord_frontier *f);

#endif
