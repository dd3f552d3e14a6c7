/* expr.c - parser and evaluator of red lines, infeasibility and priorities. */
#include "expr.h"
#include "model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum tok_kind {
    T_END, T_IDENT, T_NUMBER, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_IF, T_IFF,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_BAD
} tok_kind;

typedef struct parser {
    const acc__expr_scope *scope;
    const char *text;
    size_t pos;
    tok_kind tok;
    size_t tok_start, tok_len;
    double number;
    /* output */
    acc__expr_node *nodes;
    size_t n, cap;
    /* error reporting */
    const char *file;
    int line, col;
    accord_diagnostics *diag;
    accord_status rc;
    int depth;
} parser;

static const char *tok_name(tok_kind t)
{
    static const char *names[] = {"end of condition", "a name", "a number", "'('", "')'", "'&'",
                                  "'|'", "'-' (not)", "IF", "IFF", "'='", "'!='", "'<'",
                                  "'<='", "'>'", "'>='", "an unexpected character"};
    return names[t];
}

static void fail(parser *p, size_t at, const char *fmt, ...) ACC_PRINTF(3, 4);
static void fail(parser *p, size_t at, const char *fmt, ...)
{
    if (p->rc != ACCORD_OK)
        return;
    p->rc = ACCORD_E_INVALID;
    acc__str s = {0};
    va_list ap;
    va_start(ap, fmt);
    acc__str_vprintf(&s, fmt, ap);
    va_end(ap);
    acc__str_printf(&s, " (in \"%s\")", p->text);
    char *msg = acc__str_take(&s);
    if (!msg || acc__diag(p->diag, ACCORD_ERROR, p->file, p->line, p->col + (int)at, "%s", msg))
        p->rc = ACCORD_E_NOMEM;
    acc__free(msg);
}

/* The condition fails because of an error reported where what it names is
 * declared: no second message. */
static void consequence(parser *p)
{
    if (p->rc != ACCORD_OK)
        return;
    p->rc = ACCORD_E_INVALID;
    if (p->scope->consequence)
        *p->scope->consequence = true;
}

/* The options of discrete issue `is`, the first 12, into s. */
static void list_options(acc__str *s, const accord_issue *is)
{
    for (size_t i = 0; i < is->n_options && i < 12; i++)
        acc__str_printf(s, "%s%s", i ? ", " : "", is->options[i].id);
    if (is->n_options > 12)
        acc__str_puts(s, ", ...");
}

static int ident_char(int c) { return isalnum(c) || c == '_' || c == '-' || c == '.'; }

static void next(parser *p)
{
    const char *s = p->text;
    while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r')
        p->pos++;
    p->tok_start = p->pos;
    char c = s[p->pos];
    if (!c) {
        p->tok = T_END;
        p->tok_len = 0;
        return;
    }
    p->pos++;
    switch (c) {
    case '(': p->tok = T_LPAREN; break;
    case ')': p->tok = T_RPAREN; break;
    case '&': p->tok = T_AND; break;
    case '|': p->tok = T_OR; break;
    case '=': p->tok = T_EQ; if (s[p->pos] == '=') p->pos++; break;
    case '!':
        if (s[p->pos] == '=') { p->pos++; p->tok = T_NE; } else p->tok = T_NOT;
        break;
    case '<': if (s[p->pos] == '=') { p->pos++; p->tok = T_LE; } else p->tok = T_LT; break;
    case '>': if (s[p->pos] == '=') { p->pos++; p->tok = T_GE; } else p->tok = T_GT; break;
    case '-':
        /* A minus directly before a digit after a comparison is a sign; the
         * parser asks for numbers itself (see number_after_cmp).  Here it is
         * negation. */
        p->tok = T_NOT;
        break;
    default:
        if (isdigit((unsigned char)c) || (c == '+' && isdigit((unsigned char)s[p->pos]))) {
            char *end;
            errno = 0;
            p->number = strtod(s + p->tok_start, &end);
            p->pos = (size_t)(end - s);
            /* "3abc" is a name-like token, not a number */
            if (ident_char((unsigned char)s[p->pos]) && s[p->pos] != '.') {
                while (ident_char((unsigned char)s[p->pos]))
                    p->pos++;
                p->tok = T_IDENT;
            } else {
                p->tok = (errno == ERANGE || !isfinite(p->number)) ? T_BAD : T_NUMBER;
            }
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (ident_char((unsigned char)s[p->pos]))
                p->pos++;
            p->tok = T_IDENT;
            size_t len = p->pos - p->tok_start;
            if (len == 3 && strncasecmp(s + p->tok_start, "not", 3) == 0)
                p->tok = T_NOT;
            else if (len == 2 && strncasecmp(s + p->tok_start, "if", 2) == 0)
                p->tok = T_IF;
            else if (len == 3 && strncasecmp(s + p->tok_start, "iff", 3) == 0)
                p->tok = T_IFF;
        } else {
            p->tok = T_BAD;
        }
    }
    p->tok_len = p->pos - p->tok_start;
}

