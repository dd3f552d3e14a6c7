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
#include "structural.h"
#include "../model/exact.h"

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
    acc__free(r->structural);
    acc__free(r->subject);
    acc__free(r->stable);
    acc__free(r->point_stable);
    acc__free(r->ignored_red_lines);
    acc__arena_free(&st->arena);
    acc__free(st);
}

#define mix acc__mix
#define uniform01 acc__uniform01

/* Per-sample outcome codes of the agreement search. */
enum { ZOPA_EMPTY = 0, ZOPA_FOUND = 1, ZOPA_UNDECIDED = 2 };

typedef struct sample_work {
    accord_utility_table table;
    acc__rational_search *search;
    double *draws;
    bool *ignored; /* per red line: dropped in this sample */
} sample_work;

static accord_status work_init(const accord_model *m, size_t n_uncertain, size_t n_red,
                               const bool *dropped, sample_work *w)
{
    memset(w, 0, sizeof *w);
    const accord_utility_table *base = &m->agreement->table;
    w->table = *base; /* offsets and sizes are shared; the value arrays are our own */
    w->table.contrib = acc__calloc(base->n_parties * base->total_options + 1, sizeof(double));
    w->table.cap = acc__calloc(base->n_parties + 1, sizeof(bool));
    w->table.reservation = acc__calloc(base->n_parties + 1, sizeof(double));
    w->draws = acc__calloc(n_uncertain + 1, sizeof(double));
    w->ignored = acc__calloc(n_red + 1, sizeof(bool));
    if (!w->table.contrib || !w->table.cap || !w->table.reservation || !w->draws || !w->ignored)
        return ACCORD_E_NOMEM;
    if (dropped) /* dropped in every sample; the soft red lines are drawn per sample */
        memcpy(w->ignored, dropped, n_red * sizeof *w->ignored);
    accord_status rc = acc__rational_search_new(m, &w->search);
    if (!rc)
        acc__rational_search_ignore(w->search, w->ignored);
    return rc;
}

static void work_free(sample_work *w)
{
    acc__free(w->table.contrib);
    acc__free(w->table.cap);
    acc__free(w->table.reservation);
    acc__free(w->draws);
    acc__free(w->ignored);
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
    size_t nva; /* agreement verdicts: each (proposal, party), each "all", the zopa (last) */
    size_t nv;  /* and the conflict's: each subject under each concept */
    acc__ranged *ranged;
    size_t nu;
    /* red lines, numbered party by party (acc__red_line_count's order) */
    size_t n_red;
    size_t *red_first;   /* per party: number of its first red line */
    uint8_t *broke;      /* proposal x red line: the proposal breaks it */
    size_t n_soft;       /* red lines of firmness below 1 */
    size_t *soft;        /* their numbers */
    double *soft_p;      /* their firmness (the probability of holding) */
    acc__conflict_part cp;
    size_t ns;           /* structural assumptions: n_soft + cp.n_irr + cp.n_alt */
    uint8_t *holds;      /* rows x ns: the assumption holds in the sample */
    uint8_t *configs;    /* rows x cp.width: the sample's conflict configuration */
    /* samples computed: o.samples, or 1 without ranges (every sample is
     * the point values); each row stands for o.samples / rows samples */
    uint64_t rows;
    int threads;
    uint8_t *verdicts; /* rows x nv */
    double *draws;     /* rows x nu */
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
        o.ignored_red_lines = opts->ignored_red_lines;
        o.threads = opts->threads > 0 ? opts->threads : 0;
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
    double np = (double)x->np, nu = (double)x->nu, nv = (double)x->nv, ns = (double)x->ns;
    double nr = (double)x->n_red, nsub = (double)x->cp.n_subjects;
    double per_sample = nv + 8 * nu + ns + (double)x->cp.width;
    double per_thread = 8 * (np * (double)t->total_options + 1) + 9 * (np + 1) + 8 * (nu + 1) +
                        (nr + 1) + search_bytes(x) + sizeof(sample_work);
    double result = (nu + ns) * (8.0 + sizeof(accord_sensitivity)) + ns * sizeof(accord_structural) +
                    10.0 * (double)x->nP * np + 32 * nv + nsub * (8 + 9.0 * ACCORD_N_CONCEPTS);
    /* the red lines' table and the conflict part: alternative levels, the
     * memo table and one configuration's stability analysis at a time */
    double red = (double)x->nP * nr + 24 * nr + 8 * (np + 1);
    double conflict = acc__conflict_part_bytes(&x->cp) + acc__conflict_part_memo_bytes(&x->cp, x->rows) +
                      acc__conflict_part_analysis_bytes(&x->cp);
    return (double)x->rows * per_sample + x->threads * per_thread + result + red + conflict;
}

