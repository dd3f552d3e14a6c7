/*
 * bench_frontier.c - the exact Pareto frontier (src/agreement/frontier.c)
 * against the naive enumeration, and on outcome spaces far too large to
 * enumerate.  One run prints one table; BENCHMARKS.md records the figures.
 *
 *   cmake --build build --target bench && ./build/bench/bench_frontier [FIXTURES] [--write DIR]
 *
 * Each synthetic row also times the ZOPA count alone (part of the analysis
 * time; it gives up on zones too large to count).
 * FIXTURES defaults to tests/fixtures in the source tree (found from
 * this file's path as compiled); --write DIR also saves every synthetic
 * scenario as DIR/<name>.yaml, so the command line can be timed on it.  The
 * synthetic scenarios are seeded, so every run measures the same problems,
 * in two families:
 *  - independent: every party values every option uniformly at random in
 *    [0, 1], with random weights (how random preference profiles are
 *    usually drawn in automated-negotiation test beds);
 *  - trade-off: each issue's options lie on a trade-off curve between the
 *    parties (what one gains another gives up, with noise).  Almost every
 *    combination is then a compromise nobody can improve on for free, so
 *    the exact frontiers are far larger: the hard case.
 */
#include "agreement/agreement.h"
#include "synthetic.h"

/* Best of `reps` runs of the full frontier analysis. */
static double time_fast(const accord_model *m, int reps, accord_frontier **keep)
{
    double best = INFINITY;
    for (int r = 0; r < reps; r++) {
        accord_frontier *f = NULL;
        accord_diagnostics diag = {0};
        accord_frontier_options o = {.max_points = (size_t)1 << 23};
        double t0 = now();
        accord_status rc = accord_frontier_compute(m, &o, &f, &diag);
        double dt = now() - t0;
        if (rc) {
            fprintf(stderr, "frontier: %s\n", diag.count ? diag.items[0].message : accord_strerror(rc));
            exit(1);
        }
        accord_diagnostics_clear(&diag);
        best = fmin(best, dt);
        if (r == reps - 1 && keep)
            *keep = f;
        else
            accord_frontier_free(f);
    }
    return best;
}

/* The ZOPA count alone, as the analysis runs it: milliseconds, best of 3. */
static double time_count(const accord_model *m, double *count)
{
    double best = INFINITY;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        if (acc__zopa_count(m, NULL, NULL, ACC_ZOPA_COUNT_BUDGET, count, NULL)) {
            fprintf(stderr, "ZOPA count failed\n");
            exit(1);
        }
        best = fmin(best, now() - t0);
    }
    return best * 1e3;
}

