/*
 * robust.c - acceptance under uncertainty: sample every range, recompute the
 * verdicts, and rank the numbers by how much they move a verdict.
 *
 * Nothing per sample is kept for the ranking: each thread takes blocks of
 * 64 consecutive samples, holds one bit per sample for each number (upper
 * or lower half of its range), structural assumption (holds or not) and
 * verdict, and adds the block's counts (popcounts of the bit columns) to
 * its own tallies; the tallies are integers, merged after the loop, so the
 * result does not depend on the threads.  The conflict's verdicts are
 * known only once each distinct configuration is analysed: they are
 * tallied per configuration (structural.c), and only the configuration
 * bytes are kept per sample.
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

/* Samples of a block: one bit each in a uint64_t. */
#define BLOCK 64

/* One thread's tallies of the agreement's verdicts (nva of them) against
 * its factors (nfa = the numbers, then the soft red lines), and the
 * current block, bit-sliced: bit i of a column is sample i of the block. */
typedef struct tally {
    uint64_t *yes;    /* per verdict: samples it held in (the zopa: found) */
    uint64_t *up;     /* per factor: samples on its upper side */
    uint64_t *up_dec; /* per factor: of those, the zopa decided */
    uint64_t *hi;     /* factor x verdict: upper side and the verdict held */
    uint64_t decided; /* samples whose zopa search was decided */
    uint64_t *bu;     /* block: per factor, upper side */
    uint64_t *bv;     /* block: per verdict, held; then (bv[nva]) the zopa decided */
} tally;

/* A cache line of padding after each array a thread writes per sample, so
 * that no other thread's data shares its last line. */
#define PAD 8

typedef struct sample_work {
    accord_utility_table table;
    acc__rational_search *search;
    double *draws;
    bool *ignored;   /* per red line: dropped in this sample */
    uint8_t *holds;  /* the conflict's assumptions in this sample */
    tally t;
} sample_work;

static accord_status tally_init(tally *t, size_t nfa, size_t nva)
{
    t->yes = acc__calloc(nva + 1, sizeof *t->yes);
    t->up = acc__calloc(nfa + 1, sizeof *t->up);
    t->up_dec = acc__calloc(nfa + 1, sizeof *t->up_dec);
    t->hi = acc__calloc(nfa * nva + 1, sizeof *t->hi);
    t->bu = acc__calloc(nfa + PAD, sizeof *t->bu);
    t->bv = acc__calloc(nva + 1 + PAD, sizeof *t->bv);
    return t->yes && t->up && t->up_dec && t->hi && t->bu && t->bv ? ACCORD_OK : ACCORD_E_NOMEM;
}

static void tally_free(tally *t)
{
    acc__free(t->yes);
    acc__free(t->up);
    acc__free(t->up_dec);
    acc__free(t->hi);
    acc__free(t->bu);
    acc__free(t->bv);
}


/* Add the block's counts to the tallies and clear it.  O(nfa * nva). */
static void tally_flush(tally *t, size_t nfa, size_t nva)
{
    for (size_t f = 0; f < nfa; f++) {
        uint64_t u = t->bu[f], *row = t->hi + f * nva;
        t->up[f] += acc__popcount64(u);
        t->up_dec[f] += acc__popcount64(u & t->bv[nva]);
        for (size_t k = 0; k < nva; k++)
            row[k] += acc__popcount64(u & t->bv[k]);
        t->bu[f] = 0;
    }
    for (size_t k = 0; k < nva; k++) {
        t->yes[k] += acc__popcount64(t->bv[k]);
        t->bv[k] = 0;
    }
    t->decided += acc__popcount64(t->bv[nva]);
    t->bv[nva] = 0;
}

/* Add u's tallies to t's.  O(nfa * nva). */
static void tally_merge(tally *t, const tally *u, size_t nfa, size_t nva)
{
    for (size_t f = 0; f < nfa; f++) {
        t->up[f] += u->up[f];
        t->up_dec[f] += u->up_dec[f];
    }
    for (size_t k = 0; k < nfa * nva; k++)
        t->hi[k] += u->hi[k];
    for (size_t k = 0; k < nva; k++)
        t->yes[k] += u->yes[k];
    t->decided += u->decided;
}

/* A thread's work space for the computation x (declared below). */
typedef struct robust_run robust_run;
static accord_status work_init(const robust_run *x, sample_work *w);

