/*
 * tournament.c - every assignment of agents to roles over several
 * scenarios, the per-agent table, and splitting a tournament into parts and
 * merging them.
 *
 * The run list is a pure function of (scenarios' party counts, K agents,
 * repeat): scenario by scenario, assignment a = 0 .. K^n - 1 (agent of party
 * p = digit p of a in base K, party 0 the most significant), repetition
 * 0 .. r - 1 where r = repeat when the assignment has a random agent and 1
 * otherwise (a deterministic run repeated gives the same result; it is run
 * once and weighs `repeat`).  A run's seed is a hash of (seed, scenario,
 * assignment, repetition), never of a thread.  Part k of N is the block of
 * runs [floor(T (k-1) / N), floor(T k / N)) of the T runs.
 *
 * Run metrics are rounded to the 2^-30 grid and the table's sums are exact
 * integer sums (128 bits), so the table does not depend on the order runs
 * finish in, on the number of threads, or on how the runs were split.
 */
#include "negotiation.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define GRID_SCALE 1073741824.0

/* ---- freeing ---- */

static void run_clear(accord_tournament_run *r)
{
    acc__free(r->agents);
    acc__free(r->utility);
}

void accord_tournament_free(accord_tournament *t)
{
    if (!t)
        return;
    acc__free(t->agents);
    for (size_t s = 0; t->scenarios && s < t->n_scenarios; s++) {
        accord_tournament_scenario *sc = &t->scenarios[s];
        acc__free(sc->name);
        for (size_t p = 0; sc->parties && p < sc->n_parties; p++)
            acc__free(sc->parties[p]);
        acc__free(sc->parties);
    }
    acc__free(t->scenarios);
    for (size_t k = 0; t->runs && k < t->n_runs; k++)
        run_clear(&t->runs[k]);
    acc__free(t->runs);
    acc__free(t->stats);
    acc__free(t);
}

/* ---- counting ---- */

/* K^n, or false when above limit. */
static bool power_within(uint64_t k, size_t n, uint64_t limit, uint64_t *out)
{
    uint64_t v = 1;
    for (size_t i = 0; i < n; i++) {
        if (k && v > limit / k)
            return false;
        v *= k;
    }
    *out = v;
    return v <= limit;
}

/* Runs of one scenario: A = K^n assignments of which D = (K - Kr)^n have no
 * random agent: (A - D) * repeat + D. */
static bool scenario_runs(uint64_t k, uint64_t k_random, size_t n, uint64_t repeat, uint64_t *out)
{
    uint64_t all, det;
    if (!power_within(k, n, ACCORD_MAX_TOURNAMENT_RUNS, &all) ||
        !power_within(k - k_random, n, ACCORD_MAX_TOURNAMENT_RUNS, &det))
        return false;
    uint64_t with_random = all - det;
    if (repeat && with_random > ACCORD_MAX_TOURNAMENT_RUNS / repeat)
        return false;
    *out = with_random * repeat + det;
    return *out <= ACCORD_MAX_TOURNAMENT_RUNS;
}

static void assignment_agents(uint64_t a, uint64_t k, size_t n, uint32_t *agents)
{
    for (size_t p = n; p-- > 0;) {
        agents[p] = (uint32_t)(a % k);
        a /= k;
    }
}

/* Fewer runs than this are played on one thread. */
#define TOURNAMENT_PARALLEL_RUNS 64

/* ---- the table ---- */

/* Exact integer sums of weight x grid value: a weight below 2^32 times a
 * grid value below 2^61 in magnitude, over at most 2^32 runs, fits. */
__extension__ typedef __int128 sum128;

static void sum_add(sum128 *s, int64_t w, int64_t x) { *s += (sum128)w * x; }

static double sum_value(const sum128 *s) { return (double)*s; }

/* Utilities and distances on the 2^-30 grid; values read from files are
 * bounded (ACCORD_TOURNAMENT_MAX_VALUE, tournament_io.c), so this fits. */
static int64_t grid_of(double v) { return (int64_t)nearbyint(v * GRID_SCALE); }

