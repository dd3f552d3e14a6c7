/*
 * test_load_errors.c - errors a person can act on: one mistake gives one
 * message (no cascade of undeclared names, no empty "declared:" lists), the
 * diagnostics come in file order, a tab in the indentation says so, and a
 * comparison that does not fit its issue says what would.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file at path into *out (malloc'd, NUL-terminated); 0 or -1. */
static int read_whole(const char *path, char **out, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *out = malloc((size_t)n + 1);
    if (!*out || fread(*out, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return -1;
    }
    (*out)[n] = '\0';
    *size = (size_t)n;
    fclose(f);
    return 0;
}

/* Load yaml (expecting failure) and compare every diagnostic, in order, with
 * want ("line:col: message", NULL-terminated). */
static void expect_exactly(const char *yaml, const char *const *want)
{
    accord_diagnostics diag = {0};
    accord_status rc = load_yaml_expect_error(yaml, &diag);
    assert_true(rc == ACCORD_E_INVALID || rc == ACCORD_E_PARSE);
    size_t n = 0;
    while (want[n])
        n++;
    bool same = diag.count == n;
    char got[1024];
    for (size_t i = 0; same && i < n; i++) {
        snprintf(got, sizeof got, "%d:%d: %s", diag.items[i].line, diag.items[i].col,
                 diag.items[i].message);
        same = strcmp(got, want[i]) == 0;
    }
    if (!same) {
        fprintf(stderr, "expected %zu diagnostics, got %zu:\n", n, diag.count);
        for (size_t i = 0; i < diag.count; i++)
            fprintf(stderr, "  %d:%d: %s\n", diag.items[i].line, diag.items[i].col,
                    diag.items[i].message);
    }
    accord_diagnostics_clear(&diag);
    assert_true(same);
}

/* A model of parties A and B over issues border (discrete) and troops
 * (integer), with `issues_head` in place of the issues' header. */
#define BODY(issues)                                                                               \
    "accord: 1\n"                                                                                  \
    "parties: [A, B]\n"                                                                            \
    "agreement:\n" issues "  proposals:\n"                                                         \
    "    - {id: draft, terms: {border: current, troops: 200}}\n"                                   \
    "  preferences:\n"                                                                             \
    "    A:\n"                                                                                     \
    "      weights: {border: 2, troops: 1}\n"                                                      \
    "      values: {border: {old: 0, current: 1}, troops: {linear: [[100, 1], [300, 0]]}}\n"      \
    "      red_lines: [\"troops > 250\", \"border = old\"]\n"                                      \
    "    B:\n"                                                                                     \
    "      weights: {border: 1, troops: 1}\n"                                                      \
    "      values: {border: {old: 1, current: 0}, troops: {linear: [[100, 0], [300, 1]]}}\n"

/* issues: written twice: the second is ignored, reported once, and the
 * issue it declares is not reported again wherever it is used. */
static void test_repeated_issues(void **state)
{
    (void)state;
    expect_exactly(BODY("  issues:\n    - {id: border, options: [old, current]}\n"
                        "  issues:\n    - {id: troops, range: {min: 100, max: 300, step: 50}}\n"),
                   (const char *const[]){
                       "6:3: key `issues` is written twice in agreement (first at line 4)", NULL});
    /* the first one empty (a line written twice): the second is read, and
     * the repeat is the one message */
    expect_exactly(
        BODY("  issues:\n  issues:\n    - {id: border, options: [old, current]}\n"
             "    - {id: troops, range: {min: 100, max: 300, step: 50}}\n"),
        (const char *const[]){"5:3: key `issues` is written twice in agreement (first at line 4)",
                              NULL});
    /* an empty issues: alone is its own error, and nothing follows from it
     * (no "declared: " with an empty list, no weights "all zero") */
    expect_exactly(BODY("  issues:\n"),
                   (const char *const[]){"4:10: issues must be a list, but it is empty", NULL});
    /* a party's preferences keyed twice, the first empty */
    expect_exactly("accord: 1\nparties: [A, B]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
                   "  preferences:\n    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n    B:\n"
                   "    B: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n",
                   (const char *const[]){
                       "8:5: key `B` is written twice in preferences (first at line 7)", NULL});
}

/* An issue that fails to load is reported at its declaration only: not by
 * the proposal, the weights, the values or the red lines that use it. */
static void test_failed_issue(void **state)
{
    (void)state;
    expect_exactly(
        BODY("  issues:\n    - {id: border, options: [old, current]}\n"
             "    - {id: troops, range: {min: 100, max: 300, step: 7}}\n"),
        (const char *const[]){"6:27: range of issue \"troops\": max - min (200) is not a multiple "
                              "of step (7); the options are min, min+step, ..., max",
                              NULL});
    /* an invalid id, and its uses under the name it was meant to have */
    expect_exactly(
        BODY("  issues:\n    - {id: border, options: [old, current]}\n"
             "    - {id: 9troops, range: {min: 100, max: 300, step: 50}}\n"),
        (const char *const[]){"6:12: \"9troops\" is not a valid id for an issue; an id starts with "
                              "a letter and has only letters, digits, '_' and '-'",
                              NULL});
    /* an invalid id: the references to it follow from that error */
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n"
                   "  issues: [{id: x, options: [a, b]}, {id: 9y, options: [c, d]}]\n"
                   "  proposals: [{id: p, terms: {x: a, 9y: c}}]\n"
                   "  preferences:\n    A: {weights: {x: 1, 9y: 1}, values: {x: {a: 1, b: 0}, "
                   "9y: {c: 1, d: 0}}, red_lines: [\"9y = c\"]}\n",
                   (const char *const[]){"4:43: \"9y\" is not a valid id for an issue; an id starts "
                                         "with a letter and has only letters, digits, '_' and '-'",
                                         NULL});
}

