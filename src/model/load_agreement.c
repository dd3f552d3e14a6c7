/*
 * load_agreement.c - the agreement section of a model file: issues
 * (discrete options or integer ranges), proposals (a term for every issue)
 * and each party's preferences (weights, values, reservation, red lines).
 * References to issues and options are resolved after the issues are read.
 */
#include "yaml_read.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* agreement                                                                 */

/* Issue n into *is, which the agreement will hold at position `at` if it is
 * kept (its options are indexed there). */
static void read_issue(acc__yaml_loader *L, const yaml_node_t *n, accord_issue *is, size_t at)
{
    static const char *const keys[] = {"id",   "name",   "options", "range",
                                       "unit", "source", "note",    NULL};
    static const char *const okeys[] = {"id", "label", "source", "note", NULL};
    static const char *const rkeys[] = {"min", "max", "step", NULL};
    is->loc = acc__yaml_loc(n);
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "an issue"))
        return;
    acc__yaml_check_keys(L, n, keys, "an issue");
    yaml_node_t *idn = acc__yaml_get(L, n, "id");
    if (!idn)
        acc__yaml_err(L, n, "an issue needs an id, e.g. {id: nato, options: [...]}");
    else if (!(is->id = acc__yaml_id(L, idn, "an issue")))
        acc__yaml_lose(L, ACC_IX_ISSUE, idn);
    const char *what = is->id ? is->id : "issue";
    is->name = acc__yaml_string(L, n, "name", "an issue");
    is->unit = acc__yaml_string(L, n, "unit", "an issue");
    is->source = acc__yaml_string(L, n, "source", "an issue");
    is->note = acc__yaml_string(L, n, "note", "an issue");
    yaml_node_t *opts = acc__yaml_get(L, n, "options"), *range = acc__yaml_get(L, n, "range");
    if (opts && range) {
        acc__yaml_err(L, range,
                      "issue \"%s\" has both options and range; an issue is either discrete "
                      "(options) or integer (range)",
                      what);
        return;
    }
    if (!opts && !range) {
        acc__yaml_err(
            L, n,
            "issue \"%s\" needs options: [...] (discrete) or range: {min, max, step} (integer)",
            what);
        return;
    }
    if (opts) {
        is->kind = ACCORD_ISSUE_DISCRETE;
        if (!acc__yaml_want(L, opts, YAML_SEQUENCE_NODE, "options"))
            return;
        if (acc__yaml_seq_len(opts) == 0) {
            acc__yaml_err(L, opts, "issue \"%s\" has no options", what);
            return;
        }
        is->options = acc__arena_calloc(L->A, acc__yaml_seq_len(opts), sizeof *is->options);
        if (!is->options)
            return acc__yaml_nomem(L);
        yaml_node_t *o;
        ACC_SEQ_EACH(L, opts, o)
        {
            accord_option op = {.loc = acc__yaml_loc(o)};
            if (o->type == YAML_SCALAR_NODE) {
                op.id = acc__yaml_id(L, o, "an option");
            } else if (acc__yaml_want(L, o, YAML_MAPPING_NODE, "an option")) {
                acc__yaml_check_keys(L, o, okeys, "an option");
                yaml_node_t *oid = acc__yaml_get(L, o, "id");
                if (!oid)
                    acc__yaml_err(L, o, "an option needs an id, e.g. {id: barred, label: \"...\"}");
                else
                    op.id = acc__yaml_id(L, oid, "an option");
                op.label = acc__yaml_string(L, o, "label", "an option");
                op.source = acc__yaml_string(L, o, "source", "an option");
                op.note = acc__yaml_string(L, o, "note", "an option");
            }
            if (!op.id) { /* its uses follow from this error */
                const char *raw = acc__yaml_scalar(o->type == YAML_SCALAR_NODE ? o : acc__yaml_get(L, o, "id"));
                if (raw && is->id)
                    acc__yaml_lose_text(L, ACC_LOST_OPTION, acc__arena_printf(L->A, "%s.%s", is->id, raw));
                continue;
            }
            if (!op.label)
                op.label = op.id;
            is->options[is->n_options] = op;
            size_t prior;
            if (acc__model_index_option(L->m, at, is, is->n_options, &prior))
                return acc__yaml_nomem(L);
            if (prior != SIZE_MAX)
                acc__yaml_err(L, o, "option \"%s\" appears twice in issue \"%s\"", op.id, what);
            else
                is->n_options++;
        }
        return;
    }
    is->kind = ACCORD_ISSUE_INTEGER;
    if (!acc__yaml_want(L, range, YAML_MAPPING_NODE, "range"))
        return;
    acc__yaml_check_keys(L, range, rkeys, "a range");
    yaml_node_t *mn = acc__yaml_get(L, range, "min"), *mx = acc__yaml_get(L, range, "max"),
                *st = acc__yaml_get(L, range, "step");
    if (!mn || !mx) {
        acc__yaml_err(L, range, "range of issue \"%s\" needs min and max (step defaults to 1)",
                      what);
        return;
    }
    is->step = 1;
    /* read all three so that each bad one is reported */
    bool ok_min = acc__yaml_int64(L, mn, &is->min, "min");
    bool ok_max = acc__yaml_int64(L, mx, &is->max, "max");
    bool ok_step = !st || acc__yaml_int64(L, st, &is->step, "step");
    if (!ok_min || !ok_max || !ok_step)
        return;
    if (is->step <= 0) {
        acc__yaml_err(L, st, "step of issue \"%s\" must be positive", what);
        return;
    }
    if (is->max < is->min) {
        acc__yaml_err(L, mx, "max (%lld) of issue \"%s\" is below min (%lld)", (long long)is->max,
                      what, (long long)is->min);
        return;
    }
    if ((is->max - is->min) % is->step) {
        acc__yaml_err(
            L, range,
            "range of issue \"%s\": max - min (%lld) is not a multiple of step (%lld); the options "
            "are min, min+step, ..., max",
            what, (long long)(is->max - is->min), (long long)is->step);
        return;
    }
    uint64_t count = (uint64_t)((is->max - is->min) / is->step) + 1;
    if (count > ACC_MAX_TOTAL_OPTIONS) {
        acc__yaml_err(L, range, "issue \"%s\" has %llu options; at most %zu (use a larger step)",
                      what, (unsigned long long)count, ACC_MAX_TOTAL_OPTIONS);
        return;
    }
    is->n_options = (size_t)count;
}