/* Party p's utility of terms reaches its reservation (exactly, as
 * accord_acceptable decides it). */
static bool reaches_reservation(const accord_model *m, size_t p, const uint32_t *terms)
{
    const accord_utility_table *t = &m->agreement->table;
    return acc__reaches_reservation(acc__exact_of(m, t, p), p, t->offset, t->n_issues, terms,
                                    accord_utility(m, p, terms), t->cap[p], t->reservation[p]);
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
                  (unsigned long long)x->o.samples, nu, need, x->nv + 8 * nu + x->ns + x->cp.width, have);
        return ACCORD_E_LIMIT;
    }
    r->uncertain = acc__calloc(nu + 1, sizeof *r->uncertain);
    r->point_acceptable = acc__calloc(nP * np + 1, sizeof *r->point_acceptable);
    r->acceptable = acc__calloc(nP * np + 1, sizeof *r->acceptable);
    r->all_acceptable = acc__calloc(nP + 1, sizeof *r->all_acceptable);
    x->verdicts = acc__calloc((size_t)x->rows * x->nv + 1, 1);
    x->draws = acc__calloc((size_t)x->rows * nu + 1, sizeof *x->draws);
    x->broke = acc__calloc(nP * x->n_red + 1, 1);
    x->holds = acc__calloc((size_t)x->rows * x->ns + 1, 1);
    x->configs = acc__calloc((size_t)x->rows * x->cp.width + 1, 1);
    if (!r->uncertain || !r->point_acceptable || !r->acceptable || !r->all_acceptable ||
        !x->verdicts || !x->draws || !x->broke || !x->holds || !x->configs)
        return ACCORD_E_NOMEM;
    for (size_t j = 0; j < nu; j++)
        r->uncertain[j] = x->ranged[j].what;
    const accord_agreement *ag = x->m->agreement;
    for (size_t q = 0; q < nP; q++) {
        const uint32_t *terms = ag->proposals[q].terms;
        for (size_t p = 0; p < np; p++) {
            const bool *dropped = acc__red_lines_ignored(x->m, x->o.ignored_red_lines, p);
            bool broken = false;
            for (size_t k = 0; k < ag->preferences[p].n_red_lines; k++) {
                bool b = accord_expr_eval_outcome(ag->preferences[p].red_lines[k].expr, terms);
                x->broke[q * x->n_red + x->red_first[p] + k] = b;
                broken = broken || (b && !(dropped && dropped[k]));
            }
            /* at the point values every red line not dropped holds */
            r->point_acceptable[q * np + p] = !broken && reaches_reservation(x->m, p, terms);
        }
    }
    return acc__conflict_part_prepare(&x->cp);
}

/* Does proposal q break a red line of party p that holds in the sample? */
static bool breaks_red_line(const robust_run *x, const sample_work *w, size_t q, size_t p)
{
    for (size_t g = x->red_first[p]; g < x->red_first[p + 1]; g++)
        if (x->broke[q * x->n_red + g] && !w->ignored[g])
            return true;
    return false;
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
    /* then the structural assumptions, from the same stream: the red lines
     * of firmness below 1, then the conflict's configuration */
    uint8_t *h = x->holds + (size_t)s * x->ns;
    for (size_t k = 0; k < x->n_soft; k++) {
        h[k] = uniform01(&state) < x->soft_p[k];
        w->ignored[x->soft[k]] = !h[k];
    }
    if (x->cp.width)
        acc__conflict_part_draw(&x->cp, &state, x->configs + (size_t)s * x->cp.width, h + x->n_soft);
    acc__utility_table_fill(x->m, d, &w->table);
    uint8_t *v = x->verdicts + (size_t)s * nv;
    for (size_t q = 0; q < nP; q++) {
        bool all = true;
        for (size_t p = 0; p < np; p++) {
            bool ok = !breaks_red_line(x, w, q, p) &&
                      table_utility(&w->table, p, ag->proposals[q].terms) >= w->table.reservation[p];
            v[q * np + p] = ok;
            all = all && ok;
        }
        v[nP * np + q] = all;
    }
    bool found = false;
    accord_status sr = acc__rational_search_run(w->search, &w->table, x->o.search_nodes, &found, NULL);
    if (sr == ACCORD_E_LIMIT)
        v[x->nva - 1] = ZOPA_UNDECIDED;
    else if (sr)
        return false;
    else
        v[x->nva - 1] = found ? ZOPA_FOUND : ZOPA_EMPTY;
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
        rc = work_init(x->m, x->nu, x->n_red, x->o.ignored_red_lines, &work[k]);
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
    size_t np = x->np, nP = x->nP, nv = x->nv, nva = x->nva, nc = nv - nva;
    uint64_t zopa_yes = 0, zopa_decided = 0;
    for (uint64_t s = 0; s < x->rows; s++) {
        const uint8_t *v = x->verdicts + s * nv;
        for (size_t q = 0; q < nP; q++) {
            for (size_t p = 0; p < np; p++)
                r->acceptable[q * np + p] += v[q * np + p];
            r->all_acceptable[q] += v[nP * np + q];
        }
        if (v[nva - 1] != ZOPA_UNDECIDED) {
            zopa_decided++;
            zopa_yes += v[nva - 1] == ZOPA_FOUND;
        }
        for (size_t k = 0; k < nc; k++)
            r->stable[k] += v[nva + k];
    }
    for (size_t q = 0; q < nP; q++) {
        for (size_t p = 0; p < np; p++)
            r->acceptable[q * np + p] /= (double)x->rows;
        r->all_acceptable[q] /= (double)x->rows;
    }
    for (size_t k = 0; k < nc; k++)
        r->stable[k] /= (double)x->rows;
    r->zopa_undecided = (x->rows - zopa_decided) * (x->o.samples / x->rows);
    r->zopa_nonempty = zopa_decided ? (double)zopa_yes / (double)zopa_decided : NAN;
}