/* An option whose id is invalid, and a named state whose condition fails:
 * their uses (terms, values, red lines, a claim) are not reported again. */
static void test_failed_option_and_state(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A, B]\nagreement:\n  issues:\n    - {id: x, options: [a, 2b]}\n"
                   "  proposals: [{id: p, terms: {x: 2b}}]\n  preferences:\n"
                   "    A: {weights: {x: 1}, values: {x: {a: 1, 2b: 0}}, red_lines: [\"x = 2b\", \"x < 2b\"]}\n"
                   "    B: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "conflict:\n  options: {A: [talk], B: [fight]}\n"
                   "  named_states:\n    war: \"B.fight & A.tlk\"\n"
                   "  preferences:\n    A: {priorities: [A.talk]}\n    B: {priorities: [B.fight]}\n"
                   "claims:\n  - {id: c1, asks: state, state: war}\n",
                   (const char *const[]){
                       "5:28: \"2b\" is not a valid id for an option; an id starts with a letter and "
                       "has only letters, digits, '_' and '-'",
                       "13:21: unknown option \"A.tlk\"; did you mean \"A.talk\"? (in \"B.fight & "
                       "A.tlk\")",
                       NULL});
    /* a claim about a named state that does not exist is still reported */
    expect_exactly("accord: 1\nparties: [A, B]\n"
                   "conflict:\n  options: {A: [talk], B: [fight]}\n"
                   "  named_states:\n    war: \"B.fight\"\n"
                   "  preferences:\n    A: {priorities: [A.talk]}\n    B: {priorities: [B.fight]}\n"
                   "claims:\n  - {id: c1, asks: state, state: peace}\n",
                   (const char *const[]){
                       "11:34: a claim that asks state needs `state:` naming one of the conflict's "
                       "named_states (\"peace\" is not one)",
                       NULL});
}

/* sources: that is not a map is reported once, not at every source it
 * would have declared. */
static void test_failed_sources(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nsources: [memo]\nparties:\n  - {id: A, source: memo}\n"
                   "agreement:\n  issues:\n    - {id: x, options: [a, b], source: memo}\n"
                   "  preferences:\n    A: {weights: {x: {value: 1, source: memo}}, values: {x: {a: 1, b: 0}}}\n",
                   (const char *const[]){"2:10: sources must be a map, not a list", NULL});
}

/* A misspelt key is reported once: the key it stands for is not "missing",
 * and what the section declares is not "undeclared" where it is used. */
static void test_misspelt_key(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n  issuse: [{id: x, options: [a, b]}]\n"
                   "  proposals: [{id: p, terms: {x: a}}]\n  preferences:\n"
                   "    A: {wieghts: {x: 1}, values: {x: {a: 1, b: 0}}, red_lines: [\"x = b\"]}\n",
                   (const char *const[]){
                       "4:3: unknown key \"issuse\" in agreement; did you mean \"issues\"?",
                       "7:9: unknown key \"wieghts\" in preferences; did you mean \"weights\"?",
                       NULL});
}

