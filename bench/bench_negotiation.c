/*
 * bench_negotiation.c - negotiation simulation speed (BENCHMARKS.md,
 * "Negotiation").
 *
 *   (a) five negotiations on Energy (390,625 outcomes) with accord's agents
 *       (outcomes sorted once per party, one binary search per offer) against
 *       a naive implementation of the same rules written here (every turn
 *       scans every outcome), checking that both reach the same agreements;
 *   (b) throughput on every GENIUS fixture: negotiations and agent decisions
 *       per second over every assignment of five agents to the roles;
 *   (c) the split (meet-in-the-middle) index on the built-in scenario
 *       (403 million outcomes, four parties, red lines).
 *
 * usage: bench_negotiation [FIXTURES_DIR] [--agreements]
 *   FIXTURES_DIR defaults to tests/fixtures/genius relative to the
 *   source tree; --agreements prints only part (a)'s agreements, one line per
 *   negotiation, in the format bench/naive_negotiation.py prints.
 * Single-threaded throughout.
 */
#include "accord.h"
#include "negotiation/negotiation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static accord_model *load(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    if (accord_model_load(path, NULL, &m, &diag)) {
        for (size_t k = 0; k < diag.count; k++)
            fprintf(stderr, "%s\n", diag.items[k].message);
        exit(1);
    }
    accord_diagnostics_clear(&diag);
    return m;
}

/* ---- the naive implementation: docs/contract.md §4 read literally ---- */

typedef struct naive_result {
    bool agreement;
    uint32_t round;
    uint64_t outcome;
    uint64_t decisions;
} naive_result;

static int64_t grid(double u) { return (int64_t)nearbyint(u * 1073741824.0); }

static double naive_utility(const accord_model *m, size_t p, uint64_t idx, uint32_t *terms)
{
    const accord_agreement *ag = m->agreement;
    for (size_t i = ag->n_issues; i-- > 0;) {
        terms[i] = (uint32_t)(idx % ag->issues[i].n_options);
        idx /= ag->issues[i].n_options;
    }
    return accord_utility(m, p, terms);
}

static naive_result naive_negotiate(const accord_model *m, const double *exponent, uint32_t R)
{
    size_t np = m->n_parties;
    uint64_t N = (uint64_t)m->agreement->outcomes;
    uint32_t terms[64];
    double umax[8], umin[8], pmin[8];
    for (size_t p = 0; p < np; p++) {
        umax[p] = -INFINITY;
        umin[p] = INFINITY;
        for (uint64_t k = 0; k < N; k++) {
            double u = naive_utility(m, p, k, terms);
            if (accord_red_line_broken(m, p, terms) >= 0)
                continue;
            umax[p] = u > umax[p] ? u : umax[p];
            umin[p] = u < umin[p] ? u : umin[p];
        }
        double res = m->agreement->table.reservation[p];
        pmin[p] = umin[p] > res ? umin[p] : res;
    }
    naive_result r = {0};
    bool standing = false;
    uint64_t offer = 0;
    size_t accepts = 0;
    for (uint32_t round = 0; round < R; round++) {
        double t = (double)round / (double)(R - 1);
        for (size_t p = 0; p < np; p++) {
            r.decisions++;
            double e = exponent[p];
            double target = e == 0 ? umax[p] : pmin[p] + (umax[p] - pmin[p]) * (1 - pow(t, 1 / e));
            int64_t T = grid(target);
            if (T > grid(umax[p]))
                T = grid(umax[p]);
            /* scan every outcome for the smallest grid utility >= T */
            uint64_t best = 0;
            int64_t best_g = INT64_MAX;
            for (uint64_t k = 0; k < N; k++) {
                int64_t g = grid(naive_utility(m, p, k, terms));
                if (g >= T && g < best_g && accord_red_line_broken(m, p, terms) < 0) {
                    best_g = g;
                    best = k;
                }
            }
            if (standing) {
                int64_t g = grid(naive_utility(m, p, offer, terms));
                if (g >= best_g && accord_acceptable(m, p, terms)) {
                    if (++accepts == np - 1) {
                        r.agreement = true;
                        r.round = round;
                        r.outcome = offer;
                        return r;
                    }
                    continue;
                }
            }
            standing = true;
            offer = best;
            accepts = 0;
        }
    }
    return r;
}

/* ---- part (a) ---- */

static const char *PAIRS[5][2] = {{"boulware", "conceder"}, {"conceder", "boulware"}, {"linear", "linear"},
                                  {"conceder", "conceder"}, {"boulware", "linear"}};

static uint64_t encode(const accord_model *m, const uint32_t *terms)
{
    uint64_t idx = 0;
    for (size_t i = 0; i < m->agreement->n_issues; i++)
        idx = idx * m->agreement->issues[i].n_options + terms[i];
    return idx;
}

