/*
 * write_yaml.c - a model as an accord YAML file, through libyaml's emitter
 * (quoting and escaping are libyaml's).  Used by `accord import genius`.
 *
 * Names that are not valid ids (GENIUS issue and value names such as
 * "External Monitor" or "60 Gb") become ids by replacing every other
 * character with '_' (and a leading "v" where the name does not start with a
 * letter); the original stays as the name or label.  Numbers are written with
 * 17 significant digits, so loading the file gives the same utilities.
 */
#include "model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

typedef struct writer {
    yaml_emitter_t em;
    acc__str out;
    acc__arena ids; /* sanitized ids */
    const accord_model *m;
    bool failed;
    const char **party_ids, **issue_ids;
    const char ***option_ids; /* per issue */
} writer;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
    writer *w = data;
    acc__str_append(&w->out, (const char *)buffer, size);
    return !w->out.failed;
}

/* Emit an initialised event (ok != 0); after a failure the events are only
 * released, so that a failed write leaks nothing. */
static void emit(writer *w, yaml_event_t *ev, int ok)
{
    if (!ok) {
        w->failed = true;
        return;
    }
    if (w->failed || w->out.failed) {
        yaml_event_delete(ev);
        w->failed = true;
        return;
    }
    if (!yaml_emitter_emit(&w->em, ev)) /* the emitter releases the event */
        w->failed = true;
}

static void scalar_styled(writer *w, const char *s, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    emit(w, &ev,
         yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1, style));
}

static void str(writer *w, const char *s) { scalar_styled(w, s ? s : "", YAML_ANY_SCALAR_STYLE); }

/* Text that must stay text when read back (e.g. "yes", "1.5"): quoted. */
static void text(writer *w, const char *s) { scalar_styled(w, s ? s : "", YAML_DOUBLE_QUOTED_SCALAR_STYLE); }

static void num(writer *w, double v)
{
    char buf[40];
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(buf, sizeof buf, "%.17g", v);
    if (v == floor(v) && fabs(v) < 1e15) { /* whole numbers as such, not 1e+01 */
        snprintf(buf, sizeof buf, "%.0f", v);
        scalar_styled(w, buf, YAML_PLAIN_SCALAR_STYLE);
        return;
    }
    /* shortest form that reads back exactly */
    for (int prec = 1; prec <= 17; prec++) {
        char t[40];
        snprintf(t, sizeof t, "%.*g", prec, v);
        if (strtod(t, NULL) == v) {
            memcpy(buf, t, sizeof t);
            break;
        }
    }
    scalar_styled(w, buf, YAML_PLAIN_SCALAR_STYLE);
}

/* A number with its fraction: written as the fraction "num/den" when that
 * is not a decimal (1/3 has no finite decimal), so that it reads back
 * exactly; as the shortest decimal otherwise. */
