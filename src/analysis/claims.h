/*
 * claims.h - what the claim answerers share (claims.c: the agreement's
 * questions; claims_conflict.c: the conflict's): the answer being built,
 * its strings in the analysis's arena.
 */
#ifndef ACCORD_CLAIMS_INTERNAL_H
#define ACCORD_CLAIMS_INTERNAL_H

#include "../core/internal.h"
#include "../model/model.h"

/* Conflict variants (a changed preference order, a one-way option, frozen
 * sanctions) are analysed again in full: above this many states they are
 * left out, with a note. */
#define ACC_CLAIM_MAX_VARIANT_STATES ((size_t)1 << 16)

typedef struct acc__claim_ctx {
    const accord_model *m;
    const accord_analysis *a;
    acc__arena *A;
    accord_claim_answer *out;
    size_t cap_depends, cap_flips;
    acc__str answer; /* the answer's sentences, taken at the end */
    bool nomem;
} acc__claim_ctx;

/* The text of a scratch string ("" and c->nomem when building it ran out
 * of memory). */
static inline const char *acc__claim_text(acc__claim_ctx *c, const acc__str *t)
{
    int failed = 0;
    const char *r = acc__str_text(t, &failed);
    if (failed)
        c->nomem = true;
    return r;
}

/* Append a dependency / a flip (strings copied into the arena; NULL kept). */
void acc__claim_depends(acc__claim_ctx *c, const char *what, const char *value, const char *source,
                        const char *assumption);
void acc__claim_flip(acc__claim_ctx *c, const char *kind, const char *change, const char *effect);
/* A string in the analysis's arena (NULL and c->nomem on failure). */
const char *acc__claim_printf(acc__claim_ctx *c, const char *fmt, ...) ACC_PRINTF(2, 3);
void acc__claim_verdict(acc__claim_ctx *c, const char *verdict);

/* The conflict's questions (claims_conflict.c).  ACCORD_OK, ACCORD_E_NOMEM,
 * or ACCORD_E_LIMIT when the state space is too large for the variants
 * (c->out->note says so). */
accord_status acc__claim_state(acc__claim_ctx *c);
accord_status acc__claim_sanctions_conflict(acc__claim_ctx *c);

/* Answer every claim of the model from the analysis into a->claims (strings
 * in a->store_); free with acc__analysis_claims_free.  Errors:
 * ACCORD_E_NOMEM (a claim that cannot be answered keeps its status and
 * note).  Time: the conflict's variants dominate: O(V * stability) for V
 * variants (2 per option, 2 per priority statement, 2^k per sanctions rank). */
accord_status acc__analysis_claims(const accord_model *m, accord_analysis *a);
void acc__analysis_claims_free(accord_analysis *a);

#endif
