/*
 * load_claims.c - the `objectives:` and `claims:` sections of a YAML/JSON
 * model (accord's extension; docs/model-format.md, "Objectives and claims"):
 * each party's stated objectives as conditions over the agreement's terms,
 * and the claims a reader wants tested, each mapped to one question.
 */
#include "yaml_read.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* objectives: {PARTY: [{id, name, when, source, assumption, note}, ...]}     */

static void read_objective(acc__yaml_loader *L, const yaml_node_t *n, size_t party)
{
    static const char *const keys[] = {"id", "name", "when", "source", "assumption", "note", NULL};
    accord_model *m = L->m;
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "an objective ({id, name, when, source})"))
        return;
    acc__yaml_check_keys(L, n, keys, "an objective");
    accord_objective o = {.party = party, .loc = acc__yaml_loc(n)};
    yaml_node_t *id = acc__yaml_get(L, n, "id");
    if (!id) {
        acc__yaml_err(L, n, "an objective needs an id");
        return;
    }
    if (!(o.id = acc__yaml_id(L, id, "an objective")))
        return;
    for (size_t i = 0; i < m->n_objectives; i++)
        if (m->objectives[i].party == party && !strcmp(m->objectives[i].id, o.id)) {
            acc__yaml_err(L, id, "objective \"%s\" of %s is declared twice", o.id, m->parties[party].id);
            return;
        }
    o.name = acc__yaml_string(L, n, "name", "an objective");
    if (!o.name)
        o.name = o.id;
    o.source = acc__yaml_string(L, n, "source", "an objective");
    o.assumption = acc__yaml_string(L, n, "assumption", "an objective");
    o.note = acc__yaml_string(L, n, "note", "an objective");
    yaml_node_t *when = acc__yaml_get(L, n, "when");
    if (!when || !acc__yaml_scalar(when) || acc__yaml_is_null(when)) {
        acc__yaml_err(L, when ? when : n,
                      "objective \"%s\" needs `when`: a condition over the terms such as "
                      "\"nato = constitution_ban\"",
                      o.id);
        return;
    }
    o.condition.loc = acc__yaml_loc(when);
    if (!(o.condition.text = acc__arena_strdup(L->A, acc__yaml_scalar(when))))
        return acc__yaml_nomem(L);
    if (!acc__yaml_compile(L, when, ACC_EXPR_AGREEMENT, &o.condition.expr))
        return;
    m->objectives[m->n_objectives++] = o;
}

