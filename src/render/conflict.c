/*
 * render.c - stability, coalition and status quo results as text and JSON.
 *
 * The stability JSON (docs/contract.md §3) lists every state and can be large, so
 * it is written directly into a growing string rather than built as a
 * jansson tree; the other two documents are small and use jansson.
 */
#include "json.h"
#include "../conflict/moves.h"
#include "../model/model.h"
#include "text.h"

#include <string.h>

#define TABLEAU_MAX_STATES 64 /* larger state spaces get a summary in text */
#define LIST_MAX 50           /* equilibria listed per concept in a summary */

static const char *const concept_label[ACCORD_N_CONCEPTS] = {"Nash", "GMR", "SMR", "SEQ"};

/* ` "name", "other"`: the named_states that state code matches, if any. */
static void state_names(acc__str *s, const accord_conflict *cf, uint64_t code)
{
    bool first = true;
    for (size_t i = 0; i < cf->n_named; i++)
        if (acc__condition_matches(&cf->named[i].condition, code)) {
            acc__str_printf(s, "%s\"%s\"", first ? " " : ", ", cf->named[i].name);
            first = false;
        }
}

static void json_string_to(acc__str *s, const char *text)
{
    acc__str_puts(s, "\"");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            acc__str_printf(s, "\\%c", *p);
        else if (*p < 0x20)
            acc__str_printf(s, "\\u%04x", *p);
        else
            acc__str_append(s, (const char *)p, 1);
    }
    acc__str_puts(s, "\"");
}

static bool bit(const uint64_t *set, size_t k) { return (set[k / 64] >> (k % 64)) & 1; }

/* "[1, 4, 5]": the ids of a bitset's states. */
static void json_id_list(acc__str *s, const uint64_t *set, size_t n)
{
    acc__str_puts(s, "[");
    bool first = true;
    for (size_t k = 0; k < n; k++)
        if (bit(set, k)) {
            acc__str_printf(s, first ? "%zu" : ", %zu", k + 1);
            first = false;
        }
    acc__str_puts(s, "]");
}

static const uint64_t *stable_row(const accord_stability *st, int c, size_t p)
{
    return st->stable + ((size_t)c * st->n_parties + p) * st->words;
}

static const uint64_t *eq_row(const accord_stability *st, int c)
{
    return st->equilibria + (size_t)c * st->words;
}

