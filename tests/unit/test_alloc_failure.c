/* test_alloc_failure.c - fail the 1st, 2nd, 3rd ... allocation of a load in
 * turn: every run must end in a clean ACCORD_E_NOMEM (no crash, no leak under
 * the sanitizers) until enough allocations succeed for the load to complete.
 * Then the same for every analysis and renderer: a run in which one
 * allocation fails ends either in ACCORD_OK with exactly the output of the
 * run in which none fails, or in ACCORD_E_NOMEM with no output at all. */
#include "support.h"

#include <jansson.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *MODEL =
    "accord: 1\n"
    "sources: {s: {title: T}}\n"
    "parties: [{id: A, name: Alpha}, B, C]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, {id: c, label: C}]}\n"
    "    - {id: n, range: {min: 0, max: 10, step: 2}}\n"
    "  proposals: [{id: p, by: A, terms: {x: b, n: 4}}]\n"
    "  preferences:\n"
    "    A: {reservation: {value: [0.1, 0.3], source: s}, weights: {x: 1, n: 2},\n"
    "        values: {x: {a: 1, b: 0.5, c: 0}, n: {linear: [[0, 0], [10, 1]]}}, red_lines: [\"x = c & n > 4\"]}\n"
    "    B: {weights: {x: 1}, values: {x: {a: 0, b: 0.5, c: 1}}}\n"
    "    C: {weights: {n: 1}, values: {n: {linear: [[0, 1], [10, 0]]}}}\n"
    "conflict:\n"
    "  options: {A: [{go: {moves: forward}}], B: [stop, wait], C: [join]}\n"
    "  infeasible: [\"B.stop & B.wait\", \"- - - Y\"]\n"
    "  status_quo: \"N N N N\"\n"
    "  preferences:\n"
    "    A: {priorities: [A.go, \"-B.stop IF A.go\"]}\n"
    "    B: {ranking: [\"Y Y N N\", [\"Y N Y N\", \"N N N N\"], [\"N Y N N\", \"N N Y N\"], \"Y N N N\"]}\n"
    "    C: {priorities: [\"C.join IF A.go\"]}\n";

static void test_every_allocation_failure(void **state)
{
    (void)state;
    const char *text = MODEL;
    /* the model must load when nothing fails */
    {
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        accord_status rc = accord_model_load_buffer("m.yaml", text, strlen(text), NULL, &m, &diag);
        for (size_t i = 0; i < diag.count; i++)
            fprintf(stderr, "%d:%d: %s\n", diag.items[i].line, diag.items[i].col, diag.items[i].message);
        assert_int_equal(rc, ACCORD_OK);
        accord_model_free(m);
        accord_diagnostics_clear(&diag);
    }
    /* count the allocations of a successful load */
    test_alloc_fail_at(-1);
    {
        accord_model *m = NULL;
        assert_int_equal(accord_model_load_buffer("m.yaml", text, strlen(text), NULL, &m, NULL), ACCORD_OK);
        accord_model_free(m);
    }
    long total = test_alloc_count();
    long k;
    for (k = 0;; k++) {
        test_alloc_fail_from(k);
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        accord_status rc = accord_model_load_buffer("m.yaml", text, strlen(text), NULL, &m, &diag);
        accord_diagnostics_clear(&diag);
        if (rc == ACCORD_OK) {
            assert_non_null(m);
            accord_model_free(m);
            break;
        }
        if (rc != ACCORD_E_NOMEM)
            fprintf(stderr, "failing allocation %ld gave status %d\n", k + 1, rc);
        assert_int_equal(rc, ACCORD_E_NOMEM);
        assert_null(m);
    }
    test_alloc_restore();
    /* every allocation of the load was failed once, and only then it succeeded */
    assert_int_equal(k, total);
    assert_true(total > 5);
}

/* The same for a GENIUS folder and for writing YAML. */
static void test_genius_allocation_failure(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/genius/IntegerDomain", ACCORD_FIXTURES);
    long k;
    for (k = 0;; k++) {
        test_alloc_fail_from(k);
        accord_diagnostics diag = {0};
        accord_model *m = NULL;
        accord_status rc = accord_model_load(path, NULL, &m, &diag);
        if (rc == ACCORD_OK) {
            char *yaml = NULL;
            rc = accord_model_to_yaml(m, &yaml, NULL);
            accord_free(yaml);
            accord_model_free(m);
        }
        accord_diagnostics_clear(&diag);
        if (rc == ACCORD_OK)
            break;
        assert_int_equal(rc, ACCORD_E_NOMEM);
    }
    test_alloc_restore();
    assert_true(k > 10);
}

