/*
 * svg_graph.c - the status quo evolution as a layered SVG graph.
 *
 * Layer d holds the states reached in d moves at the fewest (the breadth-
 * first distances of accord_evolve_compute), ordered by state id.  An arrow
 * is a unilateral improvement from layer d to layer d + 1: every such arrow
 * lies on a shortest legal sequence (two consecutive UIs of one party
 * would merge into one UI, reaching the target in d moves).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define INK "#1a1a1a"
#define MUTED "#595959"

static const double NODE_W = 214, NODE_H = 74, COL_GAP = 104, ROW_GAP = 22, LEFT = 16,
                    TOP = 64;

typedef struct node_pos {
    uint32_t state;
    uint32_t layer, row;
} node_pos;

static int by_layer(const void *a, const void *b)
{
    const node_pos *x = a, *y = b;
    if (x->layer != y->layer)
        return x->layer < y->layer ? -1 : 1;
    return x->state < y->state ? -1 : x->state > y->state;
}

static bool ev_matches(const accord_model *m, const accord_evolution *ev)
{
    return m && ev && m->conflict && ev->n_states == m->conflict->n_states &&
           ev->start < ev->n_states && ev->moves;
}

/* Which states to draw: every reached state when they are few, else the
 * states on the shortest paths to the equilibria reached (whole paths, as
 * many as fit).  Marks them in `shown` (n_states bytes); returns how many. */
static size_t choose_nodes(const accord_evolution *ev, size_t max_nodes, unsigned char *shown,
                           bool *partial)
{
    size_t n = 0;
    *partial = false;
    if (ev->n_reachable <= max_nodes) {
        for (size_t k = 0; k < ev->n_states; k++)
            if (ev->moves[k] != UINT32_MAX) {
                shown[k] = 1;
                n++;
            }
        return n;
    }
    *partial = true;
    shown[ev->start] = 1;
    n = 1;
    for (size_t t = 0; t < ev->n_targets; t++) {
        const accord_evolve_target *tg = &ev->targets[t];
        size_t extra = 0;
        for (size_t i = 0; i < tg->n_moves; i++)
            extra += !shown[tg->path[i].to];
        if (n + extra > max_nodes)
            continue;
        for (size_t i = 0; i < tg->n_moves; i++)
            if (!shown[tg->path[i].to]) {
                shown[tg->path[i].to] = 1;
                n++;
            }
        if (!shown[tg->state]) { /* only when the path is empty: the start itself */
            shown[tg->state] = 1;
            n++;
        }
    }
    return n;
}

static unsigned equilibrium_concepts(const accord_evolution *ev, size_t k)
{
    unsigned c = 0;
    for (int i = 0; i < ACCORD_N_CONCEPTS; i++)
        if (ev->stability && accord_stability_is_equilibrium(ev->stability, (accord_concept)i, k))
            c |= 1u << i;
    return c;
}

/* Is (from, to) a move of one of the shortest paths to an equilibrium? */
static bool on_target_path(const accord_evolution *ev, size_t from, size_t to)
{
    for (size_t t = 0; t < ev->n_targets; t++)
        for (size_t i = 0; i < ev->targets[t].n_moves; i++)
            if (ev->targets[t].path[i].from == from && ev->targets[t].path[i].to == to)
                return true;
    return false;
}

static void num_pair(acc__str *s, const char *cmd, double x, double y)
{
    acc__str_puts(s, cmd);
    acc__svg_num(s, x);
    acc__str_puts(s, " ");
    acc__svg_num(s, y);
}

static void node_rect(acc__str *s, double x, double y, double w, double h, const char *attrs)
{
    acc__str_puts(s, "<rect x=\"");
    acc__svg_num(s, x);
    acc__str_puts(s, "\" y=\"");
    acc__svg_num(s, y);
    acc__str_puts(s, "\" width=\"");
    acc__svg_num(s, w);
    acc__str_puts(s, "\" height=\"");
    acc__svg_num(s, h);
    acc__str_printf(s, "\" rx=\"6\" %s/>\n", attrs);
}

