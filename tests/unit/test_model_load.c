/* test_model_load.c - the YAML loader: what it reads, and every kind of error it reports. */
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *MINIMAL =
    "accord: 1\n"
    "title: Test\n"
    "sources:\n"
    "  s1: {title: A source, url: 'http://example.org'}\n"
    "parties:\n"
    "  - {id: A, name: Alpha}\n"
    "  - {id: B}\n"
    "agreement:\n"
    "  issues:\n"
    "    - id: x\n"
    "      options: [lo, mid, {id: hi, label: High, source: s1}]\n"
    "    - id: n\n"
    "      range: {min: 0, max: 100, step: 25}\n"
    "  proposals:\n"
    "    - {id: p1, by: A, terms: {x: mid, n: 50}}\n"
    "  preferences:\n"
    "    A:\n"
    "      reservation: {value: [0.2, 0.4], assumption: guess}\n"
    "      weights: {x: 3, n: {value: 1, source: s1}}\n"
    "      values:\n"
    "        x: {lo: 0, mid: 0.5, hi: 1}\n"
    "        n: {linear: [[0, 0], [100, 1]]}\n"
    "      red_lines: [\"x = lo\", \"n > 75\"]\n"
    "    B:\n"
    "      weights: {x: 1}\n"
    "      values: {x: {lo: 1, mid: 0.5, hi: 0}}\n";

static void test_minimal_model(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MINIMAL);
    assert_string_equal(m->title, "Test");
    assert_int_equal(m->n_parties, 2);
    assert_string_equal(m->parties[0].name, "Alpha");
    assert_string_equal(m->parties[1].name, "B"); /* defaults to the id */
    assert_int_equal(m->n_sources, 1);
    const accord_agreement *ag = m->agreement;
    assert_non_null(ag);
    assert_int_equal(ag->n_issues, 2);
    assert_int_equal(ag->issues[0].n_options, 3);
    assert_string_equal(ag->issues[0].options[2].label, "High");
    assert_int_equal(ag->issues[1].kind, ACCORD_ISSUE_INTEGER);
    assert_int_equal(ag->issues[1].n_options, 5);
    assert_true(ag->outcomes == 15.0);
    assert_int_equal(ag->n_proposals, 1);
    assert_int_equal(ag->proposals[0].terms[0], 1);
    assert_int_equal(ag->proposals[0].terms[1], 2);
    /* A: weights 3:1 normalised -> 0.75, 0.25; u(mid, 50) = 0.75*0.5 + 0.25*0.5 */
    assert_true(fabs(accord_utility(m, 0, ag->proposals[0].terms) - 0.5) < 1e-12);
    assert_true(fabs(accord_utility(m, 1, ag->proposals[0].terms) - 0.5) < 1e-12);
    /* the reservation range's midpoint */
    const accord_preference *pa = &ag->preferences[0];
    assert_true(pa->reservation.is_range);
    assert_true(fabs(pa->reservation.value - 0.3) < 1e-12);
    assert_string_equal(pa->reservation.assumption, "guess");
    assert_string_equal(pa->weights[1].source, "s1");
    /* red lines */
    assert_int_equal(pa->n_red_lines, 2);
    uint32_t t1[] = {0, 2}, t2[] = {1, 4}, t3[] = {2, 3};
    assert_int_equal(accord_red_line_broken(m, 0, t1), 0);
    assert_int_equal(accord_red_line_broken(m, 0, t2), 1); /* n = 100 > 75 */
    assert_int_equal(accord_red_line_broken(m, 0, t3), -1);
    assert_true(accord_acceptable(m, 0, t3));  /* 0.75 + 0.25*0.75 */
    assert_true(accord_acceptable(m, 1, t3)); /* B: utility 0 >= reservation 0 (the default) */
    assert_true(fabs(accord_utility(m, 1, t3)) < 1e-12);
    accord_model_free(m);
}