static accord_status stability_json(const accord_model *m, const accord_stability *st, char **out)
{
    const accord_conflict *cf = m->conflict;
    acc__str s = {0};
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat)
        return ACCORD_E_NOMEM;
    acc__str_puts(&s, "{\n  \"parties\": [");
    for (size_t p = 0; p < m->n_parties; p++) {
        if (p)
            acc__str_puts(&s, ", ");
        json_string_to(&s, m->parties[p].id);
    }
    acc__str_puts(&s, "],\n  \"options\": [");
    for (size_t k = 0; k < cf->n_options; k++) {
        if (k)
            acc__str_puts(&s, ", ");
        json_string_to(&s, cf->options[k].qualified);
    }
    acc__str_puts(&s, "],\n  \"states\": [\n");
    for (size_t i = 0; i < cf->n_states && !s.failed; i++) {
        accord_conflict_state_pattern(cf, acc__state_code(cf, i), false, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options));
        acc__str_printf(&s, "    {\"id\": %zu, \"pattern\": \"%s\", \"decimal\": %llu}%s\n", i + 1,
                        pat, (unsigned long long)acc__state_code(cf, i), i + 1 < cf->n_states ? "," : "");
    }
    acc__str_puts(&s, "  ],\n  \"stable\": {\n");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
        acc__str_printf(&s, "    \"%s\": {", accord_concept_name((accord_concept)c));
        for (size_t p = 0; p < m->n_parties; p++) {
            acc__str_puts(&s, p ? ",\n      " : "\n      ");
            json_string_to(&s, m->parties[p].id);
            acc__str_puts(&s, ": ");
            json_id_list(&s, stable_row(st, c, p), st->n_states);
        }
        acc__str_printf(&s, "%s}%s\n", m->n_parties ? "\n    " : "",
                        c + 1 < ACCORD_N_CONCEPTS ? "," : "");
    }
    acc__str_puts(&s, "  },\n  \"equilibria\": {\n");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
        acc__str_printf(&s, "    \"%s\": ", accord_concept_name((accord_concept)c));
        json_id_list(&s, eq_row(st, c), st->n_states);
        acc__str_puts(&s, c + 1 < ACCORD_N_CONCEPTS ? ",\n" : "\n");
    }
    acc__str_puts(&s, "  }\n}\n");
    acc__free(pat);
    bool failed = s.failed;
    *out = acc__str_take(&s);
    if (failed || !*out) {
        acc__free(*out);
        *out = NULL;
        return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

/* The letters of party p's stabilities at state k in the tableau. */
static const char *cell(const accord_stability *st, size_t p, size_t k)
{
    if (bit(stable_row(st, ACCORD_NASH, p), k))
        return "r";
    bool g = bit(stable_row(st, ACCORD_GMR, p), k), s = bit(stable_row(st, ACCORD_SMR, p), k),
         q = bit(stable_row(st, ACCORD_SEQ, p), k);
    static const char *const combos[8] = {"u", "q", "s", "sq", "g", "gq", "gs", "gsq"};
    return combos[(g << 2) | (s << 1) | q];
}

static void tableau(acc__str *s, const accord_model *m, const accord_stability *st)
{
    const accord_conflict *cf = m->conflict;
    size_t label = 10;
    for (size_t k = 0; k < cf->n_options; k++)
        if (strlen(cf->options[k].qualified) > label)
            label = strlen(cf->options[k].qualified);
    for (size_t p = 0; p < m->n_parties; p++)
        if (strlen(m->parties[p].id) > label)
            label = strlen(m->parties[p].id);
    label += 2;
    size_t width = 4, per = label + 4 * 8 <= 100 ? (100 - label) / width : 8;
    for (size_t from = 0; from < st->n_states; from += per) {
        size_t to = from + per < st->n_states ? from + per : st->n_states;
        if (from)
            acc__str_puts(s, "\n");
        acc__str_printf(s, "%-*s", (int)label, "state");
        for (size_t k = from; k < to; k++)
            acc__str_printf(s, "%4zu", k + 1);
        acc__str_puts(s, "\n");
        for (size_t o = 0; o < cf->n_options; o++) {
            acc__str_printf(s, "%-*s", (int)label, cf->options[o].qualified);
            for (size_t k = from; k < to; k++)
                acc__str_printf(s, "%4s", (acc__state_code(cf, k) >> o) & 1 ? "Y" : "N");
            acc__str_puts(s, "\n");
        }
        for (size_t p = 0; p < m->n_parties; p++) {
            acc__str_printf(s, "%-*s", (int)label, m->parties[p].id);
            for (size_t k = from; k < to; k++)
                acc__str_printf(s, "%4s", cell(st, p, k));
            acc__str_puts(s, "\n");
        }
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
            acc__str_printf(s, "%s eq.%*s", concept_label[c], (int)(label - strlen(concept_label[c]) - 4),
                            "");
            for (size_t k = from; k < to; k++)
                acc__str_printf(s, "%4s", bit(eq_row(st, c), k) ? "E" : ".");
            acc__str_puts(s, "\n");
        }
    }
    acc__str_puts(s, "\nr = Nash stable (so stable under all four concepts); g, s, q = GMR, SMR, SEQ "
                     "stable;\nu = unstable under all four; E = an equilibrium (stable for every "
                     "party).\n");
}

