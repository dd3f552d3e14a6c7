/* replay.c - runs a fuzz target's LLVMFuzzerTestOneInput over saved inputs
 * without libFuzzer, so that ctest replays every seed and regression input
 * in the ordinary and the sanitizer builds.  Each argument is a file or a
 * folder (its files, in name order, not descending into subfolders); each
 * input is handed over in a buffer of exactly its size, as libFuzzer does,
 * so that ASan sees any read past its end.  Exit 0 when every input ran; a
 * crash, a sanitizer report or a leak fails the test.
 *
 *   fuzz_model_replay tests/fuzz/corpus/model
 *   fuzz_model_replay crash-1234 tests/fuzz/corpus/model/minimal.yaml
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *more = realloc(data, cap *= 2);
            if (!more)
                free(data);
            data = more;
        }
    }
    bool failed = !data || ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        return 1;
    }
    /* exactly n bytes, so that a read past the input is out of bounds */
    uint8_t *input = malloc(n ? n : 1);
    if (!input) {
        free(data);
        return 1;
    }
    memcpy(input, data, n);
    free(data);
    fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
    LLVMFuzzerTestOneInput(input, n);
    free(input);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_folder(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: cannot open\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int failed = 0;
    struct dirent *e;
    while (!failed && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **more = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
            if (!more) {
                failed = 1;
                break;
            }
            names = more;
        }
        if (!(names[n] = strdup(e->d_name)))
            failed = 1;
        else
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t k = 0; k < n; k++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        if (!failed && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            failed |= run_file(path);
            ++*count;
        }
        free(names[k]);
    }
    free(names);
    return failed;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-FOLDER...\n", argv[0]);
        return 2;
    }
    int failed = 0;
    size_t count = 0;
    for (int k = 1; k < argc && !failed; k++) {
        struct stat st;
        if (stat(argv[k], &st) != 0) {
            fprintf(stderr, "%s: no such file or folder\n", argv[k]);
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            failed = run_folder(argv[k], &count);
        } else {
            failed = run_file(argv[k]);
            count++;
        }
    }
    if (!failed && count == 0) {
        fprintf(stderr, "no inputs: a replay must replay something\n");
        failed = 1;
    }
    if (!failed)
        fprintf(stderr, "%zu inputs replayed\n", count);
    return failed ? 1 : 0;
}