static const char *issue_list(acc__yaml_loader *L)
{
    const accord_agreement *ag = L->m->agreement;
    acc__str s = {0};
    for (size_t i = 0; i < ag->n_issues && i < 12; i++)
        acc__str_printf(&s, "%s%s", i ? ", " : "", ag->issues[i].id);
    if (ag->n_issues > 12)
        acc__str_puts(&s, ", ...");
    char *t = acc__str_take(&s);
    char *r = t ? acc__arena_strdup(L->A, t) : NULL;
    acc__free(t);
    return r ? r : "";
}

/* The issue n names; -1 after reporting (*meant, if not NULL, is then the
 * issue of the "did you mean", or -1), -2 without a message when the name
 * was lost to an earlier error. */
static long issue_ref(acc__yaml_loader *L, const yaml_node_t *n, const char *what, long *meant)
{
    const char *s = acc__yaml_scalar(n);
    if (meant)
        *meant = -1;
    const accord_agreement *ag = L->m->agreement;
    if (!s) {
        acc__yaml_err(L, n, "%s must name an issue, not %s", what, acc__yaml_kind(n));
        return -1;
    }
    long i = acc__model_find(L->m, ACC_IX_ISSUE, s);
    if (i >= 0)
        return i;
    if (acc__yaml_is_lost(L, ACC_IX_ISSUE, s))
        return -2; /* follows from the error where the issue is declared */
    if (acc__yaml_quiet(L))
        return i;
    const char *c[256];
    size_t nc = 0;
    for (size_t k = 0; k < ag->n_issues && nc < 256; k++)
        c[nc++] = ag->issues[k].id;
    const char *hint = acc__suggest(s, c, nc);
    if (hint && meant)
        *meant = acc__model_find(L->m, ACC_IX_ISSUE, hint);
    if (!acc__yaml_first_report(L, ACC_IX_ISSUE, s))
        return -1; /* its first use says how many there are */
    if (hint)
        acc__yaml_err(L, n, "issue \"%s\" is not declared; did you mean \"%s\"?", s, hint);
    else
        acc__yaml_err(L, n, "issue \"%s\" is not declared (declared: %s)", s, issue_list(L));
    return -1;
}

/* An option of the agreement's issue i named by node n: an option id, or an
 * integer value; -1 after reporting (*meant, if not NULL, is then the option
 * of the "did you mean", or -1), -2 without a message when the issue itself
 * failed to load (its error says why). */
