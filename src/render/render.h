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

/* The answered claims (claims.c): the JSON array, the text section
 * (wrapped at `width` columns), and the name of a claim kind. */
json_t *acc__claims_json(const accord_analysis *a);
void acc__claims_text(acc__str *s, const accord_analysis *a, const char *bold, const char *reset, size_t width);
const char *acc__claim_kind_name(accord_claim_kind k);

#endif
