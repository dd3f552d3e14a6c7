/* provenance.c - which numbers of a model have neither a source nor an
 * assumption, and how each party's numbers are backed. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* The list keeps its strings in an arena stored behind the public part. */
typedef struct unsourced_store {
    accord_unsourced pub;
    size_t cap;
    acc__arena arena;
} unsourced_store;

/* Record `num` under `what` unless it has provenance or was not written. */
static accord_status add(unsourced_store *st, const accord_number *num, const char *what)
{
    if (!what)
        return ACCORD_E_NOMEM;
    if (num->source || num->assumption || num->loc.line == 0)
        return ACCORD_OK;
    accord_unsourced *u = &st->pub;
    if (acc__grow((void **)&u->items, &st->cap, u->count + 1, sizeof *u->items))
        return ACCORD_E_NOMEM;
    u->items[u->count].what = what;
    u->items[u->count].loc = num->loc;
    u->count++;
    return ACCORD_OK;
}

/* The structural assumptions' probabilities (a red line's firmness, an
 * option's irreversibility, an alternative order's probability) and the
 * stated objectives (a statement with neither source nor assumption). */
static accord_status structural(unsourced_store *st, const accord_model *m)
{
    acc__arena *A = &st->arena;
    accord_status rc = ACCORD_OK;
    const accord_agreement *ag = m->agreement;
    for (size_t p = 0; ag && p < m->n_parties && !rc; p++) {
        const accord_preference *pr = &ag->preferences[p];
        for (size_t k = 0; pr->red_line_info && k < pr->n_red_lines && !rc; k++)
            rc = add(st, &pr->red_line_info[k].firmness,
                     acc__arena_printf(A, "%s firmness of \"%s\"", m->parties[p].id, pr->red_lines[k].text));
    }
    const accord_conflict *cf = m->conflict;
    for (size_t o = 0; cf && o < cf->n_options && !rc; o++)
        rc = add(st, &cf->options[o].irreversible,
                 acc__arena_printf(A, "irreversibility of %s", cf->options[o].qualified));
    for (size_t p = 0; cf && p < m->n_parties && !rc; p++)
        for (size_t k = 0; k < cf->preferences[p].n_alternatives && !rc; k++) {
            const accord_conflict_alternative *al = &cf->preferences[p].alternatives[k];
            if (al->source || al->assumption) /* the order's own provenance covers it */
                continue;
            rc = add(st, &al->probability,
                     acc__arena_printf(A, "%s probability of the order \"%s\"", m->parties[p].id, al->name));
        }
    for (size_t i = 0; i < m->n_objectives && !rc; i++) {
        const accord_objective *ob = &m->objectives[i];
        if (ob->source || ob->assumption)
            continue;
        accord_number as_number = {.loc = ob->loc};
        rc = add(st, &as_number, acc__arena_printf(A, "%s objective %s", m->parties[ob->party].id, ob->id));
    }
    return rc;
}

/* An item with its position in the walk, so that the sort is stable. */
typedef struct ranked_item {
    struct accord_unsourced_item item;
    size_t walk;
} ranked_item;

static int by_place(const void *a, const void *b)
{
    const ranked_item *x = a, *y = b;
    if (x->item.loc.line != y->item.loc.line)
        return x->item.loc.line < y->item.loc.line ? -1 : 1;
    if (x->item.loc.col != y->item.loc.col)
        return x->item.loc.col < y->item.loc.col ? -1 : 1;
    return x->walk < y->walk ? -1 : x->walk > y->walk;
}

/* The items in file order (line, then column; ties in walk order). */
static accord_status sort_by_place(accord_unsourced *u)
{
    if (u->count < 2)
        return ACCORD_OK;
    ranked_item *r = acc__calloc(u->count, sizeof *r);
    if (!r)
        return ACCORD_E_NOMEM;
    for (size_t i = 0; i < u->count; i++)
        r[i] = (ranked_item){u->items[i], i};
    qsort(r, u->count, sizeof *r, by_place);
    for (size_t i = 0; i < u->count; i++)
        u->items[i] = r[i].item;
    acc__free(r);
    return ACCORD_OK;
}

accord_status accord_provenance_check(const accord_model *m, accord_unsourced **out)
{
    *out = NULL;
    unsourced_store *st = acc__calloc(1, sizeof *st);
    if (!st)
        return ACCORD_E_NOMEM;
    acc__arena *A = &st->arena;
    accord_status rc = ACCORD_OK;
    const accord_agreement *ag = m->agreement;
    for (size_t p = 0; ag && p < m->n_parties && !rc; p++) {
        const accord_preference *pr = &ag->preferences[p];
        const char *party = m->parties[p].id;
        rc = add(st, &pr->reservation, acc__arena_printf(A, "%s reservation", party));
        for (size_t i = 0; i < ag->n_issues && !rc; i++) {
            const accord_issue *is = &ag->issues[i];
            if (pr->weighted[i])
                rc = add(st, &pr->weights[i], acc__arena_printf(A, "%s weight of %s", party, is->id));
            const accord_valuation *va = &pr->valuations[i];
            for (size_t k = 0; va->values && k < is->n_options && !rc; k++)
                rc = add(st, &va->values[k],
                         acc__arena_printf(A, "%s value of %s = %s", party, is->id,
                                           is->options[k].id));
        }
    }
    if (!rc)
        rc = structural(st, m);
    if (!rc)
        rc = sort_by_place(&st->pub);
    if (rc) {
        accord_unsourced_free(&st->pub);
        return rc;
    }
    *out = &st->pub;
    return ACCORD_OK;
}

void accord_unsourced_free(accord_unsourced *u)
{
    if (!u)
        return;
    unsourced_store *st = (unsourced_store *)u;
    acc__free(u->items);
    acc__arena_free(&st->arena);
    acc__free(st);
}

/* One number into a party's counts. */
static void count_number(accord_provenance_counts *c, const accord_number *num)
{
    if (num->loc.line == 0) {
        c->unwritten++;
        return;
    }
    c->total++;
    if (num->source)
        c->sourced++;
    else if (num->assumption)
        c->assumed++;
    else
        c->neither++;
    if (num->is_range)
        c->sampled++;
}

accord_status accord_provenance_summary(const accord_model *m, accord_provenance_counts *out)
{
    if (!m || !out)
        return ACCORD_E_ARG;
    memset(out, 0, m->n_parties * sizeof *out);
    const accord_agreement *ag = m->agreement;
    for (size_t p = 0; ag && p < m->n_parties; p++) {
        const accord_preference *pr = &ag->preferences[p];
        accord_provenance_counts *c = &out[p];
        count_number(c, &pr->reservation);
        if (pr->nonlinear)
            continue;
        for (size_t i = 0; i < ag->n_issues; i++) {
            if (pr->weighted[i])
                count_number(c, &pr->weights[i]);
            const accord_valuation *va = &pr->valuations[i];
            for (size_t k = 0; va->values && k < ag->issues[i].n_options; k++)
                count_number(c, &va->values[k]);
        }
    }
    return ACCORD_OK;
}
