/*
 * robust.c - acceptance under uncertainty: sample every range, recompute the
 * verdicts, and rank the numbers by how much they move a verdict.
 *
 * Memory is estimated before anything per sample is allocated (every
 * allocation that grows with the samples, the threads or the uncertain
 * numbers) and refused above accord_robust_options.max_memory.  A model
 * without ranges has one possible sample, the point values: it is computed
 * once and stands for all, so `samples` costs neither time nor memory.
 */
#include "../zopa/rational_search.h"


#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The public result, with its strings' arena behind it. */
typedef struct robust_store {
    accord_robust pub;
    acc__arena arena;
} robust_store;

void accord_robust_free(accord_robust *r)
{
    if (!r)
        return;
    robust_store *st = (robust_store *)r;
    acc__free(r->point_acceptable);
    acc__free(r->acceptable);
    acc__free(r->all_acceptable);
    acc__free(r->sensitivity);
    acc__free(r->uncertain);
    acc__arena_free(&st->arena);
    acc__free(st);
}

/* splitmix64: one stream per sample, seeded from (seed, sample index). */
static uint64_t mix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double uniform01(uint64_t *state) { return (double)(mix(state) >> 11) * 0x1.0p-53; }

/* Per-sample outcome codes of the agreement search. */
enum { ZOPA_EMPTY = 0, ZOPA_FOUND = 1, ZOPA_UNDECIDED = 2 };

typedef struct sample_work {
    accord_utility_table table;
    acc__rational_search *search;
    double *draws;
} sample_work;

static accord_status work_init(const accord_model *m, size_t n_uncertain, sample_work *w)
{
    memset(w, 0, sizeof *w);
    const accord_utility_table *base = &m->agreement->table;
    w->table = *base; /* offsets and sizes are shared; the value arrays are our own */
    w->table.contrib = acc__calloc(base->n_parties * base->total_options + 1, sizeof(double));
    w->table.cap = acc__calloc(base->n_parties + 1, sizeof(bool));
    w->table.reservation = acc__calloc(base->n_parties + 1, sizeof(double));
    w->draws = acc__calloc(n_uncertain + 1, sizeof(double));
    if (!w->table.contrib || !w->table.cap || !w->table.reservation || !w->draws)
        return ACCORD_E_NOMEM;
    return acc__rational_search_new(m, &w->search);
}

static void work_free(sample_work *w)
{
    acc__free(w->table.contrib);
    acc__free(w->table.cap);
    acc__free(w->table.reservation);
    acc__free(w->draws);
    acc__rational_search_free(w->search);
}

static double table_utility(const accord_utility_table *t, size_t p, const uint32_t *terms)
{
    const double *row = t->contrib + p * t->total_options;
    double u = 0;
    for (size_t i = 0; i < t->n_issues; i++)
        u += row[t->offset[i] + terms[i]];
    return t->cap[p] && u > 1 ? 1 : u;
}

/* One computation: the options, the ranged numbers and, per sample, the
 * verdicts and the draws (kept for the sensitivity ranking). */
typedef struct robust_run {
    const accord_model *m;
    accord_robust_options o;
    size_t np, nP;
    size_t nv; /* verdicts: each (proposal, party), each "all", the zopa */
    acc__ranged *ranged;
    size_t nu;
    /* samples computed: o.samples, or 1 without ranges (every sample is
     * the point values); each row stands for o.samples / rows samples */
    uint64_t rows;
    int threads;
    uint8_t *verdicts; /* rows x nv */
    double *draws;     /* rows x nu */
    bool *red;         /* proposal x party: breaks a red line (not sampled) */
    accord_robust *r;
} robust_run;

