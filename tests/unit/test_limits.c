/*
 * test_limits.c - every hostile input is refused quickly with a clear
 * message, or loaded in time proportional to its size.
 *
 * Each input is generated here (nothing large is committed).  No test
 * measures time: the inputs are big enough that a quadratic loader would
 * take minutes (10^10 and more comparisons) and so trip ctest's TIMEOUT
 * (tests/CMakeLists.txt), while the linear one loads them in well under a
 * second.  Each test asserts the status, the message and its place.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- generating text ---- */

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    while (t->len + (size_t)n + 1 > t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    va_start(ap, fmt);
    vsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

static void write_file(const char *dir, const char *name, const text *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(t->data, 1, t->len, f), t->len);
    assert_int_equal(fclose(f), 0);
}

static void remove_dir(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static accord_status load_text(const text *t, const accord_load_options *opts, accord_model **m,
                               accord_diagnostics *diag)
{
    return accord_model_load_buffer("gen.yaml", t->data, t->len, opts, m, diag);
}

/* The diagnostic whose message holds needle, which must exist. */
static const accord_diagnostic *find(const accord_diagnostics *diag, const char *needle)
{
    long i = diag_find(diag, needle);
    if (i < 0)
        for (size_t k = 0; k < diag->count; k++)
            fprintf(stderr, "  %d:%d: %s\n", diag->items[k].line, diag->items[k].col,
                    diag->items[k].message);
    assert_true(i >= 0);
    return &diag->items[i];
}

/* A model with one issue x of options a, b after whatever comes before. */
static const char *TAIL = "agreement:\n"
                          "  issues:\n"
                          "    - {id: x, options: [a, b]}\n"
                          "  preferences:\n"
                          "    A: {weights: {x: 1}, values: {x: {a: 0, b: 1}}}\n"
                          "    B: {weights: {x: 1}, values: {x: {a: 1, b: 0}}}\n";

/* ---- quadratic loaders ---- */

/* A model with n sources, key s<dup> repeated at the end when dup >= 0. */
static void sources_model(text *t, int n, int dup)
{
    t->len = 0;
    add(t, "accord: 1\nsources:\n");
    for (int i = 0; i < n; i++)
        add(t, "  s%d: \"source %d\"\n", i, i);
    if (dup >= 0)
        add(t, "  s%d: again\n", dup);
    add(t, "parties: [{id: A, source: s%d}, {id: B, source: s7}]\n%s", n - 1, TAIL);
}

/* 200,000 sources: the repeated-key check compared every key with every
 * earlier one (2 x 10^10 comparisons; 4 MB ran for minutes). */
static void test_many_sources(void **state)
{
    (void)state;
    enum { N = 200000 };
    text t = {0};
    sources_model(&t, N, -1);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_OK);
    assert_int_equal(m->n_sources, N);
    accord_model_free(m);
    accord_diagnostics_clear(&diag);

    /* one key repeated at the end: reported with the line of the first */
    sources_model(&t, N, 5);
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_INVALID);
    const accord_diagnostic *d = find(&diag, "key `s5` is written twice in sources (first at line 8)");
    assert_int_equal(d->line, N + 3);
    accord_diagnostics_clear(&diag);
    free(t.data);
}

/* Issue x of n options (o17 once more when dup), valued by A for `valued`
 * of them and by B for all, each naming one option in a red line. */
static void options_model(text *t, int n, bool dup, int valued)
{
    t->len = 0;
    add(t, "accord: 1\nparties: [A, B]\nagreement:\n  issues:\n    - id: x\n      options: [");
    for (int i = 0; i < n; i++)
        add(t, "%so%d", i ? ", " : "", i);
    add(t, "%s]\n  proposals:\n    - {id: p, terms: {x: o%d}}\n  preferences:\n", dup ? ", o17" : "",
        n - 1);
    for (int p = 0; p < 2; p++) {
        add(t, "    %c:\n      weights: {x: 1}\n      values:\n        x: {", "AB"[p]);
        for (int i = 0; i < (p ? n : valued); i++)
            add(t, "%so%d: %s", i ? ", " : "", i, p ? "1" : "0.5");
        add(t, "}\n      red_lines: [\"x = o%d\"]\n", n / 2);
    }
}

