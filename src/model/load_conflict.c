/*
 * load_conflict.c - the conflict section of a model file (the Graph Model
 * for Conflict Resolution): each party's options, the infeasible states,
 * exclusive and at-least-one groups, the status quo, named states, and each
 * party's preferences as a ranking or as priority statements.  A condition
 * is a pattern ("Y N - Y") or an expression over the options.
 */
#include "yaml_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* conflict                                                                  */

/* Is `text` a pattern (only Y, N, - and spaces)?  Writes mask/bits. */
static int parse_pattern(const char *text, size_t n_options, uint64_t *mask, uint64_t *bits,
                         bool *looks_like)
{
    size_t k = 0;
    *mask = *bits = 0;
    *looks_like = true;
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '\t')
            continue;
        if (c != 'Y' && c != 'N' && c != '-' && c != 'y' && c != 'n') {
            *looks_like = false;
            return 0;
        }
        if (k < 64) {
            if (c != '-')
                *mask |= (uint64_t)1 << k;
            if (c == 'Y' || c == 'y')
                *bits |= (uint64_t)1 << k;
        }
        k++;
    }
    if (k == 0)
        *looks_like = false;
    return k == n_options ? 1 : 0;
}

/* A pattern or expression over conflict options. */
static bool read_condition(acc__yaml_loader *L, const yaml_node_t *n, accord_condition *c,
                           const char *what)
{
    memset(c, 0, sizeof *c);
    c->loc = acc__yaml_loc(n);
    const char *s = acc__yaml_scalar(n);
    if (!s || acc__yaml_is_null(n)) {
        acc__yaml_err(L, n,
                      "%s must be a pattern such as \"Y N - Y\" or a condition such as "
                      "\"UR.delay & -MoE.modify\", not %s",
                      what, acc__yaml_kind(n));
        return false;
    }
    c->text = acc__arena_strdup(L->A, s);
    if (!c->text) {
        acc__yaml_nomem(L);
        return false;
    }
    bool looks;
    size_t nopt = L->m->conflict->n_options;
    if (parse_pattern(s, nopt, &c->mask, &c->bits, &looks)) {
        c->is_pattern = true;
        return true;
    }
    if (looks && L->options_lost)
        return false; /* the length follows from the lost options */
    if (looks) {
        size_t k = 0;
        for (const char *p = s; *p; p++)
            k += *p != ' ' && *p != '\t';
        char len[32];
        snprintf(len, sizeof len, "%zu", k);
        /* counted past the limit; one option too many or too few is said at
         * the first pattern of this length */
        if (acc__yaml_quiet(L) || !acc__yaml_first_report(L, ACC_SAID_PATTERN, len))
            return false;
        acc__yaml_err(L, n,
                      "pattern \"%s\" has %zu positions; expected %zu, one Y, N or - per option in "
                      "order",
                      s, k, nopt);
        return false;
    }
    return acc__yaml_compile(L, n, ACC_EXPR_CONFLICT, &c->expr);
}