/* The agreement analyses that changed most (repair with its searches, the
 * frontier and its JSON written in pieces) under the same treatment: the
 * model loads normally, then every allocation of the analysis and of its
 * rendering fails in turn. */
static void test_analysis_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = NULL;
    assert_int_equal(accord_model_load_buffer("m.yaml", MODEL, strlen(MODEL), NULL, &m, NULL), ACCORD_OK);
    const uint32_t *terms = m->agreement->proposals[0].terms;
    accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    for (int what = 0; what < 2; what++) {
        char *reference = NULL;
        long total = 0;
        /* k = -1: nothing fails, the reference text and the allocation count;
         * then the k-th allocation alone fails */
        for (long k = -1; k < total; k++) {
            test_alloc_fail_at(k);
            char *text = NULL;
            accord_status rc;
            if (what == 0) {
                accord_repair_result *r = NULL;
                rc = accord_repair_compute(m, &(accord_repair_options){.terms = terms}, &r, NULL);
                if (rc == ACCORD_OK)
                    rc = accord_repair_render(m, r, &jo, &text);
                accord_repair_result_free(r);
            } else {
                accord_frontier *f = NULL;
                rc = accord_frontier_compute(m, NULL, &f, NULL);
                if (rc == ACCORD_OK)
                    rc = accord_frontier_render(m, f, &jo, &text);
                accord_frontier_free(f);
            }
            if (k < 0) {
                assert_int_equal(rc, ACCORD_OK);
                reference = text;
                total = test_alloc_count();
                continue;
            }
            if (rc == ACCORD_OK) { /* a success is the whole document, never a part */
                assert_string_equal(text, reference);
                accord_free(text);
            } else {
                assert_int_equal(rc, ACCORD_E_NOMEM);
                assert_null(text);
            }
        }
        test_alloc_restore();
        accord_free(reference);
        assert_true(total > 10);
    }
    accord_model_free(m);
}

/* ------------------------------------------------------------------------ */
/* Every analysis and renderer                                               */

/* One run of an analysis and its renderings: ACCORD_OK with *out the whole
 * output (every rendering, and the diagnostics, joined; plain malloc), or an
 * error with *out NULL.  Each producer checks on the way that a failed call
 * returned no result. */
typedef accord_status (*producer)(const accord_model *m, char **out);

static char *joined; /* the output being assembled (plain malloc) */

static void join(const char *text)
{
    size_t have = joined ? strlen(joined) : 0, n = strlen(text);
    char *more = realloc(joined, have + n + 2);
    assert_non_null(more);
    memcpy(more + have, text, n);
    more[have + n] = '\n';
    more[have + n + 1] = '\0';
    joined = more;
}

/* The diagnostics belong to the output: a warning lost to a failed
 * allocation is a partial output. */
static void join_diagnostics(accord_diagnostics *diag)
{
    for (size_t i = 0; i < diag->count; i++) {
        char line[1024];
        snprintf(line, sizeof line, "diagnostic %d %s:%d:%d: %s", (int)diag->items[i].severity,
                 diag->items[i].file ? diag->items[i].file : "-", diag->items[i].line,
                 diag->items[i].col, diag->items[i].message);
        join(line);
    }
    accord_diagnostics_clear(diag);
}

/* Every rendering is asked for in both formats. */
static const accord_render_options FORMATS[2] = {
    {.format = ACCORD_FORMAT_TEXT, .verbose = true},
    {.format = ACCORD_FORMAT_JSON},
};

/* While rc is ACCORD_OK, evaluate `call` (which may use `ropts` and must
 * set `text`) in each format and join its text; a failed rendering must
 * have returned none. */
#define RENDER_BOTH(rc, call)                                  \
    do {                                                       \
        for (int f_ = 0; f_ < 2 && (rc) == ACCORD_OK; f_++) {  \
            const accord_render_options *ropts = &FORMATS[f_]; \
            char *text = NULL;                                 \
            (rc) = (call);                                     \
            if ((rc) == ACCORD_OK) {                           \
                assert_non_null(text);                         \
                join(text);                                    \
            } else {                                           \
                assert_null(text);                             \
            }                                                  \
            accord_free(text);                                 \
        }                                                      \
    } while (0)