/* 100,000 options of one issue, each valued by both parties and one named
 * by a red line: the duplicate check and every option lookup were scans. */
static void test_many_options(void **state)
{
    (void)state;
    enum { N = 100000 };
    text t = {0};
    options_model(&t, N, false, N);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_OK);
    assert_int_equal(m->agreement->issues[0].n_options, N);
    assert_int_equal(m->agreement->proposals[0].terms[0], N - 1);
    assert_int_equal(accord_model_issue_index(m, "x"), 0);
    accord_model_free(m);

    /* an option repeated, and values that leave most options out (listed
     * up to 12, found without a pass over every option per party) */
    options_model(&t, N, true, 1);
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_INVALID);
    const accord_diagnostic *d = find(&diag, "option \"o17\" appears twice in issue \"x\"");
    assert_int_equal(d->line, 6);
    find(&diag, "A gives no value to o1, o2, o3, o4, o5, o6, o7, o8, o9, o10, o11, o12, ... of issue");
    accord_diagnostics_clear(&diag);
    free(t.data);
}

/* 100,000 issues, every one weighed and valued, with 10,000 proposals of
 * no terms: issue lookups were scans, and each proposal allocated and
 * listed every issue (10^9 steps and a gigabyte of messages). */
static void test_many_issues(void **state)
{
    (void)state;
    enum { N = 100000, P = 10000 };
    text t = {0};
    add(&t, "accord: 1\nparties: [A, B]\nagreement:\n  issues:\n");
    for (int i = 0; i < N; i++)
        add(&t, "    - {id: i%d, options: [a]}\n", i);
    add(&t, "  preferences:\n    A:\n      weights: {");
    for (int i = 0; i < N; i++)
        add(&t, "%si%d: 1", i ? ", " : "", i);
    add(&t, "}\n      values: {");
    for (int i = 0; i < N; i++)
        add(&t, "%si%d: {a: 1}", i ? ", " : "", i);
    add(&t, "}\n      red_lines: [\"i%d = a\"]\n    B: {weights: {}}\n", N - 1);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_OK);
    assert_int_equal(m->agreement->n_issues, N);
    assert_int_equal(accord_model_issue_index(m, "i77777"), 77777);
    accord_model_free(m);

    text u = {0};
    char *prefs = strstr(t.data, "  preferences:");
    add(&u, "%.*s  proposals:\n", (int)(prefs - t.data), t.data);
    for (int p = 0; p < P; p++)
        add(&u, "    - {id: p%d, terms: {i%d: a}}\n", p, p);
    add(&u, "%s", prefs);
    assert_int_equal(load_text(&u, NULL, &m, &diag), ACCORD_E_INVALID);
    const accord_diagnostic *d =
        find(&diag, "proposal \"p0\" leaves out 99999 issues: i1, i2, i3, i4, i5, i6, i7, i8, "
                    "i9, i10, i11, i12, ...; every issue must be assigned");
    assert_int_equal(d->line, N + 6);
    find(&diag, "9900 more errors are not shown");
    assert_int_equal(diag.errors, ACCORD_DEFAULT_MAX_ERRORS);
    accord_diagnostics_clear(&diag);
    free(t.data);
    free(u.data);
}

/* 100,000 parties, each with preferences: the repeated-party check and
 * every reference to a party were scans. */