static long option_ref(acc__yaml_loader *L, size_t i, const yaml_node_t *n, const char *what,
                       long *meant)
{
    const accord_issue *is = &L->m->agreement->issues[i];
    if (meant)
        *meant = -1;
    const char *s = acc__yaml_scalar(n);
    if (!s) {
        acc__yaml_err(L, n, "%s must be an option of issue \"%s\", not %s", what, is->id,
                      acc__yaml_kind(n));
        return -1;
    }
    if (is->n_options == 0)
        return -2;
    long k = acc__model_find_option(L->m, i, s);
    if (k >= 0)
        return k;
    char qualified[512];
    snprintf(qualified, sizeof qualified, "%s.%s", is->id, s);
    if (acc__yaml_is_lost(L, ACC_LOST_OPTION, qualified))
        return -2; /* follows from the error at the option's declaration */
    if (acc__yaml_quiet(L))
        return k;
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        if (!acc__yaml_first_report(L, ACC_LOST_OPTION, qualified))
            return -1; /* its first use says how many there are */
        acc__yaml_err(L, n,
                      "issue \"%s\" is an integer issue (range %lld..%lld step %lld); %s must be "
                      "one of its values, found \"%s\"",
                      is->id, (long long)is->min, (long long)is->max, (long long)is->step, what, s);
        return -1;
    }
    const char *c[512];
    size_t nc = 0;
    acc__str list = {0};
    for (size_t q = 0; q < is->n_options && q < 512; q++) {
        c[nc++] = is->options[q].id;
        if (q < 12)
            acc__str_printf(&list, "%s%s", q ? ", " : "", is->options[q].id);
    }
    if (is->n_options > 12)
        acc__str_puts(&list, ", ...");
    char *names = acc__str_take(&list);
    const char *hint = acc__suggest(s, c, nc);
    if (hint && meant)
        *meant = acc__model_find_option(L->m, i, hint);
    /* a repeat says nothing: its first use says how many there are */
    bool first = acc__yaml_first_report(L, ACC_LOST_OPTION, qualified);
    if (first && hint)
        acc__yaml_err(L, n, "issue \"%s\" has no option \"%s\"; did you mean \"%s\"?", is->id, s,
                      hint);
    else if (first)
        acc__yaml_err(L, n, "issue \"%s\" has no option \"%s\" (options: %s)", is->id, s,
                      names ? names : "");
    acc__free(names);
    return -1;
}

/* "proposal P leaves out N issues: a, b, ..." for the issues with options
 * that given[] does not mark: found in a scan that stops after 12 names,
 * so that the cost is that of the terms given. */
static void report_missing(acc__yaml_loader *L, const accord_proposal *pr, const yaml_node_t *terms,
                           const unsigned char *given, size_t nmiss)
{
    const accord_agreement *ag = L->m->agreement;
    if (acc__yaml_quiet(L))
        return;
    acc__str list = {0};
    size_t listed = 0;
    for (size_t i = 0; i < ag->n_issues && listed < 12; i++)
        if (!given[i] && ag->issues[i].n_options)
            acc__str_printf(&list, "%s%s", listed++ ? ", " : "", ag->issues[i].id);
    if (nmiss > listed)
        acc__str_puts(&list, ", ...");
    char *names = acc__str_take(&list);
    if (!names)
        return acc__yaml_nomem(L);
    acc__yaml_err(L, terms, "proposal \"%s\" leaves out %zu issue%s: %s; every issue must be assigned",
                  pr->id, nmiss, nmiss == 1 ? "" : "s", names);
    acc__free(names);
}

/* The terms of proposal pr: an option for every issue that has options.
 * pr->terms (one per issue) is allocated only when the map can assign
 * every issue, so that many proposals with few terms cost what they say,
 * not proposals x issues.  False after reporting a problem. */
/* Mark (1) or clear (0) given[] for the issues the repeats of `terms:` in
 * proposal n assign; returns how many it newly marked that have options. */
static size_t repeated_terms(acc__yaml_loader *L, const yaml_node_t *n, unsigned char *given,
                             unsigned char mark)
{
    yaml_node_t *rep[8], *k, *v;
    size_t nr = acc__yaml_repeats(L, n, "terms", rep, 8), marked = 0;
    for (size_t r = 0; r < nr; r++) {
        if (rep[r]->type != YAML_MAPPING_NODE)
            continue;
        ACC_MAP_EACH(L, rep[r], k, v)
        {
            (void)v;
            long i = acc__yaml_scalar(k) ? acc__model_find(L->m, ACC_IX_ISSUE, acc__yaml_scalar(k)) : -1;
            if (i < 0 || given[i] == mark)
                continue;
            marked += mark && L->m->agreement->issues[i].n_options;
            given[i] = mark;
        }
    }
    return marked;
}