static accord_status finish(accord_status rc, char **out)
{
    if (rc == ACCORD_OK) {
        *out = joined;
    } else {
        free(joined);
        *out = NULL;
    }
    joined = NULL;
    return rc;
}

static accord_status produce_evaluation(const accord_model *m, char **out)
{
    accord_evaluation *e = NULL;
    accord_status rc = accord_evaluation_compute(m, NULL, &e, NULL);
    if (rc)
        assert_null(e);
    RENDER_BOTH(rc, accord_evaluation_render(m, e, ropts, &text));
    accord_evaluation_free(e);
    /* one outcome that is not a proposal, as `evaluate --terms` */
    uint32_t terms[2] = {2, 3};
    e = NULL;
    if (rc == ACCORD_OK) {
        rc = accord_evaluation_compute(m, &(accord_evaluation_options){.terms = terms}, &e, NULL);
        if (rc)
            assert_null(e);
    }
    RENDER_BOTH(rc, accord_evaluation_render(m, e, ropts, &text));
    accord_evaluation_free(e);
    return finish(rc, out);
}

/* `accord check`: the summary, and the provenance listing */
static accord_status produce_check(const accord_model *m, char **out)
{
    accord_status rc = ACCORD_OK;
    RENDER_BOTH(rc, accord_model_summary_render(m, ropts, &text));
    accord_unsourced *u = NULL;
    if (rc == ACCORD_OK) {
        rc = accord_provenance_check(m, &u);
        if (rc)
            assert_null(u);
    }
    RENDER_BOTH(rc, accord_unsourced_render(m, u, ropts, &text));
    accord_unsourced_free(u);
    return finish(rc, out);
}

static accord_status produce_robust(const accord_model *m, char **out)
{
    accord_robust_options o = {.samples = 16, .seed = 3, .top = 4};
    accord_robust *r = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_robust_compute(m, &o, &r, &diag);
    if (rc)
        assert_null(r);
    join_diagnostics(&diag);
    RENDER_BOTH(rc, accord_robust_render(m, r, ropts, &text));
    accord_robust_free(r);
    return finish(rc, out);
}

static const accord_stability_options ONE_THREAD = {.threads = 1};

static accord_status produce_stability(const accord_model *m, char **out)
{
    accord_stability *st = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_stability_compute(m, &ONE_THREAD, &st, &diag);
    if (rc)
        assert_null(st);
    join_diagnostics(&diag);
    RENDER_BOTH(rc, accord_stability_render(m, st, ropts, &text));
    accord_stability_free(st);
    return finish(rc, out);
}

static accord_status produce_coalitions(const accord_model *m, char **out)
{
    accord_coalitions *c = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_coalitions_compute(m, &ONE_THREAD, &c, &diag);
    if (rc)
        assert_null(c);
    join_diagnostics(&diag);
    RENDER_BOTH(rc, accord_coalitions_render(m, c, ropts, &text));
    accord_coalitions_free(c);
    return finish(rc, out);
}

static accord_status produce_evolution(const accord_model *m, char **out)
{
    accord_evolve_options o = {.stability = ONE_THREAD};
    accord_evolution *e = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_evolve_compute(m, &o, &e, &diag);
    if (rc)
        assert_null(e);
    join_diagnostics(&diag);
    RENDER_BOTH(rc, accord_evolution_render(m, e, ropts, &text));
    accord_evolution_free(e);
    return finish(rc, out);
}

/* A zone of agreement that each party's red line closes: x = a is all A
 * accepts (c is its red line, b below its reservation), and B's red line
 * excludes a.  Dropping either red line opens the zone. */
static const char *BLOCKED =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues: [{id: x, options: [a, b, c]}, {id: y, options: [p, q]}]\n"
    "  preferences:\n"
    "    A: {reservation: 0.5, weights: {x: 3, y: 1}, values: {x: {a: 1, b: 0.1, c: 0.9}, y: {p: 1, q: 0}},\n"
    "        red_lines: [\"x = c\"]}\n"
    "    B: {weights: {x: 1, y: 1}, values: {x: {a: 0, b: 0.5, c: 1}, y: {p: 0, q: 1}},\n"
    "        red_lines: [\"x = a\", \"y = q & x = b\"]}\n";

/* The relaxations have no renderer of their own (the full analysis shows
 * them): every field, as text. */