/* The options with their defaults filled in. */
static accord_robust_options robust_options(const accord_robust_options *opts)
{
    accord_robust_options o = {.samples = ACCORD_DEFAULT_SAMPLES, .seed = 0, .top = ACCORD_DEFAULT_TOP,
                               .search_nodes = 10000000,
                               .max_memory = ACCORD_DEFAULT_ROBUST_MAX_MEMORY};
    if (opts) {
        if (opts->samples)
            o.samples = opts->samples;
        o.seed = opts->seed;
        if (opts->top)
            o.top = opts->top;
        if (opts->search_nodes)
            o.search_nodes = opts->search_nodes;
        if (opts->max_memory)
            o.max_memory = opts->max_memory;
    }
    return o;
}

/* "512 bytes", "12.5 MiB" or "3.2 GiB" */
static void size_text(double bytes, char *buf, size_t size)
{
    if (bytes < (double)(1 << 20))
        snprintf(buf, size, "%.0f bytes", bytes);
    else if (bytes < (double)(1 << 30))
        snprintf(buf, size, "%.1f MiB", bytes / (1 << 20));
    else
        snprintf(buf, size, "%.1f GiB", bytes / (1 << 30));
}

/* Bytes one thread's agreement search allocates (rational_search.c): its
 * per-issue arrays, per party and per group of parties, and the options. */
static double search_bytes(const robust_run *x)
{
    const accord_agreement *ag = x->m->agreement;
    double np = (double)x->np, ni = (double)ag->n_issues, T = (double)ag->table.total_options;
    double ng = x->np <= 4 ? ldexp(1, (int)x->np) : np * (np - 1) / 2 + 1;
    if (ng > ACC_MAX_GROUPS)
        ng = ACC_MAX_GROUPS;
    return 8.0 * ACC_MAX_GROUPS + (ni + 2) * (40 + 16 * np + 8 * ng) + 8 * ng + 24 * T +
           24.0 * (double)acc__red_line_count(x->m);
}

/* Every allocation of the computation that grows with the samples, the
 * threads, the uncertain numbers or the verdicts, in bytes: per computed
 * sample its verdicts (a byte each) and draws; per thread a utility table,
 * its draws and an agreement search; the result and the sensitivity
 * counts. */
static double robust_bytes(const robust_run *x)
{
    const accord_utility_table *t = &x->m->agreement->table;
    double np = (double)x->np, nu = (double)x->nu, nv = (double)x->nv;
    double per_sample = nv + 8 * nu;
    double per_thread = 8 * (np * (double)t->total_options + 1) + 9 * (np + 1) + 8 * (nu + 1) +
                        search_bytes(x) + sizeof(sample_work);
    double result = nu * (8.0 + sizeof(accord_sensitivity)) + 10.0 * (double)x->nP * np + 32 * nv;
    return (double)x->rows * per_sample + x->threads * per_thread + result;
}

/* The result's arrays and the samples' verdicts and draws, refused up front
 * when they would not fit; then the verdicts at the point values. */
static accord_status robust_alloc(robust_run *x, accord_diagnostics *diag)
{
    accord_robust *r = x->r;
    size_t np = x->np, nP = x->nP, nu = x->nu;
    double bytes = robust_bytes(x);
    if (bytes > (double)x->o.max_memory) {
        char need[32], have[32];
        size_text(bytes, need, sizeof need);
        size_text((double)x->o.max_memory, have, sizeof have);
        acc__diag(diag, ACCORD_ERROR, x->m->path, 0, 0,
                  "%llu samples of %zu uncertain numbers need about %s of memory (%zu bytes a "
                  "sample, kept for the sensitivity ranking), more than the bound of %s; use fewer "
                  "samples (accord_robust_options.samples) or raise "
                  "accord_robust_options.max_memory",
                  (unsigned long long)x->o.samples, nu, need, x->nv + 8 * nu, have);
        return ACCORD_E_LIMIT;
    }
    r->uncertain = acc__calloc(nu + 1, sizeof *r->uncertain);
    r->point_acceptable = acc__calloc(nP * np + 1, sizeof *r->point_acceptable);
    r->acceptable = acc__calloc(nP * np + 1, sizeof *r->acceptable);
    r->all_acceptable = acc__calloc(nP + 1, sizeof *r->all_acceptable);
    x->verdicts = acc__calloc((size_t)x->rows * x->nv, 1);
    x->draws = acc__calloc((size_t)x->rows * nu + 1, sizeof *x->draws);
    x->red = acc__calloc(nP * np + 1, sizeof *x->red);
    if (!r->uncertain || !r->point_acceptable || !r->acceptable || !r->all_acceptable ||
        !x->verdicts || !x->draws || !x->red)
        return ACCORD_E_NOMEM;
    for (size_t j = 0; j < nu; j++)
        r->uncertain[j] = x->ranged[j].what;
    for (size_t q = 0; q < nP; q++)
        for (size_t p = 0; p < np; p++) {
            const uint32_t *terms = x->m->agreement->proposals[q].terms;
            x->red[q * np + p] = accord_red_line_broken(x->m, p, terms) >= 0;
            r->point_acceptable[q * np + p] = accord_acceptable(x->m, p, terms);
        }
    return ACCORD_OK;
}

