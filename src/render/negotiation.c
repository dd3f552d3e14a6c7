/*
 * render.c - a negotiation as text (the trace, compactly, the outcome, the
 * quality metrics) or as JSON (docs/contract.md §3).
 */
#include "json.h"
#include "../negotiation/negotiation.h"
#include "text.h"


#include <math.h>
#include <stdio.h>
#include <string.h>

/* Above this many issues a repeated party's offer lists only what changed. */
#define FULL_TERMS_ISSUES 4
/* Text traces longer than this many lines are shortened unless verbose. */
#define TRACE_LINES_MAX 40
#define TRACE_LINES_KEEP 15

/* ---- JSON ---- */

static json_t *quality_json(const accord_outcome_quality *q)
{
    if (!q->computed)
        return json_null();
    json_t *o = json_object();
    bool ok = o != NULL;
    double v[4] = {q->pareto_distance, q->nash_distance, q->welfare, q->max_welfare};
    json_t *r = acc__json_reals(v, 4);
    ok &= acc__json_set(o, "pareto_distance", json_incref(json_array_get(r, 0)));
    ok &= acc__json_set(o, "nash_distance", q->has_nash ? json_incref(json_array_get(r, 1)) : json_null());
    ok &= acc__json_set(o, "welfare", json_incref(json_array_get(r, 2)));
    ok &= acc__json_set(o, "max_welfare", json_incref(json_array_get(r, 3)));
    json_decref(r);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *negotiation_json(const accord_model *m, const accord_negotiation *n)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    ok &= acc__json_set(o, "parties", acc__json_party_ids(m));
    json_t *agents = json_array();
    for (size_t p = 0; agents && p < n->n_parties; p++)
        ok &= acc__json_push(agents, json_string(n->agents[p].name));
    ok &= acc__json_set(o, "agents", agents);
    ok &= acc__json_set(o, "rounds", json_integer(n->rounds));
    char seed[24];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)n->seed);
    ok &= acc__json_set(o, "seed", n->seed <= INT64_MAX ? json_integer((json_int_t)n->seed) : json_string(seed));
    ok &= acc__json_set(o, "agreement", json_boolean(n->agreement));
    ok &= acc__json_set(o, "round", n->agreement ? json_integer(n->round) : json_null());
    ok &= acc__json_set(o, "terms", n->agreement ? acc__json_terms(m, n->terms) : json_null());
    ok &= acc__json_set(o, "utility", acc__json_reals(n->utility, n->n_parties));
    ok &= acc__json_set(o, "reservation", acc__json_reals(n->reservation, n->n_parties));
    ok &= acc__json_set(o, "offers", json_integer((json_int_t)n->n_offer_actions));
    ok &= acc__json_set(o, "decisions", json_integer((json_int_t)n->decisions));
    ok &= acc__json_set(o, "quality", quality_json(&n->quality));
    json_t *trace = json_array();
    for (size_t k = 0; ok && trace && k < n->n_steps; k++) {
        const accord_negotiation_step *st = &n->steps[k];
        json_t *e = json_array();
        bool fine = acc__json_push(e, json_integer(st->round));
        fine &= acc__json_push(e, json_integer(st->party));
        fine &= acc__json_push(e, json_string(st->action == ACCORD_ACTION_OFFER ? "offer" : "accept"));
        fine &= acc__json_push(e, acc__json_terms(m, n->offer_terms + (size_t)st->offer * n->n_issues));
        if (!fine) {
            json_decref(e);
            ok = false;
            break;
        }
        ok &= acc__json_push(trace, e);
    }
    ok &= acc__json_set(o, "trace", trace);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- text ---- */

static const char *option_text(const accord_issue *is, uint32_t k, char *buf, size_t size)
{
    return accord_issue_option_text(is, k, buf, size);
}

static void terms_text(acc__str *s, const accord_model *m, const uint32_t *terms,
                       const uint32_t *previous)
{
    const accord_agreement *ag = m->agreement;
    size_t shown = 0, same = 0;
    for (size_t i = 0; i < ag->n_issues; i++) {
        if (previous && previous[i] == terms[i]) {
            same++;
            continue;
        }
        char buf[32];
        acc__str_printf(s, "%s%s=%s", shown ? ", " : "", ag->issues[i].id,
                        option_text(&ag->issues[i], terms[i], buf, sizeof buf));
        shown++;
    }
    if (previous && shown == 0)
        acc__str_puts(s, "(the same again)");
    else if (previous && same)
        acc__str_printf(s, " (%zu other issue%s as before)", same, same == 1 ? "" : "s");
}