long acc__yaml_conflict_option_ref(acc__yaml_loader *L, const yaml_node_t *n, const char *what)
{
    const accord_conflict *cf = L->m->conflict;
    const char *s = acc__yaml_scalar(n);
    if (!s) {
        acc__yaml_err(L, n, "%s must name an option (PARTY.option or its number), not %s", what,
                      acc__yaml_kind(n));
        return -1;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (end != s && !*end) {
        if ((v < 1 || (size_t)v > cf->n_options) && L->options_lost)
            return -2; /* follows from the lost options */
        if (v < 1 || (size_t)v > cf->n_options) {
            acc__yaml_err(L, n, "option number %ld is out of range 1..%zu", v, cf->n_options);
            return -1;
        }
        return v - 1;
    }
    const char *c[256];
    size_t nc = 0;
    for (size_t i = 0; i < cf->n_options; i++) {
        if (!strcmp(cf->options[i].qualified, s))
            return (long)i;
        if (nc < 256)
            c[nc++] = cf->options[i].qualified;
    }
    if (L->options_lost)
        return -2; /* may be one of the lost options */
    if (acc__yaml_quiet(L) || !acc__yaml_first_report(L, ACC_SAID_CONFLICT_OPTION, s))
        return -1; /* counted, or its first use says how many there are */
    const char *hint = acc__suggest(s, c, nc);
    if (hint)
        acc__yaml_err(L, n, "unknown option \"%s\" in %s; did you mean \"%s\"?", s, what, hint);
    else
        acc__yaml_err(L, n, "unknown option \"%s\" in %s; write options as PARTY.option", s, what);
    return -1;
}

static void read_groups(acc__yaml_loader *L, const yaml_node_t *n, accord_option_group **out,
                        size_t *count, const char *what)
{
    if (!acc__yaml_want(L, n, YAML_SEQUENCE_NODE, what))
        return;
    *out = acc__arena_calloc(L->A, acc__yaml_seq_len(n) + 1, sizeof **out);
    if (!*out)
        return acc__yaml_nomem(L);
    yaml_node_t *g;
    ACC_SEQ_EACH(L, n, g)
    {
        if (!acc__yaml_want(L, g, YAML_SEQUENCE_NODE, "a group of options"))
            continue;
        accord_option_group *grp = &(*out)[*count];
        grp->loc = acc__yaml_loc(g);
        grp->options = acc__arena_calloc(L->A, acc__yaml_seq_len(g) + 1, sizeof *grp->options);
        if (!grp->options)
            return acc__yaml_nomem(L);
        yaml_node_t *o;
        ACC_SEQ_EACH(L, g, o)
        {
            long k = acc__yaml_conflict_option_ref(L, o, what);
            if (k >= 0)
                grp->options[grp->n++] = (uint32_t)k;
        }
        if (grp->n < 2 && grp->n == acc__yaml_seq_len(g)) /* not when an option failed */
            acc__yaml_warn(L, g, "a group in %s with fewer than two options constrains %s", what,
                           strcmp(what, "exclusive") ? "that option to be taken" : "nothing");
        (*count)++;
    }
}

/* The order itself, from map n: ranking: [...] or priorities: [...] (one of
 * them), into pr.  `who` names the party (and the alternative) in
 * messages. */
static void read_order(acc__yaml_loader *L, const yaml_node_t *n, const char *who,
                       accord_conflict_preference *pr)
{
    yaml_node_t *rk = acc__yaml_get(L, n, "ranking"), *pri = acc__yaml_get(L, n, "priorities");
    if (rk && pri) {
        acc__yaml_err(L, pri, "%s has both ranking and priorities; give one", who);
        return;
    }
    if (!rk && !pri) {
        acc__yaml_err(L, n, "%s's conflict preferences need ranking: [...] or priorities: [...]",
                      who);
        return;
    }
    if (pri) {
        pr->kind = ACCORD_PREF_PRIORITIES;
        pr->loc = acc__yaml_loc(pri);
        if (!acc__yaml_want(L, pri, YAML_SEQUENCE_NODE, "priorities"))
            return;
        if (acc__yaml_seq_len(pri) > 63) {
            acc__yaml_err(L, pri, "at most 63 priority statements per party (found %zu)",
                          acc__yaml_seq_len(pri));
            return;
        }
        acc__yaml_statements(L, pri, ACC_EXPR_CONFLICT, "a priority statement", "-UR.abandon",
                             &pr->priorities, &pr->n_priorities);
        return;
    }
    pr->kind = ACCORD_PREF_RANKING;
    pr->loc = acc__yaml_loc(rk);
    if (!acc__yaml_want(L, rk, YAML_SEQUENCE_NODE, "ranking"))
        return;
    pr->tiers = acc__arena_calloc(L->A, acc__yaml_seq_len(rk) + 1, sizeof *pr->tiers);
    if (!pr->tiers)
        return acc__yaml_nomem(L);
    yaml_node_t *t;
    ACC_SEQ_EACH(L, rk, t)
    {
        accord_rank_tier *tier = &pr->tiers[pr->n_tiers++];
        tier->loc = acc__yaml_loc(t);
        size_t cnt = t->type == YAML_SEQUENCE_NODE ? acc__yaml_seq_len(t) : 1;
        tier->members = acc__arena_calloc(L->A, cnt + 1, sizeof *tier->members);
        if (!tier->members)
            return acc__yaml_nomem(L);
        if (t->type == YAML_SEQUENCE_NODE) {
            yaml_node_t *e;
            ACC_SEQ_EACH(L, t, e)
            {
                if (read_condition(L, e, &tier->members[tier->n], "a ranking entry"))
                    tier->n++;
            }
        } else if (read_condition(L, t, &tier->members[0], "a ranking entry")) {
            tier->n = 1;
        }
    }
}

/* Most alternative orders one party may have. */
#define MAX_ALTERNATIVES 63

/* One alternative order: {name: "...", probability: NUMBER, source: ID,
 * assumption: "...", note: "...", ranking: [...] or priorities: [...]}.
 * False when out of memory. */
static bool read_alternative(acc__yaml_loader *L, const yaml_node_t *a, size_t p,
                             accord_conflict_alternative *alt)
{
    static const char *const keys[] = {"name", "probability", "source", "assumption", "note",
                                       "ranking", "priorities", NULL};
    alt->loc = acc__yaml_loc(a);
    acc__yaml_check_keys(L, a, keys, "an alternative order");
    alt->name = acc__yaml_string(L, a, "name", "an alternative order");
    alt->source = acc__yaml_string(L, a, "source", "an alternative order");
    alt->assumption = acc__yaml_string(L, a, "assumption", "an alternative order");
    alt->note = acc__yaml_string(L, a, "note", "an alternative order");
    yaml_node_t *src = acc__yaml_get(L, a, "source");
    if (src && !acc__yaml_is_null(src) && !acc__is_id(acc__yaml_scalar(src) ? acc__yaml_scalar(src) : ""))
        acc__yaml_err(L, src, "source of an alternative order must be the id of an entry in sources");
    if (!alt->name) {
        acc__yaml_err(L, a, "an alternative order needs name: \"...\"");
        alt->name = "?";
    }
    const char *who = acc__arena_printf(L->A, "%s (alternative \"%s\")", L->m->parties[p].id, alt->name);
    if (!who) {
        acc__yaml_nomem(L);
        return false;
    }
    char what[256];
    snprintf(what, sizeof what, "the probability of %s", who);
    yaml_node_t *pn = acc__yaml_get(L, a, "probability");
    if (!pn)
        acc__yaml_err(L, a, "%s needs probability: NUMBER, in [0, 1]", who);
    else
        acc__yaml_number(L, pn, &alt->probability, 0, 1, what);
    read_order(L, a, who, &alt->order);
    return L->rc != ACCORD_E_NOMEM;
}

/* alternatives: [{name, probability, ranking or priorities}, ...]; their
 * probabilities (the upper ends of ranges) sum to at most 1. */
static void read_alternatives(acc__yaml_loader *L, const yaml_node_t *key, const yaml_node_t *n,
                              size_t p, accord_conflict_preference *pr)
{
    if (acc__yaml_is_null(n) || !acc__yaml_want(L, n, YAML_SEQUENCE_NODE, "alternatives"))
        return;
    size_t len = acc__yaml_seq_len(n);
    if (len > MAX_ALTERNATIVES) {
        acc__yaml_err(L, n, "at most %d alternative orders per party (found %zu)", MAX_ALTERNATIVES,
                      len);
        return;
    }
    pr->alternatives = acc__arena_calloc(L->A, len + 1, sizeof *pr->alternatives);
    if (!pr->alternatives)
        return acc__yaml_nomem(L);
    double sum = 0;
    yaml_node_t *a;
    ACC_SEQ_EACH(L, n, a)
    {
        if (!acc__yaml_want(L, a, YAML_MAPPING_NODE, "an alternative order"))
            continue;
        accord_conflict_alternative *alt = &pr->alternatives[pr->n_alternatives++];
        if (!read_alternative(L, a, p, alt))
            return;
        sum += alt->probability.high;
    }
    if (sum > 1 + 1e-9)
        acc__yaml_err(L, key,
                      "the probabilities of %s's alternative orders sum to %g, more than 1 (the "
                      "order given by ranking or priorities is drawn with 1 minus their sum)",
                      L->m->parties[p].id, sum);
}

static void read_conflict_preference(acc__yaml_loader *L, const yaml_node_t *n, size_t p)
{
    static const char *const keys[] = {"ranking", "priorities", "alternatives", "source", "note", NULL};
    accord_conflict *cf = L->m->conflict;
    accord_conflict_preference *pr = &cf->preferences[p];
    pr->loc = acc__yaml_loc(n);
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "a party's conflict preferences"))
        return;
    acc__yaml_check_keys(L, n, keys, "conflict preferences");
    read_order(L, n, L->m->parties[p].id, pr);
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, n, k, v)
    {
        const char *key = acc__yaml_scalar(k);
        if (key && !strcmp(key, "alternatives") && L->rc != ACCORD_E_NOMEM && !pr->alternatives)
            read_alternatives(L, k, v, p, pr);
    }
}