accord_status acc__tournament_stats(accord_tournament *t)
{
    size_t K = t->n_agents;
    acc__free(t->stats);
    t->stats = acc__calloc(K ? K : 1, sizeof *t->stats);
    sum128 *sums = acc__calloc(4 * (K ? K : 1), sizeof *sums);
    uint64_t *n_pareto = acc__calloc(2 * (K ? K : 1), sizeof *n_pareto);
    if (!t->stats || !sums || !n_pareto) {
        acc__free(sums);
        acc__free(n_pareto);
        return ACCORD_E_NOMEM;
    }
    uint64_t *n_nash = n_pareto + K;
    for (size_t k = 0; k < t->n_runs; k++) {
        const accord_tournament_run *r = &t->runs[k];
        size_t np = t->scenarios[r->scenario].n_parties;
        int64_t w = r->weight;
        for (size_t p = 0; p < np; p++) {
            uint32_t i = r->agents[p];
            accord_tournament_stats *st = &t->stats[i];
            st->plays += (uint64_t)w;
            if (r->agreement)
                st->agreements += (uint64_t)w;
            sum_add(&sums[4 * i + 0], w, grid_of(r->utility[p]));
            sum_add(&sums[4 * i + 3], w, (int64_t)r->rounds_played);
            if (!isnan(r->pareto_distance)) {
                sum_add(&sums[4 * i + 1], w, grid_of(r->pareto_distance));
                n_pareto[i] += (uint64_t)w;
            }
            if (!isnan(r->nash_distance)) {
                sum_add(&sums[4 * i + 2], w, grid_of(r->nash_distance));
                n_nash[i] += (uint64_t)w;
            }
        }
    }
    for (size_t i = 0; i < K; i++) {
        accord_tournament_stats *st = &t->stats[i];
        double plays = (double)st->plays;
        if (st->plays == 0) {
            st->agreement_rate = st->mean_utility = st->mean_rounds = NAN;
            st->mean_pareto_distance = st->mean_nash_distance = NAN;
            continue;
        }
        st->agreement_rate = (double)st->agreements / plays;
        st->mean_utility = sum_value(&sums[4 * i]) / plays / GRID_SCALE;
        st->mean_rounds = sum_value(&sums[4 * i + 3]) / plays;
        st->mean_pareto_distance =
            n_pareto[i] ? sum_value(&sums[4 * i + 1]) / (double)n_pareto[i] / GRID_SCALE : NAN;
        st->mean_nash_distance =
            n_nash[i] ? sum_value(&sums[4 * i + 2]) / (double)n_nash[i] / GRID_SCALE : NAN;
    }
    acc__free(sums);
    acc__free(n_pareto);
    return ACCORD_OK;
}

/* ---- playing ---- */

static double on_grid(double v) { return (double)grid_of(v) / GRID_SCALE; }

/* Play one run into r (whose descriptor fields are set). */
static accord_status play_run(const accord_negotiation_setup *setup, const accord_agent *agents,
                              uint32_t rounds, uint64_t base_seed, accord_tournament_run *r)
{
    size_t np = setup->n_parties;
    accord_agent *tuple = acc__calloc(np, sizeof *tuple);
    if (!tuple)
        return ACCORD_E_NOMEM;
    for (size_t p = 0; p < np; p++)
        tuple[p] = agents[r->agents[p]];
    uint64_t seed = acc__seed_mix(acc__seed_mix(acc__seed_mix(base_seed, r->scenario), r->assignment),
                                  r->repetition);
    accord_negotiation_options o = {.rounds = rounds, .seed = seed, .no_trace = true};
    accord_negotiation *neg = NULL;
    accord_status rc = accord_negotiation_run(setup, tuple, np, &o, &neg, NULL);
    acc__free(tuple);
    if (rc)
        return rc;
    r->agreement = neg->agreement;
    r->rounds_played = neg->agreement ? neg->round + 1 : rounds;
    double welfare = 0;
    for (size_t p = 0; p < np; p++) {
        r->utility[p] = on_grid(neg->utility[p]);
        welfare += neg->utility[p];
    }
    r->welfare = on_grid(welfare);
    r->pareto_distance = neg->quality.computed ? on_grid(neg->quality.pareto_distance) : NAN;
    r->nash_distance =
        neg->quality.computed && neg->quality.has_nash ? on_grid(neg->quality.nash_distance) : NAN;
    accord_negotiation_free(neg);
    return ACCORD_OK;
}

