/* fuzz_geniusweb.c - libFuzzer target for the GeniusWeb JSON reader.  The
 * input is split at the first NUL byte (or in half) into a domain and a
 * profile file, written to a private folder and loaded; the profile alone
 * is loaded too, as a single file (with its embedded domain). */
#include "accord.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

/* the private folder goes when the process ends (replays run in ctest) */
static void remove_dir(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/a_domain.json", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/b_profile.json", dir);
    unlink(path);
    rmdir(dir);
}

static const char *write_file(const char *name, const uint8_t *p, size_t n)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(p, 1, n, f);
    fclose(f);
    return path;
}

static void load(const char *path)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    if (accord_model_load(path, NULL, &m, &diag) == ACCORD_OK) {
        char *yaml = NULL;
        if (accord_model_to_yaml(m, &yaml, NULL) == ACCORD_OK)
            accord_free(yaml);
    }
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/accord-fuzz-geniusweb-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir);
    }
    const uint8_t *nul = memchr(data, 0, size);
    size_t split = nul ? (size_t)(nul - data) : size / 2;
    const uint8_t *profile = data + split + (nul ? 1 : 0);
    size_t profile_size = size - split - (nul ? 1 : 0);
    write_file("a_domain.json", data, split);
    write_file("b_profile.json", profile, profile_size);
    load(dir);
    /* the profile alone, outside the folder (a file the folder does not list) */
    char single[128];
    snprintf(single, sizeof single, "%s.json", dir);
    FILE *f = fopen(single, "wb");
    if (!f)
        abort();
    fwrite(profile, 1, profile_size, f);
    fclose(f);
    load(single);
    unlink(single);
    return 0;
}
