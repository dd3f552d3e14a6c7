/*
 * robust.c - acceptance under uncertainty: sample every range, recompute the
 * verdicts, and rank the numbers by how much they move a verdict.
 */
#include "../zopa/rational_search.h"

#include "../report/json.h"

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

accord_status accord_robust_compute(const accord_model *m, const accord_robust_options *opts,
                                    accord_robust **out, accord_diagnostics *diag)
{
    *out = NULL;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    accord_status arc = acc__require_additive(m, "robust", diag);
    if (arc)
        return arc;
    accord_robust_options o = {.samples = 1000, .seed = 1, .top = 10, .search_nodes = 10000000};
    if (opts) {
        if (opts->samples)
            o.samples = opts->samples;
        o.seed = opts->seed;
        if (opts->top)
            o.top = opts->top;
        if (opts->search_nodes)
            o.search_nodes = opts->search_nodes;
    }
    const accord_agreement *ag = m->agreement;
    size_t np = m->n_parties, nP = ag->n_proposals;
    size_t nv = nP * np + nP + 1; /* verdicts: each (proposal, party), each "all", the zopa */
    accord_status rc = ACCORD_OK;
    acc__ranged *ranged = NULL;
    size_t nu = 0;
    uint8_t *verdicts = NULL; /* samples x nv */
    double *draws = NULL;     /* samples x nu */
    bool *red = NULL;         /* proposal x party: breaks a red line (not sampled) */
    sample_work *work = NULL;
    int n_threads = 1;
    robust_store *st = acc__calloc(1, sizeof *st);
    if (!st)
        return ACCORD_E_NOMEM;
    accord_robust *r = &st->pub;
    r->samples = o.samples;
    r->seed = o.seed;
    r->n_parties = np;
    r->n_proposals = nP;

    rc = acc__ranged_numbers(m, &ranged, &nu, &st->arena);
    if (rc)
        goto out;
    r->n_uncertain = nu;
    /* Memory: the verdicts and the draws of every sample are kept for the
     * sensitivity ranking; refuse up front what would not fit. */
    double bytes = (double)o.samples * ((double)nv + 8.0 * (double)nu);
    if (bytes > 4e9) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "%llu samples x %zu uncertain numbers would need %.1f GB; use fewer --samples",
                  (unsigned long long)o.samples, nu, bytes / 1e9);
        rc = ACCORD_E_LIMIT;
        goto out;
    }
    r->uncertain = acc__calloc(nu + 1, sizeof *r->uncertain);
    r->point_acceptable = acc__calloc(nP * np + 1, sizeof *r->point_acceptable);
    r->acceptable = acc__calloc(nP * np + 1, sizeof *r->acceptable);
    r->all_acceptable = acc__calloc(nP + 1, sizeof *r->all_acceptable);
    verdicts = acc__calloc((size_t)o.samples * nv, 1);
    draws = acc__calloc((size_t)o.samples * (nu ? nu : 1), sizeof *draws);
    red = acc__calloc(nP * np + 1, sizeof *red);
    if (!r->uncertain || !r->point_acceptable || !r->acceptable || !r->all_acceptable ||
        !verdicts || !draws || !red) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t j = 0; j < nu; j++)
        r->uncertain[j] = ranged[j].what;
    for (size_t q = 0; q < nP; q++)
        for (size_t p = 0; p < np; p++) {
            const uint32_t *terms = ag->proposals[q].terms;
            red[q * np + p] = accord_red_line_broken(m, p, terms) >= 0;
            r->point_acceptable[q * np + p] = accord_acceptable(m, p, terms);
        }

#ifdef _OPENMP
    n_threads = omp_get_max_threads();
