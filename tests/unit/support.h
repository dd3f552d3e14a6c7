/*
 * support.h - small helpers shared by the unit tests.
 */
#ifndef ACCORD_TEST_SUPPORT_H
#define ACCORD_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs these before its header */
#include <cmocka.h>

#include "accord.h"

/* Load a model from a YAML string; fails the test (with the diagnostics
 * printed) when it does not load. */
accord_model *load_yaml_string(const char *yaml);

/* Load a model from a YAML string expecting failure; returns the status and
 * fills diag (caller clears it). */
accord_status load_yaml_expect_error(const char *yaml, accord_diagnostics *diag);

/* Does any diagnostic's message contain `needle`?  Returns its index or -1. */
long diag_find(const accord_diagnostics *diag, const char *needle);

/* Load a model file of the repository (path relative to its root), or the
 * built-in scenario; fail the test (diagnostics printed) on error. */
accord_model *load_source(const char *rel);
accord_model *load_builtin(void);

/* Load tests/fixtures/genius/<name>; fails the test on error. */
accord_model *load_fixture(const char *name);

/* Full path of a file under the repository (ACCORD_SOURCE_DIR). */
const char *source_path(const char *rel);

/* Allocation failures: after test_alloc_fail_at(k) the library's allocation
 * number k (0-based, counted from the call) fails and every other succeeds;
 * after test_alloc_fail_from(k) that one and every later one fail (memory
 * stays exhausted).  k < 0 never fails but still counts.  test_alloc_restore
 * puts malloc back. */
void test_alloc_fail_at(long k);
void test_alloc_fail_from(long k);
void *test_refusing_malloc(size_t n); /* the malloc that refuses, for another library's hook */
long test_alloc_count(void); /* allocations asked for since test_alloc_fail_at */
bool test_alloc_failed(void); /* whether the k-th was reached and refused */
void test_alloc_restore(void);

/* A small deterministic generator for property tests (splitmix64). */
typedef struct test_rng {
    uint64_t state;
} test_rng;
uint64_t rng_next(test_rng *r);
double rng_uniform(test_rng *r);            /* [0, 1) */
uint32_t rng_below(test_rng *r, uint32_t n); /* [0, n) */

/* The outcome of a frontier point (accord_frontier_terms) in one of eight
 * rotating buffers of up to 64 issues: valid until eight more calls. */
const uint32_t *point_terms(const accord_frontier *f, const accord_frontier_point *pt);

#endif