void acc__yaml_objectives(acc__yaml_loader *L, const yaml_node_t *n)
{
    accord_model *m = L->m;
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "objectives (a map from party to a list)"))
        return;
    if (!m->agreement) {
        acc__yaml_err(L, n, "objectives are conditions over an agreement's terms; the model has no "
                            "agreement section");
        return;
    }
    acc__yaml_check_keys(L, n, NULL, "objectives");
    size_t total = 0;
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, n, k, v)
    total += acc__yaml_seq_len(v);
    if (!(m->objectives = acc__arena_calloc(L->A, total + 1, sizeof *m->objectives)))
        return acc__yaml_nomem(L);
    bool *read = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *read);
    if (!read)
        return acc__yaml_nomem(L);
    ACC_MAP_EACH(L, n, k, v)
    {
        if (acc__yaml_passed_over(L, n, k, v))
            continue; /* empty, and written again: check_keys reported it */
        long p = acc__yaml_party_ref(L, k, "objectives");
        if (p >= 0 && read[p])
            continue; /* a repeated party: check_keys reported it */
        if (p < 0 || !acc__yaml_want(L, v, YAML_SEQUENCE_NODE, "a party's objectives"))
            continue;
        read[p] = true;
        yaml_node_t *o;
        ACC_SEQ_EACH(L, v, o)
        {
            read_objective(L, o, (size_t)p);
            if (L->rc == ACCORD_E_NOMEM)
                return;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* claims: [{id, asks, question, claim, source, note, ...}, ...]             */

static const struct {
    const char *name;
    accord_claim_kind kind;
} kinds[] = {{"acceptability", ACCORD_CLAIM_ACCEPTABILITY},
             {"no_deal", ACCORD_CLAIM_NO_DEAL},
             {"state", ACCORD_CLAIM_STATE},
             {"sanctions", ACCORD_CLAIM_SANCTIONS},
             {"objectives", ACCORD_CLAIM_OBJECTIVES}};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

static long proposal_ref(acc__yaml_loader *L, const yaml_node_t *map, const char *key)
{
    yaml_node_t *n = acc__yaml_get(L, map, key);
    if (!n || acc__yaml_is_null(n))
        return -1;
    const char *s = acc__yaml_scalar(n);
    long q = s && L->m->agreement ? acc__model_find(L->m, ACC_IX_PROPOSAL, s) : -1;
    if (q < 0 && !(s && L->m->agreement && acc__yaml_is_lost(L, ACC_IX_PROPOSAL, s)))
        acc__yaml_err(L, n, "`%s` of a claim must name a proposal of the agreement; \"%s\" is not one",
                      key, s ? s : acc__yaml_kind(n));
    return q;
}

static bool need_section(acc__yaml_loader *L, const yaml_node_t *n, bool have, const char *asks,
                         const char *section)
{
    if (!have)
        acc__yaml_err(L, n, "a claim that asks %s needs the model's %s section", asks, section);
    return have;
}

/* state: the named state, and the move sequences to compare. */
static void read_state_claim(acc__yaml_loader *L, const yaml_node_t *n, accord_claim *c)
{
    const accord_conflict *cf = L->m->conflict;
    yaml_node_t *st = acc__yaml_get(L, n, "state");
    const char *name = acc__yaml_scalar(st);
    for (size_t i = 0; name && i < cf->n_named; i++)
        if (!strcmp(cf->named[i].name, name))
            c->named_state = (long)i;
    if (c->named_state < 0 && name && acc__yaml_is_lost(L, ACC_LOST_STATE, name))
        return; /* the named state failed: its error says why */
    if (c->named_state < 0) {
        acc__yaml_err(L, st ? st : n,
                      "a claim that asks state needs `state:` naming one of the conflict's "
                      "named_states%s%s%s",
                      name ? " (\"" : "", name ? name : "", name ? "\" is not one)" : "");
        return;
    }
    yaml_node_t *seqs = acc__yaml_get(L, n, "sequences");
    if (!seqs || acc__yaml_is_null(seqs))
        return;
    if (!acc__yaml_want(L, seqs, YAML_MAPPING_NODE, "sequences (a map from name to a list of options)"))
        return;
    acc__yaml_check_keys(L, seqs, NULL, "sequences");
    if (!(c->sequences = acc__arena_calloc(L->A, acc__yaml_map_len(seqs) + 1, sizeof *c->sequences)))
        return acc__yaml_nomem(L);
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, seqs, k, v)
    {
        accord_move_sequence *s = &c->sequences[c->n_sequences];
        s->loc = acc__yaml_loc(k);
        if (!(s->name = acc__arena_strdup(L->A, acc__yaml_scalar(k) ? acc__yaml_scalar(k) : "")))
            return acc__yaml_nomem(L);
        if (!acc__yaml_want(L, v, YAML_SEQUENCE_NODE, "a sequence (a list of options, moved in turn)"))
            continue;
        if (!(s->options = acc__arena_calloc(L->A, acc__yaml_seq_len(v) + 1, sizeof *s->options)))
            return acc__yaml_nomem(L);
        yaml_node_t *o;
        bool ok = true;
        ACC_SEQ_EACH(L, v, o)
        {
            long x = acc__yaml_conflict_option_ref(L, o, "a sequence");
            if (x < 0)
                ok = false;
            else
                s->options[s->n_steps++] = (uint32_t)x;
        }
        if (ok && s->n_steps)
            c->n_sequences++;
    }
}

/* sanctions: the conflict options, the parties sanctioned, the agreement issue. */
static void read_sanctions_claim(acc__yaml_loader *L, const yaml_node_t *n, accord_claim *c)
{
    yaml_node_t *opts = acc__yaml_get(L, n, "options");
    if (!opts || !acc__yaml_want(L, opts, YAML_SEQUENCE_NODE,
                                 "`options` of a sanctions claim (the conflict options that "
                                 "impose them, e.g. [US.sanctions])"))
        return;
    if (!(c->options = acc__arena_calloc(L->A, acc__yaml_seq_len(opts) + 1, sizeof *c->options)))
        return acc__yaml_nomem(L);
    yaml_node_t *o;
    ACC_SEQ_EACH(L, opts, o)
    {
        long x = acc__yaml_conflict_option_ref(L, o, "a sanctions claim");
        if (x >= 0)
            c->options[c->n_options++] = (uint32_t)x;
    }
    yaml_node_t *against = acc__yaml_get(L, n, "against");
    if (against && acc__yaml_want(L, against, YAML_SEQUENCE_NODE, "`against` (a list of parties)")) {
        yaml_node_t *p;
        ACC_SEQ_EACH(L, against, p)
        {
            long x = acc__yaml_party_ref(L, p, "against");
            if (x >= 0 && x < 64)
                c->against |= (uint64_t)1 << x;
        }
    }
    yaml_node_t *issue = acc__yaml_get(L, n, "issue");
    if (issue && !acc__yaml_is_null(issue)) {
        const char *s = acc__yaml_scalar(issue);
        c->issue = s && L->m->agreement ? acc__model_find(L->m, ACC_IX_ISSUE, s) : -1;
        if (c->issue < 0 && !(s && L->m->agreement && acc__yaml_is_lost(L, ACC_IX_ISSUE, s)))
            acc__yaml_err(L, issue, "`issue` of a sanctions claim must name an issue of the agreement");
    }
}

static void read_claim(acc__yaml_loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"id",       "asks",    "question", "claim",  "source",
                                       "note",     "proposal", "baseline", "state",  "sequences",
                                       "options",  "against", "issue",    NULL};
    accord_model *m = L->m;
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "a claim ({id, asks, question, ...})"))
        return;
    acc__yaml_check_keys(L, n, keys, "a claim");
    accord_claim c = {.loc = acc__yaml_loc(n), .proposal = -1, .baseline = -1, .named_state = -1, .issue = -1};
    yaml_node_t *id = acc__yaml_get(L, n, "id");
    if (!id || !(c.id = acc__yaml_id(L, id, "a claim"))) {
        if (!id)
            acc__yaml_err(L, n, "a claim needs an id");
        return;
    }
    for (size_t i = 0; i < m->n_claims; i++)
        if (!strcmp(m->claims[i].id, c.id)) {
            acc__yaml_err(L, id, "claim \"%s\" is declared twice", c.id);
            return;
        }
    yaml_node_t *asks = acc__yaml_get(L, n, "asks");
    const char *a = acc__yaml_scalar(asks);
    size_t k = 0;
    while (a && k < N_KINDS && strcmp(kinds[k].name, a))
        k++;
    if (!a || k == N_KINDS) {
        acc__yaml_err(L, asks ? asks : n,
                      "claim \"%s\" needs `asks:` one of acceptability, no_deal, state, sanctions, "
                      "objectives",
                      c.id);
        return;
    }
    c.kind = kinds[k].kind;
    c.question = acc__yaml_string(L, n, "question", "a claim");
    c.statement = acc__yaml_string(L, n, "claim", "a claim");
    c.source = acc__yaml_string(L, n, "source", "a claim");
    c.note = acc__yaml_string(L, n, "note", "a claim");
    bool agreement_kind = c.kind != ACCORD_CLAIM_STATE;
    if (agreement_kind && c.kind != ACCORD_CLAIM_SANCTIONS &&
        !need_section(L, n, m->agreement != NULL, a, "agreement"))
        return;
    if ((c.kind == ACCORD_CLAIM_STATE || c.kind == ACCORD_CLAIM_SANCTIONS) &&
        !need_section(L, n, m->conflict != NULL, a, "conflict"))
        return;
    c.proposal = proposal_ref(L, n, "proposal");
    c.baseline = proposal_ref(L, n, "baseline");
    if (c.kind == ACCORD_CLAIM_STATE)
        read_state_claim(L, n, &c);
    else if (c.kind == ACCORD_CLAIM_SANCTIONS)
        read_sanctions_claim(L, n, &c);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    m->claims[m->n_claims++] = c;
}

void acc__yaml_claims(acc__yaml_loader *L, const yaml_node_t *n)
{
    accord_model *m = L->m;
    if (!acc__yaml_want(L, n, YAML_SEQUENCE_NODE, "claims (a list)"))
        return;
    if (!(m->claims = acc__arena_calloc(L->A, acc__yaml_seq_len(n) + 1, sizeof *m->claims)))
        return acc__yaml_nomem(L);
    yaml_node_t *c;
    ACC_SEQ_EACH(L, n, c)
    {
        read_claim(L, c);
        if (L->rc == ACCORD_E_NOMEM)
            return;
    }
}
