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
 *
 * Memory (issue #16).  One word per node (Pearce 2016, "A space-efficient
 * algorithm for finding strongly connected components": the discovery
 * index, lowered in place to the low link, with the node's own index kept
 * on the search path, not per node); the running minima of a state are
 * kept in the caller's output arrays, those of a hub in an array per hub;
 * the search path and the component stack grow with what they hold (the
 * depth of the search, not the number of nodes).  Because a state's minima
 * include its own values (see moves.h), nothing else is kept per state.
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
    acc__narrow *lv;                /* n: their levels */
    uint64_t *base;                 /* n + 1: first node of each party's hubs */
    bool ui;
} hub_graph;

/* The next successor of node u after cursor *cur (0 initially), or NONE. */
static uint32_t next_successor(const hub_graph *g, uint32_t u, uint64_t *cur)
{
    if (u < g->S) {
        uint64_t x = acc__state_code(g->cf, u);
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
            if (g->ui) {
                uint32_t r = acc__moves_run_above(pm, (size_t)b, acc__narrow_get(g->lv[slot], u));
                if (r < pm->block_run[b + 1])
                    return (uint32_t)(g->base[slot] + r);
            } else if (t != 0 || pm->block_start[b + 1] - pm->block_start[b] > 1) {
                /* (x alone in its sub-block: no move) */
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
            return acc__moves_chain(pm, pos);
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
    return acc__moves_chain(pm, pos);
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

/* Initial capacity of the search path and of the component stack. */
#define PATH_CAP 64

uint64_t acc__reach_bytes(const acc__moves *mv, const size_t *movers, size_t n_movers, bool ui,
                          size_t nv)
{
    uint64_t N = mv->n_states;
    for (size_t j = 0; j < n_movers; j++)
        if (mv->party[movers[j]].mask)
            N += ui ? mv->party[movers[j]].n_runs : mv->party[movers[j]].n_blocks;
    if (nv > 2)
        nv = 2;
    /* per node its index, per hub its minima; the search path and the
     * component stack at their initial size (they grow with the depth of
     * the search, which the chains of a model bound only by N) */
    return N * 4 + (N - mv->n_states) * mv->cf->level_bytes_ * nv + PATH_CAP * (16 + 4) +
           (uint64_t)n_movers * 64;
}

/* A node on the search path: its successor cursor and its own discovery
 * index (the node's word holds its low link). */
typedef struct frame {
    uint64_t cur;
    uint32_t node;
    uint32_t index;
} frame;

typedef struct tarjan {
    hub_graph g;
    size_t nv;
    unsigned bytes;          /* of a value (acc__narrow) */
    uint32_t inf;            /* the largest value of that many bytes */
    const void *const *val;
    void *const *out;        /* the states' minima, running while searched */
    uint32_t *rindex;        /* N: UNSEEN, the low link while on the stack, DONE */
    void *hub_min;           /* (N - S) * nv: the hubs' minima */
    frame *path;
    size_t depth, path_cap;
    uint32_t *stack;
    size_t sp, stack_cap;
    uint32_t counter;
} tarjan;

/* Node w's running minimum of value kind v, and its update. */
static inline uint32_t min_get(const tarjan *t, uint32_t w, size_t v)
{
    return w < t->g.S ? acc__narrow_get((acc__narrow){t->out[v], t->bytes}, w)
                      : acc__narrow_get((acc__narrow){t->hub_min, t->bytes}, (w - t->g.S) * t->nv + v);
}

static inline void min_put(tarjan *t, uint32_t w, size_t v, uint32_t x)
{
    if (w < t->g.S)
        acc__narrow_put(t->out[v], t->bytes, w, x);
    else
        acc__narrow_put(t->hub_min, t->bytes, (w - t->g.S) * t->nv + v, x);
}

/* The minima of u take those of w. */
static inline void fold(tarjan *t, uint32_t u, uint32_t w)
{
    for (size_t v = 0; v < t->nv; v++) {
        uint32_t mw = min_get(t, w, v);
        if (mw < min_get(t, u, v))
            min_put(t, u, v, mw);
    }
}

static accord_status visit(tarjan *t, uint32_t w)
{
    if ((t->depth == t->path_cap &&
         acc__grow((void **)&t->path, &t->path_cap, t->depth + 1, sizeof *t->path)) ||
        (t->sp == t->stack_cap && acc__grow((void **)&t->stack, &t->stack_cap, t->sp + 1, sizeof *t->stack)))
        return ACCORD_E_NOMEM;
    uint32_t index = t->counter++;
    t->rindex[w] = index;
    for (size_t v = 0; v < t->nv; v++)
        min_put(t, w, v, w < t->g.S ? acc__narrow_get((acc__narrow){t->val[v], t->bytes}, w) : t->inf);
    t->stack[t->sp++] = w;
    t->path[t->depth++] = (frame){0, w, index};
    return ACCORD_OK;
}

/* u roots a component, stack[k..sp-1]: its minimum is that of its members
 * (each already holds its own values and those of the completed components
 * it points to). */
static void complete(tarjan *t, uint32_t u)
{
    size_t k = t->sp;
    do
        k--;
    while (t->stack[k] != u);
    uint32_t mn[2] = {UINT32_MAX, UINT32_MAX};
    for (size_t q = k; q < t->sp; q++)
        for (size_t v = 0; v < t->nv; v++) {
            uint32_t m = min_get(t, t->stack[q], v);
            if (m < mn[v])
                mn[v] = m;
        }
    for (size_t q = k; q < t->sp; q++) {
        uint32_t y = t->stack[q];
        t->rindex[y] = DONE;
        for (size_t v = 0; v < t->nv; v++)
            min_put(t, y, v, mn[v]);
    }
    t->sp = k;
}

/* The search from state `root` (unseen). */
static accord_status search_from(tarjan *t, uint32_t root)
{
    accord_status rc = visit(t, root);
    while (!rc && t->depth > 0) {
        frame *f = &t->path[t->depth - 1];
        uint32_t u = f->node, w = next_successor(&t->g, u, &f->cur);
        if (w != NONE) {
            uint32_t rw = t->rindex[w];
            if (rw == UNSEEN)
                rc = visit(t, w);
            else if (rw == DONE)
                fold(t, u, w);
            else if (rw < t->rindex[u]) /* on the stack: in u's component */
                t->rindex[u] = rw;
            continue;
        }
        uint32_t index = f->index;
        t->depth--;
        if (t->rindex[u] == index)
            complete(t, u);
        if (t->depth > 0) {
            uint32_t parent = t->path[t->depth - 1].node;
            if (t->rindex[u] == DONE)
                fold(t, parent, u);
            else if (t->rindex[u] < t->rindex[parent])
                t->rindex[parent] = t->rindex[u];
        }
    }
    return rc;
}

accord_status acc__reach_min(const acc__moves *mv, const size_t *movers, size_t n_movers, bool ui,
                             size_t nv, const void *const *val, void *const *out)
{
    size_t S = mv->n_states;
    accord_status rc = ACCORD_OK;
    unsigned bytes = mv->cf->level_bytes_;
    tarjan t = {.g = {.cf = mv->cf, .S = S, .ui = ui}, .nv = nv > 2 ? 2 : nv, .bytes = bytes,
                .inf = bytes == 4 ? UINT32_MAX : ((uint32_t)1 << (8 * bytes)) - 1, .val = val, .out = out,
                .counter = 1};
    size_t *used = acc__malloc((n_movers + 1) * sizeof *used);
    if (!used)
        return ACCORD_E_NOMEM;
    t.g.n = collect_movers(mv, movers, n_movers, used);
    if (t.g.n == 0) { /* nobody can move: each state reaches itself only */
        for (size_t v = 0; v < t.nv; v++)
            if (out[v] != val[v])
                memcpy(out[v], val[v], S * bytes);
        acc__free(used);
        return ACCORD_OK;
    }
    uint64_t N = node_count(mv, used, t.g.n, ui);
    if (N >= (uint64_t)UINT32_MAX - 2) {
        acc__free(used);
        return ACCORD_E_LIMIT;
    }
    t.g.pm = acc__calloc(t.g.n, sizeof *t.g.pm);
    t.g.lv = acc__calloc(t.g.n, sizeof *t.g.lv);
    t.g.base = acc__calloc(t.g.n + 1, sizeof *t.g.base);
    t.rindex = acc__calloc(N, sizeof *t.rindex);
    t.hub_min = acc__malloc(((N - S) * t.nv + 1) * bytes);
    if (!t.g.pm || !t.g.lv || !t.g.base || !t.rindex || !t.hub_min ||
        acc__grow((void **)&t.path, &t.path_cap, PATH_CAP, sizeof *t.path) ||
        acc__grow((void **)&t.stack, &t.stack_cap, PATH_CAP, sizeof *t.stack)) {
        rc = ACCORD_E_NOMEM;
        goto out;
    }
    t.g.base[0] = S;
    for (size_t j = 0; j < t.g.n; j++) {
        t.g.pm[j] = &mv->party[used[j]];
        t.g.lv[j] = acc__levels(mv->cf, used[j]);
        t.g.base[j + 1] = t.g.base[j] + (ui ? t.g.pm[j]->n_runs : t.g.pm[j]->n_blocks);
    }
    /* A state's minima are its own values and those of its successors'
     * components: those completed before it finishes are folded in as they
     * are met; a successor still on the stack, or a child that returns
     * unfinished, is in its own component, whose minimum is folded in when
     * the component completes. */
    for (uint32_t root = 0; root < S && !rc; root++)
        if (t.rindex[root] == UNSEEN)
            rc = search_from(&t, root);
out:
    acc__free(t.rindex);
    acc__free(t.hub_min);
    acc__free(t.path);
    acc__free(t.stack);
    acc__free((void *)t.g.pm);
    acc__free((void *)t.g.lv);
    acc__free(t.g.base);
    acc__free(used);
    return rc;
}