static void print_agreement(const char *a, const char *b, bool agreement, uint32_t round, uint64_t outcome)
{
    if (agreement)
        printf("%s,%s: agreement in round %u on outcome %llu\n", a, b, round, (unsigned long long)outcome);
    else
        printf("%s,%s: no agreement\n", a, b);
}

static int part_a(const char *dir, bool agreements_only)
{
    accord_model *m = load(dir, "Energy");
    const uint32_t R = 100;
    accord_agent agents[5][2];
    for (int k = 0; k < 5; k++)
        for (int p = 0; p < 2; p++)
            accord_agent_parse(PAIRS[k][p], &agents[k][p], NULL);
    accord_negotiation_options o = {.rounds = R, .no_quality = true, .no_trace = true};

    /* accord, the setup shared by the five runs (as in a tournament) */
    double t0 = now();
    accord_negotiation_setup *s = NULL;
    if (accord_negotiation_setup_new(m, &o, &s, NULL))
        return 1;
    double t_setup = now() - t0;
    accord_negotiation *mine[5];
    uint64_t decisions = 0;
    double t1 = now();
    for (int k = 0; k < 5; k++) {
        if (accord_negotiation_run(s, agents[k], 2, &o, &mine[k], NULL))
            return 1;
        decisions += mine[k]->decisions;
    }
    double t_runs = now() - t1;
    accord_negotiation_setup_free(s);

    if (agreements_only) {
        for (int k = 0; k < 5; k++)
            print_agreement(PAIRS[k][0], PAIRS[k][1], mine[k]->agreement, mine[k]->round,
                            mine[k]->agreement ? encode(m, mine[k]->terms) : 0);
        for (int k = 0; k < 5; k++)
            accord_negotiation_free(mine[k]);
        accord_model_free(m);
        return 0;
    }

    /* accord, one setup per negotiation (accord_negotiate) */
    double t2 = now();
    for (int k = 0; k < 5; k++) {
        accord_negotiation *n = NULL;
        if (accord_negotiate(m, agents[k], 2, &o, &n, NULL))
            return 1;
        accord_negotiation_free(n);
    }
    double t_each = now() - t2;

    /* the naive implementation */
    double t3 = now();
    naive_result naive[5];
    for (int k = 0; k < 5; k++) {
        double e[2] = {agents[k][0].exponent, agents[k][1].exponent};
        naive[k] = naive_negotiate(m, e, R);
    }
    double t_naive = now() - t3;

    printf("## (a) Five negotiations on Energy (390,625 outcomes, %u rounds)\n\n", R);
    printf("| pair | accord: agreement | naive: agreement | same |\n|---|---|---|---|\n");
    int mismatches = 0;
    for (int k = 0; k < 5; k++) {
        uint64_t w = mine[k]->agreement ? encode(m, mine[k]->terms) : 0;
        bool same = mine[k]->agreement == naive[k].agreement &&
                    (!naive[k].agreement || (mine[k]->round == naive[k].round && w == naive[k].outcome)) &&
                    mine[k]->decisions == naive[k].decisions;
        mismatches += !same;
        printf("| %s vs %s | round %u, outcome %llu | round %u, outcome %llu | %s |\n", PAIRS[k][0],
               PAIRS[k][1], mine[k]->round, (unsigned long long)w, naive[k].round,
               (unsigned long long)naive[k].outcome, same ? "yes" : "NO");
    }
    printf("\n| implementation | time for the five | per negotiation | ratio to naive |\n|---|---|---|---|\n");
    printf("| naive C (scan every outcome every turn) | %.3f s | %.1f ms | 1 |\n", t_naive,
           t_naive / 5 * 1e3);
    printf("| accord, setup per negotiation | %.4f s | %.2f ms | %.0fx |\n", t_each, t_each / 5 * 1e3,
           t_naive / t_each);
    printf("| accord, one shared setup (%.1f ms) + five runs (%.3f ms) | %.4f s | %.2f ms | %.0fx |\n",
           t_setup * 1e3, t_runs * 1e3, t_setup + t_runs, (t_setup + t_runs) / 5 * 1e3,
           t_naive / (t_setup + t_runs));
    printf("\n%llu agent decisions in the five runs; %s\n\n", (unsigned long long)decisions,
           mismatches ? "MISMATCH between accord and the naive implementation" : "identical agreements");
    for (int k = 0; k < 5; k++)
        accord_negotiation_free(mine[k]);
    accord_model_free(m);
    return mismatches ? 1 : 0;
}

/* ---- part (b) ---- */

static const char *FIXTURES[] = {"Laptop", "IntegerDomain", "ItexvsCypress", "EnglandZimbabwe",
                                 "EnglandvsZimbabweB", "SmartEnergyGrid3P", "Dinner3P", "Grocery",
                                 "Amsterdam", "Camera", "Travel", "Energy"};
static const char *AGENTS[] = {"boulware", "linear", "conceder", "titfortat", "random"};

