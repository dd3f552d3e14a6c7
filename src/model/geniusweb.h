/*
 * geniusweb.h - what the GeniusWeb reader's two files share: the files and
 * the domain as read (geniusweb.c), and the helpers the profile reader
 * (geniusweb_profile.c) uses to report problems at their place in the JSON.
 */
#ifndef ACCORD_GENIUSWEB_H
#define ACCORD_GENIUSWEB_H

#include "model.h"

#include <jansson.h>

/* The key that makes a JSON file a profile accord reads (Jackson's type
 * wrapper of geniusweb.profile.utilityspace.LinearAdditiveUtilitySpace). */
#define ACC_GW_LAUS "LinearAdditiveUtilitySpace"
/* The source every imported number cites (model->sources). */
#define ACC_GW_SOURCE "geniusweb"
#define ACC_GW_DEPTH 8

/* Keys from a file's root to a value, NULL-terminated (for its place);
 * `key`: the place of the last key rather than of its value. */
typedef struct acc__gw_path {
    const char *k[ACC_GW_DEPTH];
    bool key;
} acc__gw_path;

typedef enum acc__gw_kind { ACC_GW_OTHER, ACC_GW_DOMAIN, ACC_GW_PROFILE } acc__gw_kind;

typedef struct acc__gw_file {
    char *path; /* as shown in messages */
    char *text; /* the bytes, NUL-terminated */
    size_t len;
    json_t *root; /* NULL when the file is not JSON */
    acc__gw_kind kind;
} acc__gw_file;

/* An issue of the domain. */
typedef struct acc__gw_issue {
    const char *name;
    json_t *values;                  /* discrete: the domain's "values"; NULL for a range */
    json_t *index;                   /* discrete: value -> its option index */
    accord_rational low, high, step; /* a range, exactly */
    bool whole;                      /* a range of whole numbers: an integer issue */
    size_t count;                    /* number of values */
} acc__gw_issue;

typedef struct acc__gw_ctx {
    const char *where; /* the folder or file given */
    const accord_load_options *opts;
    accord_diagnostics *diag;
    accord_status rc;
    size_t errors, max_errors; /* errors found; errors reported (the rest are counted) */
    acc__gw_file *files;
    size_t n_files, n_profiles;
    const acc__gw_file *dom_file; /* the file that holds the domain */
    acc__gw_path dom_at;          /* the keys to the domain object in it */
    json_t *domain;               /* its issuesValues */
    acc__gw_issue *issues;        /* in the domain's order */
    const char **issue_names;
    size_t n_issues;
    acc__hashset issue_index; /* issue name -> position */
    accord_model *m; /* issues built; parties and preferences being read */
} acc__gw_ctx;

static inline acc__gw_path acc__gw_plus(acc__gw_path p, const char *key)
{
    for (size_t i = 0; i + 1 < ACC_GW_DEPTH; i++)
        if (!p.k[i]) {
            p.k[i] = key;
            break;
        }
    return p;
}

/* The place of key `key` of the object at p. */
static inline acc__gw_path acc__gw_key(acc__gw_path p, const char *key)
{
    p = acc__gw_plus(p, key);
    p.key = true;
    return p;
}

static inline acc__gw_path acc__gw_path3(const char *a, const char *b, const char *c)
{
    return (acc__gw_path){{a, b, c, NULL}, false};
}

/* Keep the first status, except that running out of memory wins. */
void acc__gw_fail(acc__gw_ctx *c, accord_status rc);
/* Has the load reported max_errors errors?  Then one more is counted (the
 * load fails) and true returned: the caller skips its message, whose place
 * alone costs a pass over the file. */
bool acc__gw_quiet(acc__gw_ctx *c);
/* An error at the value `at` leads to in f (f NULL: about c->where; at
 * NULL: no place).  Sets c->rc to ACCORD_E_INVALID (or NOMEM). */
void acc__gw_error(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_path *at, const char *fmt, ...)
    ACC_PRINTF(4, 5);
/* An error `lead` about `key`, which is not one of known[0..n): with "did
 * you mean" when one is close, else with the list under `list_label`. */
void acc__gw_unknown_key(acc__gw_ctx *c, const acc__gw_file *f, const acc__gw_path *at, const char *lead,
                         const char *key, const char *const *known, size_t n, const char *list_label);
/* Every key of obj at `at` must be one of known (NULL-terminated); `where`
 * names obj in the message. */
void acc__gw_check_keys(acc__gw_ctx *c, const acc__gw_file *f, acc__gw_path at, json_t *obj,
                        const char *const *known, const char *where);
/* What a JSON value is, for "found ..." in messages. */
const char *acc__gw_kind_name(const json_t *v);
/* A JSON number as a double and as the fraction of its decimal (the
 * shortest text that reads back as the double); false when v is not a
 * number. */
bool acc__gw_number(const json_t *v, double *d, accord_rational *q);
/* "a, b, c" of the first names (then ", ..."); NULL when out of memory. */
char *acc__gw_name_list(const char *const *names, size_t n);
/* Value k of a range issue, exactly. */
accord_rational acc__gw_range_value(const acc__gw_issue *gi, size_t k);

/* Profile f as party p of c->m: its id, weights, utilities and reservation
 * (geniusweb_profile.c).  Problems go to c. */
void acc__gw_read_profile(acc__gw_ctx *c, const acc__gw_file *f, size_t p);

#endif
