/*
 * claims.c - the answered claims (accord_analysis.claims) as text and as the
 * JSON array "claims" of `accord analyze --json` (docs/contract.md).
 */
#include "render.h"
#include "report.h"
#include "text.h"

#include <string.h>

static const char *const kind_names[] = {"acceptability", "no_deal", "state", "sanctions", "objectives"};

const char *acc__claim_kind_name(accord_claim_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                      */

static json_t *depends_json(const accord_claim_answer *c)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < c->n_depends; k++) {
        const accord_claim_dependency *d = &c->depends_on[k];
        json_t *o = json_object();
        acc__json_set(o, "what", acc__json_text(d->what));
        acc__json_set(o, "value", acc__json_text(d->value));
        acc__json_set(o, "source", acc__json_text(d->source));
        acc__json_set(o, "assumption", acc__json_text(d->assumption));
        acc__json_push(arr, o);
    }
    return arr;
}

static json_t *flips_json(const accord_claim_answer *c)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < c->n_flips; k++) {
        const accord_claim_flip *f = &c->flips_if[k];
        json_t *o = json_object();
        acc__json_set(o, "kind", acc__json_text(f->kind));
        acc__json_set(o, "change", acc__json_text(f->change));
        acc__json_set(o, "effect", acc__json_text(f->effect));
        acc__json_push(arr, o);
    }
    return arr;
}

json_t *acc__claims_json(const accord_analysis *a)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < a->n_claims; i++) {
        const accord_claim_answer *c = &a->claims[i];
        const accord_claim *cl = c->claim;
        json_t *o = json_object();
        acc__json_set(o, "id", acc__json_text(cl->id));
        acc__json_set(o, "asks", json_string(acc__claim_kind_name(cl->kind)));
        acc__json_set(o, "question", acc__json_text(cl->question));
        acc__json_set(o, "claim", acc__json_text(cl->statement));
        acc__json_set(o, "source", acc__json_text(cl->source));
        acc__json_set(o, "answer", acc__json_text(c->answer));
        acc__json_set(o, "verdict", acc__json_text(c->verdict));
        acc__json_set(o, "depends_on", depends_json(c));
        acc__json_set(o, "flips_if", flips_json(c));
        acc__json_set(o, "note", acc__json_text(c->note));
        acc__json_push(arr, o);
    }
    return arr;
}

/* ------------------------------------------------------------------------ */
/* text                                                                      */

/* At most this many dependencies and flips in the text (the JSON has all). */
#define TEXT_ITEMS 6

static void dependencies_text(acc__str *s, const accord_claim_answer *c, size_t width)
{
    if (!c->n_depends)
        return;
    acc__str t = {0};
    size_t shown = c->n_depends < TEXT_ITEMS ? c->n_depends : TEXT_ITEMS;
    for (size_t k = 0; k < shown; k++) {
        const accord_claim_dependency *d = &c->depends_on[k];
        acc__str_printf(&t, "%s%s %s", k ? "; " : "", d->what, d->value ? d->value : "");
        if (d->source)
            acc__str_printf(&t, " [source: %s]", d->source);
        else if (d->assumption)
            acc__str_puts(&t, " [assumption]");
    }
    if (c->n_depends > shown)
        acc__str_printf(&t, "; and %zu more (accord analyze --json lists every one)", c->n_depends - shown);
    acc__str_puts(s, "    Rests on: ");
    acc__wrap(s, t.failed ? "" : t.data, 14, 6, width);
    if (t.failed)
        s->failed = 1;
    acc__str_free(&t);
}

static void flips_text(acc__str *s, const accord_claim_answer *c, size_t width)
{
    if (!c->n_flips) {
        acc__str_puts(s, "    Would change if: no single change tested flips it\n");
        return;
    }
    acc__str_puts(s, "    Would change if:\n");
    size_t shown = c->n_flips < TEXT_ITEMS ? c->n_flips : TEXT_ITEMS;
    for (size_t k = 0; k < shown; k++) {
        acc__str t = {0};
        acc__str_printf(&t, "%s: %s", c->flips_if[k].change, c->flips_if[k].effect);
        acc__str_puts(s, "      - ");
        acc__wrap(s, t.failed ? "" : t.data, 8, 8, width);
        if (t.failed)
            s->failed = 1;
        acc__str_free(&t);
    }
    if (c->n_flips > shown)
        acc__str_printf(s, "      ... and %zu more (accord analyze --json lists every one)\n", c->n_flips - shown);
}

void acc__claims_text(acc__str *s, const accord_analysis *a, const char *bold, const char *reset, size_t width)
{
    for (size_t i = 0; i < a->n_claims; i++) {
        const accord_claim_answer *c = &a->claims[i];
        const accord_claim *cl = c->claim;
        acc__str_printf(s, "  %s%zu. %s%s (%s)\n", bold, i + 1, cl->id, reset, acc__claim_kind_name(cl->kind));
        if (cl->statement) {
            acc__str_puts(s, "    Claim: ");
            acc__wrap(s, cl->statement, 11, 6, width);
        }
        if (cl->question) {
            acc__str_puts(s, "    Question: ");
            acc__wrap(s, cl->question, 14, 6, width);
        }
        if (c->answer && *c->answer) {
            acc__str_puts(s, "    Answer: ");
            acc__wrap(s, c->answer, 12, 6, width);
        }
        if (c->verdict) {
            acc__str_printf(s, "    %sVerdict:%s ", bold, reset);
            acc__wrap(s, c->verdict, 13, 6, width);
        }
        dependencies_text(s, c, width);
        flips_text(s, c, width);
        if (c->note) {
            acc__str_puts(s, "    Note: ");
            acc__wrap(s, c->note, 10, 6, width);
        }
    }
}
