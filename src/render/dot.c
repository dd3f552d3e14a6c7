/*
 * dot.c - the conflict's graphs in Graphviz DOT: the whole state graph
 * with its unilateral moves and equilibria, and the status quo evolution.
 * Render with e.g. `dot -Tsvg`.  Node names are s<id>; labels are escaped
 * DOT strings; black and white suffice (double borders, bold and dashed
 * lines), colour only doubles them.
 */
#include "report.h"

#include <string.h>

static void header(acc__str *s, const accord_model *m, const char *graph, const char *what)
{
    acc__str_printf(s, "digraph %s {\n  graph [label=\"", graph);
    if (m->title) {
        acc__dot_escape(s, m->title);
        acc__str_puts(s, "\\n");
    }
    acc__str_printf(s, "%s\", labelloc=t, fontname=\"Helvetica\", rankdir=LR, nodesep=0.3];\n",
                    what);
    acc__str_puts(s, "  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=11];\n"
                     "  edge [fontname=\"Helvetica\", fontsize=10];\n");
}

static unsigned concepts_of(const accord_stability *st, size_t k)
{
    unsigned c = 0;
    for (int i = 0; st && i < ACCORD_N_CONCEPTS; i++)
        if (accord_stability_is_equilibrium(st, (accord_concept)i, k))
            c |= 1u << i;
    return c;
}

/* One node: id, pattern, name, equilibrium concepts, status quo. */
static void node(acc__str *s, const accord_model *m, size_t k, unsigned eq, bool status_quo,
                 char *pat)
{
    const accord_conflict *cf = m->conflict;
    acc__str_printf(s, "  s%zu [label=\"%zu%s\\n%s", k + 1, k + 1,
                    status_quo ? " (status quo)" : "",
                    accord_conflict_state_pattern(cf, acc__state_code(cf, k), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
    const char *name = acc__state_name(cf, k);
    if (name) {
        acc__str_puts(s, "\\n");
        acc__dot_escape(s, name);
    }
    if (eq) {
        acc__str_puts(s, "\\nequilibrium: ");
        acc__concepts_text(s, eq, ", ");
    }
    acc__str_puts(s, "\"");
    if (eq)
        acc__str_puts(s, ", peripheries=2, style=\"rounded,bold,filled\", fillcolor=\"#E1EFF9\", "
                         "color=\"#0072B2\"");
    if (status_quo)
        acc__str_puts(s, eq ? ", shape=house" : ", shape=house, style=\"bold\"");
    acc__str_puts(s, "];\n");
}

static void edge(acc__str *s, const accord_model *m, const acc__graph_edge *e, bool bold)
{
    acc__str_printf(s, "  s%u -> s%u [label=\"", e->from + 1, e->to + 1);
    acc__dot_escape(s, m->parties[e->party].id);
    if (bold)
        acc__str_puts(s, "\", style=bold, penwidth=2];\n");
    else if (e->ui)
        acc__str_puts(s, "\"];\n");
    else
        acc__str_puts(s, "\", style=dashed, color=\"#8c8c8c\", fontcolor=\"#595959\"];\n");
}

accord_status accord_stability_render_dot(const accord_model *m, const accord_stability *st,
                                          const accord_dot_options *opts, char **out,
                                          accord_diagnostics *diag)
{
    if (!out || !m)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m->conflict) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the model has no conflict section; the state graph needs one");
        return ACCORD_E_NODATA;
    }
    const accord_conflict *cf = m->conflict;
    if (st && (st->n_states != cf->n_states || st->n_parties != m->n_parties))
        return ACCORD_E_ARG;
    size_t max_states = opts && opts->max_states ? opts->max_states : ACCORD_DOT_MAX_STATES;
    size_t max_edges = opts && opts->max_edges ? opts->max_edges : ACCORD_DOT_MAX_EDGES;
    bool ui_only = opts && opts->ui_only;
    if (cf->n_states > max_states) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the conflict has %zu feasible states; the DOT state graph draws at most %zu "
                  "(a graph that large is unreadable: see the stability tableau instead)",
                  cf->n_states, max_states);
        return ACCORD_E_LIMIT;
    }
    acc__graph_edge *edges = NULL;
    size_t n_edges = 0;
    accord_status rc = acc__graph_moves(m, NULL, cf->n_states, ui_only, max_edges, &edges, &n_edges);
    if (rc == ACCORD_E_LIMIT) {
        acc__diag(diag, ACCORD_ERROR, m->path, 0, 0,
                  "the state graph has more than %zu moves (or a party with more than 24 "
                  "options); the DOT output draws at most %zu",
                  max_edges, max_edges);
        return rc;
    }
    if (rc)
        return rc;
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat) {
        acc__free(edges);
        return ACCORD_E_NOMEM;
    }
    acc__str s = {0};
    header(&s, m, "accord_states",
           ui_only ? "State graph: unilateral improvements (labelled by the party moving)"
                   : "State graph: unilateral moves (bold: improvements, dashed: other moves)");
    acc__str_puts(&s, "  // options, in pattern order (Y = taken):");
    for (size_t k = 0; k < cf->n_options; k++) {
        acc__str_puts(&s, k ? ", " : " ");
        acc__dot_escape(&s, cf->options[k].qualified);
    }
    acc__str_puts(&s, "\n");
    for (size_t k = 0; k < cf->n_states; k++)
        node(&s, m, k, concepts_of(st, k), cf->has_status_quo && k == cf->status_quo_index, pat);
    for (size_t e = 0; e < n_edges; e++)
        edge(&s, m, &edges[e], !ui_only && edges[e].ui);
    acc__str_puts(&s, "}\n");
    acc__free(pat);
    acc__free(edges);
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