accord_status acc__svg_evolution(acc__str *s, const accord_model *m, const accord_evolution *ev,
                                 size_t max_nodes, const char *id, size_t *shown_count)
{
    if (!ev_matches(m, ev))
        return ACCORD_E_ARG;
    const accord_conflict *cf = m->conflict;
    size_t S = cf->n_states;
    if (!max_nodes)
        max_nodes = ACCORD_REPORT_GRAPH_STATES;
    accord_status rc = ACCORD_OK;
    unsigned char *shown = acc__calloc(S ? S : 1, 1);
    node_pos *nodes = NULL;
    uint32_t *list = NULL, *slot = NULL;
    acc__graph_edge *edges = NULL;
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    size_t n_edges = 0;
    if (!shown || !pat) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    bool partial;
    size_t n = choose_nodes(ev, max_nodes, shown, &partial);
    if (shown_count)
        *shown_count = n;
    nodes = acc__calloc(n, sizeof *nodes);
    list = acc__calloc(n, sizeof *list);
    slot = acc__calloc(S ? S : 1, sizeof *slot);
    if (!nodes || !list || !slot) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    size_t j = 0;
    for (size_t k = 0; k < S; k++)
        if (shown[k]) {
            nodes[j] = (node_pos){(uint32_t)k, ev->moves[k], 0};
            list[j++] = (uint32_t)k;
        }
    qsort(nodes, n, sizeof *nodes, by_layer);
    uint32_t layers = 0, rows = 0;
    for (size_t i = 0; i < n; i++) {
        nodes[i].row = i && nodes[i - 1].layer == nodes[i].layer ? nodes[i - 1].row + 1 : 0;
        if (nodes[i].layer + 1 > layers)
            layers = nodes[i].layer + 1;
        if (nodes[i].row + 1 > rows)
            rows = nodes[i].row + 1;
        slot[nodes[i].state] = (uint32_t)i;
    }
    rc = acc__graph_moves(m, list, n, true, (size_t)1 << 20, &edges, &n_edges);
    if (rc)
        goto out;

    double width = LEFT * 2 + layers * NODE_W + (layers ? layers - 1 : 0) * COL_GAP;
    if (width < 640)
        width = 640;
    double height = TOP + rows * (NODE_H + ROW_GAP) + 64;
    acc__str title = {0}, desc = {0};
    acc__str_printf(&title, "Status quo evolution from state %zu", ev->start + 1);
    acc__str_printf(&desc, "%zu states are reachable from the status quo by unilateral "
                           "improvements; %zu equilibria are reached.",
                    ev->n_reachable, ev->n_targets);
    for (size_t t = 0; t < ev->n_targets; t++) {
        acc__str_printf(&desc, " State %zu (", ev->targets[t].state + 1);
        acc__concepts_text(&desc, ev->targets[t].concepts, ", ");
        acc__str_printf(&desc, ") in %zu move%s.", ev->targets[t].n_moves,
                        ev->targets[t].n_moves == 1 ? "" : "s");
    }
    acc__svg_open(s, id, width, height, acc__scratch(s, &title), acc__scratch(s, &desc));
    acc__svg_text(s, 12, 22, "start", "font-size=\"15\" font-weight=\"bold\"",
                  acc__scratch(s, &title));
    acc__str_free(&title);
    acc__str_free(&desc);
    acc__str sub = {0};
    acc__str_printf(&sub, "%zu state%s reachable, %zu equilibri%s reached", ev->n_reachable,
                    ev->n_reachable == 1 ? "" : "s", ev->n_targets, ev->n_targets == 1 ? "um" : "a");
    if (partial)
        acc__str_printf(&sub, "; drawn: the %zu states on the shortest paths to them", n);
    acc__svg_text(s, 12, 40, "start", "font-size=\"11\" fill=\"" MUTED "\"", acc__scratch(s, &sub));
    acc__str_free(&sub);
    acc__str_printf(s, "<defs><marker id=\"%s-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                       "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                       "<path d=\"M0 0L10 5L0 10z\" fill=\"" INK "\"/></marker></defs>\n",
                    id);
    /* Layer heads. */
    for (uint32_t l = 0; l < layers; l++) {
        acc__str h = {0};
        if (l == 0)
            acc__str_puts(&h, "status quo");
        else
            acc__str_printf(&h, "after %u move%s", l, l == 1 ? "" : "s");
        acc__svg_text(s, LEFT + l * (NODE_W + COL_GAP) + NODE_W / 2, TOP - 8, "middle",
                      "font-size=\"11\" fill=\"" MUTED "\"", acc__scratch(s, &h));
        acc__str_free(&h);
    }

    /* Edges first, so that nodes cover their ends. */
    for (size_t e = 0; e < n_edges; e++) {
        const acc__graph_edge *g = &edges[e];
        if (!shown[g->to] || ev->moves[g->to] != ev->moves[g->from] + 1)
            continue;
        const node_pos *a = &nodes[slot[g->from]], *b = &nodes[slot[g->to]];
        double x1 = LEFT + a->layer * (NODE_W + COL_GAP) + NODE_W;
        double y1 = TOP + a->row * (NODE_H + ROW_GAP) + NODE_H / 2;
        double x2 = LEFT + b->layer * (NODE_W + COL_GAP) - 2;
        double y2 = TOP + b->row * (NODE_H + ROW_GAP) + NODE_H / 2;
        bool bold = on_target_path(ev, g->from, g->to);
        accord_move mv = {g->party, g->from, g->to};
        char *what = accord_move_describe(m, &mv);
        acc__str_puts(s, "<g><title>");
        if (!what)
            s->failed = 1;
        acc__html_escape(s, what);
        acc__free(what);
        acc__str_puts(s, "</title><path fill=\"none\" d=\"");
        num_pair(s, "M", x1, y1);
        num_pair(s, "C", x1 + COL_GAP / 2, y1);
        num_pair(s, " ", x2 - COL_GAP / 2, y2);
        num_pair(s, " ", x2, y2);
        acc__str_printf(s, "\" stroke=\"%s\" stroke-width=\"%s\"%s marker-end=\"url(#%s-arrow)\"/>",
                        bold ? INK : "#8c8c8c", bold ? "2.2" : "1.2",
                        bold ? "" : " stroke-dasharray=\"5 3\"", id);
        double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
        size_t len = strlen(m->parties[g->party].id);
        double w = 7.0 * (double)(len > 12 ? 12 : len) + 8;
        node_rect(s, mx - w / 2, my - 9, w, 16, "fill=\"#ffffff\" stroke=\"none\"");
        acc__svg_text_fit(s, mx, my + 3, "middle",
                          bold ? "font-size=\"11\" font-weight=\"bold\"" : "font-size=\"11\"",
                          m->parties[g->party].id, 12);
        acc__str_puts(s, "</g>\n");
    }

    for (size_t i = 0; i < n; i++) {
        size_t k = nodes[i].state;
        double x = LEFT + nodes[i].layer * (NODE_W + COL_GAP);
        double y = TOP + nodes[i].row * (NODE_H + ROW_GAP);
        unsigned eq = equilibrium_concepts(ev, k);
        const char *name = acc__state_name(cf, k);
        acc__str_puts(s, "<g><title>");
        acc__str_printf(s, "State %zu: %s", k + 1,
                        accord_conflict_state_pattern(cf, acc__state_code(cf, k), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
        if (name) {
            acc__str_puts(s, ", ");
            acc__html_escape(s, name);
        }
        if (eq) {
            acc__str_puts(s, "; equilibrium (");
            acc__concepts_text(s, eq, ", ");
            acc__str_puts(s, ")");
        }
        acc__str_printf(s, "; reached in %u move%s</title>\n", ev->moves[k],
                        ev->moves[k] == 1 ? "" : "s");
        if (eq) {
            node_rect(s, x - 3, y - 3, NODE_W + 6, NODE_H + 6,
                      "fill=\"none\" stroke=\"" INK "\" stroke-width=\"1.5\"");
            node_rect(s, x, y, NODE_W, NODE_H,
                      "fill=\"#E1EFF9\" stroke=\"#0072B2\" stroke-width=\"2\"");
        } else {
            node_rect(s, x, y, NODE_W, NODE_H,
                      k == ev->start ? "fill=\"#ffffff\" stroke=\"" INK "\" stroke-width=\"2\""
                                     : "fill=\"#ffffff\" stroke=\"" MUTED "\" stroke-width=\"1\"");
        }
        acc__str l1 = {0};
        acc__str_printf(&l1, "state %zu%s", k + 1, k == ev->start ? " \xC2\xB7 status quo" : "");
        acc__svg_text(s, x + 10, y + 17, "start", "font-weight=\"bold\"", acc__scratch(s, &l1));
        acc__str_free(&l1);
        acc__svg_text_fit(s, x + 10, y + 34, "start",
                          "font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"12\"",
                          accord_conflict_state_pattern(cf, acc__state_code(cf, k), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)), 24);
        if (name)
            acc__svg_text_fit(s, x + 10, y + 50, "start", "font-size=\"11\" font-style=\"italic\"",
                              name, 34);
        if (eq) {
            acc__str l4 = {0};
            acc__str_puts(&l4, "equilibrium: ");
            acc__concepts_text(&l4, eq, ", ");
            acc__svg_text(s, x + 10, y + 66, "start", "font-size=\"11\" font-weight=\"bold\"",
                          acc__scratch(s, &l4));
            acc__str_free(&l4);
        }
        acc__str_puts(s, "</g>\n");
    }

    /* Legend. */
    double ly = TOP + rows * (NODE_H + ROW_GAP) + 24;
    node_rect(s, 12, ly - 11, 22, 14, "fill=\"#E1EFF9\" stroke=\"#0072B2\" stroke-width=\"2\"");
    node_rect(s, 9, ly - 14, 28, 20, "fill=\"none\" stroke=\"" INK "\" stroke-width=\"1.5\"");
    acc__svg_text(s, 44, ly, "start", "font-size=\"11\"", "equilibrium (concepts named)");
    acc__str_puts(s, "<path d=\"M230 ");
    acc__svg_num(s, ly - 4);
    acc__str_printf(s, "h26\" stroke=\"" INK "\" stroke-width=\"2.2\" marker-end=\"url(#%s-arrow)\"/>\n",
                    id);
    acc__svg_text(s, 262, ly, "start", "font-size=\"11\"", "on a shortest path to an equilibrium");
    ly += 20;
    acc__str_puts(s, "<path d=\"M230 ");
    acc__svg_num(s, ly - 4);
    acc__str_printf(s, "h26\" stroke=\"#8c8c8c\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\" "
                       "marker-end=\"url(#%s-arrow)\"/>\n",
                    id);
    acc__svg_text(s, 262, ly, "start", "font-size=\"11\"",
                  "another unilateral improvement (labels: the party moving)");
    acc__svg_close(s);
out:
    acc__free(shown);
    acc__free(nodes);
    acc__free(list);
    acc__free(slot);
    acc__free(edges);
    acc__free(pat);
    return rc;
}

accord_status accord_svg_evolution(const accord_model *m, const accord_evolution *ev, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    acc__str s = {0};
    accord_status rc = acc__svg_evolution(&s, m, ev, 0, "evolution", NULL);
    if (rc) {
        acc__str_free(&s);
        return rc;
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