static accord_status copy_scenario(accord_tournament_scenario *sc, const accord_model *m)
{
    sc->name = acc__strdup(m->path ? m->path : "(model)");
    sc->n_parties = m->n_parties;
    sc->parties = acc__calloc(m->n_parties ? m->n_parties : 1, sizeof *sc->parties);
    sc->outcomes = m->agreement ? m->agreement->outcomes : 0;
    if (!sc->name || !sc->parties)
        return ACCORD_E_NOMEM;
    for (size_t p = 0; p < m->n_parties; p++)
        if (!(sc->parties[p] = acc__strdup(m->parties[p].id)))
            return ACCORD_E_NOMEM;
    return ACCORD_OK;
}

/* Which runs a tournament (or one part of it) plays. */
typedef struct run_plan {
    const accord_agent *agents;
    uint64_t K, k_random; /* the agents, and the random ones among them */
    uint32_t repeat;
    uint64_t lo, hi; /* the global indices of this part's runs */
} run_plan;

/* The arguments a tournament needs: models with an agreement, agents, a
 * part that exists, a number of rounds in range. */
static accord_status check_play(const accord_model *const *models, size_t n_models, size_t n_agents,
                                const accord_tournament_options *o, uint32_t rounds,
                                accord_diagnostics *diag)
{
    if (n_models == 0 || n_agents == 0) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "a tournament needs at least one model and one agent");
        return ACCORD_E_ARG;
    }
    if (n_agents > UINT32_MAX) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "too many agents (%zu)", n_agents);
        return ACCORD_E_ARG;
    }
    if ((o->part || o->parts) && !(o->part >= 1 && o->part <= o->parts)) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                  "part %u of %u does not exist: parts are numbered 1 to N", o->part, o->parts);
        return ACCORD_E_ARG;
    }
    if (rounds < 2 || rounds > ACCORD_MAX_ROUNDS) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "%u rounds: a negotiation needs between 2 and %u rounds",
                  rounds, ACCORD_MAX_ROUNDS);
        return ACCORD_E_ARG;
    }
    for (size_t s = 0; s < n_models; s++)
        if (!models[s]->agreement) {
            acc__diag(diag, ACCORD_ERROR, models[s]->path, 0, 0,
                      "the model has no agreement section; a negotiation is over its issues");
            return ACCORD_E_NODATA;
        }
    return ACCORD_OK;
}

/* The number of runs of the whole tournament, refused above
 * ACCORD_MAX_TOURNAMENT_RUNS. */
static accord_status count_runs(const accord_model *const *models, size_t n_models,
                                const run_plan *plan, uint64_t *total, accord_diagnostics *diag)
{
    *total = 0;
    for (size_t s = 0; s < n_models; s++) {
        uint64_t runs;
        if (!scenario_runs(plan->K, plan->k_random, models[s]->n_parties, plan->repeat, &runs) ||
            *total > ACCORD_MAX_TOURNAMENT_RUNS - runs) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                      "the tournament would have more than %llu runs (%zu agents over the %zu roles "
                      "of %s, repeated %u times); use fewer agents or repetitions",
                      (unsigned long long)ACCORD_MAX_TOURNAMENT_RUNS, (size_t)plan->K,
                      models[s]->n_parties, models[s]->path, plan->repeat);
            return ACCORD_E_LIMIT;
        }
        *total += runs;
    }
    return ACCORD_OK;
}

/* The descriptors of scenario s's runs (np roles) that this part plays:
 * *g is the global index of the scenario's first run, and advances past
 * its runs (or to plan->hi). */
