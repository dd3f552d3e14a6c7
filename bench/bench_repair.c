/*
 * bench_repair.c - accord_repair (the fewest changes that make terms
 * acceptable to every party) on the synthetic scenarios of bench_frontier.c,
 * far too large to enumerate: for each scenario, seeded random terms to
 * repair.  One line per case; BENCHMARKS.md records the figures.
 *
 *   cmake --build build --target bench && ./build/bench/bench_repair [--case N]
 *
 * --case N runs only case N (0-based), so that a slower implementation can
 * be run case by case under a time limit.
 */
#include "synthetic.h"

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    long only = -1;
    for (int a = 1; a < argc; a++)
        if (!strcmp(argv[a], "--case") && a + 1 < argc)
            only = strtol(argv[++a], NULL, 10);
    /* reservations of 0.3 to 0.4, as in bench_frontier, except where they
     * are raised so that random terms need repairs */
    struct {
        family fam;
        size_t parties, issues, options;
        uint64_t seed;
        double reservation;
    } models[] = {{INDEPENDENT, 3, 30, 8, 21, 0.6}, {INDEPENDENT, 4, 17, 4, 14, 0.5},
                  {TRADEOFF, 2, 40, 6, 2, 0.3},     {TRADEOFF, 3, 20, 8, 3, 0.3},
                  {TRADEOFF, 3, 30, 8, 3, 0.3},     {TRADEOFF, 4, 17, 4, 6, 0.2}};
    const size_t per_model = 4; /* terms to repair per scenario */
    printf("%-4s %-33s %6s %8s %8s %5s %12s\n", "case", "scenario", "terms", "changes", "repairs",
           "more", "CPU (s)");
    size_t n = 0;
    for (size_t c = 0; c < sizeof models / sizeof *models; c++) {
        accord_model *m = NULL;
        for (size_t t = 0; t < per_model; t++, n++) {
            if (only >= 0 && (size_t)only != n)
                continue;
            if (!m)
                m = synthetic(models[c].fam, models[c].parties, models[c].issues,
                              models[c].options, models[c].seed, models[c].reservation, NULL,
                              NULL);
            /* the terms: option t * (m - 1) / 3 everywhere for t < 3 (from
             * one end of every trade-off to the other), then random ones */
            size_t ni = m->agreement->n_issues;
            uint32_t *terms = calloc(ni, sizeof *terms);
            rng_state = 1000 + n;
            for (size_t i = 0; i < ni; i++) {
                uint32_t mo = (uint32_t)m->agreement->issues[i].n_options;
                terms[i] = t < 3 ? (uint32_t)(t * (mo - 1) / 2) : (uint32_t)(uniform() * mo);
            }
            accord_repair_result *r = NULL;
            accord_diagnostics diag = {0};
            double t0 = now();
            accord_status rc = accord_repair_compute(m, &(accord_repair_options){.terms = terms}, &r, &diag);
            double dt = now() - t0;
            if (rc) {
                fprintf(stderr, "repair: %s\n", accord_strerror(rc));
                return 1;
            }
            char name[64], how[16];
            snprintf(name, sizeof name, "%s %zux%zux%zu #%llu d%.1f",
                     models[c].fam == INDEPENDENT ? "independent" : "trade-off", models[c].parties,
                     models[c].issues, models[c].options, (unsigned long long)models[c].seed,
                     models[c].reservation);
            snprintf(how, sizeof how, "%s", t == 0 ? "first" : t == 1 ? "middle" : t == 2 ? "last" : "random");
            if (r->feasible)
                printf("%-4zu %-33s %6s %8zu %8zu %5s %12.6f\n", n, name, how, r->changes,
                       r->n_repairs, r->more ? "yes" : "no", dt);
            else
                printf("%-4zu %-33s %6s %8s %8s %5s %12.6f\n", n, name, how, "none", "-", "-", dt);
            accord_repair_result_free(r);
            accord_diagnostics_clear(&diag);
            free(terms);
        }
        accord_model_free(m);
    }
    return 0;
}