static void test_lookups_and_terms(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MINIMAL);
    assert_int_equal(accord_model_party_index(m, "B"), 1);
    assert_int_equal(accord_model_party_index(m, "C"), -1);
    assert_int_equal(accord_model_issue_index(m, "n"), 1);
    assert_int_equal(accord_model_proposal_index(m, "p1"), 0);
    assert_int_equal(accord_issue_option_index(&m->agreement->issues[1], "75"), 3);
    assert_int_equal(accord_issue_option_index(&m->agreement->issues[1], "70"), -1);
    uint32_t terms[2];
    accord_diagnostics diag = {0};
    assert_int_equal(accord_terms_parse(m, "x=hi,n=25", NULL, terms, &diag), ACCORD_OK);
    assert_int_equal(terms[0], 2);
    assert_int_equal(terms[1], 1);
    assert_int_equal(accord_terms_parse(m, "x=hii", m->agreement->proposals[0].terms, terms, &diag),
                     ACCORD_E_ARG);
    assert_true(diag_find(&diag, "did you mean \"hi\"") >= 0);
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_terms_parse(m, "x=hi", NULL, terms, &diag), ACCORD_E_ARG);
    assert_true(diag_find(&diag, "no option given for issue \"n\"") >= 0);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
}

/* One bad model, one expected message and place. */
typedef struct bad_case {
    const char *yaml;
    const char *message;
    int line, col;
} bad_case;