static bool read_terms(acc__yaml_loader *L, accord_proposal *pr, const yaml_node_t *n,
                       const yaml_node_t *terms)
{
    accord_agreement *ag = L->m->agreement;
    unsigned char *given = L->issue_flags; /* all 0 between calls */
    acc__yaml_check_keys(L, terms, NULL, "terms"); /* duplicates */
    if (acc__yaml_map_len(terms) >= L->issues_with_options) {
        pr->terms = acc__arena_calloc(L->A, ag->n_issues + 1, sizeof *pr->terms);
        if (!pr->terms) {
            acc__yaml_nomem(L);
            return false;
        }
    }
    yaml_node_t *k, *v;
    bool ok = true;
    size_t assigned = 0, n_meant = 0;
    long meant[16]; /* issues a misspelt term was taken for: not left out */
    ACC_MAP_EACH(L, terms, k, v)
    {
        long m;
        long i = issue_ref(L, k, "a term", &m);
        if (i < 0 && m >= 0 && !given[m] && n_meant < 16) {
            assigned += ag->issues[m].n_options > 0;
            given[m] = 1;
            meant[n_meant++] = m;
        }
        if (i < 0) {
            ok = ok && i == -2; /* a lost issue is not this proposal's mistake */
            continue;
        }
        /* given even when the option is wrong: that has its own message */
        assigned += !given[i] && ag->issues[i].n_options;
        given[i] = 1;
        long o = option_ref(L, (size_t)i, v, "a term", NULL);
        if (o < 0)
            ok = ok && o == -2;
        else if (pr->terms)
            pr->terms[i] = (uint32_t)o;
    }
    /* the issues a repeated terms: key assigns are not missing: the repeat
     * has its own message */
    assigned += repeated_terms(L, n, given, 1);
    if (assigned < L->issues_with_options) {
        report_missing(L, pr, terms, given, L->issues_with_options - assigned);
        ok = false;
    }
    repeated_terms(L, n, given, 0);
    for (size_t q = 0; q < n_meant; q++)
        given[meant[q]] = 0;
    ACC_MAP_EACH(L, terms, k, v)
    {
        long i = acc__yaml_scalar(k) ? acc__model_find(L->m, ACC_IX_ISSUE, acc__yaml_scalar(k)) : -1;
        if (i >= 0)
            given[i] = 0;
    }
    return ok;
}

static void read_proposal(acc__yaml_loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"id", "name", "date", "by", "source", "note", "terms", NULL};
    accord_agreement *ag = L->m->agreement;
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "a proposal"))
        return;
    acc__yaml_check_keys(L, n, keys, "a proposal");
    accord_proposal pr = {.loc = acc__yaml_loc(n)};
    yaml_node_t *idn = acc__yaml_get(L, n, "id");
    if (!idn) {
        acc__yaml_err(L, n, "a proposal needs an id, e.g. {id: us28, terms: {...}}");
        return;
    }
    pr.id = acc__yaml_id(L, idn, "a proposal");
    if (!pr.id)
        return acc__yaml_lose(L, ACC_IX_PROPOSAL, idn);
    if (acc__model_find(L->m, ACC_IX_PROPOSAL, pr.id) >= 0) {
        acc__yaml_err(L, idn, "proposal \"%s\" is declared twice", pr.id);
        return;
    }
    pr.name = acc__yaml_string(L, n, "name", "a proposal");
    pr.date = acc__yaml_string(L, n, "date", "a proposal");
    pr.source = acc__yaml_string(L, n, "source", "a proposal");
    pr.note = acc__yaml_string(L, n, "note", "a proposal");
    yaml_node_t *by = acc__yaml_get(L, n, "by");
    if (by && !acc__yaml_is_null(by)) {
        if (by->type == YAML_SEQUENCE_NODE) {
            /* several authors: "US, UA" */
            acc__str s = {0};
            yaml_node_t *b;
            size_t i = 0;
            ACC_SEQ_EACH(L, by, b)
            {
                if (acc__yaml_party_ref(L, b, "by") >= 0)
                    acc__str_printf(&s, "%s%s", i++ ? ", " : "", acc__yaml_scalar(b));
            }
            char *t = acc__str_take(&s);
            pr.by = t ? acc__arena_strdup(L->A, t) : NULL;
            acc__free(t);
        } else if (acc__yaml_party_ref(L, by, "by") >= 0) {
            pr.by = acc__arena_strdup(L->A, acc__yaml_scalar(by));
        }
    }
    if (!pr.name)
        pr.name = pr.id;
    yaml_node_t *terms = acc__yaml_get(L, n, "terms");
    if (!terms) {
        acc__yaml_err(
            L, n,
            "proposal \"%s\" has no terms; expected terms: {issue: option, ...} for every issue",
            pr.id);
        return acc__yaml_lose(L, ACC_IX_PROPOSAL, idn);
    }
    if (!acc__yaml_want(L, terms, YAML_MAPPING_NODE, "terms") || !read_terms(L, &pr, n, terms))
        return acc__yaml_lose(L, ACC_IX_PROPOSAL, idn);
    if (acc__model_index_add(L->m, ACC_IX_PROPOSAL, pr.id, ag->n_proposals, NULL))
        return acc__yaml_nomem(L);
    ag->proposals[ag->n_proposals++] = pr;
}

