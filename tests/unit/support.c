/* support.c - helpers shared by the unit tests. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_diag(const accord_diagnostics *diag)
{
    for (size_t i = 0; i < diag->count; i++) {
        char *s = accord_diagnostic_format(&diag->items[i]);
        fprintf(stderr, "  %s\n", s ? s : "?");
        accord_free(s);
    }
}

accord_model *load_yaml_string(const char *yaml)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    accord_status rc = accord_model_load_buffer("test.yaml", yaml, strlen(yaml), NULL, &m, &diag);
    if (rc != ACCORD_OK)
        print_diag(&diag);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    assert_non_null(m);
    return m;
}

accord_status load_yaml_expect_error(const char *yaml, accord_diagnostics *diag)
{
    accord_model *m = NULL;
    accord_status rc = accord_model_load_buffer("test.yaml", yaml, strlen(yaml), NULL, &m, diag);
    assert_null(m);
    assert_int_not_equal(rc, ACCORD_OK);
    return rc;
}

long diag_find(const accord_diagnostics *diag, const char *needle)
{
    for (size_t i = 0; i < diag->count; i++)
        if (strstr(diag->items[i].message, needle))
            return (long)i;
    return -1;
}

const char *source_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", ACCORD_SOURCE_DIR, rel);
    return buf;
}

accord_model *load_source(const char *rel)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    accord_status rc = accord_model_load(source_path(rel), NULL, &m, &diag);
    if (rc != ACCORD_OK)
        print_diag(&diag);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    return m;
}

accord_model *load_builtin(void)
{
    size_t size;
    const char *text = accord_builtin_scenario(&size);
    accord_model *m = NULL;
    assert_int_equal(accord_model_load_buffer(accord_builtin_scenario_name(), text, size, NULL, &m, NULL),
                     ACCORD_OK);
    return m;
}

accord_model *load_fixture(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/genius/%s", ACCORD_FIXTURES, name);
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    accord_status rc = accord_model_load(path, NULL, &m, &diag);
    if (rc != ACCORD_OK)
        print_diag(&diag);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    return m;
}

static long alloc_fail_at = -1, alloc_made = 0;
static bool alloc_refused, alloc_sticky;

static bool alloc_refuse(void)
{
    long n = alloc_made++;
    if (alloc_fail_at >= 0 && (alloc_sticky ? n >= alloc_fail_at : n == alloc_fail_at)) {
        alloc_refused = true;
        return true;
    }
    return false;
}

static void *refusing_malloc(size_t n) { return alloc_refuse() ? NULL : malloc(n); }
void *test_refusing_malloc(size_t n) { return refusing_malloc(n); }

/* The hook; its user data counts the calls that reached it (the library
 * must pass the pointer it was given, or the increment faults). */
static long hook_calls;

static void *hook_alloc(void *ud, size_t n)
{
    ++*(long *)ud;
    return refusing_malloc(n);
}

static void *hook_resize(void *ud, void *p, size_t n)
{
    ++*(long *)ud;
    return alloc_refuse() ? NULL : realloc(p, n);
}

static void hook_release(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static void arm(long k, bool sticky)
{
    alloc_fail_at = k;
    alloc_sticky = sticky;
    alloc_made = 0;
    alloc_refused = false;
    hook_calls = 0;
    const accord_allocator refusing = {hook_alloc, hook_resize, hook_release, &hook_calls};
    accord_set_allocator(&refusing);
}

void test_alloc_fail_at(long k) { arm(k, false); }
void test_alloc_fail_from(long k) { arm(k, true); }

long test_alloc_count(void)
{
    /* the library's calls came with their user data (jansson's, when a test
     * routes them here too, do not pass through the hook) */
    assert_true(hook_calls <= alloc_made);
    return alloc_made;
}
bool test_alloc_failed(void) { return alloc_refused; }

void test_alloc_restore(void)
{
    alloc_fail_at = -1;
    accord_set_allocator(NULL);
}

uint64_t rng_next(test_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double rng_uniform(test_rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

uint32_t rng_below(test_rng *r, uint32_t n) { return (uint32_t)(rng_uniform(r) * n); }

const uint32_t *point_terms(const accord_frontier *f, const accord_frontier_point *pt)
{
    static uint32_t buf[8][64];
    static unsigned next;
    assert_true(f->n_issues <= 64);
    uint32_t *b = buf[next++ % 8];
    accord_frontier_terms(f, pt, b);
    return b;
}