static accord_status produce_relaxations(const accord_model *m, char **out)
{
    accord_relaxations *r = NULL;
    accord_status rc = accord_relaxations_compute(m, &(accord_relaxations_options){.max_size = 2, .max_sets = 10}, &r, NULL);
    if (rc) {
        assert_null(r);
        return finish(rc, out);
    }
    char line[256];
    snprintf(line, sizeof line, "empty %d decided %d size %zu sets %zu more %d reservations_block %d",
             r->zopa_empty, r->decided, r->size, r->n_sets, r->more, r->reservations_block);
    join(line);
    for (size_t k = 0; k < r->n_sets; k++) {
        const accord_relaxation *set = &r->sets[k];
        for (size_t i = 0; i < set->n; i++) {
            snprintf(line, sizeof line, "set %zu drops party %zu red line %zu", k,
                     set->red_lines[i].party, set->red_lines[i].red_line);
            join(line);
        }
        for (size_t i = 0; i < m->agreement->n_issues; i++) {
            snprintf(line, sizeof line, "set %zu witness %zu = %u", k, i, set->witness[i]);
            join(line);
        }
    }
    accord_relaxations_free(r);
    return finish(rc, out);
}

/* `accord negotiate --agents ...`: the list, the run and its renderings. */
static accord_status produce_negotiation(const accord_model *m, char **out)
{
    accord_agent *agents = NULL;
    size_t n_agents = 0;
    accord_diagnostics diag = {0};
    accord_status rc = accord_agents_parse("boulware, titfortat,random", &agents, &n_agents, &diag);
    if (rc)
        assert_null(agents);
    accord_negotiation *n = NULL;
    if (rc == ACCORD_OK) {
        accord_negotiation_options o = {.rounds = 12, .seed = 5};
        rc = accord_negotiate(m, agents, n_agents, &o, &n, &diag);
        if (rc)
            assert_null(n);
    }
    join_diagnostics(&diag);
    RENDER_BOTH(rc, accord_negotiation_render(m, n, ropts, &text));
    accord_negotiation_free(n);
    accord_free(agents);
    return finish(rc, out);
}

/* `accord tournament --part K/2 --json` twice, then `--merge`: each part
 * played and written, read back, merged, and the whole written (text, CSV
 * and JSON). */
static accord_status produce_tournament(const accord_model *m, char **out)
{
    const accord_agent agents[2] = {{.kind = ACCORD_AGENT_TIME_DEPENDENT, .exponent = 1, .name = "linear"},
                                    {.kind = ACCORD_AGENT_RANDOM, .name = "random"}};
    const accord_render_options jo = {.format = ACCORD_FORMAT_JSON};
    accord_tournament *parts[2] = {NULL, NULL}, *whole = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = ACCORD_OK;
    for (uint32_t k = 0; k < 2 && rc == ACCORD_OK; k++) {
        accord_tournament_options o = {.rounds = 6, .seed = 2, .part = k + 1, .parts = 2};
        accord_tournament *played = NULL;
        char *json = NULL;
        rc = accord_tournament_play(&m, 1, agents, 2, &o, &played, &diag);
        if (rc)
            assert_null(played);
        if (rc == ACCORD_OK) {
            rc = accord_tournament_render(played, &jo, &json);
            if (rc)
                assert_null(json);
        }
        if (rc == ACCORD_OK) {
            rc = accord_tournament_parse("part.json", json, strlen(json), &parts[k], &diag);
            if (rc)
                assert_null(parts[k]);
        }
        accord_free(json);
        accord_tournament_free(played);
    }
    if (rc == ACCORD_OK) {
        rc = accord_tournament_merge((const accord_tournament *const *)parts, 2, &whole, &diag);
        if (rc)
            assert_null(whole);
    }
    join_diagnostics(&diag);
    RENDER_BOTH(rc, accord_tournament_render(whole, ropts, &text));
    if (rc == ACCORD_OK) {
        char *csv = NULL;
        rc = accord_tournament_csv(whole, &csv);
        if (rc)
            assert_null(csv);
        else
            join(csv);
        accord_free(csv);
    }
    accord_tournament_free(parts[0]);
    accord_tournament_free(parts[1]);
    accord_tournament_free(whole);
    return finish(rc, out);
}

/* Run `produce` once with nothing failing (the reference output, and the
 * count of allocations), then once per allocation with that one failing.
 *
 * jansson allocates through its own hook, which the program sets, not
 * accord (json_set_alloc_funcs is process-wide).  With `jansson_too` the
 * test sets it, as a program may, to the same refusing malloc, so that the
 * JSON values and texts jansson builds fail in turn too: a renderer must
 * then fail, not return a document missing a member.  Not while JSON is
 * read: jansson 2.14's json_loadb frees a pointer it never allocated when
 * an allocation fails in the middle of a document (an upstream bug). */