static accord_status work_alloc(const accord_model *m, size_t n_uncertain, size_t n_red,
                                const bool *dropped, sample_work *w)
{
    const accord_utility_table *base = &m->agreement->table;
    w->table = *base; /* offsets and sizes are shared; the value arrays are our own */
    /* written per sample: each padded (PAD) */
    w->table.contrib = acc__calloc(base->n_parties * base->total_options + PAD, sizeof(double));
    w->table.cap = acc__calloc(base->n_parties + 8 * PAD, sizeof(bool));
    w->table.reservation = acc__calloc(base->n_parties + PAD, sizeof(double));
    w->draws = acc__calloc(n_uncertain + PAD, sizeof(double));
    w->ignored = acc__calloc(n_red + 8 * PAD, sizeof(bool));
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
    acc__free(w->holds);
    tally_free(&w->t);
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

/* One computation: the options, the ranged numbers, the structural
 * assumptions and the tallies of the verdicts. */
struct robust_run {
    const accord_model *m;
    accord_robust_options o;
    size_t np, nP;
    size_t nva; /* agreement verdicts: each (proposal, party), each "all", the zopa (last) */
    size_t nv;  /* and the conflict's: each subject under each concept */
    acc__ranged *ranged;
    size_t nu;
    double *low, *span;  /* per ranged number: its range's low end and width */
    double *mid;         /* and its middle */
    /* red lines, numbered party by party (acc__red_line_count's order) */
    size_t n_red;
    size_t *red_first;   /* per party: number of its first red line */
    uint8_t *broke;      /* proposal x red line: the proposal breaks it */
    size_t n_soft;       /* red lines of firmness below 1 */
    size_t *soft;        /* their numbers */
    double *soft_p;      /* their firmness (the probability of holding) */
    acc__conflict_part cp;
    size_t ns;           /* structural assumptions: n_soft + cp.n_irr + cp.n_alt */
    size_t nfa;          /* factors of the agreement's verdicts: nu + n_soft */
    uint8_t *configs;    /* rows x cp.width: the sample's conflict configuration */
    /* samples computed: o.samples, or 1 without ranges (every sample is
     * the point values); each row stands for o.samples / rows samples */
    uint64_t rows;
    int threads;
    tally t;             /* the agreement's tallies, merged over the threads */
    acc__conflict_tally ct; /* the conflict's, per distinct configuration */
    /* the conflict's tallies (nc = nv - nva verdicts, nfc = cp.n_irr +
     * cp.n_alt assumptions): as tally's yes, up and hi */
    uint64_t *c_yes, *c_up, *c_hi;
    accord_robust *r;
};

static accord_status work_init(const robust_run *x, sample_work *w)
{
    memset(w, 0, sizeof *w);
    accord_status rc = work_alloc(x->m, x->nu, x->n_red, x->o.ignored_red_lines, w);
    if (!rc) {
        w->holds = acc__calloc(x->cp.n_irr + x->cp.n_alt + 8 * PAD, 1);
        rc = w->holds ? tally_init(&w->t, x->nfa, x->nva) : ACCORD_E_NOMEM;
    }
    return rc;
}

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

/* Bytes of one thread's tallies (struct tally). */
static double tally_bytes(double nfa, double nva)
{
    return 8 * (nva + 1) + 8 * (nva + 1 + PAD) + 8 * (nfa + 1) * 2 + 8 * (nfa + PAD) + 8 * (nfa * nva + 1);
}

/* Every allocation of the computation that grows with the samples, the
 * threads, the uncertain numbers or the verdicts, in bytes: per computed
 * sample its conflict configuration (the only thing kept per sample); per
 * thread a utility table, its draws, an agreement search and the tallies;
 * the merged tallies, the result and the sensitivity ranking. */
static double robust_bytes(const robust_run *x)
{
    const accord_utility_table *t = &x->m->agreement->table;
    double np = (double)x->np, nu = (double)x->nu, nv = (double)x->nv, ns = (double)x->ns;
    double nr = (double)x->n_red, nsub = (double)x->cp.n_subjects;
    double nfa = (double)x->nfa, nva = (double)x->nva, nc = nv - nva;
    double nfc = (double)(x->cp.n_irr + x->cp.n_alt);
    double per_sample = (double)x->cp.width;
    double per_thread = 8 * (np * (double)t->total_options + PAD) + 9 * np + 16 * PAD + 8 * (nu + PAD) +
                        (nr + 8 * PAD) + (nfc + 8 * PAD) + tally_bytes(nfa, nva) + search_bytes(x) +
                        sizeof(sample_work);
    double result = (nu + ns) * (8.0 + sizeof(accord_sensitivity)) + ns * sizeof(accord_structural) +
                    10.0 * (double)x->nP * np + 32 * nv + nsub * (8 + 9.0 * ACCORD_N_CONCEPTS);
    double tallies = tally_bytes(nfa, nva) + 8 * (nc + 1) * 2 + 8 * (nfc + 1) + 8 * (nfc * nc + 1) +
                     3 * 8 * (nu + 1);
    /* the red lines' table and the conflict part: alternative levels, the
     * memo table with its tally and one configuration's stability analysis
     * at a time */
    double red = (double)x->nP * nr + 24 * nr + 8 * (np + 1);
    double conflict = acc__conflict_part_bytes(&x->cp) + acc__conflict_part_memo_bytes(&x->cp, x->rows) +
                      acc__conflict_part_analysis_bytes(&x->cp);
    double work_pad = 64 + sizeof(sample_work); /* after the threads' work spaces */
    return (double)x->rows * per_sample + x->threads * per_thread + work_pad + result + tallies + red +
           conflict;
}

/* Party p's utility of terms reaches its reservation (exactly, as
 * accord_acceptable decides it). */
static bool reaches_reservation(const accord_model *m, size_t p, const uint32_t *terms)
{
    const accord_utility_table *t = &m->agreement->table;
    return acc__reaches_reservation(acc__exact_of(m, t, p), p, t->offset, t->n_issues, terms,
                                    accord_utility(m, p, terms), t->cap[p], t->reservation[p]);
}

/* The result's arrays, the tallies and the configurations, refused up front
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
                  "sample for the conflict configurations, the rest per thread and for the "
                  "result), more than the bound of %s; use fewer samples or threads "
                  "(accord_robust_options.samples, .threads) or raise "
                  "accord_robust_options.max_memory",
                  (unsigned long long)x->o.samples, nu, need, x->cp.width, have);
        return ACCORD_E_LIMIT;
    }
    r->uncertain = acc__calloc(nu + 1, sizeof *r->uncertain);
    r->point_acceptable = acc__calloc(nP * np + 1, sizeof *r->point_acceptable);
    r->acceptable = acc__calloc(nP * np + 1, sizeof *r->acceptable);
    r->all_acceptable = acc__calloc(nP + 1, sizeof *r->all_acceptable);
    x->mid = acc__calloc(nu + 1, sizeof *x->mid);
    x->low = acc__calloc(nu + 1, sizeof *x->low);
    x->span = acc__calloc(nu + 1, sizeof *x->span);
    x->broke = acc__calloc(nP * x->n_red + 1, 1);
    x->configs = acc__calloc((size_t)x->rows * x->cp.width + 1, 1);
    if (!r->uncertain || !r->point_acceptable || !r->acceptable || !r->all_acceptable || !x->mid || !x->low || !x->span ||
        !x->broke || !x->configs || tally_init(&x->t, x->nfa, x->nva))
        return ACCORD_E_NOMEM;
    for (size_t j = 0; j < nu; j++) {
        r->uncertain[j] = x->ranged[j].what;
        const accord_number *num = x->ranged[j].number;
        x->mid[j] = (num->low + num->high) / 2;
        x->low[j] = num->low;
        x->span[j] = num->high - num->low;
    }
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

/* Sample s, bit `bit` of its block: its draws from its own stream, the
 * utility table they give, and its verdicts into the block.  False when
 * the search ran out of memory. */
static bool sample_one(const robust_run *x, sample_work *w, uint64_t s, uint64_t bit)
{
    const accord_agreement *ag = x->m->agreement;
    size_t np = x->np, nP = x->nP, nu = x->nu;
    tally *t = &w->t;
    uint64_t state = x->o.seed ^ (s * 0xd1342543de82ef95ULL);
    mix(&state);
    double *d = w->draws;
    const double *low = x->low, *span = x->span, *mid = x->mid;
    uint64_t *bu = t->bu;
    for (size_t j = 0; j < nu; j++) { /* no branch: the side is a coin flip */
        double v = low[j] + span[j] * uniform01(&state);
        d[j] = v;
        bu[j] |= bit & (0 - (uint64_t)(v >= mid[j]));
    }
    /* then the structural assumptions, from the same stream: the red lines
     * of firmness below 1, then the conflict's configuration */
    for (size_t k = 0; k < x->n_soft; k++) {
        bool holds = uniform01(&state) < x->soft_p[k];
        w->ignored[x->soft[k]] = !holds;
        bu[nu + k] |= bit & (0 - (uint64_t)holds);
    }
    if (x->cp.width)
        acc__conflict_part_draw(&x->cp, &state, x->configs + (size_t)s * x->cp.width, w->holds);
    acc__utility_table_fill(x->m, d, &w->table);
    for (size_t q = 0; q < nP; q++) {
        bool all = true;
        for (size_t p = 0; p < np; p++) {
            bool ok = !breaks_red_line(x, w, q, p) &&
                      table_utility(&w->table, p, ag->proposals[q].terms) >= w->table.reservation[p];
            if (ok)
                t->bv[q * np + p] |= bit;
            all = all && ok;
        }
        if (all)
            t->bv[nP * np + q] |= bit;
    }
    bool found = false;
    accord_status sr = acc__rational_search_run(w->search, &w->table, x->o.search_nodes, &found, NULL);
    if (sr == ACCORD_E_LIMIT)
        return true; /* undecided */
    if (sr)
        return false;
    t->bv[x->nva] |= bit;
    if (found)
        t->bv[x->nva - 1] |= bit;
    return true;
}

/* Every sample, in parallel, in blocks of BLOCK consecutive samples: each
 * sample is computed from its own stream, each thread tallies its blocks,
 * and the tallies (integers) are summed into x->t, so the result does not
 * depend on which thread computed which block. */
static accord_status sample_all(robust_run *x)
{
    int n_threads = x->threads;
    accord_status rc = ACCORD_OK;
    /* read per sample: a cache line after it, so that no thread's writes
     * share its last line */
    sample_work *work = acc__calloc((size_t)n_threads + 64 / sizeof(sample_work) + 1, sizeof *work);
    if (!work)
        return ACCORD_E_NOMEM;
    for (int k = 0; k < n_threads && !rc; k++)
        rc = work_init(x, &work[k]);
    int failed = 0;
    long long n_blocks = rc ? 0 : (long long)((x->rows + BLOCK - 1) / BLOCK);
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (long long b = 0; b < n_blocks; b++) {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        uint64_t first = (uint64_t)b * BLOCK, end = first + BLOCK < x->rows ? first + BLOCK : x->rows;
        for (uint64_t s = first; s < end; s++)
            if (!sample_one(x, &work[tid], s, (uint64_t)1 << (s - first))) {
#pragma omp atomic write
                failed = 1;
            }
        tally_flush(&work[tid].t, x->nfa, x->nva);
    }
    for (int k = 0; k < n_threads; k++) {
        if (!rc)
            tally_merge(&x->t, &work[k].t, x->nfa, x->nva);
        work_free(&work[k]);
    }
    acc__free(work);
    return rc ? rc : failed ? ACCORD_E_NOMEM : ACCORD_OK;
}

/* Probabilities, from the tallies (integers, so exact whatever the
 * threads; each row stands for o.samples / rows samples). */
static void probabilities(const robust_run *x)
{
    accord_robust *r = x->r;
    size_t np = x->np, nP = x->nP, nva = x->nva, nc = x->nv - nva;
    for (size_t q = 0; q < nP; q++) {
        for (size_t p = 0; p < np; p++)
            r->acceptable[q * np + p] = (double)x->t.yes[q * np + p] / (double)x->rows;
        r->all_acceptable[q] = (double)x->t.yes[nP * np + q] / (double)x->rows;
    }
    for (size_t k = 0; k < nc && x->c_yes; k++)
        r->stable[k] = (double)x->c_yes[k] / (double)x->rows;
    r->zopa_undecided = (x->rows - x->t.decided) * (x->o.samples / x->rows);
    r->zopa_nonempty = x->t.decided ? (double)x->t.yes[nva - 1] / (double)x->t.decided : NAN;
}

/* For factor f (a number for f < nu, a soft red line below nfa, else a
 * conflict assumption) and verdict k of its side: how many samples had
 * the factor on its upper side (upper half of the range; the assumption
 * holds) and on its lower side (n[1], n[0]), and in how many of those the
 * verdict held (c[1], c[0]).  The zopa counts decided samples only. */
static void factor_counts(const robust_run *x, size_t f, size_t k, uint64_t n[2], uint64_t c[2])
{
    if (f < x->nfa) {
        bool zopa = k == x->nva - 1;
        uint64_t total = zopa ? x->t.decided : x->rows;
        n[1] = zopa ? x->t.up_dec[f] : x->t.up[f];
        c[1] = x->t.hi[f * x->nva + k];
        n[0] = total - n[1];
        c[0] = x->t.yes[k] - c[1];
        return;
    }
    size_t g = f - x->nfa, kc = k - x->nva, nc = x->nv - x->nva;
    n[1] = x->c_up[g];
    c[1] = x->c_hi[g * nc + kc];
    n[0] = x->rows - n[1];
    c[0] = x->c_yes[kc] - c[1];
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
static bool most_moved(const robust_run *x, size_t j, accord_sensitivity *best)
{
    *best = (accord_sensitivity){.number = j};
    double best_abs = -1;
    /* The numbers and the red lines decide only the agreement's verdicts,
     * the conflict's assumptions only the conflict's: the other side's
     * differences are sampling noise, and are not tested. */
    bool conflict_side = j >= x->nu + x->n_soft;
    size_t from = conflict_side ? x->nva : 0, to = conflict_side ? x->nv : x->nva;
    for (size_t k = from; k < to; k++) {
        uint64_t n[2], c[2];
        factor_counts(x, j, k, n, c);
        if (!n[1] || !n[0])
            continue;
        double ph = (double)c[1] / (double)n[1], pl = (double)c[0] / (double)n[0];
        /* Only a difference well beyond sampling noise counts: at least
         * 2 points and 3 standard errors of a difference of proportions. */
        double pool = (double)(c[1] + c[0]) / (double)(n[1] + n[0]);
        double se = sqrt(pool * (1 - pool) * (1.0 / (double)n[1] + 1.0 / (double)n[0]));
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
    size_t nu = x->nu, nf = x->nu + x->ns;
    accord_sensitivity *sens = acc__calloc(nf + 1, sizeof *sens);
    size_t ns = 0;
    if (!sens)
        return ACCORD_E_NOMEM;
    for (size_t j = 0; j < nf; j++) {
        accord_sensitivity best;
        if (!most_moved(x, j, &best))
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
    return ACCORD_OK;
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

/* The conflict's tallies from the distinct configurations' (each standing
 * for as many samples as drew it).  Errors: ACCORD_E_NOMEM. */
static accord_status conflict_tally(robust_run *x)
{
    size_t nc = x->nv - x->nva, nfc = x->cp.n_irr + x->cp.n_alt;
    x->c_yes = acc__calloc(nc + 1, sizeof *x->c_yes);
    x->c_up = acc__calloc(nfc + 1, sizeof *x->c_up);
    x->c_hi = acc__calloc(nfc * nc + 1, sizeof *x->c_hi);
    uint8_t *holds = acc__calloc(nfc + 1, 1);
    accord_status rc = x->c_yes && x->c_up && x->c_hi && holds ? ACCORD_OK : ACCORD_E_NOMEM;
    for (size_t d = 0; !rc && d < x->ct.distinct; d++) {
        uint64_t n = x->ct.count[d];
        const uint8_t *v = x->ct.verdicts + d * nc;
        acc__conflict_part_holds(&x->cp, x->configs + x->ct.first[d] * x->cp.width, holds);
        for (size_t k = 0; k < nc; k++)
            x->c_yes[k] += n * v[k];
        for (size_t g = 0; g < nfc; g++) {
            if (!holds[g])
                continue;
            x->c_up[g] += n;
            for (size_t k = 0; k < nc; k++)
                x->c_hi[g * nc + k] += n * v[k];
        }
    }
    acc__free(holds);
    return rc;
}

/* The conflict part: the verdicts of every distinct configuration drawn,
 * tallied, and of the model as written. */
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
        rc = acc__conflict_part_run(&x->cp, x->configs, x->rows, x->o.max_memory, &x->ct, diag);
    if (!rc) {
        r->n_configurations = x->ct.distinct;
        rc = conflict_tally(x);
    }
    return rc;
}

/* Threads for `rows` samples: at most `want`, and one per block of
 * samples (a thread takes whole blocks: a second thread with one block has
 * nothing to do but build its work space.  bench/bench_robust.c on 2
 * cores, synthetic model, second thread: 64 samples 1.00x and 1.01x, 128
 * samples 1.42x and 1.63x, 256 samples 1.55x and 1.75x). */
#define MIN_SAMPLES_PER_THREAD BLOCK
static int threads_for(int want, uint64_t rows)
{
    uint64_t most = rows / MIN_SAMPLES_PER_THREAD;
    if (most < 1)
        most = 1;
    return (uint64_t)want > most ? (int)most : want;
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
    x.threads = threads_for(x.threads, x.rows);
    x.nfa = x.nu + x.n_soft;
    /* Memory: the tallies; per sample only the conflict's configuration. */
    if ((rc = robust_alloc(&x, diag)) || (rc = sample_all(&x)) || (rc = conflict_verdicts(&x, diag)))
        goto out;
    probabilities(&x);
    rc = sensitivity(&x);
out:
    acc__free(x.ranged);
    acc__free(x.mid);
    acc__free(x.low);
    acc__free(x.span);
    acc__free(x.broke);
    acc__free(x.configs);
    tally_free(&x.t);
    acc__conflict_tally_free(&x.ct);
    acc__free(x.c_yes);
    acc__free(x.c_up);
    acc__free(x.c_hi);
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