/* Sample s: its draws from its own stream, the utility table they give,
 * and its verdicts.  False when the search ran out of memory. */
static bool sample_one(const robust_run *x, sample_work *w, uint64_t s)
{
    const accord_agreement *ag = x->m->agreement;
    size_t np = x->np, nP = x->nP, nu = x->nu, nv = x->nv;
    uint64_t state = x->o.seed ^ (s * 0xd1342543de82ef95ULL);
    mix(&state);
    double *d = x->draws + (size_t)s * nu;
    for (size_t j = 0; j < nu; j++) {
        const accord_number *num = x->ranged[j].number;
        d[j] = num->low + (num->high - num->low) * uniform01(&state);
    }
    acc__utility_table_fill(x->m, d, &w->table);
    uint8_t *v = x->verdicts + (size_t)s * nv;
    for (size_t q = 0; q < nP; q++) {
        bool all = true;
        for (size_t p = 0; p < np; p++) {
            bool ok = !x->red[q * np + p] &&
                      table_utility(&w->table, p, ag->proposals[q].terms) >= w->table.reservation[p];
            v[q * np + p] = ok;
            all = all && ok;
        }
        v[nP * np + q] = all;
    }
    bool found = false;
    accord_status sr = acc__rational_search_run(w->search, &w->table, x->o.search_nodes, &found, NULL);
    if (sr == ACCORD_E_LIMIT)
        v[nv - 1] = ZOPA_UNDECIDED;
    else if (sr)
        return false;
    else
        v[nv - 1] = found ? ZOPA_FOUND : ZOPA_EMPTY;
    return true;
}

/* Every sample, in parallel: each is computed from its own stream into its
 * own row, so the rows do not depend on which thread computed them. */
static accord_status sample_all(const robust_run *x)
{
    int n_threads = x->threads;
    accord_status rc = ACCORD_OK;
    sample_work *work = acc__calloc((size_t)n_threads, sizeof *work);
    if (!work)
        return ACCORD_E_NOMEM;
    for (int k = 0; k < n_threads && !rc; k++)
        rc = work_init(x->m, x->nu, &work[k]);
    int failed = 0;
    long long n_samples = rc ? 0 : (long long)x->rows;
#pragma omp parallel for schedule(dynamic, 16) num_threads(n_threads)
    for (long long s = 0; s < n_samples; s++) {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        if (!sample_one(x, &work[tid], (uint64_t)s)) {
#pragma omp atomic write
            failed = 1;
        }
    }
    for (int k = 0; k < n_threads; k++)
        work_free(&work[k]);
    acc__free(work);
    return rc ? rc : failed ? ACCORD_E_NOMEM : ACCORD_OK;
}

/* Probabilities, summed in sample order (over the rows computed, each
 * standing for as many samples). */