static void utilities_text(acc__str *s, const double *u, size_t n)
{
    acc__str_puts(s, "  [");
    for (size_t p = 0; p < n; p++)
        acc__str_printf(s, "%s%.3f", p ? " " : "", u[p]);
    acc__str_puts(s, "]");
}

/* Is every step of round r (steps [from, to)) an offer equal to the same
 * party's previous offer? */
static bool round_repeats(const accord_negotiation *n, size_t from, size_t to, const long *last_offer)
{
    if (to - from != n->n_parties)
        return false;
    for (size_t k = from; k < to; k++) {
        const accord_negotiation_step *st = &n->steps[k];
        long prev = last_offer[st->party];
        if (st->action != ACCORD_ACTION_OFFER || prev < 0 ||
            memcmp(n->offer_terms + (size_t)st->offer * n->n_issues,
                   n->offer_terms + (size_t)prev * n->n_issues, n->n_issues * sizeof(uint32_t)) != 0)
            return false;
    }
    return true;
}

typedef struct lines {
    char **items;
    size_t n, cap;
    bool failed;
} lines;

static void lines_add(lines *l, acc__str *s)
{
    char *text = acc__str_take(s);
    if (!text || acc__grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items)) {
        acc__free(text);
        l->failed = true;
        return;
    }
    l->items[l->n++] = text;
}

static void trace_lines(const accord_model *m, const accord_negotiation *n, lines *out)
{
    size_t np = n->n_parties;
    long *last_offer = acc__calloc(np, sizeof *last_offer);
    if (!last_offer) {
        out->failed = true;
        return;
    }
    int width = 8;
    for (size_t p = 0; p < np; p++) {
        last_offer[p] = -1;
        size_t len = strlen(m->parties[p].id);
        if (len > (size_t)width)
            width = len > 32 ? 32 : (int)len;
    }
    size_t k = 0;
    while (k < n->n_steps) {
        /* fold a run of whole rounds in which every party repeats itself */
        uint32_t first = n->steps[k].round, last = first;
        size_t j = k, folded = 0;
        while (j < n->n_steps && n->steps[j].party == 0) {
            size_t end = j;
            while (end < n->n_steps && n->steps[end].round == n->steps[j].round)
                end++;
            if (!round_repeats(n, j, end, last_offer))
                break;
            last = n->steps[j].round;
            folded++;
            j = end;
        }
        if (folded) {
            acc__str s = {0};
            char label[32];
            if (folded == 1)
                snprintf(label, sizeof label, "r%u", first);
            else
                snprintf(label, sizeof label, "r%u-r%u", first, last);
            acc__str_printf(&s, "  %-10s every party repeats its offer", label);
            if (folded > 1)
                acc__str_printf(&s, " (%zu rounds)", folded);
            lines_add(out, &s);
            k = j;
            continue;
        }
        const accord_negotiation_step *st = &n->steps[k];
        const uint32_t *terms = n->offer_terms + (size_t)st->offer * n->n_issues;
        acc__str s = {0};
        char round[16];
        snprintf(round, sizeof round, "r%u", st->round);
        acc__str_printf(&s, "  %-10s %-*s ", round, width, m->parties[st->party].id);
        if (st->action == ACCORD_ACTION_ACCEPT) {
            acc__str_puts(&s, "accepts");
        } else {
            long prev = last_offer[st->party];
            acc__str_puts(&s, "offers  ");
            terms_text(&s, m, terms,
                       prev >= 0 && n->n_issues > FULL_TERMS_ISSUES
                           ? n->offer_terms + (size_t)prev * n->n_issues
                           : NULL);
            utilities_text(&s, n->offer_utility + (size_t)st->offer * np, np);
            last_offer[st->party] = (long)st->offer;
        }
        lines_add(out, &s);
        k++;
    }
    acc__free(last_offer);
}

