/* robust.c - accord_robust_render: acceptance under uncertainty, as text or
 * JSON. */
#include "render.h"
#include "dropped.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double round6(double x) { return nearbyint(x * 1e6) / 1e6; }

static const char *const CONCEPT_TEXT[ACCORD_N_CONCEPTS] = {"Nash", "GMR", "SMR", "SEQ"};

const char *accord_robust_verdict(const accord_model *m, const accord_robust *r, const accord_sensitivity *s,
                                  char *buf, size_t size)
{
    if (!buf || !size)
        return buf;
    if (s->conflict)
        snprintf(buf, size, "%s is %s %s equilibrium",
                 s->subject < r->n_subjects ? r->subject[s->subject] : "?",
                 s->concept >= ACCORD_SMR ? "an" : "a", CONCEPT_TEXT[s->concept % ACCORD_N_CONCEPTS]);
    else if (s->proposal >= r->n_proposals)
        snprintf(buf, size, "some agreement exists");
    else if (s->party >= r->n_parties)
        snprintf(buf, size, "every party accepts %s", m->agreement->proposals[s->proposal].id);
    else
        snprintf(buf, size, "%s accepts %s", m->parties[s->party].id,
                 m->agreement->proposals[s->proposal].id);
    return buf;
}

static const char *kind_key(accord_assumption_kind k)
{
    static const char *const keys[] = {"number", "red_line", "irreversible", "order"};
    return (unsigned)k < 4 ? keys[k] : "?";
}

/* The structural assumptions, each with what it names in the model. */
static json_t *structural_json(const accord_model *m, const accord_robust *r)
{
    json_t *a = json_array();
    for (size_t k = 0; k < r->n_structural; k++) {
        const accord_structural *x = &r->structural[k];
        json_t *e = json_object();
        acc__json_set(e, "kind", json_string(kind_key(x->kind)));
        acc__json_set(e, "what", json_string(x->what));
        acc__json_set(e, "party", json_string(m->parties[x->party].id));
        if (x->kind == ACCORD_ASSUME_RED_LINE)
            acc__json_set(e, "red_line", json_string(m->agreement->preferences[x->party].red_lines[x->item].text));
        else if (x->kind == ACCORD_ASSUME_IRREVERSIBLE)
            acc__json_set(e, "option", json_string(m->conflict->options[x->item].qualified));
        else
            acc__json_set(e, "order", json_string(m->conflict->preferences[x->party].alternatives[x->item].name));
        acc__json_set(e, "probability", json_real(round6(x->probability)));
        acc__json_push(a, e);
    }
    return a;
}

/* The conflict part: per subject, the probability of each concept's
 * equilibrium and the verdict of the model as written; null when it did
 * not run. */
static json_t *conflict_json(const accord_robust *r)
{
    if (!r->n_subjects)
        return json_null();
    json_t *o = json_object(), *subs = json_array();
    acc__json_set(o, "configurations", json_integer((json_int_t)r->n_configurations));
    for (size_t k = 0; k < r->n_subjects; k++) {
        json_t *e = json_object(), *p = json_object(), *w = json_object();
        acc__json_set(e, "name", json_string(r->subject[k]));
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
            acc__json_set(p, accord_concept_name((accord_concept)c),
                          json_real(round6(r->stable[k * ACCORD_N_CONCEPTS + (size_t)c])));
            acc__json_set(w, accord_concept_name((accord_concept)c),
                          json_boolean(r->point_stable[k * ACCORD_N_CONCEPTS + (size_t)c]));
        }
        acc__json_set(e, "equilibrium", p);
        acc__json_set(e, "equilibrium_as_written", w);
        acc__json_push(subs, e);
    }
    acc__json_set(o, "subjects", subs);
    return o;
}

/* One sensitivity entry. */
static json_t *sensitivity_json(const accord_model *m, const accord_robust *r, const accord_sensitivity *s)
{
    char buf[256];
    json_t *e = json_object();
    acc__json_set(e, "kind", json_string(kind_key(s->kind)));
    if (s->kind == ACCORD_ASSUME_NUMBER) {
        acc__json_set(e, "number", json_string(s->what));
        acc__json_set(e, "range", acc__json_reals((double[]){s->low, s->high}, 2));
    } else {
        acc__json_set(e, "assumption", json_string(s->what));
        acc__json_set(e, "probability", json_real(round6(r->structural[s->structural].probability)));
    }
    acc__json_set(e, "verdict", json_string(accord_robust_verdict(m, r, s, buf, sizeof buf)));
    if (s->kind == ACCORD_ASSUME_NUMBER) {
        acc__json_set(e, "probability_low_half", json_real(round6(s->p_low)));
        acc__json_set(e, "probability_high_half", json_real(round6(s->p_high)));
    } else {
        acc__json_set(e, "probability_if_not", json_real(round6(s->p_low)));
        acc__json_set(e, "probability_if", json_real(round6(s->p_high)));
    }
    acc__json_set(e, "swing", json_real(round6(s->swing)));
    return e;
}

json_t *acc__robust_json(const accord_model *m, const accord_robust *r)
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
    acc__json_set(o, "structural", structural_json(m, r));
    acc__json_set(o, "conflict", conflict_json(r));
    for (size_t k = 0; k < r->n_sensitivity; k++)
        acc__json_push(sens, sensitivity_json(m, r, &r->sensitivity[k]));
    acc__json_set(o, "sensitivity", sens);
    if (r->ignored_red_lines) /* the red lines treated as dropped (--drop) */
        acc__json_set(o, "dropped_red_lines", acc__dropped_json(m, r->ignored_red_lines));
    return o;
}