/* How an option may move: forward (N to Y only), backward or both. */
static void read_moves(acc__yaml_loader *L, const yaml_node_t *mv, accord_conflict_option *co)
{
    const char *ms = acc__yaml_scalar(mv);
    if (ms && !strcmp(ms, "forward"))
        co->moves = ACCORD_MOVES_FORWARD;
    else if (ms && !strcmp(ms, "backward"))
        co->moves = ACCORD_MOVES_BACKWARD;
    else if (ms && !strcmp(ms, "both"))
        co->moves = ACCORD_MOVES_BOTH;
    else
        acc__yaml_err(L, mv,
                      "moves must be forward (N to Y only), backward (Y to N only) or "
                      "both, found %s",
                      ms ? ms : acc__yaml_kind(mv));
}

/* irreversible: NUMBER, the probability that an option that moves both
 * ways cannot be withdrawn once taken. */
static void read_irreversible(acc__yaml_loader *L, const yaml_node_t *irr, accord_conflict_option *co)
{
    char what[256];
    snprintf(what, sizeof what, "the probability that option %s is irreversible", co->id);
    accord_number num;
    if (!acc__yaml_number(L, irr, &num, 0, 1, what))
        return;
    if (co->moves != ACCORD_MOVES_BOTH) {
        acc__yaml_err(L, irr,
                      "option %s has moves: %s and irreversible; irreversible applies to an option "
                      "that moves both ways (it is the probability that it moves forward only)",
                      co->id, co->moves == ACCORD_MOVES_FORWARD ? "forward" : "backward");
        return;
    }
    co->irreversible = num;
}

