/* model.c - model storage, lookups, utilities and the shared finishing steps. */
#include "model.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

accord_status acc__model_new(const char *path, accord_model **out)
{
    *out = NULL;
    acc__model_store *store = acc__calloc(1, sizeof *store);
    if (!store)
        return ACCORD_E_NOMEM;
    accord_model *m = acc__arena_alloc(&store->arena, sizeof *m);
    if (!m) {
        acc__free(store);
        return ACCORD_E_NOMEM;
    }
    m->internal_ = store;
    m->format = ACCORD_FORMAT_VERSION;
    m->path = acc__arena_strdup(&store->arena, path ? path : "<model>");
    if (!m->path) {
        acc__arena_free(&store->arena);
        acc__free(store);
        return ACCORD_E_NOMEM;
    }
    *out = m;
    return ACCORD_OK;
}

static void index_free(acc__model_index *ix)
{
    for (int k = 0; k < ACC_IX_KINDS; k++)
        acc__hashset_free(&ix->names[k]);
    for (size_t i = 0; i < ix->n_options; i++) {
        if (ix->options[i])
            acc__hashset_free(ix->options[i]);
        acc__free(ix->options[i]);
    }
    acc__free(ix->options);
    memset(ix, 0, sizeof *ix);
}

void accord_model_free(accord_model *model)
{
    if (!model)
        return;
    acc__model_store *store = model->internal_;
    index_free(&store->index);
    /* The conflict's state arrays can be large, so they live outside the arena. */
    if (model->conflict) {
        acc__free((void *)model->conflict->states_);
        acc__free(model->conflict->level_);
    }
    acc__arena_free(&store->arena); /* frees `model` itself too */
    acc__free(store);
}

bool acc__is_id(const char *s)
{
    if (!s || !isalpha((unsigned char)s[0]))
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
            return false;
    return true;
}

/* ------------------------------------------------------------------------ */
/* lookups by id                                                             */

static acc__model_index *index_of(const accord_model *m)
{
    return &((acc__model_store *)m->internal_)->index;
}

/* The id of entry i of `kind`'s array, and the array's length. */
static const char *entry_id(const accord_model *m, acc__ix_kind kind, size_t i)
{
    const accord_agreement *ag = m->agreement;
    switch (kind) {
    case ACC_IX_PARTY: return m->parties[i].id;
    case ACC_IX_ISSUE: return ag->issues[i].id;
    case ACC_IX_PROPOSAL: return ag->proposals[i].id;
    default: return m->sources[i].id;
    }
}

static size_t entry_count(const accord_model *m, acc__ix_kind kind)
{
    const accord_agreement *ag = m->agreement;
    switch (kind) {
    case ACC_IX_PARTY: return m->n_parties;
    case ACC_IX_ISSUE: return ag ? ag->n_issues : 0;
    case ACC_IX_PROPOSAL: return ag ? ag->n_proposals : 0;
    default: return m->n_sources;
    }
}

accord_status acc__model_index_add(accord_model *m, acc__ix_kind kind, const char *id, size_t i,
                                   size_t *prior)
{
    return acc__hashset_add_str(&index_of(m)->names[kind], id, i, prior);
}

long acc__model_find(const accord_model *m, acc__ix_kind kind, const char *id)
{
    const acc__hashset *set = &index_of(m)->names[kind];
    size_t n = entry_count(m, kind);
    if (set->count && set->count == n) {
        size_t i = acc__hashset_get_str(set, id);
        return i == SIZE_MAX ? -1 : (long)i;
    }
    for (size_t i = 0; i < n; i++) /* not indexed (yet) */
        if (entry_id(m, kind, i) && strcmp(entry_id(m, kind, i), id) == 0)
            return (long)i;
    return -1;
}

static acc__hashset *option_set(const accord_model *m, size_t issue)
{
    const acc__model_index *ix = index_of(m);
    return issue < ix->n_options ? ix->options[issue] : NULL;
}

void acc__model_index_forget_options(accord_model *m, size_t issue)
{
    acc__model_index *ix = index_of(m);
    if (issue < ix->n_options && ix->options[issue]) {
        acc__hashset_free(ix->options[issue]);
        acc__free(ix->options[issue]);
        ix->options[issue] = NULL;
    }
}

