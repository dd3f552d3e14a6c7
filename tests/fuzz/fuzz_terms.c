/* fuzz_terms.c - libFuzzer target for the terms parser (accord_terms_parse,
 * `accord evaluate --terms` and `accord repair --terms`): the input, cut at
 * its first NUL, is read as "issue=option,..." against a fixed small model,
 * once over the first proposal's terms and once with every issue required.
 * Terms that parse must name an option of every issue, and are evaluated
 * and rendered. */
#include "accord.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Discrete options (one with a label), an integer range with a negative
 * minimum, red lines, a reservation: every path of the parser and of the
 * evaluation that follows. */
static const char MODEL[] =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, {id: c, label: Sea}]}\n"
    "    - {id: n, range: {min: -6, max: 10, step: 2}}\n"
    "    - {id: flag, options: [yes, no]}\n"
    "  proposals: [{id: p, by: A, terms: {x: b, n: 4, flag: no}}]\n"
    "  preferences:\n"
    "    A: {reservation: 0.2, weights: {x: 1, n: 2, flag: 1},\n"
    "        values: {x: {a: 1, b: 0.5, c: 0}, n: {linear: [[-6, 0], [10, 1]]}, flag: {yes: 1, no: 0}},\n"
    "        red_lines: [\"x = c & n > 4\"]}\n"
    "    B: {weights: {x: 1, flag: 1}, values: {x: {a: 0, b: 0.5, c: 1}, flag: {yes: 0, no: 1}},\n"
    "        red_lines: [\"flag = yes\"]}\n";

static accord_model *model;

static void free_model(void) { accord_model_free(model); }

static void parse(const char *text, const uint32_t *base)
{
    size_t ni = model->agreement->n_issues;
    uint32_t terms[3];
    accord_diagnostics diag = {0};
    accord_status rc = accord_terms_parse(model, text, base, terms, &diag);
    for (size_t i = 0; i < diag.count; i++)
        accord_free(accord_diagnostic_format(&diag.items[i]));
    /* an error always says why, a success says nothing */
    if ((rc == ACCORD_OK) != (diag.count == 0) && rc != ACCORD_E_NOMEM)
        abort();
    accord_diagnostics_clear(&diag);
    if (rc != ACCORD_OK)
        return;
    for (size_t i = 0; i < ni; i++)
        if (terms[i] >= model->agreement->issues[i].n_options)
            abort();
    accord_evaluation *e = NULL;
    if (accord_evaluation_compute(model, &(accord_evaluation_options){.terms = terms}, &e, NULL) != ACCORD_OK)
        abort();
    accord_render_options text_opts = {.format = ACCORD_FORMAT_TEXT, .verbose = true};
    accord_render_options json_opts = {.format = ACCORD_FORMAT_JSON};
    char *out = NULL;
    if (accord_evaluation_render(model, e, &text_opts, &out) == ACCORD_OK)
        accord_free(out);
    if (accord_evaluation_render(model, e, &json_opts, &out) == ACCORD_OK)
        accord_free(out);
    accord_evaluation_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        if (accord_model_load_buffer("terms.yaml", MODEL, sizeof MODEL - 1, NULL, &model, NULL))
            abort();
        atexit(free_model);
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    parse(text, model->agreement->proposals[0].terms);
    parse(text, NULL);
    free(text);
    return 0;
}