static void fail_each_allocation(const accord_model *m, const char *what, producer produce,
                                 bool jansson_too)
{
    char *reference = NULL;
    long total = 0;
    for (long k = -1; k < total; k++) {
        test_alloc_fail_at(k);
        if (jansson_too)
            json_set_alloc_funcs(test_refusing_malloc, free);
        char *text = NULL;
        accord_status rc = produce(m, &text);
        bool refused = test_alloc_failed();
        test_alloc_restore();
        json_set_alloc_funcs(malloc, free);
        if (k < 0) {
            if (rc != ACCORD_OK)
                fail_msg("%s: status %d (%s) with no allocation failing", what, rc, accord_strerror(rc));
            reference = text;
            total = test_alloc_count();
            continue;
        }
        if (rc == ACCORD_OK) {
            /* a success is the whole output, never a part of it */
            if (strcmp(text, reference) != 0) {
                size_t at = 0;
                while (text[at] && text[at] == reference[at])
                    at++;
                size_t from = at > 80 ? at - 80 : 0;
                fprintf(stderr, "%s: allocation %ld of %ld failed, and the status was ACCORD_OK with "
                        "an output that differs from the unfailed run's at byte %zu:\n"
                        "got      ...%.160s\nexpected ...%.160s\n",
                        what, k + 1, total, at, text + from, reference + from);
                fail_msg("%s: a partial output reported as a success", what);
            }
            free(text);
        } else {
            if (rc != ACCORD_E_NOMEM || !refused)
                fail_msg("%s: allocation %ld of %ld failed, and the status was %d (%s), not "
                         "ACCORD_E_NOMEM",
                         what, k + 1, total, rc, accord_strerror(rc));
            assert_null(text);
        }
    }
    free(reference);
    assert_true(total > 10);
}

static accord_model *load_model(void)
{
    accord_model *m = NULL;
    assert_int_equal(accord_model_load_buffer("m.yaml", MODEL, strlen(MODEL), NULL, &m, NULL), ACCORD_OK);
    return m;
}

static void test_evaluation_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_model();
    fail_each_allocation(m, "evaluate", produce_evaluation, true);
    accord_model_free(m);
}

static void test_check_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_model();
    fail_each_allocation(m, "check", produce_check, true);
    accord_model_free(m);
}

static void test_robust_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_model();
    fail_each_allocation(m, "robust", produce_robust, true);
    accord_model_free(m);
}

static void test_conflict_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_model();
    fail_each_allocation(m, "stability", produce_stability, true);
    fail_each_allocation(m, "coalitions", produce_coalitions, true);
    fail_each_allocation(m, "evolve", produce_evolution, true);
    accord_model_free(m);
}

static void test_relaxations_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = NULL;
    assert_int_equal(accord_model_load_buffer("b.yaml", BLOCKED, strlen(BLOCKED), NULL, &m, NULL), ACCORD_OK);
    char *text = NULL;
    assert_int_equal(produce_relaxations(m, &text), ACCORD_OK);
    /* the case is the one it means to be: blocked, and two ways out */
    assert_non_null(strstr(text, "empty 1 decided 1 size 1 sets 2"));
    free(text);
    fail_each_allocation(m, "relaxations", produce_relaxations, true);
    accord_model_free(m);
}

static void test_negotiation_allocation_failure(void **state)
{
    (void)state;
    accord_model *m = load_model();
    fail_each_allocation(m, "negotiate", produce_negotiation, true);
    fail_each_allocation(m, "tournament", produce_tournament, false);
    accord_model_free(m);
}

int main(void)
{
    /* the allocation count must not depend on threads (nor race between them) */
    omp_set_num_threads(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_failure),
        cmocka_unit_test(test_genius_allocation_failure),
        cmocka_unit_test(test_analysis_allocation_failure),
        cmocka_unit_test(test_evaluation_allocation_failure),
        cmocka_unit_test(test_check_allocation_failure),
        cmocka_unit_test(test_robust_allocation_failure),
        cmocka_unit_test(test_conflict_allocation_failure),
        cmocka_unit_test(test_relaxations_allocation_failure),
        cmocka_unit_test(test_negotiation_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