static void probabilities(const robust_run *x)
{
    accord_robust *r = x->r;
    size_t np = x->np, nP = x->nP, nv = x->nv;
    uint64_t zopa_yes = 0, zopa_decided = 0;
    for (uint64_t s = 0; s < x->rows; s++) {
        const uint8_t *v = x->verdicts + s * nv;
        for (size_t q = 0; q < nP; q++) {
            for (size_t p = 0; p < np; p++)
                r->acceptable[q * np + p] += v[q * np + p];
            r->all_acceptable[q] += v[nP * np + q];
        }
        if (v[nv - 1] != ZOPA_UNDECIDED) {
            zopa_decided++;
            zopa_yes += v[nv - 1] == ZOPA_FOUND;
        }
    }
    for (size_t q = 0; q < nP; q++) {
        for (size_t p = 0; p < np; p++)
            r->acceptable[q * np + p] /= (double)x->rows;
        r->all_acceptable[q] /= (double)x->rows;
    }
    r->zopa_undecided = (x->rows - zopa_decided) * (x->o.samples / x->rows);
    r->zopa_nonempty = zopa_decided ? (double)zopa_yes / (double)zopa_decided : NAN;
}

/* Per verdict, how many samples had number j in the upper (hi_*) and the
 * lower half (lo_*) of its range, and how many of those the verdict held
 * in (*_c). */
typedef struct half_counts {
    uint64_t *hi_n, *lo_n, *hi_c, *lo_c;
} half_counts;

static void count_halves(const robust_run *x, size_t j, half_counts *c)
{
    size_t nv = x->nv;
    const accord_number *num = x->ranged[j].number;
    double mid = (num->low + num->high) / 2;
    memset(c->hi_n, 0, nv * sizeof *c->hi_n);
    memset(c->lo_n, 0, nv * sizeof *c->lo_n);
    memset(c->hi_c, 0, nv * sizeof *c->hi_c);
    memset(c->lo_c, 0, nv * sizeof *c->lo_c);
    for (uint64_t s = 0; s < x->rows; s++) {
        const uint8_t *v = x->verdicts + s * nv;
        bool upper = x->draws[s * x->nu + j] >= mid;
        for (size_t k = 0; k < nv; k++) {
            if (k == nv - 1 && v[k] == ZOPA_UNDECIDED)
                continue;
            uint64_t yes = v[k] == 1;
            if (upper) {
                c->hi_n[k]++;
                c->hi_c[k] += yes;
            } else {
                c->lo_n[k]++;
                c->lo_c[k] += yes;
            }
        }
    }
}

/* The verdict that number j moves most (from its half counts), when it
 * moves one beyond sampling noise. */
static bool most_moved(const robust_run *x, size_t j, const half_counts *c, accord_sensitivity *best)
{
    size_t np = x->np, nP = x->nP;
    *best = (accord_sensitivity){.number = j};
    double best_abs = -1;
    for (size_t k = 0; k < x->nv; k++) {
        if (!c->hi_n[k] || !c->lo_n[k])
            continue;
        double ph = (double)c->hi_c[k] / (double)c->hi_n[k], pl = (double)c->lo_c[k] / (double)c->lo_n[k];
        /* Only a difference well beyond sampling noise counts: at least
         * 2 points and 3 standard errors of a difference of proportions. */
        double pool = (double)(c->hi_c[k] + c->lo_c[k]) / (double)(c->hi_n[k] + c->lo_n[k]);
        double se = sqrt(pool * (1 - pool) * (1.0 / (double)c->hi_n[k] + 1.0 / (double)c->lo_n[k]));
        if (fabs(ph - pl) < 0.02 || fabs(ph - pl) < 3 * se)
            continue;
        if (fabs(ph - pl) > best_abs + 1e-12) {
            best_abs = fabs(ph - pl);
            best->p_high = ph;
            best->p_low = pl;
            best->swing = ph - pl;
            if (k < nP * np) {
                best->proposal = k / np;
                best->party = k % np;
            } else if (k < nP * np + nP) {
                best->proposal = k - nP * np;
                best->party = np;
            } else {
                best->proposal = nP;
                best->party = np;
            }
        }
    }
    return best_abs > 0; /* else it moves no verdict at all */
}