static const bad_case BAD[] = {
    /* unknown key with a did-you-mean */
    {"accord: 1\nparties: [{id: A}]\nagrement: {}\n", "unknown key \"agrement\" in the model; did you mean \"agreement\"?", 3, 1},
    /* undeclared party */
    {"accord: 1\nparties: [{id: RU}, {id: UA}]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
     "  preferences:\n    RUS: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
     "    RU: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n    UA: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n",
     "party \"RUS\" is not declared; did you mean \"RU\"? (declared: RU, UA)", 6, 5},
    /* duplicate party id */
    {"accord: 1\nparties: [{id: A}, {id: A}]\nconflict: {options: {A: [x]}, preferences: {A: {priorities: [A.x]}}}\n",
     "party \"A\" is declared twice", 2, 20},
    /* duplicate option */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, a]}]\n  preferences: {A: {weights: {x: 1}, values: {x: {a: 1}}}}\n",
     "option \"a\" appears twice in issue \"x\"", 4, 33},
    /* value out of [0, 1] */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n  preferences: {A: {weights: {x: 1}, values: {x: {a: 1.5, b: 0}}}}\n",
     "A's value of x = a must lie in [0, 1], found 1.5", 5, 54},
    /* unlisted option in values */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n  preferences: {A: {weights: {x: 1}, values: {x: {a: 1}}}}\n",
     "A gives no value to b of issue \"x\"", 5, 50},
    /* proposal leaves out an issue */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a]}, {id: y, options: [c]}]\n"
     "  proposals: [{id: p, terms: {x: a}}]\n  preferences: {A: {weights: {x: 1}, values: {x: {a: 1}}}}\n",
     "proposal \"p\" leaves out 1 issue: y", 5, 30},
    /* unknown option in a red line */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: nato, options: [barred, open]}]\n"
     "  preferences: {A: {weights: {nato: 1}, values: {nato: {barred: 1, open: 0}}, red_lines: [\"nato = opn\"]}}\n",
     "issue \"nato\" has no option \"opn\"; did you mean \"open\"?", 5, 99},
    /* bad id */
    {"accord: 1\nparties: [{id: 1A}]\nconflict: {options: {}}\n", "\"1A\" is not a valid id for a party", 2, 16},
    /* wrong version */
    {"accord: 2\nparties: [A]\nconflict: {options: {A: [x]}, preferences: {A: {priorities: [A.x]}}}\n",
     "format version 2 is not supported", 1, 9},
    /* ranking misses a state */
    {"accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  preferences:\n"
     "    A: {ranking: [\"Y Y\", \"Y N\", \"N Y\"]}\n    B: {priorities: [B.y]}\n",
     "party A's ranking leaves out 1 feasible state: 1 (NN)", 6, 18},
    /* ranking repeats a state */
    {"accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  preferences:\n"
     "    A: {ranking: [\"Y -\", \"- Y\", \"N N\"]}\n    B: {priorities: [B.y]}\n",
     "party A ranks state 4 (YY) twice", 6, 26},
    /* unknown conflict option in a priority */
    {"accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  preferences:\n"
     "    A: {priorities: [\"-B.z\"]}\n    B: {priorities: [B.y]}\n",
     "unknown option \"B.z\"; did you mean \"B.y\"?", 6, 24},
    /* pattern of the wrong length */
    {"accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  infeasible: [\"Y Y Y\"]\n"
     "  preferences: {A: {priorities: [A.x]}, B: {priorities: [B.y]}}\n",
     "pattern \"Y Y Y\" has 3 positions; expected 2", 5, 16},
    /* a party's conflict preferences given twice (the second is ignored, not merged) */
    {"accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  preferences:\n"
     "    A: {ranking: [\"Y -\", \"N -\"]}\n    B: {priorities: [B.y]}\n    A: {ranking: [\"- Y\", [\"- N\", \"Y Y\"], \"N N\"]}\n",
     "key `A` is written twice in conflict preferences (first at line 6)", 8, 5},
    /* the same in the agreement */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n  preferences:\n"
     "    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}, red_lines: [\"x = a\"]}\n"
     "    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}, red_lines: [\"x = a\", \"x = b\", \"x = a\"]}\n",
     "key `A` is written twice in preferences (first at line 6)", 7, 5},
    /* a named state that matches nothing feasible */
    {"accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n  infeasible: [\"Y Y\"]\n"
     "  named_states: {both: \"A.x & B.y\"}\n  preferences: {A: {priorities: [A.x]}, B: {priorities: [B.y]}}\n",
     "named state \"both\" (\"A.x & B.y\") matches no feasible state", 6, 24},
    /* a zero step */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: n, range: {min: 0, max: 10, step: 0}}]\n"
     "  preferences: {A: {weights: {n: 1}, values: {n: {linear: [[0, 0], [10, 1]]}}}}\n",
     "step of issue \"n\" must be positive", 4, 51},
    /* status quo with a dash */
    {"accord: 1\nparties: [A]\nconflict:\n  options: {A: [x, y]}\n  status_quo: \"Y -\"\n"
     "  preferences: {A: {priorities: [A.x]}}\n",
     "status_quo must be a pattern of 2 Y/N letters", 5, 15},
    /* YAML syntax error */
    {"accord: 1\nparties: [A\n", "not valid YAML", 3, 1},
    /* not a map */
    {"- just\n- a list\n", "a model must be a map", 1, 1},
    /* source not declared */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a]}]\n"
     "  preferences: {A: {weights: {x: {value: 1, source: nowhere}}, values: {x: {a: 1}}}}\n",
     "source \"nowhere\" of a weight is not declared in sources", 5, 34},
    /* range reversed */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a]}]\n"
     "  preferences: {A: {reservation: [0.5, 0.2], weights: {x: 1}, values: {x: {a: 1}}}}\n",
     "low must not exceed high", 5, 34},
    /* integer range not a multiple */
    {"accord: 1\nparties: [A]\nagreement:\n  issues: [{id: n, range: {min: 0, max: 10, step: 3}}]\n"
     "  preferences: {A: {weights: {n: 1}, values: {n: {linear: [[0, 0], [10, 1]]}}}}\n",
     "is not a multiple of step", 4, 27},
    /* duplicate key */
    {"accord: 1\nparties: [A]\nparties: [B]\nconflict: {options: {A: [x]}, preferences: {A: {priorities: [A.x]}}}\n",
     "key `parties` is written twice in the model (first at line 2)", 3, 1},
    /* no sections */
    {"accord: 1\nparties: [A]\n", "neither an agreement nor a conflict section", 1, 1},
    /* binary */
    {"accord: 1\n\x01\x02", "not valid YAML", 0, 0},
};

static void test_bad_models(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        accord_diagnostics diag = {0};
        accord_status rc = load_yaml_expect_error(BAD[i].yaml, &diag);
        long at = diag_find(&diag, BAD[i].message);
        if (at < 0 || (BAD[i].line && (diag.items[at].line != BAD[i].line || diag.items[at].col != BAD[i].col))) {
            fprintf(stderr, "case %zu (rc %d): expected \"%s\" at %d:%d; got:\n", i, rc, BAD[i].message,
                    BAD[i].line, BAD[i].col);
            for (size_t k = 0; k < diag.count; k++)
                fprintf(stderr, "  %d:%d: %s\n", diag.items[k].line, diag.items[k].col, diag.items[k].message);
            failures++;
            accord_diagnostics_clear(&diag);
            continue;
        }
        assert_string_equal(diag.items[at].file, "test.yaml");
        assert_true(rc == ACCORD_E_INVALID || rc == ACCORD_E_PARSE);
        accord_diagnostics_clear(&diag);
    }
    assert_int_equal(failures, 0);
}