static void test_many_parties(void **state)
{
    (void)state;
    enum { N = 100000 };
    text t = {0};
    add(&t, "accord: 1\nparties: [");
    for (int i = 0; i < N; i++)
        add(&t, "%sP%d", i ? ", " : "", i);
    add(&t, "]\nagreement:\n  issues:\n    - {id: x, options: [a]}\n  preferences:\n");
    for (int i = N - 1; i >= 0; i--)
        add(&t, "    P%d: {weights: {}}\n", i);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_OK);
    assert_int_equal(m->n_parties, N);
    assert_int_equal(accord_model_party_index(m, "P4242"), 4242);
    accord_model_free(m);

    /* every preference names an undeclared party: errors past the limit are
     * counted, not described (each description lists the parties) */
    for (char *p = strstr(t.data, "  preferences:"); (p = strstr(p, "    P")); p++)
        p[4] = 'Q';
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_INVALID);
    const accord_diagnostic *d = find(&diag, "party \"Q99999\" is not declared");
    assert_int_equal(d->line, 7);
    find(&diag, "(declared: P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, ...)");
    find(&diag, "99900 more errors are not shown: a load reports the first 100 (raise the limit: "
                "accord_load_options.max_errors)");
    accord_diagnostics_clear(&diag);
    accord_load_options opts = {.max_errors = 3};
    assert_int_equal(load_text(&t, &opts, &m, &diag), ACCORD_E_INVALID);
    assert_int_equal(diag.errors, 3);
    find(&diag, "99997 more errors are not shown");
    accord_diagnostics_clear(&diag);
    free(t.data);
}

/* 10,000 parties and 10,000 issues in 600 KB would be 10^8 weights and
 * values (13 GB): refused before they are allocated. */
static void test_table_size(void **state)
{
    (void)state;
    enum { N = 10000 };
    text t = {0};
    add(&t, "accord: 1\nparties: [");
    for (int i = 0; i < N; i++)
        add(&t, "%sP%d", i ? ", " : "", i);
    add(&t, "]\nagreement:\n  issues:\n");
    for (int i = 0; i < N; i++)
        add(&t, "    - {id: i%d, options: [a]}\n", i);
    add(&t, "  preferences:\n");
    for (int i = 0; i < N; i++)
        add(&t, "    P%d: {weights: {}}\n", i);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_LIMIT);
    const accord_diagnostic *d = find(&diag, "10000 parties x 10000 issues are 100000000 weights and "
                                             "values; at most 4194304 (2^22) are supported");
    assert_int_equal(d->line, 4);
    accord_diagnostics_clear(&diag);
    free(t.data);
}

/* ---- what libyaml would expand ---- */

/* 10,000 nested lists: libyaml checks every open level at each token, so
 * the depth is refused where it passes the limit, before the rest is read. */
static void test_deep_nesting(void **state)
{
    (void)state;
    enum { N = 10000 };
    text t = {0};
    add(&t, "accord: 1\nparties: [A, B]\nnote: ");
    for (int i = 0; i < N; i++)
        add(&t, "[");
    for (int i = 0; i < N; i++)
        add(&t, "]");
    add(&t, "\n");
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_LIMIT);
    const accord_diagnostic *d =
        find(&diag, "lists and maps nest more than 64 levels deep here; a model needs far fewer "
                    "(raise the limit: accord_load_options.max_depth)");
    assert_int_equal(d->line, 3);
    assert_int_equal(d->col, 7 + 63); /* the root map is the first level */
    accord_diagnostics_clear(&diag);

    /* a raised limit lets 100 levels through (to the model's own check) */
    accord_load_options opts = {.max_depth = 200};
    text u = {0};
    add(&u, "accord: 1\nparties: [A, B]\nnote: ");
    for (int i = 0; i < 100; i++)
        add(&u, "[");
    for (int i = 0; i < 100; i++)
        add(&u, "]");
    add(&u, "\n%s", TAIL);
    assert_int_equal(load_text(&u, &opts, &m, &diag), ACCORD_E_INVALID);
    find(&diag, "note of the model must be text, not a list");
    accord_diagnostics_clear(&diag);
    free(t.data);
    free(u.data);
}

/* Aliases: a 600-byte "billion laughs", a list shared by 4,000 issues (72
 * KB that would become 4 million options), and an alias inside its anchor. */