static void equilibria_lists(acc__str *s, const accord_model *m, const accord_stability *st,
                             bool full)
{
    const accord_conflict *cf = m->conflict;
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat) {
        s->failed = 1;
        return;
    }
    acc__str_puts(s, "\nEquilibria\n");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
        size_t n = st->n_equilibria[c], shown = 0;
        acc__str_printf(s, "  %s (%zu)%s", concept_label[c], n, n ? ":" : ": none");
        for (size_t k = 0; k < st->n_states && (full || shown < LIST_MAX); k++)
            if (bit(eq_row(st, c), k)) {
                if (full)
                    acc__str_printf(s, "%s%zu", shown ? ", " : " ", k + 1);
                else {
                    acc__str_printf(s, "\n    %-9zu %s", k + 1,
                                    accord_conflict_state_pattern(cf, acc__state_code(cf, k), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
                    state_names(s, cf, acc__state_code(cf, k));
                }
                shown++;
            }
        if (shown < n)
            acc__str_printf(s, "\n    ... and %zu more (--json lists them all)", n - shown);
        acc__str_puts(s, "\n");
    }
    acc__free(pat);
}

static void summary(acc__str *s, const accord_model *m, const accord_stability *st)
{
    size_t label = 8;
    for (size_t p = 0; p < m->n_parties; p++)
        if (strlen(m->parties[p].id) > label)
            label = strlen(m->parties[p].id);
    label += 2;
    acc__str_printf(s, "%-*s%12s%12s%12s%12s\n", (int)label, "stable for", "Nash", "GMR", "SMR",
                    "SEQ");
    for (size_t p = 0; p < m->n_parties; p++) {
        acc__str_printf(s, "%-*s", (int)label, m->parties[p].id);
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
            size_t n = 0;
            const uint64_t *r = stable_row(st, c, p);
            for (size_t w = 0; w < st->words; w++)
                n += (size_t)__builtin_popcountll(r[w]);
            acc__str_printf(s, "%12zu", n);
        }
        acc__str_puts(s, "\n");
    }
    acc__str_printf(s, "%-*s", (int)label, "equilibria");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        acc__str_printf(s, "%12zu", st->n_equilibria[c]);
    acc__str_puts(s, "\n");
}

static accord_status finish_text(acc__str *s, char **out)
{
    bool failed = s->failed;
    *out = acc__str_take(s);
    if (failed || !*out) {
        acc__free(*out);
        *out = NULL;
        return ACCORD_E_NOMEM;
    }
    return ACCORD_OK;
}

static const char *title_of(const accord_model *m) { return m->title ? m->title : m->path; }

accord_status accord_stability_render(const accord_model *m, const accord_stability *st,
                                      const accord_render_options *opts, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m || !st || !m->conflict || st->n_states != m->conflict->n_states ||
        st->n_parties != m->n_parties)
        return ACCORD_E_ARG;
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return stability_json(m, st, out);
    acc__str s = {0};
    acc__str t = {0};
    acc__str_printf(&t, "%s: stability of %zu state%s for %zu part%s (Nash, GMR, SMR, SEQ)", title_of(m),
                    st->n_states, st->n_states == 1 ? "" : "s", st->n_parties, st->n_parties == 1 ? "y" : "ies");
    acc__wrap(&s, t.failed || !t.data ? "" : t.data, 0, 2, acc__width_of(opts));
    acc__str_puts(&s, "\n");
    if (t.failed)
        s.failed = 1;
    acc__str_free(&t);
    bool full = st->n_states <= TABLEAU_MAX_STATES || (opts && opts->verbose);
    if (full)
        tableau(&s, m, st);
    else
        summary(&s, m, st);
    equilibria_lists(&s, m, st, full);
    return finish_text(&s, out);
}

/* ------------------------------------------------------------------------ */

static json_t *json_state(const accord_conflict *cf, size_t k)
{
    char pat[64 + 1];
    accord_conflict_state_pattern(cf, acc__state_code(cf, k), false, pat, sizeof pat);
    json_t *o = json_object();
    acc__json_set(o, "id", json_integer((json_int_t)k + 1));
    acc__json_set(o, "pattern", json_string(pat));
    return o;
}