/* Several problems in one file are all reported in one run. */
static void test_all_errors_reported(void **state)
{
    (void)state;
    const char *yaml = "accord: 1\n"
                       "parties: [A, B]\n"
                       "agreement:\n"
                       "  isues: []\n"
                       "  issues: [{id: x, options: [a, b]}]\n"
                       "  preferences:\n"
                       "    A: {weights: {x: 1}, values: {x: {a: 2, b: 0}}}\n"
                       "    B: {weights: {y: 1}, values: {x: {a: 1, b: 0}}}\n";
    accord_diagnostics diag = {0};
    load_yaml_expect_error(yaml, &diag);
    assert_true(diag_find(&diag, "unknown key \"isues\"") >= 0);
    assert_true(diag_find(&diag, "must lie in [0, 1]") >= 0);
    assert_true(diag_find(&diag, "issue \"y\" is not declared") >= 0);
    assert_true(diag.errors >= 3);
    accord_diagnostics_clear(&diag);
}

static void test_empty_and_missing_files(void **state)
{
    (void)state;
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    char path[] = "/tmp/accord-empty-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(accord_model_load(path, NULL, &m, &diag), ACCORD_E_INVALID);
    assert_true(diag_find(&diag, "the file is empty") >= 0);
    assert_int_equal(diag.items[0].line, 1);
    accord_diagnostics_clear(&diag);
    remove(path);
    assert_int_equal(accord_model_load("/nonexistent/model.yaml", NULL, &m, &diag), ACCORD_E_IO);
    assert_true(diag_find(&diag, "cannot open") >= 0);
    accord_diagnostics_clear(&diag);
    /* a NUL byte: binary */
    const char bin[] = "accord: 1\nparties: [A]\0\0\0";
    assert_int_equal(accord_model_load_buffer("bin.yaml", bin, sizeof bin, NULL, &m, &diag), ACCORD_E_PARSE);
    assert_true(diag_find(&diag, "the file is binary") >= 0);
    assert_int_equal(diag.items[0].line, 2);
    accord_diagnostics_clear(&diag);
    assert_null(m);
}

static void test_json_model(void **state)
{
    (void)state;
    const char *json = "{\"accord\": 1, \"parties\": [{\"id\": \"A\"}, {\"id\": \"B\"}],"
                       " \"agreement\": {\"issues\": [{\"id\": \"x\", \"options\": [\"a\", \"b\"]}],"
                       " \"preferences\": {\"A\": {\"weights\": {\"x\": 1}, \"values\": {\"x\": {\"a\": 1, \"b\": 0}}},"
                       " \"B\": {\"weights\": {\"x\": 1}, \"values\": {\"x\": {\"a\": 0.25, \"b\": 1}}}}}}";
    accord_model *m = load_yaml_string(json);
    uint32_t t[] = {0};
    assert_true(fabs(accord_utility(m, 1, t) - 0.25) < 1e-12);
    accord_model_free(m);
}