static void test_aliases(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "accord: 1\nparties: [A, B]\nnote: &a0 x\n");
    add(&t, "a1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n");
    for (int i = 2; i < 10; i++)
        add(&t, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i - 1,
            i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_LIMIT);
    const accord_diagnostic *d = find(&diag, "with its aliases expanded the document has more than "
                                             "100000 nodes here");
    assert_int_equal(d->line, 8); /* a5: 10^5 nodes */
    find(&diag, "raise the limit: accord_load_options.max_nodes");
    accord_diagnostics_clear(&diag);

    t.len = 0;
    add(&t, "accord: 1\nparties: [A, B]\nagreement:\n  issues:\n    - {id: i0, options: &o [");
    for (int k = 0; k < 1000; k++)
        add(&t, "%so%d", k ? ", " : "", k);
    add(&t, "]}\n");
    for (int i = 1; i < 4000; i++)
        add(&t, "    - {id: i%d, options: *o}\n", i);
    add(&t, "  preferences: {A: {weights: {}}, B: {weights: {}}}\n");
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_LIMIT);
    find(&diag, "with its aliases expanded the document has more than");
    accord_diagnostics_clear(&diag);
    /* the limit is an option: the same file loads under a larger one */
    accord_load_options opts = {.max_nodes = 5000000};
    assert_int_equal(load_text(&t, &opts, &m, &diag), ACCORD_OK);
    assert_int_equal(m->agreement->n_issues, 4000);
    accord_model_free(m);

    t.len = 0;
    add(&t, "accord: 1\nparties: &p [A, *p]\n");
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_PARSE);
    d = find(&diag, "the alias *p is inside the node it names; a model cannot contain itself");
    assert_int_equal(d->line, 2);
    assert_int_equal(d->col, 17);
    accord_diagnostics_clear(&diag);
    free(t.data);
}

/* ---- the stream ---- */

/* A second document, even an invalid one, is refused at its start. */
static void test_second_document(void **state)
{
    (void)state;
    text t = {0};
    add(&t, "accord: 1\nparties: [A, B]\n%s---\nthis: [is not valid\n", TAIL);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(load_text(&t, NULL, &m, &diag), ACCORD_E_PARSE);
    const accord_diagnostic *d = find(&diag, "a second YAML document starts here; a model file "
                                             "holds one document");
    assert_int_equal(d->line, 9);
    assert_int_equal(d->col, 1);
    assert_int_equal(diag.count, 1);
    accord_diagnostics_clear(&diag);
    free(t.data);
}

/* Invalid UTF-8 and control characters at their line and column. */
static void test_bad_bytes(void **state)
{
    (void)state;
    static const char utf8[] = "accord: 1\nparties: [A, B]\ntitle: caf\xc3\x28 bad\n";
    static const char ctrl[] = "accord: 1\nparties: [A, B]\n\ntitle: bell\a here\n";
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_model_load_buffer("u.yaml", utf8, sizeof utf8 - 1, NULL, &m, &diag),
                     ACCORD_E_PARSE);
    const accord_diagnostic *d = find(&diag, "invalid trailing UTF-8 octet");
    assert_int_equal(d->line, 3);
    assert_int_equal(d->col, 12);
    accord_diagnostics_clear(&diag);
    assert_int_equal(accord_model_load_buffer("c.yaml", ctrl, sizeof ctrl - 1, NULL, &m, &diag),
                     ACCORD_E_PARSE);
    d = find(&diag, "control characters are not allowed");
    assert_int_equal(d->line, 4);
    assert_int_equal(d->col, 12);
    accord_diagnostics_clear(&diag);
}

/* ---- input size ---- */

/* A model that never ends (/dev/zero), a regular file over the limit (refused
 * before it is read), and a GENIUS folder with a profile linked to
 * /dev/zero: each refused at the limit, naming the option. */