#endif
    work = acc__calloc((size_t)n_threads, sizeof *work);
    if (!work) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (int k = 0; k < n_threads && !rc; k++)
        rc = work_init(m, nu, &work[k]);
    if (rc)
        goto out;

    /* Each sample is computed from its own stream into its own row, so the
     * rows do not depend on which thread computed them. */
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 16) num_threads(n_threads)
    for (long long s = 0; s < (long long)o.samples; s++) {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        sample_work *w = &work[tid];
        uint64_t state = o.seed ^ ((uint64_t)s * 0xd1342543de82ef95ULL);
        mix(&state);
        double *d = draws + (size_t)s * nu;
        for (size_t j = 0; j < nu; j++) {
            const accord_number *num = ranged[j].number;
            d[j] = num->low + (num->high - num->low) * uniform01(&state);
        }
        acc__utility_table_fill(m, d, &w->table);
        uint8_t *v = verdicts + (size_t)s * nv;
        for (size_t q = 0; q < nP; q++) {
            bool all = true;
            for (size_t p = 0; p < np; p++) {
                bool ok = !red[q * np + p] &&
                          table_utility(&w->table, p, ag->proposals[q].terms) >= w->table.reservation[p];
                v[q * np + p] = ok;
                all = all && ok;
            }
            v[nP * np + q] = all;
        }
        bool found = false;
        accord_status sr = acc__rational_search_run(w->search, &w->table, o.search_nodes, &found, NULL);
        if (sr == ACCORD_E_LIMIT)
            v[nv - 1] = ZOPA_UNDECIDED;
        else if (sr) {
#pragma omp atomic write
            failed = 1;
        } else
            v[nv - 1] = found ? ZOPA_FOUND : ZOPA_EMPTY;
    }
    if (failed) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }

    /* Probabilities, summed in sample order. */
    uint64_t zopa_yes = 0, zopa_decided = 0;
    for (uint64_t s = 0; s < o.samples; s++) {
        const uint8_t *v = verdicts + s * nv;
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
            r->acceptable[q * np + p] /= (double)o.samples;
        r->all_acceptable[q] /= (double)o.samples;
    }
    r->zopa_undecided = o.samples - zopa_decided;
    r->zopa_nonempty = zopa_decided ? (double)zopa_yes / (double)zopa_decided : NAN;

    /* Sensitivity: for each number, the verdict whose probability differs
     * most between samples with the number in the upper and in the lower
     * half of its range. */
    accord_sensitivity *sens = acc__calloc(nu + 1, sizeof *sens);
    uint64_t *hi_n = acc__calloc(nv, sizeof *hi_n), *lo_n = acc__calloc(nv, sizeof *lo_n);
    uint64_t *hi_c = acc__calloc(nv, sizeof *hi_c), *lo_c = acc__calloc(nv, sizeof *lo_c);
    if (!sens || !hi_n || !lo_n || !hi_c || !lo_c) {
        acc__free(sens);
        acc__free(hi_n);
        acc__free(lo_n);
        acc__free(hi_c);
        acc__free(lo_c);
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    size_t ns = 0;
    for (size_t j = 0; j < nu; j++) {
        const accord_number *num = ranged[j].number;
        double mid = (num->low + num->high) / 2;
        memset(hi_n, 0, nv * sizeof *hi_n);
        memset(lo_n, 0, nv * sizeof *lo_n);
        memset(hi_c, 0, nv * sizeof *hi_c);
        memset(lo_c, 0, nv * sizeof *lo_c);
        for (uint64_t s = 0; s < o.samples; s++) {
            const uint8_t *v = verdicts + s * nv;
            bool upper = draws[s * nu + j] >= mid;
            for (size_t k = 0; k < nv; k++) {
                if (k == nv - 1 && v[k] == ZOPA_UNDECIDED)
                    continue;
                uint64_t yes = v[k] == 1;
                if (upper) {
                    hi_n[k]++;
                    hi_c[k] += yes;
                } else {
                    lo_n[k]++;
                    lo_c[k] += yes;
                }
            }
        }
        accord_sensitivity best = {.number = j};
        double best_abs = -1;
        for (size_t k = 0; k < nv; k++) {
            if (!hi_n[k] || !lo_n[k])
                continue;
            double ph = (double)hi_c[k] / (double)hi_n[k], pl = (double)lo_c[k] / (double)lo_n[k];
            /* Only a difference well beyond sampling noise counts: at least
             * 2 points and 3 standard errors of a difference of proportions. */
            double pool = (double)(hi_c[k] + lo_c[k]) / (double)(hi_n[k] + lo_n[k]);
            double se = sqrt(pool * (1 - pool) * (1.0 / (double)hi_n[k] + 1.0 / (double)lo_n[k]));
            if (fabs(ph - pl) < 0.02 || fabs(ph - pl) < 3 * se)
                continue;
            if (fabs(ph - pl) > best_abs + 1e-12) {
                best_abs = fabs(ph - pl);
                best.p_high = ph;
                best.p_low = pl;
                best.swing = ph - pl;
                if (k < nP * np) {
                    best.proposal = k / np;
                    best.party = k % np;
                } else if (k < nP * np + nP) {
                    best.proposal = k - nP * np;
                    best.party = np;
                } else {
                    best.proposal = nP;
                    best.party = np;
                }
            }
        }
        if (best_abs <= 0)
            continue; /* moves no verdict at all */
        best.what = ranged[j].what;
        best.low = num->low;
        best.high = num->high;
        sens[ns++] = best;
    }
    acc__free(hi_n);
    acc__free(lo_n);
    acc__free(hi_c);
    acc__free(lo_c);
    /* most decisive first; ties in sampling order (a stable insertion sort) */
    for (size_t a = 1; a < ns; a++) {
        accord_sensitivity x = sens[a];
        size_t b = a;
        while (b > 0 && fabs(sens[b - 1].swing) < fabs(x.swing)) {
            sens[b] = sens[b - 1];
            b--;
        }
        sens[b] = x;
    }
    r->sensitivity = sens;
    r->n_sensitivity = ns < o.top ? ns : o.top;

out:
    for (int k = 0; work && k < n_threads; k++)
        work_free(&work[k]);
    acc__free(work);
    acc__free(ranged);
    acc__free(verdicts);
    acc__free(draws);
    acc__free(red);
    if (rc) {
        accord_robust_free(r);
        return rc;
    }
    *out = r;
    return ACCORD_OK;
}