static void read_valuation(acc__yaml_loader *L, const yaml_node_t *n, size_t issue,
                           accord_valuation *va, const char *party)
{
    const accord_issue *is = &L->m->agreement->issues[issue];
    va->loc = acc__yaml_loc(n);
    char what[256];
    if (is->kind == ACCORD_ISSUE_INTEGER) {
        /* {linear: [[x, v], ...]} */
        if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "the value of an integer issue"))
            return;
        acc__yaml_check_keys(L, n, (const char *const[]){"linear", NULL},
                             "an integer issue's values");
        yaml_node_t *lin = acc__yaml_get(L, n, "linear");
        if (!lin) {
            acc__yaml_err(L, n,
                          "%s's values for integer issue \"%s\" need linear: [[x, value], ...]",
                          party, is->id);
            return;
        }
        if (!acc__yaml_want(L, lin, YAML_SEQUENCE_NODE, "linear"))
            return;
        if (acc__yaml_seq_len(lin) < 1) {
            acc__yaml_err(L, lin, "linear needs at least one point [x, value]");
            return;
        }
        va->points = acc__arena_calloc(L->A, acc__yaml_seq_len(lin), sizeof *va->points);
        if (!va->points)
            return acc__yaml_nomem(L);
        yaml_node_t *pt;
        ACC_SEQ_EACH(L, lin, pt)
        {
            if (pt->type != YAML_SEQUENCE_NODE || acc__yaml_seq_len(pt) != 2) {
                acc__yaml_err(L, pt, "a point of linear must be [x, value], found %s",
                              acc__yaml_kind(pt));
                continue;
            }
            accord_point p;
            yaml_node_t *x = acc__yaml_node(L, pt->data.sequence.items.start[0]);
            yaml_node_t *y = acc__yaml_node(L, pt->data.sequence.items.start[1]);
            if (!acc__yaml_double(L, x, &p.x, "x") || !acc__yaml_double(L, y, &p.y, "a value"))
                continue;
            p.xq = acc__rational_parse(acc__yaml_scalar(x));
            p.yq = acc__rational_parse(acc__yaml_scalar(y));
            if (p.y < 0 || p.y > 1) {
                acc__yaml_err(L, y, "%s's value %g for issue \"%s\" is outside [0, 1]", party, p.y,
                              is->id);
                continue;
            }
            if (va->n_points && p.x <= va->points[va->n_points - 1].x) {
                acc__yaml_err(L, x, "the points of linear must have increasing x (%g follows %g)",
                              p.x, va->points[va->n_points - 1].x);
                continue;
            }
            va->points[va->n_points++] = p;
        }
        return;
    }
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "the values of a discrete issue"))
        return;
    acc__yaml_check_keys(L, n, NULL, "values"); /* duplicates */
    /* a map with fewer entries than options leaves some out: no table for it */
    if (acc__yaml_map_len(n) >= is->n_options) {
        va->values = acc__arena_calloc(L->A, is->n_options, sizeof *va->values);
        if (!va->values)
            return acc__yaml_nomem(L);
    }
    unsigned char *seen = L->option_flags; /* all 0 between calls */
    size_t n_seen = 0, n_meant = 0;
    long meant[16]; /* options a misspelt key was taken for: not missing */
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, n, k, v)
    {
        long m;
        long o = option_ref(L, issue, k, "a value", &m);
        if (o < 0 && m >= 0 && !seen[m] && n_meant < 16) {
            n_seen++;
            seen[m] = 1;
            meant[n_meant++] = m;
        }
        if (o < 0)
            continue;
        snprintf(what, sizeof what, "%s's value of %s = %s", party, is->id, is->options[o].id);
        accord_number unused;
        acc__yaml_number(L, v, va->values ? &va->values[o] : &unused, 0, 1, what);
        n_seen += !seen[o];
        seen[o] = 1; /* present; a bad value has its own message */
    }
    if (n_seen < is->n_options && !acc__yaml_quiet(L)) {
        /* the first missing options: a scan that stops after 12 of them */
        acc__str missing = {0};
        size_t listed = 0;
        for (size_t o = 0; o < is->n_options && listed < 12; o++)
            if (!seen[o])
                acc__str_printf(&missing, "%s%s", listed++ ? ", " : "", is->options[o].id);
        if (is->n_options - n_seen > listed)
            acc__str_puts(&missing, ", ...");
        if (missing.failed)
            acc__yaml_nomem(L);
        else
            acc__yaml_err(L, n,
                          "%s gives no value to %s of issue \"%s\"; every option of a weighted "
                          "issue needs a value in [0, 1]",
                          party, missing.data, is->id);
        acc__str_free(&missing);
    }
    ACC_MAP_EACH(L, n, k, v)
    {
        long o = acc__yaml_scalar(k) ? acc__model_find_option(L->m, issue, acc__yaml_scalar(k)) : -1;
        if (o >= 0)
            seen[o] = 0;
    }
    for (size_t q = 0; q < n_meant; q++)
        seen[meant[q]] = 0;
}

