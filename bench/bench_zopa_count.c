/*
 * bench_zopa_count.c - the ZOPA count alone (acc__zopa_count with the
 * analysis's node budget) and the whole frontier analysis, on the models
 * given: milliseconds, best of 5 each.  Issue #16: "the ZOPA count costs
 * nothing measurable on small models".  The source builds against the
 * library before the count learnt to give up early (the count's signature
 * changed then), so the same program measures both builds:
 *
 *   ./build/bench/bench_frontier --write /tmp/bm
 *   ./build/bench/bench_zopa_count MODEL.yaml ...   (BENCHMARKS.md lists the models)
 *   cc -O2 -fopenmp -I OLD/src -I OLD/include -I OLD/build/include bench/bench_zopa_count.c \
 *      OLD/build/libaccord_static.a -lyaml -ljansson -lexpat -lm -o /tmp/zc_old
 */
#include "agreement/agreement.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

static double count_once(const accord_model *m, double *count)
{
    double t0 = now_ms();
#ifdef ACC_ZOPA_COUNT_BUDGET
    accord_status rc = acc__zopa_count(m, NULL, NULL, ACC_ZOPA_COUNT_BUDGET, count, NULL);
#else
    accord_status rc = acc__zopa_count(m, NULL, NULL, (uint64_t)1 << 20, count);
#endif
    return rc ? NAN : now_ms() - t0;
}

int main(int argc, char **argv)
{
    printf("%-44s %12s %12s %14s\n", "model", "count", "count (ms)", "analysis (ms)");
    for (int a = 1; a < argc; a++) {
        accord_model *m = NULL;
        accord_diagnostics d = {0};
        if (accord_model_load(argv[a], NULL, &m, &d)) {
            fprintf(stderr, "%s: cannot load\n", argv[a]);
            accord_diagnostics_clear(&d);
            continue;
        }
        double count = 0, best = INFINITY, whole = INFINITY;
        for (int r = 0; r < 5; r++) {
            best = fmin(best, count_once(m, &count));
            accord_frontier *f = NULL;
            accord_frontier_options o = {.max_points = (size_t)1 << 23};
            double t0 = now_ms();
            if (accord_frontier_compute(m, &o, &f, &d) == ACCORD_OK)
                whole = fmin(whole, now_ms() - t0);
            accord_frontier_free(f);
            accord_diagnostics_clear(&d);
        }
        const char *name = strrchr(argv[a], '/');
        char counted[32];
        snprintf(counted, sizeof counted, count < 0 ? "gave up" : "%.4g", count);
        printf("%-44s %12s %12.3f %14.3f\n", name ? name + 1 : argv[a], counted, best, whole);
        accord_model_free(m);
    }
    return 0;
}