/* A proposal that fails on a term is not reported again by the claim
 * that names it. */
static void test_failed_proposal(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
                   "  proposals: [{id: p, terms: {x: c}}]\n"
                   "  preferences:\n    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "claims:\n  - {id: c1, asks: acceptability, proposal: p}\n",
                   (const char *const[]){"5:34: issue \"x\" has no option \"c\"; did you mean \"a\"?",
                                         NULL});
}

/* An undeclared party in preferences: one message with its "did you mean";
 * the party it was taken for is not reported again as having none. */
static void test_undeclared_party(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [RU, UA]\nagreement:\n"
                   "  issues: [{id: x, options: [a, b]}]\n  preferences:\n"
                   "    RUS: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "    UA: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n",
                   (const char *const[]){"6:5: party \"RUS\" is not declared; did you mean \"RU\"? "
                                         "(declared: RU, UA)",
                                         NULL});
    /* a party whose id is invalid: its preferences and proposals are not
     * reported again */
    expect_exactly("accord: 1\nparties: [RU, UA, 1US]\nagreement:\n"
                   "  issues: [{id: x, options: [a, b]}]\n"
                   "  proposals: [{id: p, by: 1US, terms: {x: a}}]\n  preferences:\n"
                   "    RU: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "    1US: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "    UA: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n",
                   (const char *const[]){"2:19: \"1US\" is not a valid id for a party; an id starts "
                                         "with a letter and has only letters, digits, '_' and '-'",
                                         NULL});
    /* the conflict's preferences too */
    expect_exactly("accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [x], B: [y]}\n"
                   "  preferences:\n    AA: {priorities: [A.x]}\n    B: {priorities: [B.y]}\n",
                   (const char *const[]){"6:5: party \"AA\" is not declared; did you mean \"A\"? "
                                         "(declared: A, B)",
                                         NULL});
}

/* A party keyed twice in the conflict's options or in objectives: the
 * repeat is reported and not read (its options or objectives are not
 * "declared twice", nor a list that "must be a list"). */
static void test_repeated_party_keys(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A, B]\nconflict:\n  options:\n    A: [x]\n    B: [y]\n"
                   "    A: {priorities: [B.y]}\n"
                   "  preferences:\n    A: {priorities: [A.x]}\n    B: {priorities: [B.y]}\n",
                   (const char *const[]){
                       "7:5: key `A` is written twice in conflict options (first at line 5)", NULL});
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
                   "  preferences:\n    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "objectives:\n  A:\n    - {id: o1, when: \"x = a\"}\n  A:\n    - {id: o1, when: \"x = b\"}\n",
                   (const char *const[]){
                       "10:3: key `A` is written twice in objectives (first at line 8)", NULL});
}

/* preferences: written twice: the parties of the second are not "without
 * preferences". */
static void test_repeated_preferences(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A, B]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
                   "  preferences:\n    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "  preferences:\n    B: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n",
                   (const char *const[]){"7:3: key `preferences` is written twice in agreement "
                                         "(first at line 5)",
                                         NULL});
}

/* The conflict's options: a repeated options key, an invalid option, an
 * undeclared party's options; the conditions, groups and status quo that
 * use them (or count them) are not reported again. */
static void test_conflict_options(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [talk]}\n"
                   "  options: {B: [fight]}\n  infeasible: [\"A.talk & B.fight\", \"Y Y\"]\n"
                   "  exclusive: [[A.talk, B.fight]]\n  status_quo: \"N N\"\n"
                   "  preferences:\n    A: {priorities: [A.talk, \"-B.fight\"]}\n"
                   "    B: {priorities: [B.fight]}\n",
                   (const char *const[]){
                       "5:3: key `options` is written twice in conflict (first at line 4)", NULL});
    expect_exactly("accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [talk, 2fight], BB: [y]}\n"
                   "  infeasible: [\"A.talk & A.2fight\", \"Y Y Y\"]\n  status_quo: \"N N N\"\n"
                   "  preferences:\n    A: {priorities: [A.talk, \"-B.y\"]}\n",
                   (const char *const[]){
                       "4:23: \"2fight\" is not a valid id for an option; an id starts with a "
                       "letter and has only letters, digits, '_' and '-'",
                       "4:32: party \"BB\" is not declared; did you mean \"B\"? (declared: A, B)",
                       NULL});
    /* with every option in place, an unknown one is still reported */
    expect_exactly("accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [talk], B: [fight]}\n"
                   "  infeasible: [\"A.talk & B.fihgt\"]\n"
                   "  preferences:\n    A: {priorities: [A.talk]}\n    B: {priorities: [B.fight]}\n",
                   (const char *const[]){"5:26: unknown option \"B.fihgt\"; did you mean "
                                         "\"B.fight\"? (in \"A.talk & B.fihgt\")",
                                         NULL});
}