static void outcome_text(acc__str *s, const accord_model *m, const accord_negotiation *n)
{
    const accord_agreement *ag = m->agreement;
    if (n->agreement) {
        acc__str_printf(s, "\nAgreement in round %u of %u (t = %.3f) after %llu offers:\n", n->round,
                        n->rounds, (double)n->round / (double)(n->rounds - 1),
                        (unsigned long long)n->n_offer_actions);
        for (size_t i = 0; i < ag->n_issues; i++) {
            const accord_issue *is = &ag->issues[i];
            char buf[32];
            const char *text = is->kind == ACCORD_ISSUE_DISCRETE
                                   ? is->options[n->terms[i]].label
                                   : option_text(is, n->terms[i], buf, sizeof buf);
            acc__str_printf(s, "  %-24s %s%s%s\n", is->name, text,
                            is->kind == ACCORD_ISSUE_INTEGER && is->unit ? " " : "",
                            is->kind == ACCORD_ISSUE_INTEGER && is->unit ? is->unit : "");
        }
    } else {
        acc__str_printf(s, "\nNo agreement in %u rounds (%llu offers): every party gets its "
                           "reservation value.\n",
                        n->rounds, (unsigned long long)n->n_offer_actions);
    }
    int width = 8, awidth = 8;
    for (size_t p = 0; p < n->n_parties; p++) {
        size_t len = strlen(m->parties[p].id), alen = strlen(n->agents[p].name);
        if (len > (size_t)width)
            width = len > 32 ? 32 : (int)len;
        if (alen > (size_t)awidth)
            awidth = (int)alen;
    }
    acc__str_printf(s, "\n  %-*s  %-*s  %7s  %11s\n", width, "party", awidth, "agent", "utility",
                    "reservation");
    for (size_t p = 0; p < n->n_parties; p++)
        acc__str_printf(s, "  %-*s  %-*s  %7.3f  %11.3f\n", width, m->parties[p].id, awidth,
                        n->agents[p].name, n->utility[p], n->reservation[p]);
    const accord_outcome_quality *q = &n->quality;
    if (q->computed) {
        acc__str_printf(s, "\nQuality: distance to the Pareto frontier %.3f", q->pareto_distance);
        if (q->has_nash)
            acc__str_printf(s, ", to the Nash point %.3f", q->nash_distance);
        else
            acc__str_puts(s, ", no Nash point (no outcome is acceptable to every party)");
        acc__str_printf(s, "; welfare %.3f of at most %.3f", q->welfare, q->max_welfare);
        if (q->max_welfare > 0)
            acc__str_printf(s, " (%.1f%%)", 100 * q->welfare / q->max_welfare);
        acc__str_puts(s, "\n");
    }
}

/* A trace line, its terms wrapped under themselves past the width. */
static void wrapped_line(acc__str *s, const char *line, size_t width)
{
    size_t len = strlen(line);
    if (len <= width) {
        acc__str_printf(s, "%s\n", line);
        return;
    }
    /* the round, party and action stay as they are; the terms wrap under
     * themselves */
    const char *terms = strstr(line, " offers  ");
    size_t keep = terms ? (size_t)(terms - line) + 9 : strspn(line, " ");
    acc__str_printf(s, "%.*s", (int)keep, line);
    acc__wrap(s, line + keep, keep, keep < width / 2 ? keep : 13, width);
}

static accord_status negotiation_text(const accord_model *m, const accord_negotiation *n,
                                      const accord_render_options *opts, char **out)
{
    acc__str s = {0};
    size_t width = acc__width_of(opts);
    acc__str_printf(&s, "Negotiation on %s: stacked alternating offers, %u rounds, %zu parties",
                    m->path, n->rounds, n->n_parties);
    bool random = false;
    for (size_t p = 0; p < n->n_parties; p++)
        random |= n->agents[p].kind == ACCORD_AGENT_RANDOM;
    if (random)
        acc__str_printf(&s, ", seed %llu", (unsigned long long)n->seed);
    acc__str_puts(&s, "\n");
    if (n->n_steps) {
        acc__str_puts(&s, "\nTrace (round, party, action, terms, [utility to each party]):\n");
        lines l = {0};
        trace_lines(m, n, &l);
        bool shorten = !(opts && opts->verbose) && l.n > TRACE_LINES_MAX;
        for (size_t k = 0; k < l.n; k++) {
            if (shorten && k == TRACE_LINES_KEEP)
                acc__str_printf(&s, "  ... %zu more lines (--verbose shows every turn) ...\n",
                                l.n - 2 * TRACE_LINES_KEEP);
            if (!shorten || k < TRACE_LINES_KEEP || k >= l.n - TRACE_LINES_KEEP)
                wrapped_line(&s, l.items[k], width);
        }
        for (size_t k = 0; k < l.n; k++)
            acc__free(l.items[k]);
        acc__free(l.items);
        if (l.failed)
            s.failed = 1;
    }
    outcome_text(&s, m, n);
    if (s.failed) {
        acc__str_free(&s);
        return ACCORD_E_NOMEM;
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

accord_status accord_negotiation_render(const accord_model *m, const accord_negotiation *n,
                                        const accord_render_options *opts, char **out)
{
    *out = NULL;
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(negotiation_json(m, n), out);
    return negotiation_text(m, n, opts, out);
}