/* Sensitivity: for each number, the verdict whose probability differs most
 * between samples with the number in the upper and in the lower half of
 * its range; most decisive first, ties in sampling order. */
static accord_status sensitivity(const robust_run *x)
{
    size_t nv = x->nv, nu = x->nu;
    accord_sensitivity *sens = acc__calloc(nu + 1, sizeof *sens);
    half_counts c = {acc__calloc(nv, sizeof *c.hi_n), acc__calloc(nv, sizeof *c.lo_n),
                     acc__calloc(nv, sizeof *c.hi_c), acc__calloc(nv, sizeof *c.lo_c)};
    accord_status rc = ACCORD_OK;
    size_t ns = 0;
    if (!sens || !c.hi_n || !c.lo_n || !c.hi_c || !c.lo_c) {
        acc__free(sens);
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t j = 0; j < nu; j++) {
        accord_sensitivity best;
        count_halves(x, j, &c);
        if (!most_moved(x, j, &c, &best))
            continue;
        best.what = x->ranged[j].what;
        best.low = x->ranged[j].number->low;
        best.high = x->ranged[j].number->high;
        sens[ns++] = best;
    }
    for (size_t a = 1; a < ns; a++) { /* a stable insertion sort by |swing| */
        accord_sensitivity s = sens[a];
        size_t b = a;
        while (b > 0 && fabs(sens[b - 1].swing) < fabs(s.swing)) {
            sens[b] = sens[b - 1];
            b--;
        }
        sens[b] = s;
    }
    x->r->sensitivity = sens;
    x->r->n_sensitivity = ns < x->o.top ? ns : x->o.top;
out:
    acc__free(c.hi_n);
    acc__free(c.lo_n);
    acc__free(c.hi_c);
    acc__free(c.lo_c);
    return rc;
}

accord_status accord_robust_compute(const accord_model *m, const accord_robust_options *opts,
                                    accord_robust **out, accord_diagnostics *diag)
{
    *out = NULL;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    accord_status rc = acc__require_additive(m, "robust", diag);
    if (rc)
        return rc;
    robust_run x = {.m = m, .o = robust_options(opts), .np = m->n_parties,
                    .nP = m->agreement->n_proposals};
    x.nv = x.nP * x.np + x.nP + 1;
    robust_store *st = acc__calloc(1, sizeof *st);
    if (!st)
        return ACCORD_E_NOMEM;
    accord_robust *r = x.r = &st->pub;
    r->samples = x.o.samples;
    r->seed = x.o.seed;
    r->n_parties = x.np;
    r->n_proposals = x.nP;

    rc = acc__ranged_numbers(m, &x.ranged, &x.nu, &st->arena);
    if (rc)
        goto out;
    r->n_uncertain = x.nu;
    /* Without ranges every sample is the point values: compute one. */
    x.rows = x.nu ? x.o.samples : 1;
    x.threads = 1;
#ifdef _OPENMP
    x.threads = omp_get_max_threads();
#endif
    if ((uint64_t)x.threads > x.rows)
        x.threads = (int)x.rows;
    /* Memory: the verdicts and the draws of every sample are kept for the
     * sensitivity ranking. */
    if ((rc = robust_alloc(&x, diag)) || (rc = sample_all(&x)))
        goto out;
    probabilities(&x);
    rc = sensitivity(&x);
out:
    acc__free(x.ranged);
    acc__free(x.verdicts);
    acc__free(x.draws);
    acc__free(x.red);
    if (rc) {
        accord_robust_free(r);
        return rc;
    }
    *out = r;
    return ACCORD_OK;
}
