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