/* An option's id and attributes: `id` or {id: {moves: forward, name: "...",
 * source: ID, note: "..."}}.  False when there is no option to keep (the
 * problem is reported). */
static bool read_option(acc__yaml_loader *L, const yaml_node_t *o, accord_conflict_option *co)
{
    static const char *const okeys[] = {"moves", "name", "source", "note", "irreversible", NULL};
    const yaml_node_t *attrs = NULL;
    if (o->type == YAML_SCALAR_NODE) {
        co->id = acc__yaml_id(L, o, "an option");
    } else if (o->type == YAML_MAPPING_NODE && acc__yaml_map_len(o) == 1) {
        yaml_node_t *ok_, *ov;
        ACC_MAP_EACH(L, o, ok_, ov)
        {
            co->id = acc__yaml_id(L, ok_, "an option");
            attrs = ov;
        }
    } else {
        acc__yaml_err(L, o, "an option must be a name or {name: {moves: forward}}, not %s",
                      acc__yaml_kind(o));
        return false;
    }
    if (!co->id)
        return false;
    if (attrs && !acc__yaml_is_null(attrs)) {
        if (!acc__yaml_want(L, attrs, YAML_MAPPING_NODE, "an option's attributes"))
            return false;
        acc__yaml_check_keys(L, attrs, okeys, "an option");
        yaml_node_t *mv = acc__yaml_get(L, attrs, "moves");
        if (mv)
            read_moves(L, mv, co);
        co->name = acc__yaml_string(L, attrs, "name", "an option");
        co->source = acc__yaml_string(L, attrs, "source", "an option");
        co->note = acc__yaml_string(L, attrs, "note", "an option");
        yaml_node_t *irr = acc__yaml_get(L, attrs, "irreversible");
        if (irr)
            read_irreversible(L, irr, co);
    }
    return true;
}

/* The options party p controls (a list), appended to the conflict's;
 * `seen` holds the qualified names so far.  False when out of memory. */
static bool read_party_options(acc__yaml_loader *L, const yaml_node_t *list, size_t p,
                               acc__hashset *seen)
{
    accord_conflict *cf = L->m->conflict;
    yaml_node_t *o;
    ACC_SEQ_EACH(L, list, o)
    {
        accord_conflict_option co = {.party = p, .loc = acc__yaml_loc(o)};
        if (!read_option(L, o, &co)) {
            L->options_lost = true;
            continue;
        }
        co.qualified = acc__arena_printf(L->A, "%s.%s", L->m->parties[p].id, co.id);
        if (!co.qualified) {
            acc__yaml_nomem(L);
            return false;
        }
        size_t prior;
        if (acc__hashset_add_str(seen, co.qualified, cf->n_options, &prior)) {
            acc__yaml_nomem(L);
            return false;
        }
        if (prior != SIZE_MAX) {
            acc__yaml_err(L, o, "option \"%s\" is declared twice", co.qualified);
            continue;
        }
        if (!co.name)
            co.name = co.id;
        cf->options[cf->n_options++] = co;
    }
    return true;
}

/* options: {PARTY: [option, ...], ...}; has_options[p] tells whether party
 * p declared any.  False when the conflict cannot be read further (no
 * options, too many, or out of memory). */