/* ------------------------------------------------------------------------ */
/* rendering                                                                 */

static double round6(double x) { return nearbyint(x * 1e6) / 1e6; }

static const char *verdict_name(const accord_model *m, const accord_robust *r, const accord_sensitivity *s,
                                char *buf, size_t size)
{
    if (s->proposal == r->n_proposals)
        snprintf(buf, size, "some agreement exists");
    else if (s->party == r->n_parties)
        snprintf(buf, size, "every party accepts %s", m->agreement->proposals[s->proposal].id);
    else
        snprintf(buf, size, "%s accepts %s", m->parties[s->party].id,
                 m->agreement->proposals[s->proposal].id);
    return buf;
}

static json_t *robust_json(const accord_model *m, const accord_robust *r)
{
    json_t *o = json_object(), *props = json_array(), *sens = json_array();
    acc__json_set(o, "samples", json_integer((json_int_t)r->samples));
    acc__json_set(o, "seed", json_integer((json_int_t)r->seed));
    acc__json_set(o, "parties", acc__json_party_ids(m));
    acc__json_set(o, "uncertain", json_integer((json_int_t)r->n_uncertain));
    for (size_t q = 0; q < r->n_proposals; q++) {
        json_t *p = json_object(), *acc = json_object(), *point = json_object();
        acc__json_set(p, "id", json_string(m->agreement->proposals[q].id));
        for (size_t i = 0; i < r->n_parties; i++) {
            acc__json_set(acc, m->parties[i].id, json_real(round6(r->acceptable[q * r->n_parties + i])));
            acc__json_set(point, m->parties[i].id, json_boolean(r->point_acceptable[q * r->n_parties + i]));
        }
        acc__json_set(p, "acceptable", acc);
        acc__json_set(p, "all_acceptable", json_real(round6(r->all_acceptable[q])));
        acc__json_set(p, "acceptable_at_point_values", point);
        acc__json_push(props, p);
    }
    acc__json_set(o, "proposals", props);
    acc__json_set(o, "zopa_nonempty", isnan(r->zopa_nonempty) ? json_null() : json_real(round6(r->zopa_nonempty)));
    acc__json_set(o, "zopa_undecided", json_integer((json_int_t)r->zopa_undecided));
    for (size_t k = 0; k < r->n_sensitivity; k++) {
        const accord_sensitivity *s = &r->sensitivity[k];
        char buf[256];
        json_t *e = json_object();
        acc__json_set(e, "number", json_string(s->what));
        acc__json_set(e, "range", acc__json_reals((double[]){s->low, s->high}, 2));
        acc__json_set(e, "verdict", json_string(verdict_name(m, r, s, buf, sizeof buf)));
        acc__json_set(e, "probability_low_half", json_real(round6(s->p_low)));
        acc__json_set(e, "probability_high_half", json_real(round6(s->p_high)));
        acc__json_set(e, "swing", json_real(round6(s->swing)));
        acc__json_push(sens, e);
    }
    acc__json_set(o, "sensitivity", sens);
    return o;
}