/* One red line as a map: {when: CONDITION, source: ID, assumption: "...",
 * note: "...", firmness: NUMBER}.  Returns the node of the condition (NULL
 * after reporting a problem). */
static const yaml_node_t *red_line_map(acc__yaml_loader *L, const yaml_node_t *n, const char *party,
                                       accord_red_line_info *info)
{
    static const char *const keys[] = {"when", "source", "assumption", "note", "firmness", NULL};
    acc__yaml_check_keys(L, n, keys, "a red line");
    info->source = acc__yaml_string(L, n, "source", "a red line");
    info->assumption = acc__yaml_string(L, n, "assumption", "a red line");
    info->note = acc__yaml_string(L, n, "note", "a red line");
    yaml_node_t *src = acc__yaml_get(L, n, "source");
    if (src && !acc__yaml_is_null(src) && !acc__is_id(acc__yaml_scalar(src) ? acc__yaml_scalar(src) : ""))
        acc__yaml_err(L, src, "source of a red line must be the id of an entry in sources");
    yaml_node_t *f = acc__yaml_get(L, n, "firmness");
    if (f) {
        char what[256];
        snprintf(what, sizeof what, "the firmness of a red line of %s", party);
        accord_number num;
        if (acc__yaml_number(L, f, &num, 0, 1, what))
            info->firmness = num;
    }
    yaml_node_t *when = acc__yaml_get(L, n, "when");
    if (!when)
        acc__yaml_err(L, n, "a red line written as a map needs when: CONDITION, e.g. {when: \"nato = open\", "
                            "firmness: 0.8}");
    return when;
}

/* red_lines: [CONDITION or {when: CONDITION, ...}, ...] into the party's
 * statements and their parallel red_line_info (firmness 1 by default). */
static void read_red_lines(acc__yaml_loader *L, const yaml_node_t *seq, size_t p)
{
    accord_preference *pr = &L->m->agreement->preferences[p];
    size_t len = acc__yaml_seq_len(seq);
    pr->red_lines = acc__arena_calloc(L->A, len + 1, sizeof *pr->red_lines);
    pr->red_line_info = acc__arena_calloc(L->A, len + 1, sizeof *pr->red_line_info);
    if (!pr->red_lines || !pr->red_line_info)
        return acc__yaml_nomem(L);
    yaml_node_t *s;
    ACC_SEQ_EACH(L, seq, s)
    {
        accord_red_line_info info = {.firmness = {.value = 1, .low = 1, .high = 1, .exact = {1, 1}}};
        const yaml_node_t *c = s;
        if (s->type == YAML_MAPPING_NODE && !(c = red_line_map(L, s, L->m->parties[p].id, &info)))
            continue;
        if (!acc__yaml_scalar(c) || acc__yaml_is_null(c)) {
            acc__yaml_err(L, c,
                          "a red line must be a condition such as \"nato = open\" or {when: "
                          "CONDITION, firmness: NUMBER}, not %s",
                          acc__yaml_kind(c));
            continue;
        }
        accord_statement *st = &pr->red_lines[pr->n_red_lines];
        st->loc = acc__yaml_loc(c);
        st->text = acc__arena_strdup(L->A, acc__yaml_scalar(c));
        if (!st->text)
            return acc__yaml_nomem(L);
        if (acc__yaml_compile(L, c, ACC_EXPR_AGREEMENT, &st->expr))
            pr->red_line_info[pr->n_red_lines++] = info;
        if (L->rc == ACCORD_E_NOMEM)
            return;
    }
}

