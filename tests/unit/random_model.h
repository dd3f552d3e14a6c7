/*
 * random_model.h - seeded random agreement models for property tests: a few
 * parties and issues, random weights, values, reservations, red lines and
 * proposals, written as YAML so that the loader is exercised too.
 */
#ifndef ACCORD_TEST_RANDOM_MODEL_H
#define ACCORD_TEST_RANDOM_MODEL_H

#include "support.h"

#include <stdio.h>

/* Writes a model into buf: np parties, ni issues of 2-4 options (an integer
 * issue now and then), reservations in [lo_res, hi_res], `red` red lines per
 * party (red < 0: one with probability 1/2), `proposals` random proposals. */
static inline void random_model_yaml_red(test_rng *rng, int np, int ni, double lo_res, double hi_res,
                                         int proposals, int red, char *buf, size_t size)
{
    size_t len = 0;
#define OUT(...) len += (size_t)snprintf(buf + len, size > len ? size - len : 0, __VA_ARGS__)
    int nopt[16];
    OUT("accord: 1\nparties: [");
    for (int p = 0; p < np; p++)
        OUT("%sP%d", p ? ", " : "", p);
    OUT("]\nagreement:\n  issues:\n");
    for (int i = 0; i < ni; i++) {
        if (i == 1 && rng_below(rng, 3) == 0) {
            nopt[i] = 5;
            OUT("    - {id: i%d, range: {min: 0, max: 40, step: 10}}\n", i);
            continue;
        }
        nopt[i] = 2 + (int)rng_below(rng, 3);
        OUT("    - {id: i%d, options: [", i);
        for (int k = 0; k < nopt[i]; k++)
            OUT("%so%d", k ? ", " : "", k);
        OUT("]}\n");
    }
    OUT("  proposals:\n");
    for (int q = 0; q < proposals; q++) {
        OUT("    - {id: q%d, terms: {", q);
        for (int i = 0; i < ni; i++) {
            uint32_t k = rng_below(rng, (uint32_t)nopt[i]);
            if (nopt[i] == 5 && i == 1)
                OUT("%si%d: %u", i ? ", " : "", i, k * 10);
            else
                OUT("%si%d: o%u", i ? ", " : "", i, k);
        }
        OUT("}}\n");
    }
    OUT("  preferences:\n");
    for (int p = 0; p < np; p++) {
        OUT("    P%d:\n      reservation: %.4f\n      weights: {", p, lo_res + (hi_res - lo_res) * rng_uniform(rng));
        for (int i = 0; i < ni; i++)
            OUT("%si%d: %.4f", i ? ", " : "", i, 0.05 + rng_uniform(rng));
        OUT("}\n      values:\n");
        for (int i = 0; i < ni; i++) {
            if (nopt[i] == 5 && i == 1) {
                OUT("        i%d: {linear: [[0, %.3f], [40, %.3f]]}\n", i, rng_uniform(rng), rng_uniform(rng));
                continue;
            }
            OUT("        i%d: {", i);
            for (int k = 0; k < nopt[i]; k++)
                OUT("%so%d: %.4f", k ? ", " : "", k, rng_uniform(rng));
            OUT("}\n");
        }
        int nred = red < 0 ? (int)rng_below(rng, 2) : red;
        if (nred)
            OUT("      red_lines:\n");
        for (int r = 0; r < nred; r++) {
            int a = (int)rng_below(rng, (uint32_t)ni), b = (int)rng_below(rng, (uint32_t)ni);
            if (nopt[a] == 5 && a == 1)
                a = 0;
            if (nopt[b] == 5 && b == 1)
                b = 0;
            if (red < 0 || rng_below(rng, 2))
                OUT("        - \"i%d = o%u & i%d != o%u\"\n", a, rng_below(rng, (uint32_t)nopt[a]), b,
                    rng_below(rng, (uint32_t)nopt[b]));
            else
                OUT("        - \"i%d = o%u\"\n", a, rng_below(rng, (uint32_t)nopt[a]));
        }
    }
#undef OUT
}

static inline void random_model_yaml(test_rng *rng, int np, int ni, double lo_res, double hi_res,
                                     int proposals, char *buf, size_t size)
{
    random_model_yaml_red(rng, np, ni, lo_res, hi_res, proposals, -1, buf, size);
}

/* Advance terms to the next outcome in enumeration order; false after the last. */
static inline bool next_outcome(const accord_model *m, uint32_t *t)
{
    size_t i = m->agreement->n_issues;
    while (i > 0 && ++t[i - 1] == m->agreement->issues[i - 1].n_options)
        t[--i] = 0;
    return i != 0;
}

static inline bool rational(const accord_model *m, const uint32_t *t)
{
    for (size_t p = 0; p < m->n_parties; p++)
        if (!accord_acceptable(m, p, t))
            return false;
    return true;
}

#endif
