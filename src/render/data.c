/*
 * data.c - the model data the report's explorer computes with, as JSON
 * (accord_report_data_json): the utility table, the reservations, the caps
 * and the red lines as their compiled post-order node arrays, so that the
 * page evaluates an outcome as accord_utility and accord_red_line_broken do.
 * For a party with exact fractions (exact.h) "exact" holds its numerators,
 * denominator and reservation as decimal strings: the page sums them as
 * BigInts and compares with the reservation exactly, as the library does.
 */
#include "report.h"
#include "json.h"
#include "../model/exact.h"
#include "../model/expr.h"

static json_t *expr_json(const accord_expr *e)
{
    static const char *const cmp[] = {"=", "!=", ">=", "<"};
    json_t *a = json_array();
    for (uint32_t i = 0; a && i < e->n; i++) {
        const acc__expr_node *nd = &e->nodes[i];
        json_t *node = NULL;
        switch (nd->kind) {
        case ACC_EX_ATOM:
            node = json_pack("[s,I,s,I]", "atom", (json_int_t)nd->var,
                             nd->cmp < 4 ? cmp[nd->cmp] : "=", (json_int_t)nd->arg);
            break;
        case ACC_EX_NOT: node = json_pack("[s,I]", "not", (json_int_t)nd->arg); break;
        case ACC_EX_AND: node = json_pack("[s,I,I]", "and", (json_int_t)nd->arg, (json_int_t)nd->right); break;
        case ACC_EX_OR: node = json_pack("[s,I,I]", "or", (json_int_t)nd->arg, (json_int_t)nd->right); break;
        case ACC_EX_IMPLIES:
            node = json_pack("[s,I,I]", "implies", (json_int_t)nd->arg, (json_int_t)nd->right);
            break;
        case ACC_EX_IFF: node = json_pack("[s,I,I]", "iff", (json_int_t)nd->arg, (json_int_t)nd->right); break;
        default: node = json_pack("[s,I]", "const", (json_int_t)(nd->arg != 0)); break;
        }
        if (!acc__json_push(a, node)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* Every child is attached to its parent as soon as it is made (the parent
 * then owns it, and jansson releases a child it fails to attach), so that
 * one json_decref of the root frees everything after any failure. */
static json_t *attach_array(json_t *parent, const char *key)
{
    json_t *a = json_array();
    if (key ? !acc__json_set(parent, key, a) : !acc__json_push(parent, a))
        return NULL;
    return a;
}

static json_t *attach_object(json_t *parent)
{
    json_t *o = json_object();
    return acc__json_push(parent, o) ? o : NULL;
}

static bool issues_json(const accord_model *m, json_t *issues)
{
    const accord_agreement *ag = m->agreement;
    for (size_t i = 0; i < ag->n_issues; i++) {
        const accord_issue *is = &ag->issues[i];
        json_t *o = attach_object(issues);
        bool discrete = is->kind == ACCORD_ISSUE_DISCRETE;
        if (!o || !acc__json_set(o, "id", acc__json_text(is->id)) ||
            !acc__json_set(o, "name", acc__json_text(is->name)) ||
            !acc__json_set(o, "kind", json_string(discrete ? "discrete" : "integer")) ||
            !acc__json_set(o, "unit", acc__json_text(is->unit)))
            return false;
        json_t *ids = attach_array(o, discrete ? "ids" : "values");
        json_t *labels = attach_array(o, "options");
        if (!ids || !labels)
            return false;
        for (size_t k = 0; k < is->n_options; k++) {
            acc__str t = {0};
            acc__option_label(&t, is, k);
            bool ok = !t.failed && acc__json_push(labels, acc__json_text(t.data ? t.data : "")) &&
                      acc__json_push(ids, discrete ? acc__json_text(is->options[k].id)
                                                   : json_integer((json_int_t)accord_issue_option_value(is, k)));
            acc__str_free(&t);
            if (!ok)
                return false;
        }
    }
    return true;
}

static json_t *i128_json(acc__i128 v)
{
    char buf[48];
    return json_string(acc__i128_text(v, buf));
}

/* Party p's fractions: {"den", "res", "num": [[per option] per issue]}. */
static bool exact_json(const accord_model *m, size_t p, json_t *list)
{
    const accord_utility_table *t = &m->agreement->table;
    const acc__exact *e = acc__exact_of(m, t, p);
    if (!e)
        return acc__json_push(list, json_null());
    json_t *o = attach_object(list);
    json_t *num = o ? attach_array(o, "num") : NULL;
    if (!num || !acc__json_set(o, "den", i128_json(e->den[p])) ||
        !acc__json_set(o, "res", i128_json(e->res[p])))
        return false;
    for (size_t i = 0; i < m->agreement->n_issues; i++) {
        json_t *row = attach_array(num, NULL);
        if (!row)
            return false;
        for (size_t k = 0; k < m->agreement->issues[i].n_options; k++)
            if (!acc__json_push(row, i128_json(e->num[p * t->total_options + t->offset[i] + k])))
                return false;
    }
    return true;
}

static bool data_fill(const accord_model *m, json_t *o)
{
    const accord_agreement *ag = m->agreement;
    const accord_utility_table *t = &ag->table;
    json_t *parties = attach_array(o, "parties");
    json_t *issues = attach_array(o, "issues");
    json_t *contrib = attach_array(o, "contrib");
    json_t *cap = attach_array(o, "cap");
    json_t *res = attach_array(o, "reservation");
    json_t *red = attach_array(o, "red_lines");
    json_t *props = attach_array(o, "proposals");
    json_t *exact = attach_array(o, "exact");
    if (!parties || !issues || !contrib || !cap || !res || !red || !props || !exact ||
        !issues_json(m, issues))
        return false;
    for (size_t p = 0; p < m->n_parties; p++) {
        json_t *party = attach_object(parties);
        if (!party || !acc__json_set(party, "id", acc__json_text(m->parties[p].id)) ||
            !acc__json_set(party, "name", acc__json_text(m->parties[p].name)))
            return false;
        json_t *rows = attach_array(contrib, NULL);
        if (!rows)
            return false;
        for (size_t i = 0; i < ag->n_issues; i++) {
            json_t *row = attach_array(rows, NULL);
            const double *c = t->contrib + p * t->total_options + t->offset[i];
            if (!row)
                return false;
            for (size_t k = 0; k < ag->issues[i].n_options; k++)
                if (!acc__json_push(row, json_real(c[k])))
                    return false;
        }
        if (!exact_json(m, p, exact) || !acc__json_push(cap, json_boolean(t->cap[p])) ||
            !acc__json_push(res, json_real(t->reservation[p])))
            return false;
        const accord_preference *pr = &ag->preferences[p];
        json_t *lines = attach_array(red, NULL);
        if (!lines)
            return false;
        for (size_t r = 0; r < pr->n_red_lines; r++) {
            json_t *line = attach_object(lines);
            if (!line || !acc__json_set(line, "text", acc__json_text(pr->red_lines[r].text)) ||
                !acc__json_set(line, "expr", expr_json(pr->red_lines[r].expr)))
                return false;
        }
    }
    for (size_t k = 0; k < ag->n_proposals; k++) {
        const accord_proposal *pr = &ag->proposals[k];
        json_t *prop = attach_object(props);
        if (!prop || !acc__json_set(prop, "id", acc__json_text(pr->id)) ||
            !acc__json_set(prop, "name", acc__json_text(pr->name)))
            return false;
        json_t *terms = attach_array(prop, "terms");
        if (!terms)
            return false;
        for (size_t i = 0; i < ag->n_issues; i++)
            if (!acc__json_push(terms, json_integer(pr->terms[i])))
                return false;
    }
    return true;
}

static json_t *data_json(const accord_model *m)
{
    json_t *o = json_object();
    if (o && !data_fill(m, o)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

accord_status accord_report_data_json(const accord_model *m, bool script_safe, char **out)
{
    if (!out || !m)
        return ACCORD_E_ARG;
    *out = NULL;
    if (!m->agreement)
        return ACCORD_E_NODATA;
    acc__json_init();
    json_t *j = data_json(m);
    if (script_safe)
        return acc__json_script(j, out);
    /* 17 significant digits: the doubles read back are the library's own */
    return acc__json_finish_precision(j, 17, out);
}
