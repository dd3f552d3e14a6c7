/* file.c - a whole file into memory, with the reason when it cannot be read,
 * and never more of it than a limit: a regular file is measured before it
 * is read, anything else (a pipe, /dev/zero) is cut off once it passes the
 * limit. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

accord_status acc__io_error(const char *path, const char *what, int err, accord_diagnostics *diag)
{
    if (acc__diag(diag, ACCORD_ERROR, path, 0, 0, "%s: %s", what, strerror(err)) || err == ENOMEM)
        return ACCORD_E_NOMEM;
    return ACCORD_E_IO;
}

/* size: the file's size, or 0 when it is not known (a pipe, a device). */
static accord_status too_large(const char *path, uintmax_t size, size_t max_bytes, const char *option,
                               accord_diagnostics *diag)
{
    if (!option)
        option = "accord_load_options.max_input_bytes";
    accord_status r =
        size ? acc__diag(diag, ACCORD_ERROR, path, 0, 0,
                         "the file is %ju bytes; at most %zu bytes (%zu MiB) are read (raise the "
                         "limit: %s)",
                         size, max_bytes, max_bytes >> 20, option)
             : acc__diag(diag, ACCORD_ERROR, path, 0, 0,
                         "the file goes on past %zu bytes (%zu MiB), the most that is read (raise "
                         "the limit: %s)",
                         max_bytes, max_bytes >> 20, option);
    return r ? ACCORD_E_NOMEM : ACCORD_E_LIMIT;
}

/* Read f to its end into buf, failing once it holds more than max_bytes. */
static accord_status read_all(FILE *f, const char *path, size_t max_bytes, const char *option,
                              acc__str *buf, accord_diagnostics *diag)
{
    char chunk[65536];
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n == 0)
            break;
        if (n > max_bytes - buf->len)
            return too_large(path, 0, max_bytes, option, diag);
        acc__str_append(buf, chunk, n);
        if (buf->failed)
            return ACCORD_E_NOMEM;
    }
    if (ferror(f))
        return acc__io_error(path, "cannot read", errno ? errno : EIO, diag);
    return ACCORD_OK;
}

accord_status acc__read_file_max(const char *path, size_t max_bytes, const char *option, char **data,
                                 size_t *size, accord_diagnostics *diag)
{
    *data = NULL;
    *size = 0;
    if (max_bytes == 0)
        max_bytes = ACCORD_DEFAULT_MAX_INPUT_BYTES;
    FILE *f = fopen(path, "rb");
    if (!f)
        return acc__io_error(path, "cannot open", errno, diag);
    accord_status rc = ACCORD_OK;
    acc__str buf = {0};
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        rc = too_large(path, (uintmax_t)st.st_size, max_bytes, option, diag);
    } else {
        /* the size is only a hint: a file may grow while it is read */
        errno = 0;
        rc = read_all(f, path, max_bytes, option, &buf, diag);
    }
    fclose(f);
    if (!rc) {
        *size = buf.len;
        *data = acc__str_take(&buf);
        if (!*data)
            rc = ACCORD_E_NOMEM;
    }
    acc__str_free(&buf);
    return rc;
}

accord_status acc__read_file(const char *path, char **data, size_t *size, accord_diagnostics *diag)
{
    return acc__read_file_max(path, 0, NULL, data, size, diag);
}
