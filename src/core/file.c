/* file.c - a whole file into memory, with the reason when it cannot be read. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

accord_status acc__read_file(const char *path, char **data, size_t *size, accord_diagnostics *diag)
{
    *data = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (acc__diag(diag, ACCORD_ERROR, path, 0, 0, "cannot open: %s", strerror(errno)))
            return ACCORD_E_NOMEM;
        return ACCORD_E_IO;
    }
    acc__str buf = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        acc__str_append(&buf, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        acc__str_free(&buf);
        if (acc__diag(diag, ACCORD_ERROR, path, 0, 0, "cannot read: %s", strerror(errno)))
            return ACCORD_E_NOMEM;
        return ACCORD_E_IO;
    }
    *size = buf.len;
    *data = acc__str_take(&buf);
    return *data ? ACCORD_OK : ACCORD_E_NOMEM;
}