static accord_status describe_runs(accord_tournament *t, const run_plan *plan, size_t s, size_t np,
                                   uint64_t *g)
{
    uint64_t K = plan->K, lo = plan->lo, hi = plan->hi, assignments = 0;
    power_within(K, np, ACCORD_MAX_TOURNAMENT_RUNS, &assignments);
    for (uint64_t a = 0; a < assignments && *g < hi; a++) {
        uint32_t reps = 1;
        for (uint64_t x = a, p = 0; p < np; p++, x /= K)
            if (plan->agents[x % K].kind == ACCORD_AGENT_RANDOM)
                reps = plan->repeat;
        if (*g + reps <= lo) {
            *g += reps;
            continue;
        }
        for (uint32_t rep = 0; rep < reps && *g < hi; rep++, (*g)++) {
            if (*g < lo)
                continue;
            accord_tournament_run *r = &t->runs[t->n_runs++];
            r->index = *g;
            r->scenario = (uint32_t)s;
            r->assignment = a;
            r->repetition = rep;
            r->weight = reps == 1 ? plan->repeat : 1;
            r->agents = acc__calloc(np ? np : 1, sizeof *r->agents);
            r->utility = acc__calloc(np ? np : 1, sizeof *r->utility);
            if (!r->agents || !r->utility)
                return ACCORD_E_NOMEM;
            assignment_agents(a, K, np, r->agents);
        }
    }
    return ACCORD_OK;
}

accord_status accord_tournament_play(const accord_model *const *models, size_t n_models,
                                     const accord_agent *agents, size_t n_agents,
                                     const accord_tournament_options *opts, accord_tournament **out,
                                     accord_diagnostics *diag)
{
    *out = NULL;
    accord_tournament_options o = opts ? *opts : (accord_tournament_options){0};
    uint32_t rounds = o.rounds ? o.rounds : ACCORD_DEFAULT_ROUNDS;
    accord_status rc = check_play(models, n_models, n_agents, &o, rounds, diag);
    if (rc)
        return rc;
    run_plan plan = {.agents = agents, .K = n_agents, .repeat = o.repeat ? o.repeat : 1};
    for (size_t i = 0; i < n_agents; i++)
        plan.k_random += agents[i].kind == ACCORD_AGENT_RANDOM;
    uint64_t total;
    if ((rc = count_runs(models, n_models, &plan, &total, diag)))
        return rc;
    plan.hi = total;
    if (o.parts) {
        plan.lo = total / o.parts * (o.part - 1) + total % o.parts * (o.part - 1) / o.parts;
        plan.hi = total / o.parts * o.part + total % o.parts * o.part / o.parts;
    }

    accord_negotiation_setup **setups = acc__calloc(n_models, sizeof *setups);
    accord_status *status = NULL;
    accord_tournament *t = acc__calloc(1, sizeof *t);
    if (!setups || !t) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    t->n_agents = n_agents;
    t->rounds = rounds;
    t->repeat = plan.repeat;
    t->seed = o.seed;
    t->part = o.part;
    t->parts = o.parts;
    t->total_runs = total;
    t->agents = acc__calloc(n_agents, sizeof *t->agents);
    t->scenarios = acc__calloc(n_models, sizeof *t->scenarios);
    if (!t->agents || !t->scenarios) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    memcpy(t->agents, agents, n_agents * sizeof *agents);
    t->n_scenarios = n_models;
    for (size_t s = 0; s < n_models; s++)
        if ((rc = copy_scenario(&t->scenarios[s], models[s])))
            goto out;

    /* the run descriptors of this part */
    size_t n_runs = (size_t)(plan.hi - plan.lo);
    t->runs = acc__calloc(n_runs ? n_runs : 1, sizeof *t->runs);
    status = acc__calloc(n_runs ? n_runs : 1, sizeof *status);
    if (!t->runs || !status) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    uint64_t g = 0;
    for (size_t s = 0; s < n_models && g < plan.hi; s++) {
        size_t np = models[s]->n_parties;
        uint64_t runs = 0;
        scenario_runs(plan.K, plan.k_random, np, plan.repeat, &runs);
        if (g + runs <= plan.lo) {
            g += runs;
            continue;
        }
        if ((rc = describe_runs(t, &plan, s, np, &g)))
            goto out;
        /* the setup (frontier, sorted outcomes) only for scenarios with runs here */
        accord_negotiation_options so = {.max_sorted = o.max_sorted};
        if ((rc = accord_negotiation_setup_new(models[s], &so, &setups[s], diag)))
            goto out;
        t->scenarios[s].quality = setups[s]->quality.computed;
    }

    /* Every run is independent and writes only its own record.  A few runs
     * are played on one thread: starting a team (and its threads spinning
     * while they wait) cost more than the runs (a 16-run tournament, the
     * whole process: 17.3 ms on two threads, 4.0 ms on one). */
    long long n_play = (long long)t->n_runs;
#pragma omp parallel for schedule(dynamic, 1) if (n_play >= TOURNAMENT_PARALLEL_RUNS)
    for (long long k = 0; k < n_play; k++) {
        accord_tournament_run *r = &t->runs[k];
        status[k] = play_run(setups[r->scenario], t->agents, rounds, o.seed, r);
    }
    for (size_t k = 0; k < t->n_runs; k++)
        if (status[k] && !rc)
            rc = status[k];
    if (!rc)
        rc = acc__tournament_stats(t);
out:
    for (size_t s = 0; setups && s < n_models; s++)
        accord_negotiation_setup_free(setups[s]);
    acc__free(setups);
    acc__free(status);
    if (rc) {
        accord_tournament_free(t);
        return rc;
    }
    *out = t;
    return ACCORD_OK;
}