static bool read_options(acc__yaml_loader *L, const yaml_node_t *n, bool **has_options)
{
    accord_model *m = L->m;
    accord_conflict *cf = m->conflict;
    yaml_node_t *opts = acc__yaml_get(L, n, "options");
    if (!opts) {
        acc__yaml_err(L, n, "conflict needs options: {PARTY: [option, ...], ...}");
        return false;
    }
    if (!acc__yaml_want(L, opts, YAML_MAPPING_NODE, "conflict options"))
        return false;
    acc__yaml_check_keys(L, opts, NULL, "conflict options");
    size_t total = 0, keys = 0;
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, n, k, v) keys += acc__yaml_scalar(k) && !strcmp(acc__yaml_scalar(k), "options");
    L->options_lost = keys > 1; /* a repeated options key: its options are lost */
    ACC_MAP_EACH(L, opts, k, v) total += acc__yaml_seq_len(v);
    cf->options = acc__arena_calloc(L->A, total + 1, sizeof *cf->options);
    if (!cf->options) {
        acc__yaml_nomem(L);
        return false;
    }
    *has_options = acc__arena_calloc(L->A, m->n_parties + 1, sizeof **has_options);
    if (!*has_options) {
        acc__yaml_nomem(L);
        return false;
    }
    bool *read = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *read);
    if (!read) {
        acc__yaml_nomem(L);
        return false;
    }
    acc__hashset seen = {0};
    bool ok = true;
    ACC_MAP_EACH(L, opts, k, v)
    {
        if (acc__yaml_passed_over(L, opts, k, v))
            continue; /* empty, and written again: check_keys reported it */
        long p = acc__yaml_party_ref(L, k, "conflict options");
        if (p >= 0 && read[p]) { /* a repeated party: check_keys reported it */
            L->options_lost = true;
            continue;
        }
        if (p < 0 || !acc__yaml_want(L, v, YAML_SEQUENCE_NODE, "a party's options")) {
            L->options_lost = true;
            continue;
        }
        read[p] = true;
        (*has_options)[p] = acc__yaml_seq_len(v) > 0;
        if (!(ok = read_party_options(L, v, (size_t)p, &seen)))
            break;
    }
    acc__hashset_free(&seen);
    if (!ok)
        return false;
    if (cf->n_options == 0) {
        if (!L->options_lost)
            acc__yaml_err(L, opts, "the conflict has no options");
        return false;
    }
    if (cf->n_options > 62) {
        acc__yaml_err(L, opts, "the conflict has %zu options; at most 62 are supported",
                      cf->n_options);
        return false;
    }
    return true;
}

/* infeasible: [condition, ...].  False when out of memory. */
static bool read_infeasible(acc__yaml_loader *L, const yaml_node_t *inf)
{
    accord_conflict *cf = L->m->conflict;
    if (!inf || acc__yaml_is_null(inf) || !acc__yaml_want(L, inf, YAML_SEQUENCE_NODE, "infeasible"))
        return true;
    cf->infeasible = acc__arena_calloc(L->A, acc__yaml_seq_len(inf) + 1, sizeof *cf->infeasible);
    if (!cf->infeasible) {
        acc__yaml_nomem(L);
        return false;
    }
    yaml_node_t *c;
    ACC_SEQ_EACH(L, inf, c)
    {
        if (read_condition(L, c, &cf->infeasible[cf->n_infeasible], "an infeasible entry"))
            cf->n_infeasible++;
    }
    return true;
}

/* status_quo: a pattern of Y and N, one per option. */
static void read_status_quo(acc__yaml_loader *L, const yaml_node_t *sq)
{
    accord_conflict *cf = L->m->conflict;
    if (!sq || acc__yaml_is_null(sq))
        return;
    uint64_t mask, bits;
    bool looks = false;
    const char *s = acc__yaml_scalar(sq);
    int ok = s ? parse_pattern(s, cf->n_options, &mask, &bits, &looks) : 0;
    if ((!ok || mask != (((uint64_t)1 << cf->n_options) - 1)) && L->options_lost && looks)
        return; /* the length follows from the lost options */
    if (!ok || mask != (((uint64_t)1 << cf->n_options) - 1)) {
        acc__yaml_err(L, sq,
                      "status_quo must be a pattern of %zu Y/N letters (no '-'), one per option "
                      "in order, e.g. \"%.*s\"",
                      cf->n_options, (int)cf->n_options,
                      "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN");
    } else {
        cf->has_status_quo = true;
        cf->status_quo = bits;
        cf->status_quo_loc = acc__yaml_loc(sq);
    }
}

