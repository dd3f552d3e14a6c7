/*
 * reach.c - minima of values over the states reachable by the moves of a
 * set of parties, by strongly connected components of a sparse "hub" graph.
 *
 * The graph.  Its nodes are the states, plus hub nodes per moving party k:
 *  - all moves: one hub per sub-block b of k, with an arc to every state of
 *    b.  A state x has an arc to the hub of every sub-block k can reach from
 *    x (at most 2^|D_k| of them, see moves.h).
 *  - unilateral improvements: one hub per run of k's chain (the positions
 *    of one sub-block with one level of k), with arcs to the run's states
 *    and to the hub of the next run of the same sub-block.  As the chain
 *    sorts a sub-block by k's level, the hub of the run above level_k(x)
 *    reaches exactly the states of that sub-block k strictly prefers to x:
 *    x has an arc to it for every sub-block k can reach from x.
 * A state y is reachable from a state x in this graph exactly when some
 * sequence of moves (UIs) of the parties leads from x to y, so no move is
 * ever listed: the graph has O(|S| * (1 + n)) nodes and O(|S| * n * 2^f)
 * arcs, where the move graph may have |S| * 2^|M_k| arcs per party.
 *
 * The minima.  Tarjan's algorithm (iterative: the chains make the search
 * deep) finds the components in reverse topological order, so when a
 * component is complete every component it reaches is complete and its
 * minimum is min(own values, minima of the successor components): one pass,
 * linear in the size of the graph (Tarjan 1972; the propagation over the
 * condensation is the standard one for reachability queries).
 */
#include "moves.h"

#include <string.h>

#define UNSEEN 0u
#define DONE UINT32_MAX
#define NONE UINT32_MAX
#define SLOT_SHIFT 48
#define SUBSET_MASK (((uint64_t)1 << SLOT_SHIFT) - 1)

typedef struct hub_graph {
    const accord_conflict *cf;
    size_t S;
    size_t n;                       /* moving parties with options */
    const acc__party_moves **pm;    /* n */
    const uint32_t **lv;            /* n: their level arrays */
    uint64_t *base;                 /* n + 1: first node of each party's hubs */
    bool ui;
} hub_graph;

/* The next successor of node u after cursor *cur (0 initially), or NONE. */
static uint32_t next_successor(const hub_graph *g, uint32_t u, uint64_t *cur)
{
    if (u < g->S) {
        uint64_t x = g->cf->states[u];
        for (;;) {
            uint64_t slot = *cur >> SLOT_SHIFT, t = *cur & SUBSET_MASK;
            if (slot >= g->n)
                return NONE;
            const acc__party_moves *pm = g->pm[slot];
            uint64_t nt = acc__next_subset(t, acc__moves_free_bits(pm, x));
            *cur = nt ? (slot << SLOT_SHIFT) | nt : (slot + 1) << SLOT_SHIFT;
            long b = acc__moves_block(pm, (x ^ t) & ~pm->two_way);
            if (b < 0)
                continue;
            uint32_t start = pm->block_start[b], end = pm->block_start[b + 1];
            if (g->ui) {
                uint32_t p = acc__moves_first_above(pm, (size_t)b, g->lv[slot][u]);
                if (p < end)
                    return (uint32_t)(g->base[slot] + acc__moves_run_of(pm, p));
            } else if (t != 0 || end - start > 1) { /* x alone in its sub-block: no move */
                return (uint32_t)(g->base[slot] + (uint64_t)b);
            }
        }
    }
    size_t slot = 0;
    while (slot + 1 < g->n && u >= g->base[slot + 1])
        slot++;
    const acc__party_moves *pm = g->pm[slot];
    uint64_t local = u - g->base[slot];
    if (g->ui) {
        /* run `local`: its states, then the next run of the sub-block */
        uint64_t pos = pm->run_start[local] + *cur;
        if (pos < pm->run_start[local + 1]) {
            (*cur)++;
            return pm->chain[pos];
        }
        if (pos == pm->run_start[local + 1]) {
            (*cur)++;
            if (!((pm->block_end[(pos - 1) / 64] >> ((pos - 1) % 64)) & 1))
                return (uint32_t)(u + 1);
        }
        return NONE;
    }
    uint64_t pos = pm->block_start[local] + *cur;
    if (pos >= pm->block_start[local + 1])
        return NONE;
    (*cur)++;
    return pm->chain[pos];
}

