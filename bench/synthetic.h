/*
 * synthetic.h - what the benchmarks share: CPU time, a seeded generator, and
 * synthetic additive scenarios in two families (bench_frontier.c describes
 * them; BENCHMARKS.md has the figures).  Included by one benchmark each.
 */
#ifndef ACCORD_BENCH_SYNTHETIC_H
#define ACCORD_BENCH_SYNTHETIC_H

#include "accord.h"
#include "rng.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of the process: everything measured is single-threaded, and on a
 * shared machine it is steadier than the wall clock. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}


typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap ? 2 * t->cap : 1 << 16;
        t->s = realloc(t->s, t->cap);
        if (!t->s) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
}

typedef enum family { INDEPENDENT, TRADEOFF } family;

/*
 * A synthetic additive scenario: n parties, `issues` issues of `options`
 * options.  Independent: uniform values.  Trade-off: each issue is a
 * trade-off curve whose options run from one split of a unit "pie" among
 * the parties to another (two random points of the simplex; for 2 parties
 * from all-to-the-first to all-to-the-second), each party's share bent by
 * its own concavity and perturbed by a little noise.  Reservations are
 * drawn from [reservation, reservation + 0.1].  With `write_dir`, the
 * scenario is also saved as write_dir/name.yaml.
 */
static accord_model *synthetic(family fam, size_t parties, size_t issues, size_t options,
                               uint64_t seed, double reservation, const char *write_dir,
                               const char *name)
{
    text t = {0};
    rng_state = seed;
    put(&t, "accord: 1\nparties:\n");
    for (size_t p = 0; p < parties; p++)
        put(&t, "  - {id: P%zu}\n", p);
    put(&t, "agreement:\n  issues:\n");
    for (size_t i = 0; i < issues; i++) {
        put(&t, "    - {id: i%zu, options: [", i);
        for (size_t k = 0; k < options; k++)
            put(&t, "%so%zu", k ? ", " : "", k);
        put(&t, "]}\n");
    }
    double *share = calloc(issues * options * parties, sizeof *share); /* [i][k][p] */
    double *bend = calloc(parties, sizeof *bend), *from = calloc(parties, sizeof *from),
           *to = calloc(parties, sizeof *to);
    if (!share || !bend || !from || !to) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < issues; i++) {
        double sf = 0, st = 0;
        for (size_t p = 0; p < parties; p++) {
            bend[p] = 0.5 + uniform(); /* concave below 1, convex above */
            if (parties == 2) {
                from[p] = p == 0;
                to[p] = p == 1;
            } else {
                sf += (from[p] = -log(1 - uniform()));
                st += (to[p] = -log(1 - uniform()));
            }
        }
        for (size_t p = 0; p < parties && parties > 2; p++) {
            from[p] /= sf;
            to[p] /= st;
        }
        for (size_t k = 0; k < options; k++) {
            double x = options > 1 ? (double)k / (double)(options - 1) : 0;
            for (size_t p = 0; p < parties; p++) {
                double v = (1 - x) * from[p] + x * to[p];
                share[(i * options + k) * parties + p] =
                    fam == INDEPENDENT ? uniform()
                                       : fmin(1, fmax(0, pow(v, bend[p]) + 0.02 * (uniform() - 0.5)));
            }
        }
    }
    put(&t, "  preferences:\n");
    for (size_t p = 0; p < parties; p++) {
        put(&t, "    P%zu:\n      reservation: %.3f\n      weights: {", p, reservation + 0.1 * uniform());
        for (size_t i = 0; i < issues; i++)
            put(&t, "%si%zu: %.6f", i ? ", " : "", i, 0.2 + uniform());
        put(&t, "}\n      values:\n");
        for (size_t i = 0; i < issues; i++) {
            put(&t, "        i%zu: {", i);
            for (size_t k = 0; k < options; k++)
                put(&t, "%so%zu: %.6f", k ? ", " : "", k, share[(i * options + k) * parties + p]);
            put(&t, "}\n");
        }
    }
    free(share);
    free(bend);
    free(from);
    free(to);
    if (write_dir) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.yaml", write_dir, name);
        FILE *w = fopen(path, "w");
        if (!w || fwrite(t.s, 1, t.len, w) != t.len || fclose(w)) {
            fprintf(stderr, "%s: cannot write\n", path);
            exit(1);
        }
    }
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    if (accord_model_load_buffer("synthetic.yaml", t.s, t.len, NULL, &m, &diag)) {
        for (size_t i = 0; i < diag.count; i++)
            fprintf(stderr, "%s\n", diag.items[i].message);
        exit(1);
    }
    accord_diagnostics_clear(&diag);
    free(t.s);
    return m;
}

#endif