static void test_conflict_states(void **state)
{
    (void)state;
    const char *yaml = "accord: 1\n"
                       "parties: [A, B]\n"
                       "conflict:\n"
                       "  options:\n"
                       "    A: [{x: {moves: forward}}, y]\n"
                       "    B: [z]\n"
                       "  infeasible: [\"Y Y -\"]\n"
                       "  exclusive: [[A.x, B.z]]\n"
                       "  at_least_one: [[A.y, B.z, A.x]]\n"
                       "  status_quo: \"N Y N\"\n"
                       "  named_states: {start: \"N Y N\", 'z on': B.z}\n"
                       "  preferences:\n"
                       "    A: {priorities: [\"-B.z\", \"A.x IF A.y\"]}\n"
                       "    B:\n"
                       "      ranking: [\"N N Y\", [\"N Y N\", \"N Y Y\"], \"Y N N\"]\n";
    accord_model *m = load_yaml_string(yaml);
    const accord_conflict *cf = m->conflict;
    assert_int_equal(cf->n_options, 3);
    assert_string_equal(cf->options[0].qualified, "A.x");
    assert_int_equal(cf->options[0].moves, ACCORD_MOVES_FORWARD);
    assert_int_equal(cf->options[2].party, 1);
    /* codes 0..7: infeasible 0 (none taken), 3 (x&y), 7, 5 (x&z exclusive) -> 1,2,4,6 */
    assert_int_equal(cf->n_states, 4);
    uint64_t want[] = {1, 2, 4, 6};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(accord_conflict_state_code(cf, i), want[i]);
    assert_true(cf->has_status_quo);
    assert_int_equal(cf->status_quo, 2);
    assert_int_equal(cf->status_quo_index, 1);
    assert_int_equal(cf->n_named, 2);
    assert_string_equal(cf->named[0].name, "start");
    assert_true(cf->named[0].condition.is_pattern);
    assert_string_equal(cf->named[1].name, "z on");
    assert_true(accord_expr_eval_state(cf->named[1].condition.expr, 4));
    assert_false(accord_expr_eval_state(cf->named[1].condition.expr, 2));
    /* A: "-B.z" weighs 2, "A.x IF A.y" weighs 1.
       state 1 (x): 2 + 1 = 3; 2 (y): 2 + 0 = 2; 4 (z): 0 + 1 = 1; 6 (y,z): 0 + 0 = 0 */
    uint32_t lvA[] = {3, 2, 1, 0};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(accord_conflict_level(cf, 0, i), lvA[i]);
    /* B's ranking: 4 best (level 2), then 2 and 6 tied (1), then 1 (0) */
    uint32_t lvB[] = {0, 1, 2, 1};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(accord_conflict_level(cf, 1, i), lvB[i]);
    accord_model_free(m);
}

static void test_expressions(void **state)
{
    (void)state;
    const char *yaml = "accord: 1\n"
                       "parties: [A]\n"
                       "conflict:\n"
                       "  options: {A: [p, q, r]}\n"
                       "  preferences:\n"
                       "    A:\n"
                       "      priorities:\n"
                       "        - \"A.p | A.q & A.r\"\n"      /* & binds tighter */
                       "        - \"A.p IFF A.q\"\n"
                       "        - \"NOT A.p IF A.q\"\n"       /* q -> !p */
                       "        - \"!(A.p | 2) & -3\"\n"      /* option numbers */
                       "        - \"1 & not (2)\"\n";
    accord_model *m = load_yaml_string(yaml);
    const accord_conflict_preference *pr = &m->conflict->preferences[0];
    for (uint64_t s = 0; s < 8; s++) {
        bool p = s & 1, q = s & 2, r = s & 4;
        assert_int_equal(accord_expr_eval_state(pr->priorities[0].expr, s), p || (q && r));
        assert_int_equal(accord_expr_eval_state(pr->priorities[1].expr, s), p == q);
        assert_int_equal(accord_expr_eval_state(pr->priorities[2].expr, s), !q || !p);
        assert_int_equal(accord_expr_eval_state(pr->priorities[3].expr, s), !(p || q) && !r);
        assert_int_equal(accord_expr_eval_state(pr->priorities[4].expr, s), p && !q);
    }
    accord_model_free(m);
}