static json_t *json_path(const accord_model *m, const accord_move *path, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = json_object();
        char *text = accord_move_describe(m, &path[i]);
        acc__json_set(o, "party", json_string(m->parties[path[i].party].id));
        acc__json_set(o, "from", json_integer((json_int_t)path[i].from + 1));
        acc__json_set(o, "to", json_integer((json_int_t)path[i].to + 1));
        acc__json_set(o, "move", text ? json_string(text) : NULL);
        acc__free(text);
        if (!acc__json_push(a, o)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* "A takes x; B drops y" for a whole path ("" when empty). */
static void path_text(acc__str *s, const accord_model *m, const accord_move *path, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *text = accord_move_describe(m, &path[i]);
        if (!text) /* out of memory: the text would miss a move */
            s->failed = 1;
        acc__str_printf(s, "%s%s", i ? "; " : "", text ? text : "?");
        acc__free(text);
    }
}

static json_t *json_members(const accord_model *m, uint64_t members)
{
    json_t *a = json_array();
    for (size_t p = 0; p < m->n_parties && p < 64; p++)
        if ((members >> p) & 1)
            acc__json_push(a, json_string(m->parties[p].id));
    return a;
}

static void members_text(acc__str *s, const accord_model *m, uint64_t members)
{
    bool first = true;
    for (size_t p = 0; p < m->n_parties && p < 64; p++)
        if ((members >> p) & 1) {
            acc__str_printf(s, "%s%s", first ? "" : "+", m->parties[p].id);
            first = false;
        }
}

accord_status accord_coalitions_render(const accord_model *m, const accord_coalitions *c,
                                       const accord_render_options *opts, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m || !c || !m->conflict || c->n_parties != m->n_parties)
        return ACCORD_E_ARG;
    const accord_conflict *cf = m->conflict;
    if (opts && opts->format == ACCORD_FORMAT_JSON) {
        acc__json_init();
        json_t *o = json_object(), *eqs = json_array(), *free_eqs = json_array();
        acc__json_set(o, "parties", acc__json_party_ids(m));
        acc__json_set(o, "coalitions", json_integer((json_int_t)c->n_coalitions));
        for (size_t e = 0; e < c->n_equilibria; e++) {
            const accord_coalition_entry *en = &c->equilibria[e];
            json_t *j = json_state(cf, en->state), *blocks = json_array();
            for (size_t b = 0; b < en->n_blocks; b++) {
                const accord_coalition_block *bl = &en->blocks[b];
                json_t *jb = json_object();
                acc__json_set(jb, "coalition", json_members(m, bl->members));
                acc__json_set(jb, "target", json_state(cf, bl->target));
                acc__json_set(jb, "moves", json_integer((json_int_t)bl->n_moves));
                acc__json_set(jb, "path", json_path(m, bl->path, bl->n_moves));
                acc__json_push(blocks, jb);
            }
            acc__json_set(j, "blocked_by", blocks);
            acc__json_push(eqs, j);
            if (en->n_blocks == 0)
                acc__json_push(free_eqs, json_integer((json_int_t)en->state + 1));
        }
        acc__json_set(o, "nash", eqs);
        acc__json_set(o, "coalitional_nash", free_eqs);
        return acc__json_finish(o, out);
    }
    acc__str s = {0};
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat)
        return ACCORD_E_NOMEM;
    acc__str_printf(&s, "%s: coalition analysis of %zu Nash equilibri%s (%zu coalition%s of 2 or more "
                        "parties)\n",
                    title_of(m), c->n_equilibria, c->n_equilibria == 1 ? "um" : "a", c->n_coalitions,
                    c->n_coalitions == 1 ? "" : "s");
    for (size_t e = 0; e < c->n_equilibria; e++) {
        const accord_coalition_entry *en = &c->equilibria[e];
        if (e == LIST_MAX) {
            acc__str_printf(&s, "\n... and %zu more Nash equilibria (--json lists them all)\n",
                            c->n_equilibria - LIST_MAX);
            break;
        }
        acc__str_printf(&s, "\nstate %zu (%s)", en->state + 1,
                        accord_conflict_state_pattern(cf, acc__state_code(cf, en->state), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
        state_names(&s, cf, acc__state_code(cf, en->state));
        acc__str_puts(&s, ": ");
        if (!en->n_blocks) {
            acc__str_puts(&s, "no coalition blocks it (a coalitional Nash equilibrium)\n");
            continue;
        }
        acc__str_printf(&s, "blocked by %zu coalition%s\n", en->n_blocks, en->n_blocks == 1 ? "" : "s");
        for (size_t b = 0; b < en->n_blocks; b++) {
            const accord_coalition_block *bl = &en->blocks[b];
            acc__str_puts(&s, "  ");
            members_text(&s, m, bl->members);
            acc__str_printf(&s, " reach %zu (%s)", bl->target + 1,
                            accord_conflict_state_pattern(cf, acc__state_code(cf, bl->target), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
            state_names(&s, cf, acc__state_code(cf, bl->target));
            acc__str_printf(&s, ", better for each of them, in %zu move%s: ", bl->n_moves,
                            bl->n_moves == 1 ? "" : "s");
            path_text(&s, m, bl->path, bl->n_moves);
            acc__str_puts(&s, "\n");
        }
    }
    acc__str_printf(&s, "\nCoalitional Nash equilibria (%zu): ", c->n_coalitional);
    size_t shown = 0;
    for (size_t e = 0; e < c->n_equilibria && shown < LIST_MAX; e++)
        if (!c->equilibria[e].n_blocks)
            acc__str_printf(&s, "%s%zu", shown++ ? ", " : "", c->equilibria[e].state + 1);
    if (shown < c->n_coalitional)
        acc__str_printf(&s, ", ... and %zu more (--json lists them all)", c->n_coalitional - shown);
    acc__str_puts(&s, shown ? "\n" : "none\n");
    acc__free(pat);
    return finish_text(&s, out);
}

static void concept_names(acc__str *s, unsigned concepts)
{
    bool first = true;
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
        if (concepts & (1u << c)) {
            acc__str_printf(s, "%s%s", first ? "" : ", ", concept_label[c]);
            first = false;
        }
}

/* "{"id": 7, "pattern": "NYNNY"" (the object left open) */
static void json_state_open(acc__str *s, const accord_conflict *cf, size_t k, char *pat)
{
    accord_conflict_state_pattern(cf, acc__state_code(cf, k), false, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options));
    acc__str_printf(s, "{\"id\": %zu, \"pattern\": \"%s\"", k + 1, pat);
}

/* The status quo analysis as JSON, written directly: "reachable" may list
 * millions of states. */
static accord_status evolution_json(const accord_model *m, const accord_evolution *e, char **out)
{
    const accord_conflict *cf = m->conflict;
    acc__str s = {0};
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat)
        return ACCORD_E_NOMEM;
    acc__str_puts(&s, "{\n  \"status_quo\": ");
    json_state_open(&s, cf, e->start, pat);
    acc__str_puts(&s, "},\n  \"reachable\": [");
    bool first = true;
    for (size_t k = 0; k < e->n_states && !s.failed; k++)
        if (e->moves[k] != UINT32_MAX) {
            acc__str_printf(&s, "%s\n    {\"id\": %zu, \"moves\": %u}", first ? "" : ",", k + 1,
                            e->moves[k]);
            first = false;
        }
    acc__str_puts(&s, first ? "],\n  \"equilibria\": {" : "\n  ],\n  \"equilibria\": {");
    for (int c = 0; c < ACCORD_N_CONCEPTS; c++) {
        acc__str_printf(&s, "%s\n    \"%s\": [", c ? "," : "", accord_concept_name((accord_concept)c));
        bool any = false;
        for (size_t t = 0; t < e->n_targets; t++)
            if (e->targets[t].concepts & (1u << c)) {
                acc__str_printf(&s, "%s%zu", any ? ", " : "", e->targets[t].state + 1);
                any = true;
            }
        acc__str_puts(&s, "]");
    }
    acc__str_puts(&s, "\n  },\n  \"paths\": [");
    for (size_t t = 0; t < e->n_targets && !s.failed; t++) {
        const accord_evolve_target *tg = &e->targets[t];
        acc__str_puts(&s, t ? ",\n    " : "\n    ");
        json_state_open(&s, cf, tg->state, pat);
        acc__str_puts(&s, ", \"concepts\": [");
        bool any = false;
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            if (tg->concepts & (1u << c)) {
                acc__str_printf(&s, "%s\"%s\"", any ? ", " : "", accord_concept_name((accord_concept)c));
                any = true;
            }
        acc__str_printf(&s, "], \"moves\": %zu, \"path\": [", tg->n_moves);
        for (size_t i = 0; i < tg->n_moves; i++) {
            const accord_move *mv = &tg->path[i];
            char *text = accord_move_describe(m, mv);
            if (!text) {
                s.failed = 1;
                break;
            }
            acc__str_printf(&s, "%s\n      {\"party\": ", i ? "," : "");
            json_string_to(&s, m->parties[mv->party].id);
            acc__str_printf(&s, ", \"from\": %zu, \"to\": %zu, \"move\": ", mv->from + 1, mv->to + 1);
            json_string_to(&s, text);
            acc__str_puts(&s, "}");
            acc__free(text);
        }
        acc__str_puts(&s, tg->n_moves ? "\n    ]}" : "]}");
    }
    acc__str_puts(&s, e->n_targets ? "\n  ]\n}\n" : "]\n}\n");
    acc__free(pat);
    return finish_text(&s, out);
}

accord_status accord_evolution_render(const accord_model *m, const accord_evolution *e,
                                      const accord_render_options *opts, char **out)
{
    if (!out)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m || !e || !m->conflict || e->n_states != m->conflict->n_states || e->start >= e->n_states)
        return ACCORD_E_ARG;
    const accord_conflict *cf = m->conflict;
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return evolution_json(m, e, out);
    acc__str s = {0};
    char *pat = acc__malloc(ACCORD_STATE_PATTERN_MAX(cf->n_options));
    if (!pat)
        return ACCORD_E_NOMEM;
    acc__str_printf(&s, "%s: status quo analysis from state %zu (%s)", title_of(m), e->start + 1,
                    accord_conflict_state_pattern(cf, acc__state_code(cf, e->start), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
    state_names(&s, cf, acc__state_code(cf, e->start));
    acc__str_puts(&s, "\n");
    uint32_t longest = 0;
    for (size_t k = 0; k < e->n_states; k++)
        if (e->moves[k] != UINT32_MAX && e->moves[k] > longest)
            longest = e->moves[k];
    acc__str_printf(&s, "%zu state%s reachable by unilateral improvements (legal sequences, at most "
                        "%u move%s)\n",
                    e->n_reachable, e->n_reachable == 1 ? "" : "s", longest, longest == 1 ? "" : "s");
    if (!e->n_targets)
        acc__str_puts(&s, "\nNo equilibrium is reachable.\n");
    else
        acc__str_printf(&s, "\nEquilibria reached (%zu):\n", e->n_targets);
    size_t shown = 0;
    for (size_t t = 0; t < e->n_targets; t++) {
        const accord_evolve_target *tg = &e->targets[t];
        if (shown++ == LIST_MAX) {
            acc__str_printf(&s, "  ... and %zu more (--json lists them all)\n", e->n_targets - LIST_MAX);
            break;
        }
        acc__str_printf(&s, "  state %zu (%s)", tg->state + 1,
                        accord_conflict_state_pattern(cf, acc__state_code(cf, tg->state), true, pat, ACCORD_STATE_PATTERN_MAX(cf->n_options)));
        state_names(&s, cf, acc__state_code(cf, tg->state));
        acc__str_puts(&s, ", ");
        concept_names(&s, tg->concepts);
        if (tg->n_moves == 0) {
            acc__str_puts(&s, ": the starting state itself\n");
            continue;
        }
        acc__str_printf(&s, ": %zu move%s: ", tg->n_moves, tg->n_moves == 1 ? "" : "s");
        path_text(&s, m, tg->path, tg->n_moves);
        acc__str_puts(&s, "\n");
    }
    acc__free(pat);
    return finish_text(&s, out);
}