static void read_preference(acc__yaml_loader *L, const yaml_node_t *n, size_t p)
{
    static const char *const keys[] = {"reservation", "weights", "values", "red_lines",
                                       "normalize",   "source",  "note",   NULL};
    accord_agreement *ag = L->m->agreement;
    accord_preference *pr = &ag->preferences[p];
    const char *party = L->m->parties[p].id;
    char what[256];
    pr->loc = acc__yaml_loc(n);
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "a party's preferences"))
        return;
    acc__yaml_check_keys(L, n, keys, "preferences");
    pr->source = acc__yaml_string(L, n, "source", "preferences");
    pr->note = acc__yaml_string(L, n, "note", "preferences");
    yaml_node_t *norm = acc__yaml_get(L, n, "normalize");
    if (norm)
        acc__yaml_bool(L, norm, &pr->normalize, "normalize");
    yaml_node_t *res = acc__yaml_get(L, n, "reservation");
    if (res) {
        snprintf(what, sizeof what, "%s's reservation", party);
        acc__yaml_number(L, res, &pr->reservation, 0, 1, what);
    }
    yaml_node_t *w = acc__yaml_get(L, n, "weights");
    if (!w) {
        acc__yaml_err(L, n, "%s's preferences need weights: {issue: weight, ...}", party);
    } else if (acc__yaml_want(L, w, YAML_MAPPING_NODE, "weights")) {
        acc__yaml_check_keys(L, w, NULL, "weights");
        yaml_node_t *k, *v;
        ACC_MAP_EACH(L, w, k, v)
        {
            long i = issue_ref(L, k, "a weight", NULL);
            if (i < 0)
                continue;
            snprintf(what, sizeof what, "%s's weight of %s", party, ag->issues[i].id);
            if (acc__yaml_number(L, v, &pr->weights[i], 0, INFINITY, what))
                pr->weighted[i] = true;
        }
        double sum = 0;
        size_t read = 0; /* weights read: the others have their own errors */
        for (size_t i = 0; i < ag->n_issues; i++) {
            sum += pr->weighted[i] ? pr->weights[i].high : 0;
            read += pr->weighted[i];
        }
        if (pr->normalize && sum <= 0 && read)
            acc__yaml_err(
                L, w,
                "%s's weights are all zero; they are normalised to sum 1, so at least one "
                "must be positive",
                party);
    }
    yaml_node_t *vals = acc__yaml_get(L, n, "values");
    const yaml_node_t **given = acc__arena_calloc(L->A, ag->n_issues + 1, sizeof *given);
    if (!given)
        return acc__yaml_nomem(L);
    if (vals && acc__yaml_want(L, vals, YAML_MAPPING_NODE, "values")) {
        acc__yaml_check_keys(L, vals, NULL, "values");
        yaml_node_t *k, *v;
        ACC_MAP_EACH(L, vals, k, v)
        {
            long meant;
            long i = issue_ref(L, k, "values", &meant);
            if (i < 0 && meant >= 0 && !given[meant])
                given[meant] = v; /* "did you mean" said it: not also without values */
            if (i < 0)
                continue;
            given[i] = v;
            read_valuation(L, v, (size_t)i, &pr->valuations[i], party);
        }
    }
    /* values given under a repeated values: key are not missing: the repeat
     * has its own message */
    yaml_node_t *rep[8], *rk, *rv;
    size_t nr = acc__yaml_repeats(L, n, "values", rep, 8);
    for (size_t r = 0; r < nr; r++) {
        if (rep[r]->type != YAML_MAPPING_NODE)
            continue;
        ACC_MAP_EACH(L, rep[r], rk, rv)
        {
            long i = acc__yaml_scalar(rk) ? acc__model_find(L->m, ACC_IX_ISSUE, acc__yaml_scalar(rk)) : -1;
            if (i >= 0 && !given[i])
                given[i] = rv;
        }
    }
    for (size_t i = 0; i < ag->n_issues; i++) {
        if (pr->weighted[i] && !given[i] && ag->issues[i].n_options)
            acc__yaml_err(
                L, vals ? vals : n,
                "%s weighs issue \"%s\" but gives it no values; add values: {%s: {...}} or leave "
                "it out of weights",
                party, ag->issues[i].id, ag->issues[i].id);
    }
    yaml_node_t *rl = acc__yaml_get(L, n, "red_lines");
    if (rl && !acc__yaml_is_null(rl) && acc__yaml_want(L, rl, YAML_SEQUENCE_NODE, "red_lines"))
        read_red_lines(L, rl, p);
}

/* The loader's scratch flags, one per issue and one per option of the
 * largest discrete issue, and the number of issues a proposal must assign.
 * False when out of memory. */
static bool read_issue_flags(acc__yaml_loader *L)
{
    const accord_agreement *ag = L->m->agreement;
    size_t most = 0;
    L->issues_with_options = 0;
    for (size_t i = 0; i < ag->n_issues; i++) {
        L->issues_with_options += ag->issues[i].n_options > 0;
        if (ag->issues[i].kind == ACCORD_ISSUE_DISCRETE && ag->issues[i].n_options > most)
            most = ag->issues[i].n_options;
    }
    L->issue_flags = acc__arena_calloc(L->A, ag->n_issues + 1, 1);
    L->option_flags = acc__arena_calloc(L->A, most + 1, 1);
    if (!L->issue_flags || !L->option_flags) {
        acc__yaml_nomem(L);
        return false;
    }
    return true;
}

/* Do the parties' weights and utilities fit (acc__table_check)?  The
 * options are counted up to the limit (a sum of ranges could overflow). */