/* A new set for issue position `issue` holding is->options[0..k). */
static accord_status new_option_set(accord_model *m, size_t issue, const accord_issue *is, size_t k,
                                    acc__hashset **out)
{
    acc__model_index *ix = index_of(m);
    size_t cap = ix->n_options;
    if (acc__grow((void **)&ix->options, &cap, issue + 1, sizeof *ix->options))
        return ACCORD_E_NOMEM;
    memset(ix->options + ix->n_options, 0, (cap - ix->n_options) * sizeof *ix->options);
    ix->n_options = cap;
    acc__hashset *set = acc__calloc(1, sizeof *set);
    if (!set)
        return ACCORD_E_NOMEM;
    ix->options[issue] = set;
    for (size_t q = 0; q < k; q++)
        if (acc__hashset_add_str(set, is->options[q].id, q, NULL))
            return ACCORD_E_NOMEM;
    *out = set;
    return ACCORD_OK;
}

accord_status acc__model_index_option(accord_model *m, size_t issue, const accord_issue *is, size_t k,
                                      size_t *prior)
{
    if (prior)
        *prior = SIZE_MAX;
    const char *id = is->options[k].id;
    acc__hashset *set = option_set(m, issue);
    if (!set && k < ACC_IX_SCAN) { /* few options: a scan is cheaper than a set */
        for (size_t q = 0; q < k; q++)
            if (strcmp(is->options[q].id, id) == 0) {
                if (prior)
                    *prior = q;
                return ACCORD_OK;
            }
        return ACCORD_OK;
    }
    if (!set && new_option_set(m, issue, is, k, &set))
        return ACCORD_E_NOMEM;
    return acc__hashset_add_str(set, id, k, prior);
}

long acc__model_find_option(const accord_model *m, size_t issue, const char *id)
{
    const accord_issue *is = &m->agreement->issues[issue];
    const acc__hashset *set = is->kind == ACCORD_ISSUE_DISCRETE ? option_set(m, issue) : NULL;
    if (set && set->count == is->n_options) {
        size_t k = acc__hashset_get_str(set, id);
        return k == SIZE_MAX ? -1 : (long)k;
    }
    return accord_issue_option_index(is, id);
}