static uint32_t emit(parser *p, acc__expr_node node)
{
    if (p->rc)
        return 0;
    if (acc__grow((void **)&p->nodes, &p->cap, p->n + 1, sizeof *p->nodes)) {
        p->rc = ACCORD_E_NOMEM;
        return 0;
    }
    p->nodes[p->n] = node;
    return (uint32_t)p->n++;
}

static uint32_t parse_stmt(parser *p);

/* Names that could have been meant, for the "did you mean" hint. */
static const char *suggest_name(parser *p, const char *word)
{
    const accord_model *m = p->scope->model;
    if (!p->diag) /* nobody reads the message: skip the edit distances */
        return NULL;
    const char *cands[256];
    size_t n = 0;
    if (p->scope->mode == ACC_EXPR_AGREEMENT) {
        for (size_t i = 0; i < m->agreement->n_issues && n < 256; i++)
            cands[n++] = m->agreement->issues[i].id;
    } else {
        for (size_t i = 0; i < m->conflict->n_options && n < 256; i++)
            cands[n++] = m->conflict->options[i].qualified;
    }
    return acc__suggest(word, cands, n);
}

static void list_names(acc__str *s, parser *p)
{
    const accord_model *m = p->scope->model;
    size_t n = p->scope->mode == ACC_EXPR_AGREEMENT ? m->agreement->n_issues : m->conflict->n_options;
    for (size_t i = 0; i < n && i < 12; i++) {
        acc__str_puts(s, i ? ", " : "");
        acc__str_puts(s, p->scope->mode == ACC_EXPR_AGREEMENT ? m->agreement->issues[i].id
                                                                : m->conflict->options[i].qualified);
    }
    if (n > 12)
        acc__str_puts(s, ", ...");
}

/* Parse a number after a comparison operator, allowing a leading minus. */
static int number_after_cmp(parser *p, double *out)
{
    const char *s = p->text;
    size_t q = p->pos;
    while (s[q] == ' ' || s[q] == '\t')
        q++;
    if (s[q] == '-' || s[q] == '+' || isdigit((unsigned char)s[q])) {
        char *end;
        errno = 0;
        double v = strtod(s + q, &end);
        if (end != s + q && errno != ERANGE && isfinite(v) && !ident_char((unsigned char)*end)) {
            p->tok_start = q;
            p->pos = (size_t)(end - s);
            *out = v;
            return 1;
        }
    }
    return 0;
}

/* "issue X is an integer issue (range MIN..MAX step S)" into s. */
static void integer_issue(acc__str *s, const char *name, const accord_issue *is)
{
    acc__str_printf(s, "issue \"%s\" is an integer issue (range %lld..%lld step %lld)", name,
                    (long long)is->min, (long long)is->max, (long long)is->step);
}

/* A comparison of integer issue `is` with the number num (its text at
 * p->tok_start, p->pos) into node. */