static bool table_fits(acc__yaml_loader *L, const yaml_node_t *n)
{
    const accord_agreement *ag = L->m->agreement;
    uint64_t options = 0;
    for (size_t i = 0; i < ag->n_issues && options <= ACC_MAX_TABLE_CELLS; i++)
        options += ag->issues[i].n_options;
    accord_status r = acc__table_check(L->m->n_parties, ag->n_issues, options, L->diag, L->file,
                                       acc__yaml_loc(n).line, acc__yaml_loc(n).col);
    if (!r)
        return true;
    L->errors++;
    L->rc = r;
    return false;
}

void acc__yaml_agreement(acc__yaml_loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"issues", "proposals", "preferences", "note", NULL};
    accord_model *m = L->m;
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "agreement"))
        return;
    acc__yaml_check_keys(L, n, keys, "agreement");
    acc__yaml_lose_repeats(L, n, "issues", ACC_IX_ISSUE);
    acc__yaml_lose_repeats(L, n, "proposals", ACC_IX_PROPOSAL);
    accord_agreement *ag = acc__arena_alloc(L->A, sizeof *ag);
    if (!ag)
        return acc__yaml_nomem(L);
    m->agreement = ag;
    yaml_node_t *issues = acc__yaml_get(L, n, "issues");
    if (!issues) {
        acc__yaml_err(L, n, "agreement needs issues: [...]");
    } else if (acc__yaml_want(L, issues, YAML_SEQUENCE_NODE, "issues")) {
        ag->issues = acc__arena_calloc(L->A, acc__yaml_seq_len(issues) + 1, sizeof *ag->issues);
        if (!ag->issues)
            return acc__yaml_nomem(L);
        yaml_node_t *item;
        ACC_SEQ_EACH(L, issues, item)
        {
            accord_issue is = {0};
            read_issue(L, item, &is, ag->n_issues);
            size_t prior = SIZE_MAX;
            if (is.id && acc__model_index_add(m, ACC_IX_ISSUE, is.id, ag->n_issues, &prior))
                return acc__yaml_nomem(L);
            if (!is.id || prior != SIZE_MAX) {
                if (is.id)
                    acc__yaml_err(L, item, "issue \"%s\" is declared twice", is.id);
                acc__model_index_forget_options(m, ag->n_issues); /* the position is reused */
                continue;
            }
            if (!is.name)
                is.name = is.id;
            ag->issues[ag->n_issues++] = is;
        }
        if (acc__yaml_seq_len(issues) == 0)
            acc__yaml_err(L, issues, "issues is empty; an agreement needs at least one issue");
    }
    if (!read_issue_flags(L))
        return;
    yaml_node_t *props = acc__yaml_get(L, n, "proposals");
    if (props && !acc__yaml_is_null(props) &&
        acc__yaml_want(L, props, YAML_SEQUENCE_NODE, "proposals")) {
        ag->proposals =
            acc__arena_calloc(L->A, acc__yaml_seq_len(props) + 1, sizeof *ag->proposals);
        if (!ag->proposals)
            return acc__yaml_nomem(L);
        yaml_node_t *item;
        ACC_SEQ_EACH(L, props, item) read_proposal(L, item);
    }
    if (!table_fits(L, n))
        return;
    /* preferences: one per party */
    size_t np = m->n_parties, ni = ag->n_issues;
    ag->preferences = acc__arena_calloc(L->A, np + 1, sizeof *ag->preferences);
    if (!ag->preferences)
        return acc__yaml_nomem(L);
    for (size_t p = 0; p < np; p++) {
        accord_preference *pr = &ag->preferences[p];
        pr->normalize = true;
        pr->weights = acc__arena_calloc(L->A, ni + 1, sizeof *pr->weights);
        pr->weighted = acc__arena_calloc(L->A, ni + 1, sizeof *pr->weighted);
        pr->valuations = acc__arena_calloc(L->A, ni + 1, sizeof *pr->valuations);
        if (!pr->weights || !pr->weighted || !pr->valuations)
            return acc__yaml_nomem(L);
    }
    yaml_node_t *prefs = acc__yaml_get(L, n, "preferences");
    /* 1: read; 2: its missing preferences follow from another error */
    unsigned char *has = acc__arena_calloc(L->A, np + 1, sizeof *has);
    if (!has)
        return acc__yaml_nomem(L);
    acc__yaml_excuse_repeats(L, n, "preferences", has);
    if (!prefs) {
        acc__yaml_err(L, n,
                      "agreement needs preferences: {PARTY: {weights: ..., values: ...}, ...}");
        return;
    }
    if (!acc__yaml_party_map(L, prefs, "preferences", has, read_preference))
        return;
    for (size_t p = 0; p < np; p++)
        if (!has[p])
            acc__yaml_err(L, prefs,
                          "party %s has no preferences in the agreement; every party needs "
                          "weights and values",
                          m->parties[p].id);
}