accord_status acc__model_index_build(accord_model *m)
{
    for (int kind = 0; kind < ACC_IX_KINDS; kind++) {
        acc__hashset_clear(&index_of(m)->names[kind]);
        size_t n = entry_count(m, (acc__ix_kind)kind);
        for (size_t i = 0; i < n; i++)
            if (entry_id(m, (acc__ix_kind)kind, i) &&
                acc__model_index_add(m, (acc__ix_kind)kind, entry_id(m, (acc__ix_kind)kind, i), i, NULL))
                return ACCORD_E_NOMEM;
    }
    const accord_agreement *ag = m->agreement;
    for (size_t i = 0; ag && i < ag->n_issues; i++) {
        const accord_issue *is = &ag->issues[i];
        acc__model_index_forget_options(m, i);
        if (is->kind != ACCORD_ISSUE_DISCRETE || !is->options)
            continue;
        for (size_t k = 0; k < is->n_options; k++)
            if (is->options[k].id && acc__model_index_option(m, i, is, k, NULL))
                return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

long accord_model_party_index(const accord_model *m, const char *id)
{
    return acc__model_find(m, ACC_IX_PARTY, id);
}

long accord_model_issue_index(const accord_model *m, const char *id)
{
    if (!m->agreement)
        return -1;
    return acc__model_find(m, ACC_IX_ISSUE, id);
}

long accord_model_proposal_index(const accord_model *m, const char *id)
{
    if (!m->agreement)
        return -1;
    return acc__model_find(m, ACC_IX_PROPOSAL, id);
}

long accord_issue_option_index(const accord_issue *issue, const char *id)
{
    if (issue->kind == ACCORD_ISSUE_DISCRETE) {
        for (size_t k = 0; k < issue->n_options; k++)
            if (strcmp(issue->options[k].id, id) == 0)
                return (long)k;
        return -1;
    }
    if (issue->step <= 0 || issue->n_options == 0) /* an issue whose range was rejected */
        return -1;
    char *end;
    long long v = strtoll(id, &end, 10);
    if (end == id || *end)
        return -1;
    if (v < issue->min || v > issue->max || (v - issue->min) % issue->step)
        return -1;
    return (long)((v - issue->min) / issue->step);
}

int64_t accord_issue_option_value(const accord_issue *issue, size_t k)
{
    return issue->min + (int64_t)k * issue->step;
}

const char *accord_issue_option_text(const accord_issue *issue, size_t k, char *buf, size_t size)
{
    if (issue->kind == ACCORD_ISSUE_DISCRETE)
        snprintf(buf, size, "%s", issue->options[k].id);
    else
        snprintf(buf, size, "%" PRId64, accord_issue_option_value(issue, k));
    return buf;
}

double acc__piecewise(const accord_point *pts, size_t n, double x)
{
    if (n == 0)
        return 0;
    if (x <= pts[0].x)
        return pts[0].y;
    if (x >= pts[n - 1].x)
        return pts[n - 1].y;
    for (size_t i = 1; i < n; i++) {
        if (x <= pts[i].x) {
            double t = (x - pts[i - 1].x) / (pts[i].x - pts[i - 1].x);
            return pts[i - 1].y + t * (pts[i].y - pts[i - 1].y);
        }
    }
    return pts[n - 1].y;
}

accord_status acc__table_check(uint64_t parties, uint64_t issues, uint64_t options, accord_diagnostics *diag,
                               const char *file, int line, int col)
{
    accord_status r = ACCORD_OK;
    if (parties && issues > ACC_MAX_PARTY_ISSUES / parties)
        r = acc__diag(diag, ACCORD_ERROR, file, line, col,
                      "%" PRIu64 " parties x %" PRIu64 " issues are %" PRIu64 " weights and values; at "
                      "most %" PRIu64 " (2^22) are supported: use fewer parties or issues",
                      parties, issues, parties * issues, ACC_MAX_PARTY_ISSUES);
    else if (parties && options > ACC_MAX_TABLE_CELLS / parties)
        r = acc__diag(diag, ACCORD_ERROR, file, line, col,
                      "%" PRIu64 " parties x %" PRIu64 " options make a utility table of %" PRIu64
                      " cells; at most %" PRIu64 " (2^26) are supported: use fewer parties or options",
                      parties, options, parties * options, ACC_MAX_TABLE_CELLS);
    else
        return ACCORD_OK;
    return r ? ACCORD_E_NOMEM : ACCORD_E_LIMIT;
}

accord_status acc__agreement_finish(accord_model *m, accord_diagnostics *diag)
{
    accord_agreement *ag = m->agreement;
    acc__arena *A = acc__model_arena(m);
    accord_utility_table *t = &ag->table;
    size_t np = m->n_parties, ni = ag->n_issues;
    t->n_parties = np;
    t->n_issues = ni;
    t->offset = acc__arena_calloc(A, ni ? ni : 1, sizeof *t->offset);
    if (!t->offset)
        return ACCORD_E_NOMEM;
    size_t total = 0;
    ag->outcomes = 1;
    for (size_t i = 0; i < ni; i++) {
        t->offset[i] = total;
        total += ag->issues[i].n_options;
        ag->outcomes *= (double)ag->issues[i].n_options;
        if (total > ACC_MAX_TOTAL_OPTIONS) {
            acc__diag(diag, ACCORD_ERROR, m->path, ag->issues[i].loc.line, ag->issues[i].loc.col,
                      "the issues have more than %zu options in all; the utility table would not "
                      "fit (use a larger step for integer issues)",
                      ACC_MAX_TOTAL_OPTIONS);
            return ACCORD_E_LIMIT;
        }
    }
    t->total_options = total;
    t->contrib = acc__arena_calloc(A, np * (total ? total : 1), sizeof *t->contrib);
    t->cap = acc__arena_calloc(A, np ? np : 1, sizeof *t->cap);
    t->reservation = acc__arena_calloc(A, np ? np : 1, sizeof *t->reservation);
    if (!t->contrib || !t->cap || !t->reservation)
        return ACCORD_E_NOMEM;
    acc__utility_table_fill(m, NULL, t);
    return acc__exact_build(m, &((acc__model_store *)m->internal_)->exact);
}

/* The value of a number: the point value, or the draw for its index. */
static double number_value(const accord_number *n, const double *draws, size_t *k)
{
    if (!n->is_range)
        return n->value;
    double v = draws ? draws[*k] : n->value;
    ++*k;
    return v;
}

void acc__utility_table_fill(const accord_model *m, const double *draws, accord_utility_table *t)
{
    const accord_agreement *ag = m->agreement;
    size_t np = m->n_parties, ni = ag->n_issues, total = t->total_options;
    size_t k = 0; /* index of the next ranged number, in acc__ranged_numbers order */
    for (size_t p = 0; p < np; p++) {
        const accord_preference *pr = &ag->preferences[p];
        t->cap[p] = !pr->normalize;
        t->reservation[p] = number_value(&pr->reservation, draws, &k);
        double wsum = 0;
        double *row = t->contrib + p * total;
        for (size_t i = 0; i < ni; i++) {
            double w = pr->weighted[i] ? number_value(&pr->weights[i], draws, &k) : 0;
            wsum += w;
            /* keep the raw weight in the issue's first cell for the scaling below */
            row[t->offset[i]] = w;
        }
        double scale = pr->normalize ? (wsum > 0 ? 1.0 / wsum : 0) : 1.0;
        for (size_t i = 0; i < ni; i++) {
            const accord_issue *is = &ag->issues[i];
            double w = row[t->offset[i]] * scale;
            if (!pr->weighted[i]) {
                for (size_t o = 0; o < is->n_options; o++)
                    row[t->offset[i] + o] = 0;
                continue;
            }
            const accord_valuation *va = &pr->valuations[i];
            for (size_t o = 0; o < is->n_options; o++) {
                double v = is->kind == ACCORD_ISSUE_DISCRETE
                               ? number_value(&va->values[o], draws, &k)
                               : acc__piecewise(va->points, va->n_points,
                                                (double)accord_issue_option_value(is, o));
                row[t->offset[i] + o] = w * v;
            }
        }
    }
}

accord_status acc__ranged_numbers(const accord_model *m, acc__ranged **out, size_t *count,
                                  acc__arena *A)
{
    *out = NULL;
    *count = 0;
    const accord_agreement *ag = m->agreement;
    if (!ag)
        return ACCORD_OK;
    size_t n = 0, cap = 0;
    acc__ranged *list = NULL;
    accord_status rc = ACCORD_OK;
#define ADD(num, ...)                                                                              \
    do {                                                                                           \
        if ((num)->is_range) {                                                                     \
            if ((rc = acc__grow((void **)&list, &cap, n + 1, sizeof *list)))                       \
                goto out;                                                                          \
            list[n].number = (num);                                                                \
            list[n].party = p;                                                                     \
            list[n].what = acc__arena_printf(A, __VA_ARGS__);                                      \
            if (!list[n].what) {                                                                   \
                rc = ACCORD_E_NOMEM;                                                               \
                goto out;                                                                          \
            }                                                                                      \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_preference *pr = &ag->preferences[p];
        const char *party = m->parties[p].id;
        ADD(&pr->reservation, "%s reservation", party);
        for (size_t i = 0; i < ag->n_issues; i++)
            if (pr->weighted[i])
                ADD(&pr->weights[i], "%s weight of %s", party, ag->issues[i].id);
        for (size_t i = 0; i < ag->n_issues; i++) {
            const accord_issue *is = &ag->issues[i];
            if (!pr->weighted[i] || is->kind != ACCORD_ISSUE_DISCRETE)
                continue;
            for (size_t o = 0; o < is->n_options; o++)
                ADD(&pr->valuations[i].values[o], "%s value of %s = %s", party, is->id,
                    is->options[o].id);
        }
    }
#undef ADD
out:
    if (rc) {
        acc__free(list);
        return rc;
    }
    *out = list;
    *count = n;
    return ACCORD_OK;
}

bool acc__agreement_additive(const accord_agreement *ag, size_t n_parties)
{
    for (size_t p = 0; p < n_parties; p++)
        if (ag->preferences[p].nonlinear)
            return false;
    return true;
}

accord_status acc__require_additive(const accord_model *m, const char *analysis, accord_diagnostics *diag)
{
    for (size_t p = 0; p < m->n_parties; p++)
        if (m->agreement->preferences[p].nonlinear) {
            return acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                             "%s needs utilities that are sums over the issues, and %s's is "
                             "non-linear (GENIUS hyper-rectangles); evaluate, frontier and negotiate "
                             "take such models",
                             analysis, m->parties[p].id)
                       ? ACCORD_E_NOMEM
                       : ACCORD_E_UNSUPPORTED;
        }
    return ACCORD_OK;
}

double accord_utility(const accord_model *m, size_t party, const uint32_t *terms)
{
    const accord_utility_table *t = &m->agreement->table;
    const accord_nonlinear *nl = m->agreement->preferences[party].nonlinear;
    if (nl)
        return acc__nonlinear_utility(m->agreement, nl, terms, NULL);
    const acc__exact *e = acc__exact_of(m, t, party);
    if (e)
        return acc__exact_double(e, party, acc__exact_sum(e, party, t->offset, t->n_issues, terms));
    const double *row = t->contrib + party * t->total_options;
    double u = 0;
    for (size_t i = 0; i < t->n_issues; i++)
        u += row[t->offset[i] + terms[i]];
    return t->cap[party] && u > 1 ? 1 : u;
}

long accord_red_line_broken(const accord_model *m, size_t party, const uint32_t *terms)
{
    const accord_preference *pr = &m->agreement->preferences[party];
    for (size_t r = 0; r < pr->n_red_lines; r++)
        if (accord_expr_eval_outcome(pr->red_lines[r].expr, terms))
            return (long)r;
    return -1;
}

bool accord_acceptable(const accord_model *m, size_t party, const uint32_t *terms)
{
    const accord_utility_table *t = &m->agreement->table;
    return acc__reaches_reservation(acc__exact_of(m, t, party), party, t->offset, t->n_issues, terms,
                                    accord_utility(m, party, terms), t->cap[party], t->reservation[party]) &&
           accord_red_line_broken(m, party, terms) < 0;
}

accord_status accord_terms_parse(const accord_model *m, const char *text, const uint32_t *base,
                                 uint32_t *terms, accord_diagnostics *diag)
{
    if (!m->agreement)
        return ACCORD_E_NODATA;
    size_t ni = m->agreement->n_issues;
    bool *given = acc__calloc(ni ? ni : 1, sizeof *given);
    if (!given)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    if (base)
        memcpy(terms, base, ni * sizeof *terms);
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char item[512];
        if (len >= sizeof item) {
            rc = ACCORD_E_ARG;
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "term \"%.40s...\" is too long", p);
            goto out;
        }
        memcpy(item, p, len);
        item[len] = '\0';
        char *eq = strchr(item, '=');
        if (!eq) {
            rc = ACCORD_E_ARG;
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                      "term \"%s\" has no '='; expected issue=option", item);
            goto out;
        }
        *eq = '\0';
        long i = accord_model_issue_index(m, item);
        if (i < 0) {
            const char *c[256];
            size_t n = 0;
            for (size_t k = 0; k < ni && n < 256; k++)
                c[n++] = m->agreement->issues[k].id;
            const char *hint = acc__suggest(item, c, n);
            rc = ACCORD_E_ARG;
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "unknown issue \"%s\"%s%s%s", item,
                      hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
            goto out;
        }
        const accord_issue *is = &m->agreement->issues[i];
        long k = accord_issue_option_index(is, eq + 1);
        if (k < 0) {
            rc = ACCORD_E_ARG;
            if (is->kind == ACCORD_ISSUE_INTEGER)
                acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                          "\"%s\" is not an option of issue \"%s\" (integers %lld to %lld in "
                          "steps of %lld)",
                          eq + 1, item, (long long)is->min, (long long)is->max,
                          (long long)is->step);
            else {
                const char *c[512];
                size_t n = 0;
                for (size_t q = 0; q < is->n_options && n < 512; q++)
                    c[n++] = is->options[q].id;
                const char *hint = acc__suggest(eq + 1, c, n);
                acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "issue \"%s\" has no option \"%s\"%s%s%s",
                          item, eq + 1, hint ? "; did you mean \"" : "", hint ? hint : "",
                          hint ? "\"?" : "");
            }
            goto out;
        }
        terms[i] = (uint32_t)k;
        given[i] = true;
        p = end ? end + 1 : p + len;
    }
    if (!base) {
        for (size_t i = 0; i < ni; i++) {
            if (!given[i]) {
                rc = ACCORD_E_ARG;
                acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "no option given for issue \"%s\"",
                          m->agreement->issues[i].id);
            }
        }
    }
out:
    acc__free(given);
    return rc;
}