static uint32_t integer_atom(parser *p, const char *name, const accord_issue *is, tok_kind op,
                             double num, acc__expr_node node)
{
    size_t at = p->tok_start;
    /* Integer options ascend: value(k) = min + k*step.  Turn the
     * comparison into an index test. */
    double k_real = (num - (double)is->min) / (double)is->step;
    uint32_t nopt = (uint32_t)is->n_options;
    /* first index whose value is >= num, and first whose value is > num */
    double ge = ceil(k_real), gt = floor(k_real) + 1;
    uint32_t first_ge = ge <= 0 ? 0 : ge >= nopt ? nopt : (uint32_t)ge;
    uint32_t first_gt = gt <= 0 ? 0 : gt >= nopt ? nopt : (uint32_t)gt;
    bool exact = k_real == floor(k_real) && k_real >= 0 && k_real < nopt;
    switch (op) {
    case T_EQ:
    case T_NE:
        if (!exact) {
            acc__str s = {0};
            integer_issue(&s, name, is);
            char *t = acc__str_take(&s);
            fail(p, at, "%s; %.*s is not one of its values", t ? t : name, (int)(p->pos - at),
                 p->text + at);
            acc__free(t);
            return 0;
        }
        node.cmp = op == T_EQ ? ACC_CMP_EQ : ACC_CMP_NE;
        node.arg = (uint32_t)k_real;
        break;
    case T_GE: node.cmp = ACC_CMP_GE; node.arg = first_ge; break;
    case T_GT: node.cmp = ACC_CMP_GE; node.arg = first_gt; break;
    case T_LT: node.cmp = ACC_CMP_LT; node.arg = first_ge; break;
    case T_LE: node.cmp = ACC_CMP_LT; node.arg = first_gt; break;
    default: break;
    }
    next(p);
    return emit(p, node);
}

/* What follows a comparison with an integer issue is not a number. */
static uint32_t integer_not_number(parser *p, const char *name, const accord_issue *is, tok_kind op)
{
    acc__str s = {0};
    integer_issue(&s, name, is);
    char *t = acc__str_take(&s);
    if (p->tok == T_END || p->tok == T_BAD)
        fail(p, p->tok_start, "%s; expected a number after %s, found %s", t ? t : name, tok_name(op),
             tok_name(p->tok));
    else
        fail(p, p->tok_start, "%s; expected a number after %s, found \"%.*s\"", t ? t : name,
             tok_name(op), (int)p->tok_len, p->text + p->tok_start);
    acc__free(t);
    return 0;
}

/* A discrete issue compared with something that is not one of its options. */
static uint32_t discrete_not_option(parser *p, const char *name, const accord_issue *is, tok_kind op,
                                    bool number)
{
    acc__str s = {0};
    list_options(&s, is);
    char *names = acc__str_take(&s);
    const char *order = op == T_EQ || op == T_NE ? "" : "; '<' and '>' compare positions in this order";
    if (number) {
        fail(p, p->tok_start,
             "issue \"%s\" is a discrete issue; compare it with one of its options (%s%s), not a "
             "number",
             name, names ? names : "", order);
    } else if (p->tok != T_IDENT) {
        fail(p, p->tok_start, "expected an option of issue \"%s\" after %s (%s%s), found %s", name,
             tok_name(op), names ? names : "", order, tok_name(p->tok));
    } else {
        char opt[128];
        size_t len = p->tok_len < sizeof opt - 1 ? p->tok_len : sizeof opt - 1;
        memcpy(opt, p->text + p->tok_start, len);
        opt[len] = '\0';
        const char *cands[512];
        size_t n = 0;
        for (size_t i = 0; i < is->n_options && n < 512; i++)
            cands[n++] = is->options[i].id;
        const char *hint = p->diag ? acc__suggest(opt, cands, n) : NULL;
        if (hint)
            fail(p, p->tok_start, "issue \"%s\" has no option \"%s\"; did you mean \"%s\"?", name,
                 opt, hint);
        else
            fail(p, p->tok_start, "issue \"%s\" has no option \"%s\"; its options are: %s%s", name,
                 opt, names ? names : "", order);
    }
    acc__free(names);
    return 0;
}