static void part_b(const char *dir)
{
    printf("## (b) Throughput per fixture (every assignment of %zu agents, 100 rounds, one thread)\n\n",
           sizeof AGENTS / sizeof *AGENTS);
    printf("| fixture | outcomes | parties | setup (sort) | setup + frontier | negotiations/s | decisions/s "
           "| mean decisions |\n|---|---|---|---|---|---|---|---|\n");
    size_t K = sizeof AGENTS / sizeof *AGENTS;
    accord_agent agents[8];
    for (size_t k = 0; k < K; k++)
        accord_agent_parse(AGENTS[k], &agents[k], NULL);
    for (size_t f = 0; f < sizeof FIXTURES / sizeof *FIXTURES; f++) {
        accord_model *m = load(dir, FIXTURES[f]);
        size_t np = m->n_parties;
        accord_negotiation_options o = {.rounds = 100, .no_trace = true, .no_quality = true};
        double t0 = now();
        accord_negotiation_setup *s = NULL;
        accord_negotiation_setup_new(m, &o, &s, NULL);
        double t_sort = now() - t0;
        accord_negotiation_setup_free(s);
        o.no_quality = false;
        t0 = now();
        accord_negotiation_setup_new(m, &o, &s, NULL);
        double t_full = now() - t0;
        uint64_t assignments = 1;
        for (size_t p = 0; p < np; p++)
            assignments *= K;
        uint64_t count = 0, decisions = 0;
        double start = now(), elapsed = 0;
        accord_agent tuple[8];
        for (uint64_t rep = 0; elapsed < 0.3; rep++) {
            for (uint64_t a = 0; a < assignments; a++) {
                uint64_t x = a;
                for (size_t p = np; p-- > 0; x /= K)
                    tuple[p] = agents[x % K];
                o.seed = rep;
                accord_negotiation *n = NULL;
                accord_negotiation_run(s, tuple, np, &o, &n, NULL);
                decisions += n->decisions;
                count++;
                accord_negotiation_free(n);
            }
            elapsed = now() - start;
        }
        printf("| %s | %.0f | %zu | %.2f ms | %.2f ms | %.0f | %.3g | %.0f |\n", FIXTURES[f],
               m->agreement->outcomes, np, t_sort * 1e3, t_full * 1e3, (double)count / elapsed,
               (double)decisions / elapsed, (double)decisions / (double)count);
        accord_negotiation_setup_free(s);
        accord_model_free(m);
    }
}

/* ---- part (c): the split index on the built-in scenario ---- */

static void part_c(void)
{
    size_t size;
    const char *data = accord_builtin_scenario(&size);
    accord_model *m = NULL;
    if (accord_model_load_buffer("plan28.yaml", data, size, NULL, &m, NULL))
        return;
    accord_negotiation_options o = {.rounds = 100, .no_trace = true, .no_quality = true};
    double t0 = now();
    accord_negotiation_setup *s = NULL;
    if (accord_negotiation_setup_new(m, &o, &s, NULL))
        return;
    double t_setup = now() - t0;
    static const char *sets[] = {"conceder,conceder,conceder,conceder", "boulware,linear,conceder,titfortat",
                                 "linear,linear,linear,linear", "random,random,random,random"};
    printf("\n## (c) Split index: the built-in scenario (%.0f outcomes, %zu parties, red lines)\n\n",
           m->agreement->outcomes, m->n_parties);
    printf("setup (halves of %llu and %llu partial outcomes, 4 parties): %.1f ms\n\n",
           (unsigned long long)s->selves[0].nA, (unsigned long long)s->selves[0].nB, t_setup * 1e3);
    printf("| agents | agreement | decisions | time | per decision |\n|---|---|---|---|---|\n");
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        accord_agent *a = NULL;
        size_t na = 0;
        accord_agents_parse(sets[k], &a, &na, NULL);
        double t1 = now();
        accord_negotiation *n = NULL;
        accord_negotiation_run(s, a, na, &o, &n, NULL);
        double t = now() - t1;
        printf("| %s | %s | %llu | %.1f ms | %.1f us |\n", sets[k], n->agreement ? "yes" : "no",
               (unsigned long long)n->decisions, t * 1e3, t / (double)n->decisions * 1e6);
        accord_negotiation_free(n);
        accord_free(a);
    }
    accord_negotiation_setup_free(s);
    accord_model_free(m);
}

int main(int argc, char **argv)
{
    /* default: <source root>/tests/fixtures/genius, from this file's path */
    static char fixtures[4096];
    snprintf(fixtures, sizeof fixtures, "%s", __FILE__);
    char *cut = strstr(fixtures, "bench/bench_negotiation.c");
    if (cut)
        snprintf(cut, sizeof fixtures - (size_t)(cut - fixtures), "tests/fixtures/genius");
    const char *dir = cut ? fixtures : "tests/fixtures/genius";
    bool agreements_only = false;
    for (int k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--agreements"))
            agreements_only = true;
        else
            dir = argv[k];
    }
    if (agreements_only)
        return part_a(dir, true);
    int rc = part_a(dir, false);
    part_b(dir);
    part_c();
    return rc;
}