static size_t collect_movers(const acc__moves *mv, const size_t *movers, size_t n_movers,
                             size_t *used)
{
    size_t n = 0;
    for (size_t j = 0; j < n_movers; j++)
        if (mv->party[movers[j]].mask)
            used[n++] = movers[j];
    return n;
}

static uint64_t node_count(const acc__moves *mv, const size_t *used, size_t n, bool ui)
{
    uint64_t N = mv->n_states;
    for (size_t j = 0; j < n; j++)
        N += ui ? mv->party[used[j]].n_runs : mv->party[used[j]].n_blocks;
    return N;
}

/* What the search keeps per node, together so that a visit touches one
 * cache line. */
typedef struct node_data {
    uint32_t idx;    /* discovery order; UNSEEN, or DONE once its component is complete */
    uint32_t low;    /* Tarjan's low link */
    uint32_t cur[2]; /* minima of the values (at most two kinds) */
} node_data;

uint64_t acc__reach_bytes(const acc__moves *mv, const size_t *movers, size_t n_movers, bool ui)
{
    uint64_t N = mv->n_states;
    for (size_t j = 0; j < n_movers; j++)
        if (mv->party[movers[j]].mask)
            N += ui ? mv->party[movers[j]].n_runs : mv->party[movers[j]].n_blocks;
    /* per node: its data, the component stack, the search path (node and
     * cursor); per state: the cycle flag */
    return N * (sizeof(node_data) + 4 + 4 + 8) + mv->n_states + (uint64_t)n_movers * 64;
}