static uint32_t parse_agreement_ref(parser *p)
{
    const accord_agreement *ag = p->scope->model->agreement;
    size_t name_at = p->tok_start;
    char name[128];
    size_t len = p->tok_len < sizeof name - 1 ? p->tok_len : sizeof name - 1;
    memcpy(name, p->text + p->tok_start, len);
    name[len] = '\0';
    long issue = acc__model_find(p->scope->model, ACC_IX_ISSUE, name);
    if (issue < 0 && p->scope->consequence &&
        (ag->n_issues == 0 || (p->scope->quiet && p->scope->quiet(p->scope->ctx, ACC_EXPR_LOST_ISSUE, name)))) {
        consequence(p);
        return 0;
    }
    if (issue < 0) {
        const char *hint = suggest_name(p, name);
        acc__str s = {0};
        list_names(&s, p);
        char *names = acc__str_take(&s);
        if (hint)
            fail(p, name_at, "unknown issue \"%s\"; did you mean \"%s\"?", name, hint);
        else
            fail(p, name_at, "unknown issue \"%s\"; expected one of: %s", name, names ? names : "");
        acc__free(names);
        return 0;
    }
    const accord_issue *is = &ag->issues[issue];
    if (is->n_options == 0 || (is->kind == ACCORD_ISSUE_INTEGER && is->step <= 0)) {
        if (p->scope->consequence)
            consequence(p);
        else
            fail(p, name_at, "issue \"%s\" has no valid options (see the error at its declaration)",
                 name);
        return 0;
    }
    next(p);
    tok_kind op = p->tok;
    if (op != T_EQ && op != T_NE && op != T_LT && op != T_LE && op != T_GT && op != T_GE) {
        fail(p, p->tok_start,
             "expected a comparison (=, !=, <, <=, >, >=) after issue \"%s\", found %s", name,
             tok_name(p->tok));
        return 0;
    }
    acc__expr_node node = {.kind = ACC_EX_ATOM, .var = (uint32_t)issue};
    double num;
    if (number_after_cmp(p, &num)) {
        if (is->kind != ACCORD_ISSUE_INTEGER)
            return discrete_not_option(p, name, is, op, true);
        return integer_atom(p, name, is, op, num, node);
    }
    next(p);
    if (is->kind == ACCORD_ISSUE_INTEGER)
        return integer_not_number(p, name, is, op);
    long k = -1;
    if (p->tok == T_IDENT) {
        char opt[128];
        size_t len = p->tok_len < sizeof opt - 1 ? p->tok_len : sizeof opt - 1;
        memcpy(opt, p->text + p->tok_start, len);
        opt[len] = '\0';
        k = acc__model_find_option(p->scope->model, (size_t)issue, opt);
        char qualified[272];
        snprintf(qualified, sizeof qualified, "%s.%s", name, opt);
        if (k < 0 && p->scope->quiet && p->scope->consequence &&
            p->scope->quiet(p->scope->ctx, ACC_EXPR_LOST_OPTION, qualified)) {
            consequence(p);
            return 0;
        }
    }
    if (k < 0)
        return discrete_not_option(p, name, is, op, false);
    /* Discrete options are ordered: < and > compare positions in the list. */
    switch (op) {
    case T_EQ: node.cmp = ACC_CMP_EQ; node.arg = (uint32_t)k; break;
    case T_NE: node.cmp = ACC_CMP_NE; node.arg = (uint32_t)k; break;
    case T_GE: node.cmp = ACC_CMP_GE; node.arg = (uint32_t)k; break;
    case T_GT: node.cmp = ACC_CMP_GE; node.arg = (uint32_t)k + 1; break;
    case T_LT: node.cmp = ACC_CMP_LT; node.arg = (uint32_t)k; break;
    case T_LE: node.cmp = ACC_CMP_LT; node.arg = (uint32_t)k + 1; break;
    default: break;
    }
    next(p);
    return emit(p, node);
}