/* The frontier of all outcomes alone (no rational frontier, no ZOPA count). */
static double time_build(const accord_model *m, size_t *points)
{
    acc__pointset s;
    double t0 = now();
    if (acc__frontier_build(m, NULL, ACC_FRONTIER_ALL, (size_t)1 << 23, &s, NULL)) {
        fprintf(stderr, "frontier build failed\n");
        exit(1);
    }
    double dt = now() - t0;
    *points = s.n;
    acc__pointset_free(&s);
    return dt;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* default: tests/fixtures in the source tree (this file is bench/ in it) */
    char fixtures[4096] = "";
    const char *write_dir = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--write") && a + 1 < argc)
            write_dir = argv[++a];
        else
            snprintf(fixtures, sizeof fixtures, "%s", argv[a]);
    }
    if (!fixtures[0]) {
        const char *slash = strrchr(__FILE__, '/');
        int dir = slash ? (int)(slash - __FILE__) : 0;
        snprintf(fixtures, sizeof fixtures, "%.*s/../tests/fixtures", dir, __FILE__);
    }
    printf("%-36s %12s %10s %10s %12s %18s\n", "scenario", "outcomes", "frontier", "rational", "CPU (s)",
           "ZOPA count (ms)");

    /* (a) the fast frontier against the naive enumeration on Energy */
    char path[4200];
    snprintf(path, sizeof path, "%s/genius/Energy", fixtures);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    if (accord_model_load(path, NULL, &m, &diag)) {
        fprintf(stderr, "%s: cannot load\n", path);
        return 1;
    }
    accord_frontier *f = NULL, *naive = NULL;
    double fast = time_fast(m, 20, &f);
    double t0 = now();
    if (acc__frontier_bruteforce(m, NULL, 1e8, &naive)) {
        fprintf(stderr, "naive frontier failed\n");
        return 1;
    }
    double slow = now() - t0;
    int same = naive->n_points == f->n_points && naive->n_rational == f->n_rational;
    uint32_t *ta = calloc(f->n_issues + 1, sizeof *ta), *tb = calloc(f->n_issues + 1, sizeof *tb);
    for (size_t k = 0; same && k < f->n_points; k++) {
        accord_frontier_terms(f, &f->points[k], ta);
        accord_frontier_terms(naive, &naive->points[k], tb);
        same = !acc__terms_cmp(ta, tb, f->n_issues);
    }
    free(ta);
    free(tb);
    printf("%-36s %12.0f %10zu %10zu %12.6f\n", "Energy, fast (frontier + ZOPA count)", f->outcomes,
           f->n_points, f->n_rational, fast);
    printf("%-36s %12.0f %10zu %10zu %12.6f\n", "Energy, naive enumeration", naive->outcomes,
           naive->n_points, naive->n_rational, slow);
    size_t pts;
    double build = time_build(m, &pts);
    printf("%-36s %12.0f %10zu %10s %12.6f\n", "Energy, fast frontier alone", f->outcomes, pts, "-",
           build);
    printf("  speed-up of the whole analysis: %.0fx (same frontiers and terms: %s)\n\n",
           slow / fast, same ? "yes" : "NO");
    accord_frontier_free(f);
    accord_frontier_free(naive);
    accord_model_free(m);

    /* (b) outcome spaces beyond enumeration; rows over a second are timed once */
    struct {
        family fam;
        size_t parties, issues, options;
        uint64_t seed;
    } cases[] = {{INDEPENDENT, 2, 40, 4, 11}, {INDEPENDENT, 2, 40, 8, 12},
                 {INDEPENDENT, 3, 20, 8, 13}, {INDEPENDENT, 3, 30, 8, 21},
                 {INDEPENDENT, 3, 30, 8, 22}, {INDEPENDENT, 3, 30, 8, 23},
                 {INDEPENDENT, 3, 30, 8, 24}, {INDEPENDENT, 3, 30, 8, 25},
                 {INDEPENDENT, 4, 17, 4, 14}, {TRADEOFF, 2, 40, 4, 1},
                 {TRADEOFF, 2, 40, 6, 2},     {TRADEOFF, 3, 10, 8, 3},
                 {TRADEOFF, 3, 20, 8, 3},     {TRADEOFF, 3, 30, 8, 3},
                 {TRADEOFF, 3, 30, 4, 5},     {TRADEOFF, 4, 17, 4, 6}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char name[64], file[64];
        const char *fam = cases[c].fam == INDEPENDENT ? "independent" : "trade-off";
        snprintf(name, sizeof name, "%s %zux%zux%zu #%llu", fam, cases[c].parties,
                 cases[c].issues, cases[c].options, (unsigned long long)cases[c].seed);
        snprintf(file, sizeof file, "%s-%zux%zux%zu-%llu", fam, cases[c].parties,
                 cases[c].issues, cases[c].options, (unsigned long long)cases[c].seed);
        m = synthetic(cases[c].fam, cases[c].parties, cases[c].issues, cases[c].options,
                      cases[c].seed, 0.3, write_dir, file);
        f = NULL;
        double dt = time_fast(m, 1, &f);
        if (dt < 1) {
            accord_frontier_free(f);
            f = NULL;
            dt = fmin(dt, time_fast(m, 3, &f));
        }
        double count, count_ms = time_count(m, &count);
        char counted[32];
        snprintf(counted, sizeof counted, count < 0 ? "gave up" : "%.3g", count);
        printf("%-36s %12.3g %10zu %10zu %12.6f %8.2f %9s\n", name, f->outcomes, f->n_points,
               f->n_rational, dt, count_ms, counted);
        accord_frontier_free(f);
        accord_model_free(m);
    }
    return 0;
}