/* A misspelt issue in a proposal's terms or a party's values: one message,
 * not also "left out" or "without values"; the next proposal is checked in
 * full. */
static void test_misspelt_issue(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n"
                   "  issues: [{id: port, options: [a, b]}, {id: y, options: [c, d]}]\n"
                   "  proposals:\n    - {id: p, terms: {poart: a, y: c}}\n    - {id: q, terms: {y: d}}\n"
                   "  preferences:\n    A:\n      weights: {port: 1, y: 1}\n"
                   "      values: {prt: {a: 1, b: 0}, y: {c: 1, d: 0}}\n",
                   (const char *const[]){
                       "6:23: issue \"poart\" is not declared; did you mean \"port\"?",
                       "7:22: proposal \"q\" leaves out 1 issue: port; every issue must be assigned",
                       "11:16: issue \"prt\" is not declared; did you mean \"port\"?",
                       NULL});
    /* an option: not also "gives no value" to the option meant */
    expect_exactly("accord: 1\nparties: [A, B]\nagreement:\n  issues: [{id: x, options: [barred, open]}]\n"
                   "  preferences:\n    A: {weights: {x: 1}, values: {x: {bared: 1, open: 0}}}\n"
                   "    B: {weights: {x: 1}, values: {x: {open: 1}}}\n",
                   (const char *const[]){
                       "6:39: issue \"x\" has no option \"bared\"; did you mean \"barred\"?",
                       "7:38: B gives no value to barred of issue \"x\"; every option of a weighted "
                       "issue needs a value in [0, 1]",
                       NULL});
}

/* A declaration renamed: every use of the old name is one mistake,
 * reported at the first use with how many there are. */
static void test_uses_counted(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A, B]\nagreement:\n"
                   "  issues: [{id: x, options: [a, b]}, {id: sanct_ions, options: [on, off]}]\n"
                   "  proposals: [{id: p, terms: {x: a, sanctions: on}}]\n  preferences:\n"
                   "    A: {weights: {x: 1, sanctions: 1}, values: {x: {a: 1, b: 0}}, "
                   "red_lines: [\"sanctions = on\", \"x = c\"]}\n"
                   "    B: {weights: {x: 1}, values: {x: {a: 0, b: 1}}, red_lines: [\"x = c\"]}\n"
                   "conflict:\n  options: {A: [talk], B: [fight]}\n"
                   "  infeasible: [\"A.tlk & B.fight\"]\n"
                   "  preferences:\n    A: {priorities: [A.tlk]}\n    B: {priorities: [B.fight]}\n",
                   (const char *const[]){
                       "5:37: issue \"sanctions\" is not declared; did you mean \"sanct_ions\"? "
                       "(used 3 times; the first is here)",
                       "7:102: issue \"x\" has no option \"c\"; did you mean \"a\"? (in \"x = c\") "
                       "(used 2 times; the first is here)",
                       "11:17: unknown option \"A.tlk\"; did you mean \"A.talk\"? (in \"A.tlk & "
                       "B.fight\") (used 2 times; the first is here)",
                       NULL});
}

/* Patterns of the wrong length (an option left out of the conflict): one
 * message, at the first, with how many there are. */
static void test_pattern_lengths(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A, B]\nconflict:\n  options: {A: [talk], B: [fight]}\n"
                   "  infeasible: [\"Y Y Y\"]\n"
                   "  preferences:\n    A: {ranking: [\"Y N -\", \"N N -\", \"Y Y\"]}\n"
                   "    B: {priorities: [B.fight]}\n",
                   (const char *const[]){
                       "5:16: pattern \"Y Y Y\" has 3 positions; expected 2, one Y, N or - per "
                       "option in order (3 patterns have this length; the first is here)",
                       NULL});
}