static uint32_t parse_conflict_ref(parser *p)
{
    const accord_conflict *cf = p->scope->model->conflict;
    size_t at = p->tok_start;
    long opt = -1;
    if (p->scope->options_lost && p->scope->consequence) {
        /* an unknown option may be one of those lost: no guess */
        for (size_t i = 0; i < cf->n_options && opt < 0; i++)
            if (p->tok == T_IDENT && p->tok_len == strlen(cf->options[i].qualified) &&
                !strncmp(cf->options[i].qualified, p->text + at, p->tok_len))
                opt = (long)i;
        if (opt < 0) {
            consequence(p);
            return 0;
        }
    }
    if (p->tok == T_NUMBER) {
        double v = p->number;
        if (v != floor(v) || v < 1 || v > (double)cf->n_options) {
            fail(p, at, "option number %g is out of range; options are numbered 1 to %zu", v,
                 cf->n_options);
            return 0;
        }
        opt = (long)v - 1;
    } else {
        char name[160];
        size_t len = p->tok_len < sizeof name - 1 ? p->tok_len : sizeof name - 1;
        memcpy(name, p->text + p->tok_start, len);
        name[len] = '\0';
        for (size_t i = 0; i < cf->n_options; i++)
            if (strcmp(cf->options[i].qualified, name) == 0)
                opt = (long)i;
        if (opt < 0 && p->scope->quiet && p->scope->consequence &&
            p->scope->quiet(p->scope->ctx, ACC_EXPR_LOST_CONFLICT_OPTION, name)) {
            consequence(p);
            return 0;
        }
        if (opt < 0) {
            const char *hint = suggest_name(p, name);
            acc__str s = {0};
            list_names(&s, p);
            char *names = acc__str_take(&s);
            if (!strchr(name, '.'))
                fail(p, at, "\"%s\" is not an option; write options as PARTY.option (%s)", name,
                     names ? names : "");
            else if (hint)
                fail(p, at, "unknown option \"%s\"; did you mean \"%s\"?", name, hint);
            else
                fail(p, at, "unknown option \"%s\"; expected one of: %s", name, names ? names : "");
            acc__free(names);
            return 0;
        }
    }
    next(p);
    return emit(p, (acc__expr_node){.kind = ACC_EX_ATOM, .cmp = ACC_CMP_EQ, .var = (uint32_t)opt,
                                    .arg = 1});
}

static uint32_t parse_unary(parser *p)
{
    if (p->rc)
        return 0;
    if (++p->depth > 200) {
        fail(p, p->tok_start, "condition nested too deeply (more than 200 levels)");
        return 0;
    }
    uint32_t r = 0;
    if (p->tok == T_NOT) {
        next(p);
        uint32_t c = parse_unary(p);
        r = emit(p, (acc__expr_node){.kind = ACC_EX_NOT, .arg = c});
    } else if (p->tok == T_LPAREN) {
        size_t open = p->tok_start;
        next(p);
        r = parse_stmt(p);
        if (!p->rc && p->tok != T_RPAREN)
            fail(p, p->tok_start, "expected ')' to close the '(' at column %d, found %s",
                 p->col + (int)open, tok_name(p->tok));
        next(p);
    } else if (p->tok == T_IDENT || (p->tok == T_NUMBER && p->scope->mode == ACC_EXPR_CONFLICT)) {
        r = p->scope->mode == ACC_EXPR_AGREEMENT ? parse_agreement_ref(p) : parse_conflict_ref(p);
    } else {
        fail(p, p->tok_start, "expected %s, found %s",
             p->scope->mode == ACC_EXPR_AGREEMENT ? "a reference such as \"issue = option\""
                                                  : "an option such as PARTY.option",
             tok_name(p->tok));
    }
    p->depth--;
    return r;
}

static uint32_t parse_binary_chain(parser *p, tok_kind op, acc__expr_kind kind,
                                   uint32_t (*sub)(parser *))
{
    uint32_t left = sub(p);
    while (!p->rc && p->tok == op) {
        next(p);
        uint32_t right = sub(p);
        left = emit(p, (acc__expr_node){.kind = (uint8_t)kind, .arg = left, .right = right});
    }
    return left;
}

