/*
 * outcomes.c - outcomes kept as the frontier build's history (a forest with
 * one level per issue, agreement.h), and the point sets that name them.
 */
#include "agreement.h"

#include <string.h>

accord_status acc__tree_init(acc__outcome_tree *t, const accord_agreement *ag)
{
    size_t ni = ag->n_issues, most = 0;
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < ni; i++)
        most = ag->issues[i].n_options > most ? ag->issues[i].n_options : most;
    t->n_issues = ni;
    t->width = most <= 256 ? 1 : most <= 65536 ? 2 : 4;
    t->parent = acc__calloc(ni + 1, sizeof *t->parent);
    t->option = acc__calloc(ni + 1, sizeof *t->option);
    t->n_nodes = acc__calloc(ni + 1, sizeof *t->n_nodes);
    if (!t->parent || !t->option || !t->n_nodes) {
        acc__tree_free(t);
        return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

void acc__tree_free(acc__outcome_tree *t)
{
    if (!t)
        return;
    for (size_t s = 0; s < t->n_issues; s++) {
        if (t->parent)
            acc__free(t->parent[s]);
        if (t->option)
            acc__free(t->option[s]);
    }
    acc__free(t->parent);
    acc__free(t->option);
    acc__free(t->n_nodes);
    memset(t, 0, sizeof *t);
}

uint64_t acc__tree_bytes(const acc__outcome_tree *t)
{
    uint64_t bytes = 0;
    for (size_t s = 0; s < t->n_issues; s++)
        bytes += t->n_nodes[s] * (t->width + (t->parent[s] ? sizeof(uint32_t) : 0));
    return bytes;
}

void acc__tree_terms(const acc__outcome_tree *t, uint32_t leaf, uint32_t *terms)
{
    size_t x = leaf;
    for (size_t s = t->n_issues; s-- > 0;) {
        terms[s] = acc__tree_option(t, s, x);
        if (t->parent[s])
            x = t->parent[s][x];
    }
}

void acc__pointset_free(acc__pointset *s)
{
    if (!s)
        return;
    acc__free(s->utility);
    acc__free(s->leaf);
    if (s->tree && !s->shared) {
        acc__tree_free(s->tree);
        acc__free(s->tree);
    }
    s->utility = NULL;
    s->leaf = NULL;
    s->tree = NULL;
    s->n = 0;
}

accord_status acc__pointset_flat(acc__pointset *s, const accord_model *m, size_t n)
{
    size_t np = m->n_parties, ni = m->agreement->n_issues;
    *s = (acc__pointset){.n = n, .n_parties = np, .n_issues = ni};
    s->utility = acc__calloc(n * np + 1, sizeof *s->utility);
    s->leaf = acc__calloc(n + 1, sizeof *s->leaf);
    s->tree = acc__calloc(1, sizeof *s->tree);
    if (!s->utility || !s->leaf || !s->tree || acc__tree_init(s->tree, m->agreement)) {
        acc__free(s->tree); /* acc__tree_init freed its own on failure */
        s->tree = NULL;
        acc__pointset_free(s);
        return ACCORD_E_NOMEM;
    }
    for (size_t i = 0; i < ni; i++) {
        if (!(s->tree->option[i] = acc__calloc(n + 1, s->tree->width))) {
            acc__pointset_free(s);
            return ACCORD_E_NOMEM;
        }
        s->tree->n_nodes[i] = n;
    }
    for (size_t a = 0; a < n; a++)
        s->leaf[a] = (uint32_t)a;
    return ACCORD_OK;
}

void acc__pointset_set_terms(acc__pointset *s, size_t a, const uint32_t *terms)
{
    for (size_t i = 0; i < s->n_issues; i++)
        acc__tree_set_option(s->tree, i, a, terms[i]);
}

void acc__pointset_terms(const acc__pointset *s, size_t a, uint32_t *terms)
{
    acc__tree_terms(s->tree, s->leaf[a], terms);
}
