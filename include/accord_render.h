/*
 * accord_render.h - turning results into text for people and JSON for
 * programs.  Every analysis has a *_render function taking these options; it
 * returns a NUL-terminated buffer the caller frees with accord_free.
 */
/* Before the include guard: see the end of accord.h. */
#include "accord.h"

#ifndef ACCORD_RENDER_H
#define ACCORD_RENDER_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum accord_format {
    ACCORD_FORMAT_TEXT = 0, /* terminal text, wrapped at accord_render_options.width */
    ACCORD_FORMAT_JSON = 1  /* one JSON document, the shapes of docs/contract.md §3 */
} accord_format;

typedef struct accord_render_options {
    accord_format format;
    bool color;   /* ANSI colour in text (the CLI sets it on a terminal without NO_COLOR) */
    bool verbose; /* more detail in text */
    /* columns text is wrapped at (never cutting a name); 0 = ACCORD_DEFAULT_WIDTH
     * (the CLI passes the terminal's width) */
    size_t width;
} accord_render_options;

#define ACCORD_DEFAULT_WIDTH 100

/* The defaults; a zeroed struct means the same.  O(1). */
ACCORD_API void accord_render_options_init(accord_render_options *opts);

/*
 * A summary of a model for `accord check`: parties, issues, outcome-space
 * size, proposals, conflict options and the feasible-state count.
 * Errors: ACCORD_E_NOMEM.  O(size of the model).
 */
ACCORD_API accord_status accord_model_summary_render(const accord_model *m,
                                                     const accord_render_options *opts, char **out);

/* The provenance listing of accord_provenance_check, rendered. */
ACCORD_API accord_status accord_unsourced_render(const accord_model *m, const accord_unsourced *u,
                                                 const accord_render_options *opts, char **out);

#ifdef __cplusplus
}
#endif
#endif