static void test_agreement_comparisons(void **state)
{
    (void)state;
    const char *yaml = "accord: 1\n"
                       "parties: [A]\n"
                       "agreement:\n"
                       "  issues:\n"
                       "    - {id: cap, range: {min: 400000, max: 1000000, step: 50000}}\n"
                       "    - {id: nato, options: [barred, consensus, open]}\n"
                       "  preferences:\n"
                       "    A:\n"
                       "      weights: {cap: 1}\n"
                       "      values: {cap: {linear: [[400000, 1], [1000000, 0]]}}\n"
                       "      red_lines:\n"
                       "        - cap > 600000\n"
                       "        - cap <= 450000\n"
                       "        - cap >= 725000\n"      /* between options */
                       "        - \"nato != barred IF cap = 500000\"\n"
                       "        - nato >= consensus\n"; /* option order */
    accord_model *m = load_yaml_string(yaml);
    const accord_preference *pr = &m->agreement->preferences[0];
    for (uint32_t k = 0; k < 13; k++) {
        for (uint32_t n = 0; n < 3; n++) {
            uint32_t t[] = {k, n};
            long v = 400000 + 50000 * (long)k;
            assert_int_equal(accord_expr_eval_outcome(pr->red_lines[0].expr, t), v > 600000);
            assert_int_equal(accord_expr_eval_outcome(pr->red_lines[1].expr, t), v <= 450000);
            assert_int_equal(accord_expr_eval_outcome(pr->red_lines[2].expr, t), v >= 725000);
            assert_int_equal(accord_expr_eval_outcome(pr->red_lines[3].expr, t), v != 500000 || n != 0);
            assert_int_equal(accord_expr_eval_outcome(pr->red_lines[4].expr, t), n >= 1);
        }
    }
    /* the piecewise-linear value: 600000 -> 2/3 */
    uint32_t t[] = {4, 0};
    assert_true(fabs(accord_utility(m, 0, t) - 2.0 / 3.0) < 1e-12);
    accord_model_free(m);
}

static void test_provenance(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(MINIMAL);
    accord_unsourced *u = NULL;
    assert_int_equal(accord_provenance_check(m, &u), ACCORD_OK);
    /* A: weight of x (3), values of x (3), of n: no discrete values; B: weight x, values x (3).
       A's reservation and weight of n have provenance. */
    assert_int_equal(u->count, 1 + 3 + 1 + 3);
    assert_string_equal(u->items[0].what, "A weight of x");
    assert_int_equal(u->items[0].loc.line, 19);
    accord_unsourced_free(u);
    accord_model_free(m);
}

/* The public state helpers: every feasible state found at its index, an
 * infeasible one not at all; patterns with and without the parties' spaces. */
static void test_state_lookup_and_patterns(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string("accord: 1\n"
                                       "parties: [A, B]\n"
                                       "conflict:\n"
                                       "  options: {A: [x, y], B: [z]}\n"
                                       "  infeasible: [\"Y Y -\"]\n"
                                       "  preferences:\n"
                                       "    A: {priorities: [A.x]}\n"
                                       "    B: {priorities: [B.z]}\n");
    const accord_conflict *cf = m->conflict;
    assert_int_equal(cf->n_states, 6); /* 8 less the two with x and y */
    for (size_t k = 0; k < cf->n_states; k++)
        assert_int_equal(accord_conflict_state_index(cf, accord_conflict_state_code(cf, k)), (long)k);
    assert_int_equal(accord_conflict_state_index(cf, 3), -1); /* x and y */
    assert_int_equal(accord_conflict_state_index(cf, 99), -1);
    char buf[7];
    assert_string_equal(accord_conflict_state_pattern(cf, 5, false, buf, sizeof buf), "YNY");
    assert_string_equal(accord_conflict_state_pattern(cf, 5, true, buf, sizeof buf), "YN Y");
    assert_string_equal(accord_conflict_state_pattern(cf, 0, true, buf, sizeof buf), "NN N");
    accord_model_free(m);
}

/* The layouts of states and levels (issue #16: as narrow as the model
 * allows), read through the public accessors.  Party A ranks by its n - 1
 * options and B's one, each a statement: the level of code x is x with its
 * n bits reversed, so n = 8, 9 and 17 give levels of 1, 2 and 4 bytes.
 * Every code feasible: no codes stored; one pattern infeasible: the codes
 * in 4 bytes, ascending. */