accord_status accord_evolution_render_dot(const accord_model *m, const accord_evolution *ev,
                                          char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m || !ev || !m->conflict || ev->n_states != m->conflict->n_states ||
        ev->start >= ev->n_states || !ev->moves)
        return ACCORD_E_ARG;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states;
    accord_status rc = ACCORD_OK;
    uint32_t *list = acc__calloc(ev->n_reachable ? ev->n_reachable : 1, sizeof *list);
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    acc__graph_edge *edges = NULL;
    size_t n = 0, n_edges = 0;
    uint32_t layers = 0;
    acc__str s = {0};
    if (!list || !pat) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < S && n < ev->n_reachable; k++)
        if (ev->moves[k] != UINT32_MAX) {
            list[n++] = (uint32_t)k;
            if (ev->moves[k] + 1 > layers)
                layers = ev->moves[k] + 1;
        }
    rc = acc__graph_moves(m, list, n, true, ACCORD_DOT_MAX_EDGES, &edges, &n_edges);
    if (rc)
        goto out;
    acc__str title = {0};
    acc__str_printf(&title, "Status quo evolution from state %zu: unilateral improvements "
                            "(bold: shortest paths to the equilibria reached)",
                    ev->start + 1);
    header(&s, m, "accord_evolution", acc__scratch(&s, &title));
    acc__str_free(&title);
    for (size_t i = 0; i < n; i++) {
        size_t k = list[i];
        unsigned eq = 0;
        for (size_t t = 0; t < ev->n_targets; t++)
            if (ev->targets[t].state == k)
                eq = ev->targets[t].concepts;
        node(&s, m, k, eq, k == ev->start, pat);
    }
    /* States reached in the same number of moves share a rank. */
    for (uint32_t l = 0; l < layers; l++) {
        acc__str_printf(&s, "  { rank=same;");
        for (size_t i = 0; i < n; i++)
            if (ev->moves[list[i]] == l)
                acc__str_printf(&s, " s%u;", list[i] + 1);
        acc__str_puts(&s, " }\n");
    }
    for (size_t e = 0; e < n_edges; e++) {
        const acc__graph_edge *g = &edges[e];
        if (ev->moves[g->to] != ev->moves[g->from] + 1)
            continue;
        bool bold = false;
        for (size_t t = 0; t < ev->n_targets && !bold; t++)
            for (size_t i = 0; i < ev->targets[t].n_moves; i++)
                if (ev->targets[t].path[i].from == g->from && ev->targets[t].path[i].to == g->to)
                    bold = true;
        edge(&s, m, g, bold);
    }
    acc__str_puts(&s, "}\n");
out:
    acc__free(list);
    acc__free(pat);
    acc__free(edges);
    if (rc) {
        acc__str_free(&s);
        return rc;
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