static void num_q(writer *w, double v, accord_rational q)
{
    int64_t d = q.den;
    while (d > 0 && d % 2 == 0)
        d /= 2;
    while (d > 0 && d % 5 == 0)
        d /= 5;
    if (d <= 1) {
        num(w, v);
        return;
    }
    char buf[48];
    snprintf(buf, sizeof buf, "%lld/%lld", (long long)q.num, (long long)q.den);
    scalar_styled(w, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void integer(writer *w, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    scalar_styled(w, buf, YAML_PLAIN_SCALAR_STYLE);
}

static void map_start(writer *w, bool flow)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                     flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

static void map_end(writer *w)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void seq_start(writer *w, bool flow)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                                      flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void seq_end(writer *w)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void kv(writer *w, const char *key, const char *value)
{
    if (!value)
        return;
    str(w, key);
    text(w, value);
}

/* A valid id for `name`, unique among ids[0..n). */
static const char *make_id(writer *w, const char *name, const char **ids, size_t n)
{
    if (acc__is_id(name)) {
        bool taken = false;
        for (size_t i = 0; i < n; i++)
            taken |= ids[i] && !strcmp(ids[i], name);
        if (!taken)
            return name;
    }
    acc__str s = {0};
    if (!isalpha((unsigned char)name[0]))
        acc__str_puts(&s, "v");
    for (const char *p = name; *p; p++) {
        char c = *p;
        acc__str_append(&s, isalnum((unsigned char)c) || c == '-' ? &c : "_", 1);
    }
    char *base = acc__str_take(&s);
    if (!base) {
        w->failed = true;
        return "x";
    }
    const char *id = acc__arena_strdup(&w->ids, base);
    for (int k = 2; id; k++) {
        bool taken = false;
        for (size_t i = 0; i < n; i++)
            taken |= ids[i] && !strcmp(ids[i], id);
        if (!taken)
            break;
        id = acc__arena_printf(&w->ids, "%s_%d", base, k);
    }
    acc__free(base);
    if (!id) {
        w->failed = true;
        return "x";
    }
    return id;
}

/* A number with its range and provenance, as compact as it can be. */
static void number(writer *w, const accord_number *n, const char *default_source)
{
    const char *source = n->source ? n->source : (n->assumption ? NULL : default_source);
    bool wrap = source || n->assumption || n->note;
    if (wrap) {
        map_start(w, true);
        str(w, "value");
    }
    if (n->is_range) {
        seq_start(w, true);
        num(w, n->low);
        num(w, n->high);
        seq_end(w);
    } else {
        num_q(w, n->value, n->exact);
    }
    if (wrap) {
        if (source) {
            str(w, "source");
            str(w, source);
        }
        kv(w, "assumption", n->assumption);
        kv(w, "note", n->note);
        map_end(w);
    }
}

static void write_agreement(writer *w, const char *src)
{
    const accord_model *m = w->m;
    const accord_agreement *ag = m->agreement;
    str(w, "agreement");
    map_start(w, false);
    str(w, "issues");
    seq_start(w, false);
    for (size_t i = 0; i < ag->n_issues; i++) {
        const accord_issue *is = &ag->issues[i];
        map_start(w, false);
        str(w, "id");
        str(w, w->issue_ids[i]);
        if (strcmp(is->name, w->issue_ids[i]) != 0)
            kv(w, "name", is->name);
        kv(w, "unit", is->unit);
        kv(w, "source", is->source);
        kv(w, "note", is->note);
        if (is->kind == ACCORD_ISSUE_INTEGER) {
            str(w, "range");
            map_start(w, true);
            str(w, "min");
            integer(w, is->min);
            str(w, "max");
            integer(w, is->max);
            str(w, "step");
            integer(w, is->step);
            map_end(w);
        } else {
            str(w, "options");
            seq_start(w, false);
            for (size_t k = 0; k < is->n_options; k++) {
                const accord_option *o = &is->options[k];
                const char *id = w->option_ids[i][k];
                bool plain = !strcmp(o->label, id) && !o->source && !o->note;
                if (plain) {
                    str(w, id);
                    continue;
                }
                map_start(w, true);
                str(w, "id");
                str(w, id);
                if (strcmp(o->label, id) != 0)
                    kv(w, "label", o->label);
                kv(w, "source", o->source);
                kv(w, "note", o->note);
                map_end(w);
            }
            seq_end(w);
        }
        map_end(w);
    }
    seq_end(w);
    if (ag->n_proposals) {
        str(w, "proposals");
        seq_start(w, false);
        for (size_t q = 0; q < ag->n_proposals; q++) {
            const accord_proposal *pr = &ag->proposals[q];
            map_start(w, false);
            str(w, "id");
            str(w, pr->id);
            if (strcmp(pr->name, pr->id) != 0)
                kv(w, "name", pr->name);
            kv(w, "date", pr->date);
            kv(w, "by", pr->by);
            kv(w, "source", pr->source);
            kv(w, "note", pr->note);
            str(w, "terms");
            map_start(w, false);
            for (size_t i = 0; i < ag->n_issues; i++) {
                str(w, w->issue_ids[i]);
                if (ag->issues[i].kind == ACCORD_ISSUE_INTEGER)
                    integer(w, accord_issue_option_value(&ag->issues[i], pr->terms[i]));
                else
                    str(w, w->option_ids[i][pr->terms[i]]);
            }
            map_end(w);
            map_end(w);
        }
        seq_end(w);
    }
    str(w, "preferences");
    map_start(w, false);
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_preference *pr = &ag->preferences[p];
        str(w, w->party_ids[p]);
        map_start(w, false);
        if (!pr->normalize) {
            str(w, "normalize");
            scalar_styled(w, "false", YAML_PLAIN_SCALAR_STYLE);
        }
        kv(w, "source", pr->source);
        kv(w, "note", pr->note);
        str(w, "reservation");
        number(w, &pr->reservation, src);
        str(w, "weights");
        map_start(w, false);
        for (size_t i = 0; i < ag->n_issues; i++) {
            if (!pr->weighted[i])
                continue;
            str(w, w->issue_ids[i]);
            number(w, &pr->weights[i], src);
        }
        map_end(w);
        str(w, "values");
        map_start(w, false);
        for (size_t i = 0; i < ag->n_issues; i++) {
            if (!pr->weighted[i])
                continue;
            const accord_issue *is = &ag->issues[i];
            const accord_valuation *va = &pr->valuations[i];
            str(w, w->issue_ids[i]);
            if (is->kind == ACCORD_ISSUE_INTEGER) {
                map_start(w, true);
                str(w, "linear");
                seq_start(w, true);
                for (size_t k = 0; k < va->n_points; k++) {
                    seq_start(w, true);
                    num_q(w, va->points[k].x, va->points[k].xq);
                    num_q(w, va->points[k].y, va->points[k].yq);
                    seq_end(w);
                }
                seq_end(w);
                map_end(w);
                continue;
            }
            map_start(w, false);
            for (size_t k = 0; k < is->n_options; k++) {
                str(w, w->option_ids[i][k]);
                number(w, &va->values[k], src);
            }
            map_end(w);
        }
        map_end(w);
        if (pr->n_red_lines) {
            str(w, "red_lines");
            seq_start(w, false);
            for (size_t r = 0; r < pr->n_red_lines; r++)
                text(w, pr->red_lines[r].text);
            seq_end(w);
        }
        map_end(w);
    }
    map_end(w);
    map_end(w);
}

static void write_condition_list(writer *w, const char *key, const accord_condition *c, size_t n)
{
    if (!n)
        return;
    str(w, key);
    seq_start(w, false);
    for (size_t i = 0; i < n; i++)
        text(w, c[i].text);
    seq_end(w);
}

static void write_groups(writer *w, const char *key, const accord_option_group *g, size_t n)
{
    if (!n)
        return;
    const accord_conflict *cf = w->m->conflict;
    str(w, key);
    seq_start(w, false);
    for (size_t i = 0; i < n; i++) {
        seq_start(w, true);
        for (size_t k = 0; k < g[i].n; k++)
            str(w, cf->options[g[i].options[k]].qualified);
        seq_end(w);
    }
    seq_end(w);
}

static void write_conflict(writer *w)
{
    const accord_model *m = w->m;
    const accord_conflict *cf = m->conflict;
    static const char *const moves[] = {"both", "forward", "backward"};
    str(w, "conflict");
    map_start(w, false);
    str(w, "options");
    map_start(w, false);
    for (size_t p = 0; p < m->n_parties; p++) {
        bool any = false;
        for (size_t k = 0; k < cf->n_options; k++)
            any |= cf->options[k].party == p;
        if (!any)
            continue;
        str(w, m->parties[p].id);
        seq_start(w, false);
        for (size_t k = 0; k < cf->n_options; k++) {
            const accord_conflict_option *o = &cf->options[k];
            if (o->party != p)
                continue;
            bool plain = o->moves == ACCORD_MOVES_BOTH && !strcmp(o->name, o->id) && !o->source && !o->note;
            if (plain) {
                str(w, o->id);
                continue;
            }
            map_start(w, true);
            str(w, o->id);
            map_start(w, true);
            if (o->moves != ACCORD_MOVES_BOTH) {
                str(w, "moves");
                str(w, moves[o->moves]);
            }
            if (strcmp(o->name, o->id) != 0)
                kv(w, "name", o->name);
            kv(w, "source", o->source);
            kv(w, "note", o->note);
            map_end(w);
            map_end(w);
        }
        seq_end(w);
    }
    map_end(w);
    write_condition_list(w, "infeasible", cf->infeasible, cf->n_infeasible);
    write_groups(w, "exclusive", cf->exclusive, cf->n_exclusive);
    write_groups(w, "at_least_one", cf->at_least_one, cf->n_at_least_one);
    if (cf->has_status_quo) {
        char pat[130];
        str(w, "status_quo");
        text(w, accord_conflict_state_pattern(cf, cf->status_quo, false, pat, sizeof pat));
    }
    if (cf->n_named) {
        str(w, "named_states");
        map_start(w, false);
        for (size_t k = 0; k < cf->n_named; k++) {
            text(w, cf->named[k].name);
            text(w, cf->named[k].condition.text);
        }
        map_end(w);
    }
    str(w, "preferences");
    map_start(w, false);
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_conflict_preference *pr = &cf->preferences[p];
        if (pr->kind == ACCORD_PREF_PRIORITIES && pr->n_priorities == 0)
            continue;
        str(w, m->parties[p].id);
        map_start(w, false);
        if (pr->kind == ACCORD_PREF_PRIORITIES) {
            str(w, "priorities");
            seq_start(w, false);
            for (size_t j = 0; j < pr->n_priorities; j++)
                text(w, pr->priorities[j].text);
            seq_end(w);
        } else {
            str(w, "ranking");
            seq_start(w, false);
            for (size_t t = 0; t < pr->n_tiers; t++) {
                if (pr->tiers[t].n == 1) {
                    text(w, pr->tiers[t].members[0].text);
                    continue;
                }
                seq_start(w, true);
                for (size_t e = 0; e < pr->tiers[t].n; e++)
                    text(w, pr->tiers[t].members[e].text);
                seq_end(w);
            }
            seq_end(w);
        }
        map_end(w);
    }
    map_end(w);
    map_end(w);
}

