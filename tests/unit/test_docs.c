/* test_docs.c - every complete model example in docs/ (a ```yaml block that
 * starts with "accord: 1") loads without a diagnostic. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int check_file(const char *path)
{
    char *text = slurp(path);
    int examples = 0;
    const char *p = text;
    while ((p = strstr(p, "```yaml\n")) != NULL) {
        p += 8;
        const char *end = strstr(p, "```");
        assert_non_null(end);
        if (strncmp(p, "accord: 1", 9) == 0) {
            accord_diagnostics diag = {0};
            accord_model *m = NULL;
            /* the line of the block in the doc, for a useful failure */
            int line = 1;
            for (const char *q = text; q < p; q++)
                line += *q == '\n';
            accord_status rc = accord_model_load_buffer(path, p, (size_t)(end - p), NULL, &m, &diag);
            if (diag.count)
                fprintf(stderr, "in the example at line %d of %s (lines below count from it):\n", line, path);
            for (size_t i = 0; i < diag.count; i++) {
                char *s = accord_diagnostic_format(&diag.items[i]);
                fprintf(stderr, "%s\n", s);
                accord_free(s);
            }
            assert_int_equal(rc, ACCORD_OK);
            assert_int_equal(diag.count, 0);
            accord_diagnostics_clear(&diag);
            accord_model_free(m);
            examples++;
        }
        p = end + 3;
    }
    free(text);
    return examples;
}

static void test_doc_examples(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/docs", ACCORD_SOURCE_DIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int total = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".md") != 0)
            continue;
        char path[8192 + 256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        total += check_file(path);
    }
    closedir(d);
    assert_true(total >= 2); /* model-format.md has at least two */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_doc_examples)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