static void test_input_size(void **state)
{
    (void)state;
    accord_load_options opts = {.max_input_bytes = 1 << 20};
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_model_load("/dev/zero", &opts, &m, &diag), ACCORD_E_LIMIT);
    find(&diag, "the file goes on past 1048576 bytes (1 MiB), the most that is read (raise the "
                "limit: accord_load_options.max_input_bytes)");
    accord_diagnostics_clear(&diag);

    char dir[] = "/tmp/accord-limits-XXXXXX";
    assert_non_null(mkdtemp(dir));
    text t = {0};
    add(&t, "accord: 1\nparties: [A, B]\nnote: \"");
    while (t.len < (1 << 20))
        add(&t, "0123456789abcdef");
    add(&t, "\"\n%s", TAIL);
    write_file(dir, "big.yaml", &t);
    char path[4200];
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    assert_int_equal(accord_model_load(path, &opts, &m, &diag), ACCORD_E_LIMIT);
    char want[200];
    snprintf(want, sizeof want, "the file is %zu bytes; at most 1048576 bytes (1 MiB) are read", t.len);
    find(&diag, want);
    accord_diagnostics_clear(&diag);
    /* the buffer loader keeps the same limit */
    assert_int_equal(load_text(&t, &opts, &m, &diag), ACCORD_E_LIMIT);
    find(&diag, "accord_load_options.max_input_bytes");
    accord_diagnostics_clear(&diag);
    unlink(path);

    /* GENIUS: a domain, a profile, and a profile that is /dev/zero */
    static const char *files[] = {"Laptop-C-domain.xml", "Laptop-C-prof1.xml"};
    for (int i = 0; i < 2; i++) {
        char from[4200], cmd[9000];
        snprintf(from, sizeof from, "%s/genius/Laptop/%s", ACCORD_FIXTURES, files[i]);
        snprintf(cmd, sizeof cmd, "cp '%s' '%s/'", from, dir);
        assert_int_equal(system(cmd), 0);
    }
    snprintf(path, sizeof path, "%s/zero.xml", dir);
    assert_int_equal(symlink("/dev/zero", path), 0);
    assert_int_equal(accord_model_load(dir, &opts, &m, &diag), ACCORD_E_LIMIT);
    const accord_diagnostic *d = find(&diag, "the file goes on past 1048576 bytes");
    assert_string_equal(d->file, path);
    accord_diagnostics_clear(&diag);
    remove_dir(dir);
    free(t.data);
}

/* ---- GENIUS and GeniusWeb folders ---- */

/* A GENIUS domain and two profiles: one issue of 200,000 items (every item
 * matched to its evaluation by name) and 100,000 issues (every profile issue
 * matched to the domain's by name, every weight by index). */
static void write_genius(const char *dir, int n_issues, int n_items)
{
    text t = {0};
    add(&t, "<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"root\">\n");
    for (int i = 0; i < n_issues; i++) {
        add(&t, "<issue index=\"%d\" name=\"issue%d\" type=\"discrete\">\n", i + 1, i);
        for (int k = 0; k < n_items; k++)
            add(&t, "<item index=\"%d\" value=\"v%d\"/>\n", k + 1, k);
        add(&t, "</issue>\n");
    }
    add(&t, "</objective>\n</utility_space>\n</negotiation_template>\n");
    write_file(dir, "domain.xml", &t);
    for (int p = 0; p < 2; p++) {
        t.len = 0;
        add(&t, "<utility_space>\n<objective index=\"0\" name=\"root\">\n");
        for (int i = n_issues - 1; i >= 0; i--) { /* in the other order */
            add(&t, "<issue index=\"%d\" name=\"issue%d\" type=\"discrete\">\n", i + 1, i);
            for (int k = n_items - 1; k >= 0; k--)
                add(&t, "<item index=\"%d\" value=\"v%d\" evaluation=\"%d\"/>\n", k + 1, k, k + 1);
            add(&t, "</issue>\n");
        }
        for (int i = 0; i < n_issues; i++)
            add(&t, "<weight index=\"%d\" value=\"%d\"/>\n", i + 1, i == 0);
        add(&t, "</objective>\n</utility_space>\n");
        write_file(dir, p ? "b.xml" : "a.xml", &t);
    }
    free(t.data);
}