accord_status acc__reach_min(const acc__moves *mv, const size_t *movers, size_t n_movers, bool ui,
                             size_t nv, const uint32_t *const *val, uint32_t *const *out)
{
    size_t S = mv->n_states;
    accord_status rc = ACCORD_OK;
    hub_graph g = {.cf = mv->cf, .S = S, .ui = ui};
    size_t *used = acc__malloc((n_movers + 1) * sizeof *used);
    node_data *nd = NULL;
    uint32_t *stack = NULL, *fnode = NULL;
    uint8_t *cyclic = NULL; /* state x has a successor in its own component */
    uint64_t *fcur = NULL;
    if (!used)
        return ACCORD_E_NOMEM;
    if (nv > 2)
        nv = 2;
    for (size_t v = 0; v < nv; v++)
        for (size_t x = 0; x < S; x++)
            out[v][x] = UINT32_MAX;
    g.n = collect_movers(mv, movers, n_movers, used);
    if (g.n == 0) { /* nobody can move: nothing is reachable */
        acc__free(used);
        return ACCORD_OK;
    }
    uint64_t N = node_count(mv, used, g.n, ui);
    if (N >= (uint64_t)UINT32_MAX - 2) {
        acc__free(used);
        return ACCORD_E_LIMIT;
    }
    g.pm = acc__calloc(g.n, sizeof *g.pm);
    g.lv = acc__calloc(g.n, sizeof *g.lv);
    g.base = acc__calloc(g.n + 1, sizeof *g.base);
    nd = acc__calloc(N, sizeof *nd);
    stack = acc__malloc(N * sizeof *stack);
    fnode = acc__malloc(N * sizeof *fnode);
    fcur = acc__malloc(N * sizeof *fcur);
    cyclic = acc__calloc(S, sizeof *cyclic);
    if (!g.pm || !g.lv || !g.base || !nd || !stack || !fnode || !fcur || !cyclic) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    g.base[0] = S;
    for (size_t j = 0; j < g.n; j++) {
        g.pm[j] = &mv->party[used[j]];
        g.lv[j] = acc__levels(mv->cf, used[j]);
        g.base[j + 1] = g.base[j] + (ui ? g.pm[j]->n_runs : g.pm[j]->n_blocks);
    }

    /* out[v][x] for a state x is the minimum over its successors: those
     * completed before x finishes (other components) are folded in as they
     * are met; a successor still on the stack, or a child that returns
     * unfinished, is in x's own component (Tarjan: a node on the stack
     * reaches the node being explored), whose minimum is folded in when the
     * component completes. */
    uint32_t counter = 1;
    size_t sp = 0, depth = 0;
    for (uint32_t root = 0; root < S; root++) {
        if (nd[root].idx != UNSEEN)
            continue;
#define VISIT(w)                                                                                   \
    do {                                                                                           \
        node_data *d_ = &nd[w];                                                                    \
        d_->idx = d_->low = counter++;                                                             \
        for (size_t v_ = 0; v_ < nv; v_++)                                                         \
            d_->cur[v_] = (w) < S ? val[v_][w] : UINT32_MAX;                                       \
        stack[sp++] = (w);                                                                         \
        fnode[depth] = (w);                                                                        \
        fcur[depth++] = 0;                                                                         \
    } while (0)
        VISIT(root);
        while (depth > 0) {
            uint32_t u = fnode[depth - 1];
            uint32_t w = next_successor(&g, u, &fcur[depth - 1]);
            if (w != NONE) {
                node_data *dw = &nd[w], *du = &nd[u];
                if (dw->idx == UNSEEN) {
                    VISIT(w);
                } else if (dw->idx == DONE) {
                    for (size_t v = 0; v < nv; v++) {
                        if (dw->cur[v] < du->cur[v])
                            du->cur[v] = dw->cur[v];
                        if (u < S && dw->cur[v] < out[v][u])
                            out[v][u] = dw->cur[v];
                    }
                } else {
                    if (dw->idx < du->low)
                        du->low = dw->idx;
                    if (u < S)
                        cyclic[u] = 1;
                }
                continue;
            }
            depth--;
            node_data *du = &nd[u];
            if (du->low == du->idx) {
                /* u roots a component: stack[k..sp-1]; its minimum is that
                 * of its members (each already holds its own values and
                 * those of the completed components it points to) */
                size_t k = sp;
                do
                    k--;
                while (stack[k] != u);
                uint32_t mn[2] = {UINT32_MAX, UINT32_MAX};
                for (size_t q = k; q < sp; q++)
                    for (size_t v = 0; v < nv; v++)
                        if (nd[stack[q]].cur[v] < mn[v])
                            mn[v] = nd[stack[q]].cur[v];
                for (size_t q = k; q < sp; q++) {
                    uint32_t y = stack[q];
                    nd[y].idx = DONE;
                    for (size_t v = 0; v < nv; v++) {
                        nd[y].cur[v] = mn[v];
                        if (y < S && cyclic[y] && mn[v] < out[v][y])
                            out[v][y] = mn[v];
                    }
                }
                sp = k;
            }
            if (depth > 0) {
                uint32_t parent = fnode[depth - 1];
                node_data *dp = &nd[parent];
                if (du->idx == DONE) {
                    for (size_t v = 0; v < nv; v++) {
                        if (du->cur[v] < dp->cur[v])
                            dp->cur[v] = du->cur[v];
                        if (parent < S && du->cur[v] < out[v][parent])
                            out[v][parent] = du->cur[v];
                    }
                } else {
                    if (du->low < dp->low)
                        dp->low = du->low;
                    if (parent < S)
                        cyclic[parent] = 1;
                }
            }
        }
#undef VISIT
    }
out:
    acc__free(nd);
    acc__free(stack);
    acc__free(fnode);
    acc__free(fcur);
    acc__free(cyclic);
    acc__free((void *)g.pm);
    acc__free((void *)g.lv);
    acc__free(g.base);
    acc__free(used);
    return rc;
}
