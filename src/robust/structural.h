/*
 * structural.h - the conflict part of `accord robust` (library-internal):
 * the conflict's structural assumptions (irreversible options, alternative
 * orders), drawn per sample into a configuration, and the stability
 * verdicts of each distinct configuration, computed once.
 */
#ifndef ACCORD_ROBUST_STRUCTURAL_H
#define ACCORD_ROBUST_STRUCTURAL_H

#include "../model/model.h"

/* splitmix64: one stream per sample, seeded from (seed, sample index). */
static inline uint64_t acc__mix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline double acc__uniform01(uint64_t *state) { return (double)(acc__mix(state) >> 11) * 0x1.0p-53; }

typedef struct acc__conflict_part {
    const accord_model *m;
    size_t n_irr;  /* options with `irreversible:` written */
    size_t *irr;   /* their indices */
    size_t n_ord;  /* parties with alternative orders */
    size_t *ord;   /* their indices */
    size_t width;  /* bytes of a configuration: n_irr flags, then n_ord order indices (0 = base) */
    size_t n_alt;  /* alternative orders in all */
    size_t n_subjects; /* the status quo (when given) and the named states */
    size_t words;      /* of a state bitset */
    uint64_t *named;   /* per named state, the states matching it */
    size_t *alt_first;   /* per party with alternatives: index of its first alternative */
    uint32_t *alt_lv;    /* per alternative (n_alt): n_states levels */
    uint32_t *alt_nl;    /* per alternative: its number of levels */
    int threads;           /* OpenMP threads of each stability analysis; 0: the default */
} acc__conflict_part;

/* Find the conflict's structural assumptions (none when the model has no
 * conflict: width 0).  Errors: ACCORD_E_NOMEM. */
accord_status acc__conflict_part_init(const accord_model *m, acc__conflict_part *cp);
void acc__conflict_part_free(acc__conflict_part *cp);

/* Bytes the part holds once prepared (levels of the alternative orders,
 * the named states' bitsets), and per configuration analysed (the level
 * and option copies and a stability analysis's move structure), for the
 * memory estimate. */
double acc__conflict_part_bytes(const acc__conflict_part *cp);
double acc__conflict_part_analysis_bytes(const acc__conflict_part *cp);

/* Levels of the alternative orders and the named states' bitsets.
 * Errors: ACCORD_E_NOMEM. */
accord_status acc__conflict_part_prepare(acc__conflict_part *cp);

/* Draw one configuration from a sample's stream into cfg (width bytes),
 * and whether each assumption holds into holds (n_irr + n_alt bytes: the
 * irreversibilities, then each alternative order drawn or not). */
void acc__conflict_part_draw(const acc__conflict_part *cp, uint64_t *state, uint8_t *cfg,
                             uint8_t *holds);

/* The verdicts (n_subjects * ACCORD_N_CONCEPTS bytes, 0 or 1) of
 * configuration cfg (NULL: the model as written).  `max_memory` bounds the
 * stability analysis.  Errors: those of accord_stability_compute. */
accord_status acc__conflict_part_verdicts(const acc__conflict_part *cp, const uint8_t *cfg,
                                          uint64_t max_memory, uint8_t *out,
                                          accord_diagnostics *diag);

/* Whether each assumption holds (n_irr + n_alt bytes, as
 * acc__conflict_part_draw writes them) in configuration cfg.  O(width +
 * n_alt). */
void acc__conflict_part_holds(const acc__conflict_part *cp, const uint8_t *cfg, uint8_t *holds);

/* The distinct configurations of the samples, in the order of their first
 * sample: that sample's row, how many samples drew it, and its verdicts
 * (distinct x n_subjects * ACCORD_N_CONCEPTS bytes, 0 or 1). */
typedef struct acc__conflict_tally {
    size_t distinct;
    uint64_t *first;
    uint64_t *count;
    uint8_t *verdicts;
} acc__conflict_tally;

/* Free the tally's arrays and zero it (a zeroed tally is fine).  O(1). */
void acc__conflict_tally_free(acc__conflict_tally *t);

/* Bytes acc__conflict_part_run allocates for `rows`: the memo table and
 * the tally (a row, a count and the verdicts per distinct configuration
 * possible). */
double acc__conflict_part_memo_bytes(const acc__conflict_part *cp, uint64_t rows);

/* Group configs (rows x width) into distinct configurations by a hash
 * table, analyse each once (in the order of its first sample) and tally
 * them into *t (zeroed when the part has no assumption; free with
 * acc__conflict_tally_free).  O(rows * width + C * X).  Errors:
 * ACCORD_E_NOMEM and those of the stability analysis (then *t holds
 * nothing). */
accord_status acc__conflict_part_run(const acc__conflict_part *cp, const uint8_t *configs,
                                     uint64_t rows, uint64_t max_memory, acc__conflict_tally *t,
                                     accord_diagnostics *diag);

#endif