/* ---- merging ---- */

static bool same_settings(const accord_tournament *a, const accord_tournament *b, const char **what)
{
    if (a->n_agents != b->n_agents) {
        *what = "agents";
        return false;
    }
    for (size_t i = 0; i < a->n_agents; i++)
        if (strcmp(a->agents[i].name, b->agents[i].name)) {
            *what = "agents";
            return false;
        }
    if (a->n_scenarios != b->n_scenarios) {
        *what = "scenarios";
        return false;
    }
    for (size_t s = 0; s < a->n_scenarios; s++) {
        const accord_tournament_scenario *x = &a->scenarios[s], *y = &b->scenarios[s];
        /* paths may differ between machines: compare what the runs depend on */
        bool same = x->n_parties == y->n_parties && x->outcomes == y->outcomes;
        for (size_t p = 0; same && p < x->n_parties; p++)
            same = !strcmp(x->parties[p], y->parties[p]);
        if (!same) {
            *what = "scenarios";
            return false;
        }
    }
    if (a->rounds != b->rounds || a->repeat != b->repeat || a->seed != b->seed) {
        *what = "rounds, repeat or seed";
        return false;
    }
    if (a->parts != b->parts || a->total_runs != b->total_runs) {
        *what = "number of parts";
        return false;
    }
    return true;
}

static int run_index_cmp(const void *x, const void *y)
{
    const accord_tournament_run *a = *(const accord_tournament_run *const *)x;
    const accord_tournament_run *b = *(const accord_tournament_run *const *)y;
    return a->index < b->index ? -1 : a->index > b->index;
}

static accord_status copy_run(accord_tournament_run *dst, const accord_tournament_run *src, size_t np)
{
    *dst = *src;
    dst->agents = acc__calloc(np ? np : 1, sizeof *dst->agents);
    dst->utility = acc__calloc(np ? np : 1, sizeof *dst->utility);
    if (!dst->agents || !dst->utility)
        return ACCORD_E_NOMEM;
    memcpy(dst->agents, src->agents, np * sizeof *dst->agents);
    memcpy(dst->utility, src->utility, np * sizeof *dst->utility);
    return ACCORD_OK;
}