static void make_ids(writer *w)
{
    const accord_model *m = w->m;
    w->party_ids = acc__arena_calloc(&w->ids, m->n_parties + 1, sizeof *w->party_ids);
    if (!w->party_ids) {
        w->failed = true;
        return;
    }
    for (size_t p = 0; p < m->n_parties; p++)
        w->party_ids[p] = make_id(w, m->parties[p].id, w->party_ids, p);
    const accord_agreement *ag = m->agreement;
    if (!ag)
        return;
    w->issue_ids = acc__arena_calloc(&w->ids, ag->n_issues + 1, sizeof *w->issue_ids);
    w->option_ids = acc__arena_calloc(&w->ids, ag->n_issues + 1, sizeof *w->option_ids);
    if (!w->issue_ids || !w->option_ids) {
        w->failed = true;
        return;
    }
    for (size_t i = 0; i < ag->n_issues && !w->failed; i++) {
        const accord_issue *is = &ag->issues[i];
        w->issue_ids[i] = make_id(w, is->id, w->issue_ids, i);
        if (is->kind != ACCORD_ISSUE_DISCRETE)
            continue;
        w->option_ids[i] = acc__arena_calloc(&w->ids, is->n_options, sizeof **w->option_ids);
        if (!w->option_ids[i]) {
            w->failed = true;
            return;
        }
        for (size_t k = 0; k < is->n_options; k++)
            w->option_ids[i][k] = make_id(w, is->options[k].id, w->option_ids[i], k);
    }
}

