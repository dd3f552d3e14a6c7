/* robust.c - accord_robust_render: acceptance under uncertainty, as text or
 * JSON. */
#include "render.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
        return acc__json_finish(acc__robust_json(m, r), out);
    acc__style sty = acc__style_of(opts);
    const char *bold = sty.bold, *reset = sty.reset;
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
    } else {
        acc__str_puts(&s, "\n  The model has no ranges: every number is a point value, so every sample is the\n"
                          "  same and the table above is the point verdicts. Write uncertain numbers as\n"
                          "  [low, high] to see what the verdicts depend on.\n");
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
