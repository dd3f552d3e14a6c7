/*
 * genius_nonlinear.h - GENIUS's non-linear profiles (NonlinearUtilitySpace,
 * ANAC 2014) while genius.c parses a profile: the functions, hyper-rectangles
 * and bounds as flat lists, then the accord_nonlinear tree in the model's
 * arena (docs/genius.md).
 */
#ifndef ACCORD_GENIUS_NONLINEAR_H
#define ACCORD_GENIUS_NONLINEAR_H

#include "model.h"

typedef struct gx_nl_fun {
    long parent;  /* -1 for a top-level function */
    size_t depth; /* 1 for a top-level function */
    accord_aggregation aggregation;
    accord_number weight;
} gx_nl_fun;

typedef struct gx_nl_rect {
    long fun;
    accord_number utility, weight;
    bool has_excludes;
} gx_nl_rect;

typedef struct gx_nl_bound {
    long rect;
    bool excludes;
    long index; /* the issue's index attribute */
    int64_t min, max;
    int line;
} gx_nl_bound;

typedef struct gx_nl {
    bool has_max;
    accord_number max_score;
    gx_nl_fun *funs;
    size_t n_funs, cap_funs;
    gx_nl_rect *rects;
    size_t n_rects, cap_rects;
    gx_nl_bound *bounds;
    size_t n_bounds, cap_bounds;
    long cur_fun, cur_rect; /* being read, or -1 */
    long skip_depth;        /* > 0 inside a top-level ufun after the first (ignored) */
    size_t max_depth;       /* deepest nesting of functions (0: the default) */
} gx_nl;

void gx_nl_init(gx_nl *nl);
void gx_nl_free(gx_nl *nl);

/*
 * An element of a non-linear profile.  Returns ACCORD_OK (also for elements
 * it does not know), ACCORD_E_NOMEM, ACCORD_E_INVALID with what is wrong
 * in err, or ACCORD_E_LIMIT (functions nested deeper than max_depth).
 */
accord_status gx_nl_start(gx_nl *nl, const char *el, const char **atts, int line, char *err,
                          size_t err_size);
void gx_nl_end(gx_nl *nl, const char *el);

/* Maps a bound's issue index attribute to the position of an integer issue
 * of the agreement, or -1 (with a message in err). */
typedef long (*gx_nl_issue_fn)(void *ctx, long index, char *err, size_t err_size);

/*
 * The tree, allocated in A.  Errors: ACCORD_E_INVALID (no <utility
 * maxutility>, no <ufun>, a bound on an unknown issue: the message and its
 * line in err / *line), ACCORD_E_NOMEM.  O(functions + rectangles + bounds).
 */
accord_status gx_nl_build(const gx_nl *nl, acc__arena *A, gx_nl_issue_fn issue, void *ctx,
                          accord_nonlinear **out, char *err, size_t err_size, int *line);

#endif