/* terms: and values: written twice (a line repeated in block style): the
 * issues the second one names are not "left out" or "without values"; the
 * next proposal is still checked in full. */
static void test_repeated_terms_and_values(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n"
                   "  issues: [{id: x, options: [a, b]}, {id: y, options: [c, d]}]\n"
                   "  proposals:\n    - id: p\n      terms:\n        x: a\n      terms:\n        y: c\n"
                   "    - {id: q, terms: {x: b}}\n"
                   "  preferences:\n    A:\n      weights: {x: 1, y: 1}\n"
                   "      values:\n        x: {a: 1, b: 0}\n      values:\n        y: {c: 1, d: 0}\n",
                   (const char *const[]){
                       "9:7: key `terms` is written twice in a proposal (first at line 7)",
                       "11:22: proposal \"q\" leaves out 1 issue: y; every issue must be assigned",
                       "17:7: key `values` is written twice in preferences (first at line 15)",
                       NULL});
}

/* Diagnostics come by line, then column, whatever order the walk found
 * them in (here the sources are checked after everything else). */
static void test_sorted(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [{id: A, source: memo}, B]\nagreement:\n"
                   "  issues: [{id: x, options: [a, b]}]\n  preferences:\n"
                   "    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                   "    B: {weights: {x: 1}, values: {x: {a: 0, b: 2}}}\n"
                   "  bogus: 1\n",
                   (const char *const[]){
                       "2:11: source \"memo\" of a party is not declared in sources",
                       "7:48: B's value of x = b must lie in [0, 1], found 2",
                       "8:3: unknown key \"bogus\" in agreement; expected one of: issues, "
                       "proposals, preferences, note",
                       NULL});
    /* the "not shown" note stays last */
    accord_diagnostics diag = {0};
    accord_load_options opts = {.max_errors = 1};
    accord_model *m = NULL;
    const char *yaml = "accord: 1\nparties: [{id: A, source: memo}, B]\nagreement:\n"
                       "  issues: [{id: x, options: [a, b]}]\n  preferences:\n"
                       "    A: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n"
                       "    B: {weights: {x: 1}, values: {x: {a: 0, b: 2}}}\n";
    assert_int_equal(accord_model_load_buffer("t.yaml", yaml, strlen(yaml), &opts, &m, &diag),
                     ACCORD_E_INVALID);
    assert_int_equal(diag.count, 2);
    assert_int_equal(diag.items[0].line, 7);
    assert_int_equal(diag.items[1].line, 0);
    assert_true(strstr(diag.items[1].message, "1 more error is not shown") != NULL);
    accord_diagnostics_clear(&diag);
}

/* A tab in the indentation is named as such, at its place. */
static void test_tab(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties:\n\t- {id: A}\n",
                   (const char *const[]){"3:1: not valid YAML: a tab is used for indentation at "
                                         "3:1; YAML indents with spaces",
                                         NULL});
    expect_exactly("accord: 1\nparties:\n  - id: A\n  \tname: x\n",
                   (const char *const[]){"4:3: not valid YAML: a tab is used for indentation at "
                                         "4:3; YAML indents with spaces",
                                         NULL});
}

/* Comparisons that do not fit the issue say what it takes. */
static void test_comparisons(void **state)
{
    (void)state;
    expect_exactly(
        "accord: 1\nparties: [A]\nagreement:\n  issues:\n"
        "    - {id: cap, range: {min: 400, max: 1000, step: 50}}\n"
        "    - {id: nato, options: [barred, open]}\n"
        "  preferences:\n    A:\n      weights: {cap: 1}\n"
        "      values: {cap: {linear: [[400, 0], [1000, 1]]}}\n"
        "      red_lines:\n        - cap < many\n        - cap = abc\n        - cap = 123\n"
        "        - nato < 3\n        - nato < closed\n        - nato = shut\n",
        (const char *const[]){
            "12:17: issue \"cap\" is an integer issue (range 400..1000 step 50); expected a number "
            "after '<', found \"many\" (in \"cap < many\")",
            "13:17: issue \"cap\" is an integer issue (range 400..1000 step 50); expected a number "
            "after '=', found \"abc\" (in \"cap = abc\")",
            "14:17: issue \"cap\" is an integer issue (range 400..1000 step 50); 123 is not one of "
            "its values (in \"cap = 123\")",
            "15:18: issue \"nato\" is a discrete issue; compare it with one of its options "
            "(barred, open; '<' and '>' compare positions in this order), not a number (in "
            "\"nato < 3\")",
            "16:18: issue \"nato\" has no option \"closed\"; its options are: barred, open; '<' "
            "and '>' compare positions in this order (in \"nato < closed\")",
            "17:18: issue \"nato\" has no option \"shut\"; its options are: barred, open (in "
            "\"nato = shut\")",
            NULL});
}