static uint32_t parse_term(parser *p) { return parse_binary_chain(p, T_AND, ACC_EX_AND, parse_unary); }
static uint32_t parse_cond(parser *p) { return parse_binary_chain(p, T_OR, ACC_EX_OR, parse_term); }

static uint32_t parse_stmt(parser *p)
{
    uint32_t a = parse_cond(p);
    if (p->rc)
        return 0;
    if (p->tok == T_IF || p->tok == T_IFF) {
        tok_kind t = p->tok;
        next(p);
        uint32_t b = parse_cond(p);
        if (t == T_IF)
            return emit(p, (acc__expr_node){.kind = ACC_EX_IMPLIES, .arg = b, .right = a});
        return emit(p, (acc__expr_node){.kind = ACC_EX_IFF, .arg = a, .right = b});
    }
    return a;
}

accord_status acc__expr_compile(const acc__expr_scope *scope, const char *text, acc__arena *arena,
                                const char *file, int line, int col, accord_diagnostics *diag,
                                const accord_expr **out)
{
    parser p = {.scope = scope, .text = text, .file = file, .line = line, .col = col, .diag = diag};
    *out = NULL;
    next(&p);
    if (p.tok == T_END) {
        fail(&p, 0, "empty condition; expected %s",
             scope->mode == ACC_EXPR_AGREEMENT ? "a reference such as \"issue = option\""
                                               : "an option such as PARTY.option");
    } else {
        parse_stmt(&p);
        if (!p.rc && p.tok != T_END)
            fail(&p, p.tok_start, "unexpected %s; expected '&', '|', IF, IFF or the end",
                 tok_name(p.tok));
    }
    if (!p.rc && p.n > ACC_EXPR_MAX_NODES)
        fail(&p, 0, "condition too long (%zu terms; at most %d)", p.n, ACC_EXPR_MAX_NODES);
    if (!p.rc) {
        int ok = 1;
        size_t bytes = acc__mul(p.n, sizeof(acc__expr_node), &ok);
        accord_expr *e = ok ? acc__arena_alloc(arena, sizeof(accord_expr) + bytes) : NULL;
        if (!e) {
            p.rc = ACCORD_E_NOMEM;
        } else {
            e->n = (uint32_t)p.n;
            memcpy(e->nodes, p.nodes, bytes);
            *out = e;
        }
    }
    acc__free(p.nodes);
    return p.rc;
}

/* Post-order storage means one forward pass evaluates every node. */
bool acc__expr_eval(const accord_expr *e, const uint32_t *terms, uint64_t state)
{
    bool val[ACC_EXPR_MAX_NODES];
    for (uint32_t i = 0; i < e->n; i++) {
        const acc__expr_node *nd = &e->nodes[i];
        if (nd->kind == ACC_EX_ATOM)
            val[i] = acc__atom_holds(nd, terms ? terms[nd->var]
                                               : (uint32_t)((state >> nd->var) & 1u));
        else
            val[i] = acc__expr_combine(nd, val);
    }
    return val[e->n - 1];
}

bool accord_expr_eval_outcome(const accord_expr *e, const uint32_t *terms)
{
    return acc__expr_eval(e, terms, 0);
}

bool accord_expr_eval_state(const accord_expr *e, uint64_t state)
{
    return acc__expr_eval(e, NULL, state);
}

size_t acc__expr_vars(const accord_expr *e, uint32_t *vars, size_t cap)
{
    size_t n = 0;
    for (uint32_t i = 0; i < e->n && n < cap; i++) {
        if (e->nodes[i].kind != ACC_EX_ATOM)
            continue;
        uint32_t v = e->nodes[i].var;
        bool seen = false;
        for (size_t j = 0; j < n; j++)
            if (vars[j] == v)
                seen = true;
        if (!seen)
            vars[n++] = v;
    }
    return n;
}