static void test_state_and_level_layouts(void **state)
{
    (void)state;
    const unsigned ns[] = {8, 9, 17}, want_bytes[] = {1, 2, 4};
    for (size_t c = 0; c < 3; c++)
        for (int sparse = 0; sparse < 2; sparse++) {
            unsigned n = ns[c];
            char text[4096], *w = text, *end = text + sizeof text;
            w += snprintf(w, (size_t)(end - w), "accord: 1\nparties: [A, B]\nconflict:\n  options:\n    A: [");
            for (unsigned o = 1; o < n; o++)
                w += snprintf(w, (size_t)(end - w), "%so%u", o > 1 ? ", " : "", o);
            w += snprintf(w, (size_t)(end - w), "]\n    B: [b]\n%s  preferences:\n    A: {priorities: [",
                          sparse ? "  infeasible: [\"A.o1 & A.o2\"]\n" : "");
            for (unsigned o = 1; o < n; o++)
                w += snprintf(w, (size_t)(end - w), "A.o%u, ", o);
            snprintf(w, (size_t)(end - w), "B.b]}\n    B: {priorities: [B.b]}\n");
            accord_model *m = load_yaml_string(text);
            const accord_conflict *cf = m->conflict;
            assert_int_equal(cf->level_bytes_, want_bytes[c]);
            assert_int_equal(cf->state_bytes_, sparse ? 4 : 0);
            size_t total = (size_t)1 << n;
            assert_int_equal(cf->n_states, sparse ? total - total / 4 : total);
            uint64_t prev = 0;
            for (size_t k = 0; k < cf->n_states; k++) {
                uint64_t x = accord_conflict_state_code(cf, k);
                assert_true(k == 0 || x > prev);
                assert_false(sparse && (x & 3) == 3);
                prev = x;
                assert_int_equal(accord_conflict_state_index(cf, x), (long)k);
                assert_int_equal(accord_conflict_level(cf, 1, k), (x >> (n - 1)) & 1);
                if (!sparse) {
                    assert_int_equal(x, k);
                    uint32_t rev = 0;
                    for (unsigned b = 0; b < n; b++)
                        rev |= (uint32_t)((x >> b) & 1) << (n - 1 - b);
                    assert_int_equal(accord_conflict_level(cf, 0, k), rev);
                }
            }
            assert_int_equal(cf->n_levels[0], sparse ? total - total / 4 : total);
            assert_int_equal(accord_conflict_state_index(cf, total), -1);
            assert_int_equal(accord_conflict_state_index(cf, 3), sparse ? -1 : 3);
            accord_model_free(m);
        }
}

/* The dense ranks of priority scores: from a bitmap of the scores present
 * (up to 26 statements) or by sorting (more).  The same order with a
 * statement repeated 27 times at the end (a repeat never changes an order
 * that the first copy decides) goes through the sort and must give the
 * very same levels. */
static void test_priority_levels_both_ways(void **state)
{
    (void)state;
    const char *head = "accord: 1\n"
                       "parties: [A, B]\n"
                       "conflict:\n"
                       "  options: {A: [x, y], B: [z, w]}\n"
                       "  infeasible: [\"A.x & B.w\"]\n"
                       "  preferences:\n"
                       "    B: {priorities: [B.z, \"-A.y\"]}\n"
                       "    A: {priorities: [\"A.x IF B.z\", \"-B.w\", A.y";
    char short_model[1024], long_model[4096];
    snprintf(short_model, sizeof short_model, "%s]}\n", head);
    size_t n = (size_t)snprintf(long_model, sizeof long_model, "%s", head);
    for (int r = 0; r < 27; r++)
        n += (size_t)snprintf(long_model + n, sizeof long_model - n, ", \"-B.w\"");
    snprintf(long_model + n, sizeof long_model - n, "]}\n");
    accord_model *a = load_yaml_string(short_model), *b = load_yaml_string(long_model);
    const accord_conflict *ca = a->conflict, *cb = b->conflict;
    assert_int_equal(cb->preferences[0].n_priorities, 30);
    assert_int_equal(ca->n_states, cb->n_states);
    assert_int_equal(ca->n_states, 12);
    assert_int_equal(ca->n_levels[0], cb->n_levels[0]);
    /* every one of the 8 truth patterns of A's 3 statements occurs among the
     * 12 states (a false first needs z without x; a false second needs w,
     * hence no x), so A has 8 levels */
    assert_int_equal(ca->n_levels[0], 8);
    for (size_t i = 0; i < ca->n_states; i++)
        assert_int_equal(accord_conflict_level(ca, 0, i), accord_conflict_level(cb, 0, i));
    accord_model_free(a);
    accord_model_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_lookup_and_patterns),
        cmocka_unit_test(test_minimal_model),    cmocka_unit_test(test_lookups_and_terms),
        cmocka_unit_test(test_bad_models),       cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_empty_and_missing_files), cmocka_unit_test(test_json_model),
        cmocka_unit_test(test_conflict_states),  cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_agreement_comparisons), cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_priority_levels_both_ways), cmocka_unit_test(test_state_and_level_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