static void test_genius_folders(void **state)
{
    (void)state;
    static const int shapes[][2] = {{1, 200000}, {100000, 1}};
    for (int s = 0; s < 2; s++) {
        char dir[] = "/tmp/accord-limits-XXXXXX";
        assert_non_null(mkdtemp(dir));
        write_genius(dir, shapes[s][0], shapes[s][1]);
        accord_model *m = NULL;
        accord_diagnostics diag = {0};
        accord_status rc = accord_model_load(dir, NULL, &m, &diag);
        for (size_t k = 0; k < diag.count; k++)
            fprintf(stderr, "  %s\n", diag.items[k].message);
        assert_int_equal(rc, ACCORD_OK);
        assert_int_equal(m->agreement->n_issues, shapes[s][0]);
        assert_int_equal(m->agreement->issues[0].n_options, shapes[s][1]);
        assert_int_equal(m->n_parties, 2);
        /* item v(k) has evaluation k + 1: the value is (k + 1) / n_items */
        const accord_valuation *va = &m->agreement->preferences[1].valuations[0];
        assert_true(va->values[shapes[s][1] - 1].value == 1.0);
        assert_true(va->values[0].value == 1.0 / shapes[s][1]);
        assert_true(m->agreement->preferences[0].weights[0].value == 1.0);
        accord_model_free(m);
        accord_diagnostics_clear(&diag);
        remove_dir(dir);
    }
}

/* GeniusWeb: 150,000 issues and a reservationBid that names every one (each
 * name was looked up by a scan of the issues). */
static void test_geniusweb_folder(void **state)
{
    (void)state;
    enum { N = 150000 };
    char dir[] = "/tmp/accord-limits-XXXXXX";
    assert_non_null(mkdtemp(dir));
    text t = {0};
    add(&t, "{\"name\": \"big\", \"issuesValues\": {");
    for (int i = 0; i < N; i++)
        add(&t, "%s\"i%d\": {\"values\": [\"a\", \"b\"]}", i ? ", " : "", i);
    add(&t, "}}\n");
    write_file(dir, "domain.json", &t);
    t.len = 0;
    add(&t, "{\"LinearAdditiveUtilitySpace\": {\"name\": \"p\", \"issueUtilities\": {");
    for (int i = 0; i < N; i++)
        add(&t, "%s\"i%d\": {\"discreteutils\": {\"valueUtilities\": {\"a\": 0, \"b\": 1}}}",
            i ? ", " : "", i);
    add(&t, "}, \"issueWeights\": {");
    for (int i = 0; i < N; i++)
        add(&t, "%s\"i%d\": %d", i ? ", " : "", i, i == 0);
    add(&t, "}, \"reservationBid\": {\"issuevalues\": {");
    for (int i = N - 1; i >= 0; i--)
        add(&t, "%s\"i%d\": \"b\"", i < N - 1 ? ", " : "", i);
    add(&t, "}}}}\n");
    write_file(dir, "p.json", &t);
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    assert_int_equal(accord_model_load(dir, NULL, &m, &diag), ACCORD_OK);
    assert_int_equal(m->agreement->n_issues, N);
    assert_true(m->agreement->preferences[0].reservation.value == 1.0);
    assert_int_equal(accord_model_issue_index(m, "i149999"), N - 1);
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
    remove_dir(dir);
    free(t.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_sources),    cmocka_unit_test(test_many_options),
        cmocka_unit_test(test_many_issues),     cmocka_unit_test(test_many_parties),
        cmocka_unit_test(test_table_size),
        cmocka_unit_test(test_deep_nesting),    cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_second_document), cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_input_size),      cmocka_unit_test(test_genius_folders),
        cmocka_unit_test(test_geniusweb_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
