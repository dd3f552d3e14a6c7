/*
 * expr.h - the one expression language of accord models: red lines,
 * infeasibility conditions and priority statements (docs/contract.md §1):
 *
 *   stmt  := cond [ ('IF' | 'IFF') cond ]       A IF B means B -> A
 *   cond  := term ( '|' term )*
 *   term  := unary ( '&' unary )*
 *   unary := ('-' | '!' | 'NOT') unary | atom
 *   atom  := '(' stmt ')' | reference
 *
 * A compiled expression is a flat array of nodes in post-order (children
 * before parents, the root last).  Every atom is a test on one variable
 * (an issue's option index, or a conflict option's bit) against an index:
 * issue = option, issue != option, index >= k, index < k.  A comparison with a
 * number on an ascending integer issue is thereby a prefix or suffix test.
 */
#ifndef ACCORD_EXPR_H
#define ACCORD_EXPR_H

#include "../core/internal.h"

/* Longest expression, in nodes (atoms and operators); keeps evaluation on the stack. */
#define ACC_EXPR_MAX_NODES 512

typedef enum acc__expr_kind {
    ACC_EX_ATOM = 0,
    ACC_EX_NOT,
    ACC_EX_AND,
    ACC_EX_OR,
    ACC_EX_IMPLIES, /* a IF b, stored as (b -> a): left = b, right = a */
    ACC_EX_IFF,
    ACC_EX_CONST /* arg: 0 false, 1 true (a comparison no option can meet) */
} acc__expr_kind;

typedef enum acc__expr_cmp {
    ACC_CMP_EQ = 0, /* value == arg */
    ACC_CMP_NE,     /* value != arg */
    ACC_CMP_GE,     /* value >= arg (option index) */
    ACC_CMP_LT      /* value <  arg */
} acc__expr_cmp;

typedef struct acc__expr_node {
    uint8_t kind, cmp;
    uint32_t var;   /* atom: issue or conflict option index */
    uint32_t arg;   /* atom: option index; NOT: child; binary: left child */
    uint32_t right; /* binary: right child */
} acc__expr_node;

struct accord_expr {
    uint32_t n;
    acc__expr_node nodes[]; /* root is nodes[n-1] */
};

typedef enum acc__expr_mode { ACC_EXPR_AGREEMENT, ACC_EXPR_CONFLICT } acc__expr_mode;

/* What a name that is not declared may have been: an issue, or an option
 * written "issue.option". */
typedef enum acc__expr_lost {
    ACC_EXPR_LOST_ISSUE,
    ACC_EXPR_LOST_OPTION,         /* "issue.option" */
    ACC_EXPR_LOST_CONFLICT_OPTION /* "PARTY.option" */
} acc__expr_lost;

/* What references may name. */
typedef struct acc__expr_scope {
    acc__expr_mode mode;
    const accord_model *model; /* agreement: model->agreement->issues;
                                  conflict: model->conflict->options, model->parties */
    /* The loader's judgement on an undeclared name (may be NULL): say
     * nothing about it (it follows from an earlier error, or its first use
     * was reported already)?  And where to say that a failure was left
     * unsaid (may be NULL): such a name, a failed issue, or any issue when
     * none loaded, then fails without a diagnostic. */
    bool (*quiet)(void *ctx, acc__expr_lost kind, const char *name);
    void *ctx;
    bool *consequence;
    bool options_lost; /* an unknown conflict option fails without a diagnostic */
} acc__expr_scope;

/*
 * Compile `text`.  On error returns ACCORD_E_PARSE / ACCORD_E_INVALID and a
 * diagnostic at (line, col + offset of the problem) in `file`; `col` is the
 * column of the text's first character.  The expression is allocated in the
 * arena.  Issues and options are found through the model's index
 * (acc__model_find): O(|text|) expected for the agreement, O(|text| *
 * conflict options) for a conflict (at most 62).  With diag NULL the "did
 * you mean" hints are not computed.
 */
accord_status acc__expr_compile(const acc__expr_scope *scope, const char *text, acc__arena *arena,
                                const char *file, int line, int col, accord_diagnostics *diag,
                                const accord_expr **out);

/* Does the expression hold when variable v has value values(v)?  Generic
 * evaluator used by both public evaluators. */
bool acc__expr_eval(const accord_expr *e, const uint32_t *terms, uint64_t state);

/* Does atom node nd hold when its variable has value x? */
static inline bool acc__atom_holds(const acc__expr_node *nd, uint32_t x)
{
    switch (nd->cmp) {
    case ACC_CMP_EQ: return x == nd->arg;
    case ACC_CMP_NE: return x != nd->arg;
    case ACC_CMP_GE: return x >= nd->arg;
    default: return x < nd->arg;
    }
}

/* The value of a node that is not an atom, from the values of the nodes
 * before it (post-order): the connectives, for evaluators whose atoms come
 * from elsewhere (frontier.c reads them from bits). */
static inline bool acc__expr_combine(const acc__expr_node *nd, const bool *val)
{
    switch (nd->kind) {
    case ACC_EX_NOT: return !val[nd->arg];
    case ACC_EX_AND: return val[nd->arg] && val[nd->right];
    case ACC_EX_OR: return val[nd->arg] || val[nd->right];
    case ACC_EX_IMPLIES: return !val[nd->arg] || val[nd->right];
    case ACC_EX_IFF: return val[nd->arg] == val[nd->right];
    case ACC_EX_CONST: return nd->arg != 0;
    default: return false; /* atoms are the caller's */
    }
}

/* The distinct variables the expression mentions, in order of first mention,
 * written into vars; returns how many (at most cap: pass a cap of at least
 * ACC_EXPR_MAX_NODES to get them all). */
size_t acc__expr_vars(const accord_expr *e, uint32_t *vars, size_t cap);

#endif