accord_status accord_robust_render(const accord_model *m, const accord_robust *r,
                                   const accord_render_options *opts, char **out)
{
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(robust_json(m, r), out);
    const char *bold = opts && opts->color ? "\033[1m" : "", *reset = opts && opts->color ? "\033[0m" : "";
    acc__str s = {0};
    acc__str_printf(&s, "%sAcceptance under uncertainty%s: %llu samples (seed %llu) of %zu uncertain number%s\n\n",
                    bold, reset, (unsigned long long)r->samples, (unsigned long long)r->seed, r->n_uncertain,
                    r->n_uncertain == 1 ? "" : "s");
    acc__str_printf(&s, "  %-12s", "proposal");
    for (size_t p = 0; p < r->n_parties; p++)
        acc__str_printf(&s, " %8s", m->parties[p].id);
    acc__str_printf(&s, " %8s\n", "all");
    for (size_t q = 0; q < r->n_proposals; q++) {
        acc__str_printf(&s, "  %-12s", m->agreement->proposals[q].id);
        for (size_t p = 0; p < r->n_parties; p++)
            acc__str_printf(&s, " %7.1f%%", 100 * r->acceptable[q * r->n_parties + p]);
        acc__str_printf(&s, " %7.1f%%\n", 100 * r->all_acceptable[q]);
    }
    if (isnan(r->zopa_nonempty))
        acc__str_puts(&s, "\n  Some agreement exists: undecided (the search hit its budget in every sample)\n");
    else
        acc__str_printf(&s, "\n  Some agreement every party accepts exists in %.1f%% of samples%s\n",
                        100 * r->zopa_nonempty, r->zopa_undecided ? " (some samples undecided)" : "");
    if (r->zopa_undecided)
        acc__str_printf(&s, "  (%llu samples undecided: the search hit its node budget)\n",
                        (unsigned long long)r->zopa_undecided);
    if (r->n_sensitivity) {
        acc__str_printf(&s, "\n%sWhat decides the verdicts%s (the uncertain numbers that move a verdict most):\n",
                        bold, reset);
        for (size_t k = 0; k < r->n_sensitivity; k++) {
            const accord_sensitivity *e = &r->sensitivity[k];
            char buf[256];
            acc__str_printf(&s, "  %s in [%g, %g]\n      %s: %.0f%% in the lower half, %.0f%% in the upper half\n",
                            e->what, e->low, e->high, verdict_name(m, r, e, buf, sizeof buf),
                            100 * e->p_low, 100 * e->p_high);
        }
    } else if (r->n_uncertain) {
        acc__str_puts(&s, "\n  No uncertain number moves any verdict beyond sampling noise: within their\n"
                          "  ranges, the verdicts are decided by the point values and the red lines.\n");
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