/* The structural assumptions and, when the conflict part ran, the
 * probability of each subject's equilibrium under each concept. */
static void structural_text(acc__str *s, const accord_robust *r, const char *bold, const char *reset)
{
    acc__str_printf(s, "\n%sStructural assumptions%s (each drawn per sample):\n", bold, reset);
    for (size_t k = 0; k < r->n_structural; k++)
        acc__str_printf(s, "  %-50s %5.1f%%\n", r->structural[k].what, 100 * r->structural[k].probability);
    if (!r->n_subjects)
        return;
    acc__str_printf(s, "\n%sConflict stability%s: probability of an equilibrium (%zu distinct configuration%s "
                       "analysed)\n",
                    bold, reset, r->n_configurations, r->n_configurations == 1 ? "" : "s");
    int w = 20;
    for (size_t k = 0; k < r->n_subjects; k++)
        if (strlen(r->subject[k]) > (size_t)w && strlen(r->subject[k]) < 80)
            w = (int)strlen(r->subject[k]);
    acc__str_printf(s, "  %-*s", w, "state");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        acc__str_printf(s, " %7s", CONCEPT_TEXT[c]);
    acc__str_puts(s, "   as written\n");
    for (size_t k = 0; k < r->n_subjects; k++) {
        acc__str_printf(s, "  %-*s", w, r->subject[k]);
        for (size_t c = 0; c < ACCORD_N_CONCEPTS; c++)
            acc__str_printf(s, " %6.1f%%", 100 * r->stable[k * ACCORD_N_CONCEPTS + c]);
        acc__str_puts(s, "   ");
        bool any = false;
        for (size_t c = 0; c < ACCORD_N_CONCEPTS; c++)
            if (r->point_stable[k * ACCORD_N_CONCEPTS + c]) {
                acc__str_printf(s, "%s%s", any ? " " : "", CONCEPT_TEXT[c]);
                any = true;
            }
        acc__str_puts(s, any ? "\n" : "none\n");
    }
}

/* One sensitivity entry: the number and its halves, or the assumption
 * held and not. */
static void sensitivity_text(acc__str *s, const accord_model *m, const accord_robust *r, const accord_sensitivity *e)
{
    char buf[256];
    accord_robust_verdict(m, r, e, buf, sizeof buf);
    if (e->kind == ACCORD_ASSUME_NUMBER) {
        acc__str_printf(s, "  %s in [%g, %g]\n      %s: %.0f%% in the lower half, %.0f%% in the upper half\n",
                        e->what, e->low, e->high, buf, 100 * e->p_low, 100 * e->p_high);
        return;
    }
    static const char *const no[] = {"", "when dropped", "when reversible", "when not drawn"};
    static const char *const yes[] = {"", "when it holds", "when irreversible", "when drawn"};
    acc__str_printf(s, "  %s (probability %.0f%%)\n      %s: %.0f%% %s, %.0f%% %s\n", e->what,
                    100 * r->structural[e->structural].probability, buf, 100 * e->p_low, no[e->kind % 4],
                    100 * e->p_high, yes[e->kind % 4]);
}

accord_status accord_robust_render(const accord_model *m, const accord_robust *r,
                                   const accord_render_options *opts, char **out)
{
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(acc__robust_json(m, r), out);
    acc__style sty = acc__style_of(opts);
    const char *bold = sty.bold, *reset = sty.reset;
    acc__str s = {0};
    acc__str_printf(&s, "%sAcceptance under uncertainty%s: %llu samples (seed %llu) of %zu uncertain number%s",
                    bold, reset, (unsigned long long)r->samples, (unsigned long long)r->seed, r->n_uncertain,
                    r->n_uncertain == 1 ? "" : "s");
    if (r->n_structural)
        acc__str_printf(&s, " and %zu structural assumption%s", r->n_structural,
                        r->n_structural == 1 ? "" : "s");
    acc__str_puts(&s, "\n");
    acc__dropped_text(&s, m, r->ignored_red_lines, "  as if these red lines were dropped: ", "\n");
    acc__str_puts(&s, "\n");
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
    if (r->n_structural)
        structural_text(&s, r, bold, reset);
    if (r->n_sensitivity) {
        acc__str_printf(&s, "\n%sWhat decides the verdicts%s (the %s that move a verdict most):\n",
                        bold, reset, r->n_structural ? "uncertain numbers and assumptions" : "uncertain numbers");
        for (size_t k = 0; k < r->n_sensitivity; k++)
            sensitivity_text(&s, m, r, &r->sensitivity[k]);
    } else if (r->n_structural) {
        acc__str_puts(&s, "\n  No uncertain number or structural assumption moves any verdict beyond sampling\n"
                          "  noise.\n");
    } else if (r->n_uncertain) {
        acc__str_puts(&s, "\n  No uncertain number moves any verdict beyond sampling noise: within their\n"
                          "  ranges, the verdicts are decided by the point values and the red lines.\n");
    } else {
        acc__str_puts(&s, "\n  The model has no ranges: every number is a point value, so every sample is the\n"
                          "  same and the table above is the point verdicts. Write uncertain numbers as\n"
                          "  [low, high] to see what the verdicts depend on.\n");
    }
    return acc__text_finish(&s, opts, out);
}