/* Per verdict, how many samples had number j in the upper (hi_*) and the
 * lower half (lo_*) of its range, and how many of those the verdict held
 * in (*_c). */
typedef struct half_counts {
    uint64_t *hi_n, *lo_n, *hi_c, *lo_c;
} half_counts;

/* Factor f (a number for f < nu, else structural assumption f - nu): is
 * sample s on its upper side (upper half of the range; the assumption
 * holds)? */
static bool upper_side(const robust_run *x, size_t f, uint64_t s, double mid)
{
    if (f < x->nu)
        return x->draws[s * x->nu + f] >= mid;
    return x->holds[s * x->ns + (f - x->nu)] != 0;
}

static void count_halves(const robust_run *x, size_t j, half_counts *c)
{
    size_t nv = x->nv;
    double mid = 0;
    if (j < x->nu)
        mid = (x->ranged[j].number->low + x->ranged[j].number->high) / 2;
    memset(c->hi_n, 0, nv * sizeof *c->hi_n);
    memset(c->lo_n, 0, nv * sizeof *c->lo_n);
    memset(c->hi_c, 0, nv * sizeof *c->hi_c);
    memset(c->lo_c, 0, nv * sizeof *c->lo_c);
    for (uint64_t s = 0; s < x->rows; s++) {
        const uint8_t *v = x->verdicts + s * nv;
        bool upper = upper_side(x, j, s, mid);
        for (size_t k = 0; k < nv; k++) {
            if (k == x->nva - 1 && v[k] == ZOPA_UNDECIDED)
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

/* Verdict k of a sample's row into the entry's coordinates. */
static void set_verdict(const robust_run *x, size_t k, accord_sensitivity *e)
{
    size_t np = x->np, nP = x->nP;
    e->conflict = false;
    e->subject = 0;
    e->concept = ACCORD_NASH;
    if (k < nP * np) {
        e->proposal = k / np;
        e->party = k % np;
    } else if (k < nP * np + nP) {
        e->proposal = k - nP * np;
        e->party = np;
    } else {
        e->proposal = nP;
        e->party = np;
    }
    if (k >= x->nva) {
        e->conflict = true;
        e->subject = (k - x->nva) / ACCORD_N_CONCEPTS;
        e->concept = (accord_concept)((k - x->nva) % ACCORD_N_CONCEPTS);
    }
}

/* The verdict that number j moves most (from its half counts), when it
 * moves one beyond sampling noise. */
static bool most_moved(const robust_run *x, size_t j, const half_counts *c, accord_sensitivity *best)
{
    *best = (accord_sensitivity){.number = j};
    double best_abs = -1;
    /* The numbers and the red lines decide only the agreement's verdicts,
     * the conflict's assumptions only the conflict's: the other side's
     * differences are sampling noise, and are not tested. */
    bool conflict_side = j >= x->nu + x->n_soft;
    size_t from = conflict_side ? x->nva : 0, to = conflict_side ? x->nv : x->nva;
    for (size_t k = from; k < to; k++) {
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
            set_verdict(x, k, best);
        }
    }
    return best_abs > 0; /* else it moves no verdict at all */
}

/* Sensitivity: for each number, the verdict whose probability differs most
 * between samples with the number in the upper and in the lower half of
 * its range; most decisive first, ties in sampling order. */
static accord_status sensitivity(const robust_run *x)
{
    size_t nv = x->nv, nu = x->nu, nf = x->nu + x->ns;
    accord_sensitivity *sens = acc__calloc(nf + 1, sizeof *sens);
    half_counts c = {acc__calloc(nv, sizeof *c.hi_n), acc__calloc(nv, sizeof *c.lo_n),
                     acc__calloc(nv, sizeof *c.hi_c), acc__calloc(nv, sizeof *c.lo_c)};
    accord_status rc = ACCORD_OK;
    size_t ns = 0;
    if (!sens || !c.hi_n || !c.lo_n || !c.hi_c || !c.lo_c) {
        acc__free(sens);
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t j = 0; j < nf; j++) {
        accord_sensitivity best;
        count_halves(x, j, &c);
        if (!most_moved(x, j, &c, &best))
            continue;
        if (j < nu) {
            best.what = x->ranged[j].what;
            best.low = x->ranged[j].number->low;
            best.high = x->ranged[j].number->high;
        } else {
            const accord_structural *a = &x->r->structural[j - nu];
            best.number = SIZE_MAX;
            best.kind = a->kind;
            best.structural = j - nu;
            best.what = a->what;
            best.low = 0;
            best.high = 1;
        }
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

/* The red lines: their numbering, the soft ones (firmness below 1) and
 * their probabilities.  Errors: ACCORD_E_NOMEM. */
static accord_status red_lines_init(robust_run *x)
{
    const accord_agreement *ag = x->m->agreement;
    x->n_red = acc__red_line_count(x->m);
    x->red_first = acc__calloc(x->np + 1, sizeof *x->red_first);
    x->soft = acc__calloc(x->n_red + 1, sizeof *x->soft);
    x->soft_p = acc__calloc(x->n_red + 1, sizeof *x->soft_p);
    if (!x->red_first || !x->soft || !x->soft_p)
        return ACCORD_E_NOMEM;
    size_t g = 0;
    for (size_t p = 0; p < x->np; p++) {
        const accord_preference *pr = &ag->preferences[p];
        const bool *dropped = acc__red_lines_ignored(x->m, x->o.ignored_red_lines, p);
        x->red_first[p] = g;
        for (size_t k = 0; k < pr->n_red_lines; k++, g++)
            if (pr->red_line_info && pr->red_line_info[k].firmness.value < 1 && !(dropped && dropped[k])) {
                x->soft_p[x->n_soft] = pr->red_line_info[k].firmness.value;
                x->soft[x->n_soft++] = g;
            }
    }
    x->red_first[x->np] = g;
    return ACCORD_OK;
}

/* The result's list of structural assumptions (in the order of the
 * samples' holds bytes) and the conflict's subjects.  Errors:
 * ACCORD_E_NOMEM. */
static accord_status structural_list(robust_run *x, acc__arena *A)
{
    const accord_model *m = x->m;
    accord_robust *r = x->r;
    x->ns = x->n_soft + x->cp.n_irr + x->cp.n_alt;
    r->n_structural = x->ns;
    r->structural = acc__calloc(x->ns + 1, sizeof *r->structural);
    r->n_subjects = x->cp.n_subjects;
    r->subject = acc__calloc(r->n_subjects + 1, sizeof *r->subject);
    r->stable = acc__calloc(r->n_subjects * ACCORD_N_CONCEPTS + 1, sizeof *r->stable);
    r->point_stable = acc__calloc(r->n_subjects * ACCORD_N_CONCEPTS + 1, sizeof *r->point_stable);
    if (!r->structural || !r->subject || !r->stable || !r->point_stable)
        return ACCORD_E_NOMEM;
    size_t k = 0;
    for (size_t p = 0, g = 0; p < x->np; p++)
        for (size_t i = 0; i < m->agreement->preferences[p].n_red_lines; i++, g++)
            if (k < x->n_soft && x->soft[k] == g) {
                r->structural[k] = (accord_structural){
                    ACCORD_ASSUME_RED_LINE,
                    acc__arena_printf(A, "%s's red line \"%s\"", m->parties[p].id,
                                      m->agreement->preferences[p].red_lines[i].text),
                    x->soft_p[k], p, i};
                k++;
            }
    const accord_conflict *cf = m->conflict;
    for (size_t j = 0; j < x->cp.n_irr; j++) {
        const accord_conflict_option *o = &cf->options[x->cp.irr[j]];
        r->structural[k++] = (accord_structural){
            ACCORD_ASSUME_IRREVERSIBLE, acc__arena_printf(A, "option %s is irreversible", o->qualified),
            o->irreversible.value, o->party, x->cp.irr[j]};
    }
    for (size_t j = 0; j < x->cp.n_ord; j++) {
        size_t p = x->cp.ord[j];
        for (size_t a = 0; a < cf->preferences[p].n_alternatives; a++) {
            const accord_conflict_alternative *alt = &cf->preferences[p].alternatives[a];
            r->structural[k++] = (accord_structural){
                ACCORD_ASSUME_ORDER,
                acc__arena_printf(A, "%s's order \"%s\"", m->parties[p].id, alt->name),
                alt->probability.value, p, a};
        }
    }
    for (size_t j = 0; j < x->ns; j++)
        if (!r->structural[j].what)
            return ACCORD_E_NOMEM;
    size_t sub = 0;
    if (x->cp.n_subjects && cf->has_status_quo)
        r->subject[sub++] = "status quo";
    for (size_t j = 0; x->cp.n_subjects && j < cf->n_named; j++)
        r->subject[sub++] = cf->named[j].name;
    return ACCORD_OK;
}

/* The conflict part: the verdicts of every sample's configuration and of
 * the model as written. */
static accord_status conflict_verdicts(robust_run *x, accord_diagnostics *diag)
{
    accord_robust *r = x->r;
    if (!x->cp.width || !x->cp.n_subjects)
        return ACCORD_OK; /* no verdict to compute */
    size_t nc = x->nv - x->nva;
    uint8_t *point = acc__calloc(nc + 1, 1);
    if (!point)
        return ACCORD_E_NOMEM;
    accord_status rc = acc__conflict_part_verdicts(&x->cp, NULL, x->o.max_memory, point, diag);
    for (size_t k = 0; !rc && k < nc; k++)
        r->point_stable[k] = point[k];
    acc__free(point);
    if (!rc)
        rc = acc__conflict_part_run(&x->cp, x->configs, x->rows, x->verdicts, x->nv, x->nva,
                                    x->o.max_memory, &r->n_configurations, diag);
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
    x.nva = x.nP * x.np + x.nP + 1;
    robust_store *st = acc__calloc(1, sizeof *st);
    if (!st)
        return ACCORD_E_NOMEM;
    accord_robust *r = x.r = &st->pub;
    r->samples = x.o.samples;
    r->seed = x.o.seed;
    r->n_parties = x.np;
    r->n_proposals = x.nP;

    if ((rc = acc__red_lines_ignored_copy(m, x.o.ignored_red_lines, &r->ignored_red_lines)) ||
        (rc = acc__ranged_numbers(m, &x.ranged, &x.nu, &st->arena)) || (rc = red_lines_init(&x)) ||
        (rc = acc__conflict_part_init(m, &x.cp)) || (rc = structural_list(&x, &st->arena)))
        goto out;
    x.nv = x.nva + x.cp.n_subjects * ACCORD_N_CONCEPTS;
    x.cp.threads = x.o.threads; /* the conflict part's stability analyses too */
    r->n_uncertain = x.nu;
    /* Without ranges and structural assumptions every sample is the point
     * values: compute one. */
    x.rows = x.nu || x.ns ? x.o.samples : 1;
    x.threads = 1;
#ifdef _OPENMP
    x.threads = x.o.threads ? x.o.threads : omp_get_max_threads();
#endif
    if ((uint64_t)x.threads > x.rows)
        x.threads = (int)x.rows;
    /* Memory: the verdicts, draws and structural draws of every sample are
     * kept for the sensitivity ranking. */
    if ((rc = robust_alloc(&x, diag)) || (rc = sample_all(&x)) || (rc = conflict_verdicts(&x, diag)))
        goto out;
    probabilities(&x);
    rc = sensitivity(&x);
out:
    acc__free(x.ranged);
    acc__free(x.verdicts);
    acc__free(x.draws);
    acc__free(x.broke);
    acc__free(x.holds);
    acc__free(x.configs);
    acc__free(x.red_first);
    acc__free(x.soft);
    acc__free(x.soft_p);
    acc__conflict_part_free(&x.cp);
    if (rc) {
        accord_robust_free(r);
        return rc;
    }
    *out = r;
    return ACCORD_OK;
}