accord_status accord_tournament_merge(const accord_tournament *const *parts, size_t n_parts,
                                      accord_tournament **out, accord_diagnostics *diag)
{
    *out = NULL;
    if (n_parts == 0) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "nothing to merge");
        return ACCORD_E_ARG;
    }
    const accord_tournament *first = parts[0];
    uint32_t N = first->parts ? first->parts : 1;
    const char *what = NULL;
    for (size_t k = 1; k < n_parts; k++)
        if (!same_settings(first, parts[k], &what)) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                      "part %zu of the merge differs from the first in its %s: the parts must come "
                      "from one tournament",
                      k + 1, what);
            return ACCORD_E_ARG;
        }
    accord_status rc = ACCORD_OK;
    bool *seen = acc__calloc(N, sizeof *seen);
    const accord_tournament_run **all = NULL;
    accord_tournament *t = acc__calloc(1, sizeof *t);
    if (!seen || !t) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < n_parts; k++) {
        uint32_t part = parts[k]->parts ? parts[k]->part : 1;
        if (part < 1 || part > N || seen[part - 1]) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "part %u of %u is given twice", part, N);
            rc = ACCORD_E_ARG;
            goto out;
        }
        seen[part - 1] = true;
    }
    for (uint32_t k = 0; k < N; k++)
        if (!seen[k]) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "part %u of %u is missing", k + 1, N);
            rc = ACCORD_E_ARG;
        }
    if (rc)
        goto out;
    size_t total = 0;
    for (size_t k = 0; k < n_parts; k++)
        total += parts[k]->n_runs;
    if (total != first->total_runs) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                  "the parts hold %zu runs but the tournament has %llu", total,
                  (unsigned long long)first->total_runs);
        rc = ACCORD_E_ARG;
        goto out;
    }
    all = acc__calloc(total ? total : 1, sizeof *all);
    if (!all) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    size_t n = 0;
    for (size_t k = 0; k < n_parts; k++)
        for (size_t j = 0; j < parts[k]->n_runs; j++)
            all[n++] = &parts[k]->runs[j];
    qsort(all, n, sizeof *all, run_index_cmp);
    for (size_t k = 0; k < n; k++)
        if (all[k]->index != k || all[k]->scenario >= first->n_scenarios) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                      "run %zu is missing or given twice in the parts", k);
            rc = ACCORD_E_ARG;
            goto out;
        }
    t->n_agents = first->n_agents;
    t->rounds = first->rounds;
    t->repeat = first->repeat;
    t->seed = first->seed;
    t->total_runs = first->total_runs;
    t->agents = acc__calloc(t->n_agents ? t->n_agents : 1, sizeof *t->agents);
    t->scenarios = acc__calloc(first->n_scenarios ? first->n_scenarios : 1, sizeof *t->scenarios);
    t->runs = acc__calloc(n ? n : 1, sizeof *t->runs);
    if (!t->agents || !t->scenarios || !t->runs) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    memcpy(t->agents, first->agents, t->n_agents * sizeof *t->agents);
    t->n_scenarios = first->n_scenarios;
    for (size_t s = 0; s < first->n_scenarios; s++) {
        const accord_tournament_scenario *src = &first->scenarios[s];
        accord_tournament_scenario *dst = &t->scenarios[s];
        dst->name = acc__strdup(src->name);
        dst->n_parties = src->n_parties;
        dst->outcomes = src->outcomes;
        dst->quality = src->quality;
        dst->parties = acc__calloc(src->n_parties ? src->n_parties : 1, sizeof *dst->parties);
        if (!dst->name || !dst->parties) {
            rc = ACCORD_E_NOMEM;
            goto out;
        }
        for (size_t p = 0; p < src->n_parties; p++)
            if (!(dst->parties[p] = acc__strdup(src->parties[p]))) {
                rc = ACCORD_E_NOMEM;
                goto out;
            }
        for (size_t k = 1; k < n_parts; k++)
            dst->quality = dst->quality || parts[k]->scenarios[s].quality;
    }
    for (size_t k = 0; k < n; k++) {
        rc = copy_run(&t->runs[k], all[k], t->scenarios[all[k]->scenario].n_parties);
        t->n_runs = k + 1;
        if (rc)
            goto out;
    }
    rc = acc__tournament_stats(t);
out:
    acc__free(seen);
    acc__free(all);
    if (rc) {
        accord_tournament_free(t);
        return rc;
    }
    *out = t;
    return ACCORD_OK;
}