/* A proposal's term for an integer issue that is not one of its values. */
static void test_integer_term(void **state)
{
    (void)state;
    expect_exactly("accord: 1\nparties: [A]\nagreement:\n"
                   "  issues: [{id: cap, range: {min: 400, max: 1000, step: 50}}]\n"
                   "  proposals: [{id: p, terms: {cap: many}}]\n"
                   "  preferences:\n    A: {weights: {cap: 1}, values: {cap: {linear: [[400, 0], [1000, 1]]}}}\n",
                   (const char *const[]){"5:36: issue \"cap\" is an integer issue (range 400..1000 step "
                                         "50); a term must be one of its values, found \"many\"",
                                         NULL});
}

/* check --provenance lists by line. */
static void test_provenance_sorted(void **state)
{
    (void)state;
    accord_model *m = load_yaml_string(
        "accord: 1\nparties: [A, B]\nagreement:\n  issues: [{id: x, options: [a, b]}]\n"
        "  preferences:\n"
        "    B: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n"
        "    A: {reservation: 0.2, weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n");
    accord_unsourced *u = NULL;
    assert_int_equal(accord_provenance_check(m, &u), ACCORD_OK);
    assert_int_equal(u->count, 7);
    for (size_t i = 1; i < u->count; i++)
        assert_true(u->items[i - 1].loc.line < u->items[i].loc.line ||
                    (u->items[i - 1].loc.line == u->items[i].loc.line &&
                     u->items[i - 1].loc.col < u->items[i].loc.col));
    assert_string_equal(u->items[0].what, "B weight of x");
    assert_string_equal(u->items[3].what, "A reservation");
    accord_unsourced_free(u);
    accord_model_free(m);
}

/* Every tests/models/docs-*.yaml (checked by a golden `check` case) is an
 * example of docs/model-format.md, word for word: the docs cannot drift from
 * what the golden cases check. */
static void test_docs_models(void **state)
{
    (void)state;
    static const char *const models[] = {"docs-constraints.yaml", "docs-groups.yaml"};
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/model-format.md", ACCORD_SOURCE_DIR);
    char *doc = NULL, *model = NULL;
    size_t size;
    assert_int_equal(read_whole(path, &doc, &size), 0);
    for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
        snprintf(path, sizeof path, "%s/tests/models/%s", ACCORD_SOURCE_DIR, models[i]);
        assert_int_equal(read_whole(path, &model, &size), 0);
        char block[8192];
        snprintf(block, sizeof block, "```yaml\n%s```", model);
        if (!strstr(doc, block))
            fprintf(stderr, "tests/models/%s is not an example of docs/model-format.md\n", models[i]);
        assert_non_null(strstr(doc, block));
        free(model);
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_issues),      cmocka_unit_test(test_failed_issue),
        cmocka_unit_test(test_undeclared_party),     cmocka_unit_test(test_repeated_preferences),
        cmocka_unit_test(test_sorted),               cmocka_unit_test(test_tab),
        cmocka_unit_test(test_comparisons),          cmocka_unit_test(test_provenance_sorted),
        cmocka_unit_test(test_conflict_options),     cmocka_unit_test(test_failed_proposal),
        cmocka_unit_test(test_misspelt_key),         cmocka_unit_test(test_failed_option_and_state),
        cmocka_unit_test(test_integer_term),         cmocka_unit_test(test_failed_sources),
        cmocka_unit_test(test_repeated_terms_and_values), cmocka_unit_test(test_misspelt_issue),
        cmocka_unit_test(test_uses_counted),         cmocka_unit_test(test_pattern_lengths),
        cmocka_unit_test(test_repeated_party_keys),  cmocka_unit_test(test_docs_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
