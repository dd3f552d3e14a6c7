/* summary.c - `accord check`: what a model contains, as text or JSON. */
#include "render.h"
#include "text.h"

#include <math.h>
#include <stdio.h>

json_t *acc__summary_json(const accord_model *m)
{
    json_t *o = json_object();
    acc__json_set(o, "valid", json_true());
    acc__json_set(o, "file", json_string(m->path));
    if (m->title)
        acc__json_set(o, "title", json_string(m->title));
    acc__json_set(o, "parties", acc__json_party_ids(m));
    if (m->agreement) {
        const accord_agreement *ag = m->agreement;
        json_t *a = json_object(), *issues = json_array(), *props = json_array();
        for (size_t i = 0; i < ag->n_issues; i++) {
            const accord_issue *is = &ag->issues[i];
            json_t *j = json_object();
            acc__json_set(j, "id", json_string(is->id));
            acc__json_set(j, "kind", json_string(is->kind == ACCORD_ISSUE_DISCRETE ? "discrete" : "integer"));
            acc__json_set(j, "options", json_integer((json_int_t)is->n_options));
            acc__json_push(issues, j);
        }
        for (size_t i = 0; i < ag->n_proposals; i++)
            acc__json_push(props, json_string(ag->proposals[i].id));
        acc__json_set(a, "issues", issues);
        /* one type wherever "outcomes" is written (acc__json_count): an
         * integer below 2^53, null beyond the doubles (10^400 outcomes) */
        acc__json_set(a, "outcomes", acc__json_count(ag->outcomes));
        acc__json_set(a, "proposals", props);
        acc__json_set(o, "agreement", a);
    }
    if (m->conflict) {
        const accord_conflict *cf = m->conflict;
        json_t *c = json_object(), *opts = json_array();
        for (size_t k = 0; k < cf->n_options; k++)
            acc__json_push(opts, json_string(cf->options[k].qualified));
        acc__json_set(c, "options", opts);
        acc__json_set(c, "feasible_states", json_integer((json_int_t)cf->n_states));
        acc__json_set(o, "conflict", c);
    }
    return o;
}

/* One name of a list after its label ("  proposals 3:"), on the next line
 * under the first name when it would pass `width`; *col is the column. */
static void list_item(acc__str *s, const char *name, size_t width, size_t *col)
{
    size_t w = strlen(name);
    if (*col + 1 + w > width) {
        acc__str_puts(s, "\n             ");
        *col = 13;
    }
    acc__str_printf(s, " %s", name);
    *col += 1 + w;
}

accord_status accord_model_summary_render(const accord_model *m, const accord_render_options *opts,
                                          char **out)
{
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(acc__summary_json(m), out);
    acc__str s = {0};
    size_t width = acc__width_of(opts);
    acc__str t = {0};
    acc__str_printf(&t, "%s: valid model%s%s%s", m->path, m->title ? " \"" : "", m->title ? m->title : "",
                    m->title ? "\"" : "");
    acc__wrap(&s, t.failed || !t.data ? "" : t.data, 0, 2, width);
    if (t.failed)
        s.failed = 1;
    acc__str_free(&t);
    acc__str_printf(&s, "  parties   %zu:", m->n_parties);
    for (size_t p = 0; p < m->n_parties; p++)
        acc__str_printf(&s, " %s", m->parties[p].id);
    acc__str_puts(&s, "\n");
    if (m->agreement) {
        const accord_agreement *ag = m->agreement;
        size_t disc = 0;
        for (size_t i = 0; i < ag->n_issues; i++)
            disc += ag->issues[i].kind == ACCORD_ISSUE_DISCRETE;
        acc__str_printf(&s, "  issues    %zu (%zu discrete, %zu integer)\n", ag->n_issues, disc,
                        ag->n_issues - disc);
        acc__str_puts(&s, "  outcomes  ");
        acc__fmt_count(&s, ag->outcomes);
        acc__str_puts(&s, "\n");
        acc__str_printf(&s, "  proposals %zu:", ag->n_proposals);
        size_t col = acc__column(&s);
        for (size_t i = 0; i < ag->n_proposals; i++)
            list_item(&s, ag->proposals[i].id, width, &col);
        acc__str_puts(&s, "\n");
    }
    if (m->conflict) {
        const accord_conflict *cf = m->conflict;
        acc__str_printf(&s, "  options   %zu:", cf->n_options);
        size_t col = acc__column(&s);
        for (size_t k = 0; k < cf->n_options; k++)
            list_item(&s, cf->options[k].qualified, width, &col);
        acc__str_puts(&s, "\n");
        acc__str_printf(&s, "  states    %zu feasible of 2^%zu\n", cf->n_states, cf->n_options);
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

accord_status accord_unsourced_render(const accord_model *m, const accord_unsourced *u,
                                      const accord_render_options *opts, char **out)
{
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON) {
        json_t *o = json_object(), *a = json_array();
        for (size_t i = 0; i < u->count; i++) {
            json_t *it = json_object();
            acc__json_set(it, "what", json_string(u->items[i].what));
            acc__json_set(it, "line", json_integer(u->items[i].loc.line));
            acc__json_set(it, "col", json_integer(u->items[i].loc.col));
            acc__json_push(a, it);
        }
        acc__json_set(o, "file", json_string(m->path));
        acc__json_set(o, "unsourced", a);
        return acc__json_finish(o, out);
    }
    acc__str s = {0};
    for (size_t i = 0; i < u->count; i++)
        acc__str_printf(&s, "%s:%d:%d: %s has neither a source nor an assumption\n", m->path,
                        u->items[i].loc.line, u->items[i].loc.col, u->items[i].what);
    if (u->count == 0)
        acc__str_printf(&s, "%s: every number has a source or an assumption\n", m->path);
    else
        acc__str_printf(&s, "%s: %zu number%s without provenance; write each as {value: X, "
                            "source: ID} or {value: X, assumption: \"why\"}\n",
                        m->path, u->count, u->count == 1 ? "" : "s");
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