accord_status accord_model_to_yaml(const accord_model *m, char **out, size_t *size)
{
    *out = NULL;
    if (size)
        *size = 0;
    if (m->agreement && !acc__agreement_additive(m->agreement, m->n_parties))
        return ACCORD_E_UNSUPPORTED; /* the format has no non-linear utilities */
    writer w = {.m = m};
    if (!yaml_emitter_initialize(&w.em))
        return ACCORD_E_NOMEM;
    yaml_emitter_set_output(&w.em, write_handler, &w);
    yaml_emitter_set_unicode(&w.em, 1);
    yaml_emitter_set_width(&w.em, 100);
    make_ids(&w);
    const char *src = m->from_genius ? "genius" : NULL;

    acc__str_printf(&w.out, "# accord model written by accord %s from %s\n", ACCORD_VERSION, m->path);
    if (m->from_genius)
        acc__str_puts(&w.out, "# GENIUS semantics: discrete evaluations divided by the issue's largest,\n"
                              "# integer evaluators as clamped lines, weights as written (normalize: false,\n"
                              "# utility capped at 1); discounting is not part of the model.\n");
    yaml_event_t ev;
    emit(&w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(&w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    map_start(&w, false);
    str(&w, "accord");
    integer(&w, ACCORD_FORMAT_VERSION);
    kv(&w, "title", m->title);
    kv(&w, "note", m->note);
    if (m->n_sources || src) {
        str(&w, "sources");
        map_start(&w, false);
        for (size_t s = 0; s < m->n_sources; s++) {
            const accord_source *so = &m->sources[s];
            str(&w, so->id);
            map_start(&w, false);
            kv(&w, "title", so->title);
            kv(&w, "url", so->url);
            kv(&w, "date", so->date);
            kv(&w, "note", so->note);
            map_end(&w);
        }
        if (src) {
            str(&w, "genius");
            map_start(&w, false);
            kv(&w, "title", m->path);
            kv(&w, "note", "GENIUS scenario files imported with accord import genius");
            map_end(&w);
        }
        map_end(&w);
    }
    str(&w, "parties");
    seq_start(&w, false);
    for (size_t p = 0; p < m->n_parties; p++) {
        const accord_party *pa = &m->parties[p];
        map_start(&w, true);
        str(&w, "id");
        str(&w, w.party_ids ? w.party_ids[p] : pa->id);
        if (strcmp(pa->name, w.party_ids ? w.party_ids[p] : pa->id) != 0)
            kv(&w, "name", pa->name);
        kv(&w, "source", pa->source);
        kv(&w, "note", pa->note);
        map_end(&w);
    }
    seq_end(&w);
    if (m->agreement && !w.failed)
        write_agreement(&w, src);
    if (m->conflict && !w.failed)
        write_conflict(&w);
    map_end(&w);
    emit(&w, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(&w, &ev, yaml_stream_end_event_initialize(&ev));
    if (!w.failed && !yaml_emitter_flush(&w.em))
        w.failed = true;
    yaml_emitter_delete(&w.em);
    acc__arena_free(&w.ids);
    if (w.failed || w.out.failed) {
        acc__str_free(&w.out);
        return ACCORD_E_NOMEM;
    }
    if (size)
        *size = w.out.len;
    *out = acc__str_take(&w.out);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}