/* named_states: {name: condition, ...}.  False when out of memory. */
static bool read_named_states(acc__yaml_loader *L, const yaml_node_t *named)
{
    accord_conflict *cf = L->m->conflict;
    if (!named || acc__yaml_is_null(named) ||
        !acc__yaml_want(L, named, YAML_MAPPING_NODE, "named_states"))
        return true;
    acc__yaml_check_keys(L, named, NULL, "named_states");
    cf->named = acc__arena_calloc(L->A, acc__yaml_map_len(named) + 1, sizeof *cf->named);
    if (!cf->named) {
        acc__yaml_nomem(L);
        return false;
    }
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, named, k, v)
    {
        const char *name = acc__yaml_scalar(k);
        if (!name || !*name) {
            acc__yaml_err(L, k, "a named state needs a name");
            continue;
        }
        struct accord_named_state *ns = &cf->named[cf->n_named];
        ns->name = acc__arena_strdup(L->A, name);
        if (!ns->name) {
            acc__yaml_nomem(L);
            return false;
        }
        if (read_condition(L, v, &ns->condition, "a named state"))
            cf->n_named++;
        else /* a claim about it follows from this error */
            acc__yaml_lose_text(L, ACC_LOST_STATE, ns->name);
    }
    return true;
}

/* preferences: {PARTY: {ranking: [...]} or {priorities: [...]}, ...}; every
 * party that controls options (has_options) needs them. */
static void read_preferences(acc__yaml_loader *L, const yaml_node_t *n, const bool *has_options)
{
    accord_model *m = L->m;
    yaml_node_t *prefs = acc__yaml_get(L, n, "preferences");
    /* 1: read; 2: its missing preferences follow from another error */
    unsigned char *has = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *has);
    if (!has)
        return acc__yaml_nomem(L);
    acc__yaml_excuse_repeats(L, n, "preferences", has);
    if (!prefs) {
        acc__yaml_err(
            L, n, "conflict needs preferences: {PARTY: {ranking: [...]} or {priorities: [...]}}");
        return;
    }
    if (!acc__yaml_party_map(L, prefs, "conflict preferences", has, read_conflict_preference))
        return;
    for (size_t p = 0; p < m->n_parties; p++)
        if (has_options[p] && !has[p])
            acc__yaml_err(L, prefs, "party %s controls options but has no conflict preferences",
                          m->parties[p].id);
}

void acc__yaml_conflict(acc__yaml_loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"options",      "infeasible", "exclusive",
                                       "at_least_one", "status_quo", "preferences",
                                       "named_states", "note",       NULL};
    accord_model *m = L->m;
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "conflict"))
        return;
    acc__yaml_check_keys(L, n, keys, "conflict");
    accord_conflict *cf = acc__arena_alloc(L->A, sizeof *cf);
    if (!cf)
        return acc__yaml_nomem(L);
    m->conflict = cf;
    cf->preferences = acc__arena_calloc(L->A, m->n_parties + 1, sizeof *cf->preferences);
    if (!cf->preferences)
        return acc__yaml_nomem(L);
    for (size_t p = 0; p < m->n_parties; p++)
        cf->preferences[p].kind = ACCORD_PREF_PRIORITIES; /* no statements: indifferent */
    bool *has_options = NULL;
    /* the named states of a conflict not read to the end, and of a repeated
     * named_states key, are lost to that error */
    acc__yaml_lose_repeats(L, n, "named_states", ACC_LOST_STATE);
    if (!read_options(L, n, &has_options) || !read_infeasible(L, acc__yaml_get(L, n, "infeasible")))
        return acc__yaml_lose_keys(L, acc__yaml_get(L, n, "named_states"), ACC_LOST_STATE);
    yaml_node_t *ex = acc__yaml_get(L, n, "exclusive");
    if (ex && !acc__yaml_is_null(ex))
        read_groups(L, ex, &cf->exclusive, &cf->n_exclusive, "exclusive");
    yaml_node_t *alo = acc__yaml_get(L, n, "at_least_one");
    if (alo && !acc__yaml_is_null(alo))
        read_groups(L, alo, &cf->at_least_one, &cf->n_at_least_one, "at_least_one");
    read_status_quo(L, acc__yaml_get(L, n, "status_quo"));
    if (!read_named_states(L, acc__yaml_get(L, n, "named_states")))
        return;
    read_preferences(L, n, has_options);
}
