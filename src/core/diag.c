/* diag.c - diagnostics for people, and the status strings. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *accord_strerror(accord_status status)
{
    switch (status) {
    case ACCORD_OK: return "success";
    case ACCORD_E_NOMEM: return "out of memory";
    case ACCORD_E_IO: return "input/output error";
    case ACCORD_E_PARSE: return "syntax error";
    case ACCORD_E_INVALID: return "invalid model";
    case ACCORD_E_LIMIT: return "resource limit exceeded";
    case ACCORD_E_ARG: return "invalid argument";
    case ACCORD_E_NOTFOUND: return "not found";
    case ACCORD_E_NODATA: return "the model has no section for this analysis";
    case ACCORD_E_UNSUPPORTED: return "the analysis does not apply to this model";
    }
    return "unknown status";
}

const char *accord_version(void) { return ACCORD_VERSION; }

void accord_diagnostics_init(accord_diagnostics *diag) { memset(diag, 0, sizeof *diag); }

void accord_diagnostics_clear(accord_diagnostics *diag)
{
    if (!diag)
        return;
    for (size_t i = 0; i < diag->count; i++) {
        acc__free(diag->items[i].file);
        acc__free(diag->items[i].message);
    }
    acc__free(diag->items);
    memset(diag, 0, sizeof *diag);
}

accord_status acc__vdiag(accord_diagnostics *diag, accord_severity sev, const char *file, int line,
                         int col, const char *fmt, va_list ap)
{
    if (!diag)
        return ACCORD_OK;
    if (acc__grow((void **)&diag->items, &diag->capacity, diag->count + 1, sizeof *diag->items))
        return ACCORD_E_NOMEM;
    acc__str msg = {0};
    acc__str_vprintf(&msg, fmt, ap);
    char *text = acc__str_take(&msg);
    char *f = file ? acc__strdup(file) : NULL;
    if (!text || (file && !f)) {
        acc__free(text);
        acc__free(f);
        return ACCORD_E_NOMEM;
    }
    accord_diagnostic *d = &diag->items[diag->count++];
    d->severity = sev;
    d->file = f;
    d->line = line;
    d->col = col;
    d->message = text;
    if (sev == ACCORD_ERROR)
        diag->errors++;
    return ACCORD_OK;
}

accord_status acc__diag(accord_diagnostics *diag, accord_severity sev, const char *file, int line,
                        int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    accord_status rc = acc__vdiag(diag, sev, file, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* An item's sort key: its file's rank, then its place (no place last). */
typedef struct diag_key {
    size_t file, index;
    int line, col;
} diag_key;

static bool key_before(const diag_key *a, const diag_key *b)
{
    if (a->file != b->file)
        return a->file < b->file;
    bool pa = a->line > 0, pb = b->line > 0;
    if (pa != pb)
        return pa;
    if (pa && a->line != b->line)
        return a->line < b->line;
    if (pa && a->col != b->col)
        return a->col < b->col;
    return a->index < b->index;
}

/* Merge sort of keys (tmp as large as keys): stable by construction, and
 * the index decides ties anyway. */
static void sort_keys(diag_key *keys, diag_key *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = key_before(&keys[j], &keys[i]) ? keys[j++] : keys[i++];
            while (i < mid)
                tmp[k++] = keys[i++];
            while (j < hi)
                tmp[k++] = keys[j++];
        }
        memcpy(keys, tmp, n * sizeof *keys);
    }
}

static bool same_file(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

accord_status acc__diag_sort(accord_diagnostics *diag, size_t from)
{
    if (!diag || diag->count <= from + 1)
        return ACCORD_OK;
    size_t n = diag->count - from;
    accord_diagnostic *items = diag->items + from;
    diag_key *keys = acc__calloc(2 * n, sizeof *keys);
    accord_diagnostic *copy = acc__calloc(n, sizeof *copy);
    size_t *rep = acc__calloc(n, sizeof *rep); /* an item of each file seen */
    if (!keys || !copy || !rep) {
        acc__free(keys);
        acc__free(copy);
        acc__free(rep);
        return ACCORD_E_NOMEM;
    }
    size_t files = 0;
    for (size_t i = 0; i < n; i++) {
        size_t rank = files;
        /* the file of the item before is the usual answer */
        if (i && same_file(items[i].file, items[i - 1].file))
            rank = keys[i - 1].file;
        for (size_t f = 0; f < files && rank == files; f++)
            if (same_file(items[i].file, items[rep[f]].file))
                rank = f;
        if (rank == files)
            rep[files++] = i;
        keys[i] = (diag_key){rank, i, items[i].line, items[i].col};
    }
    acc__free(rep);
    sort_keys(keys, keys + n, n);
    memcpy(copy, items, n * sizeof *copy);
    for (size_t i = 0; i < n; i++)
        items[i] = copy[keys[i].index];
    acc__free(keys);
    acc__free(copy);
    return ACCORD_OK;
}

char *accord_diagnostic_format(const accord_diagnostic *d)
{
    acc__str s = {0};
    if (d->file && d->line > 0)
        acc__str_printf(&s, "%s:%d:%d: ", d->file, d->line, d->col > 0 ? d->col : 1);
    else if (d->file)
        acc__str_printf(&s, "%s: ", d->file);
    if (d->severity == ACCORD_WARNING)
        acc__str_puts(&s, "warning: ");
    else if (d->severity == ACCORD_NOTE)
        acc__str_puts(&s, "note: ");
    acc__str_puts(&s, d->message);
    return acc__str_take(&s);
}

int64_t acc__grid(double u) { return (int64_t)nearbyint(u * 1073741824.0); }
