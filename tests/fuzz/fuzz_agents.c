/* fuzz_agents.c - libFuzzer target for agent lists (accord_agents_parse,
 * `accord negotiate --agents` and `accord tournament --agents`): the input,
 * cut at its first NUL, is parsed as a list and as one name.  A list that
 * parses must read back the same from the names it kept, and its agents
 * then negotiate a few rounds on a fixed small model (the exponents reach
 * the agents' arithmetic). */
#include "accord.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char MODEL[] =
    "accord: 1\n"
    "parties: [A, B]\n"
    "agreement:\n"
    "  issues:\n"
    "    - {id: x, options: [a, b, c, d]}\n"
    "    - {id: n, range: {min: 0, max: 10, step: 1}}\n"
    "  preferences:\n"
    "    A: {reservation: 0.3, weights: {x: 1, n: 1},\n"
    "        values: {x: {a: 1, b: 0.7, c: 0.2, d: 0}, n: {linear: [[0, 0], [10, 1]]}}}\n"
    "    B: {weights: {x: 2, n: 1}, values: {x: {a: 0, b: 0.4, c: 0.9, d: 1}, n: {linear: [[0, 1], [10, 0]]}},\n"
    "        red_lines: [\"x = a\"]}\n";

static accord_model *model;
static accord_negotiation_setup *setup;

static void release(void)
{
    accord_negotiation_setup_free(setup);
    accord_model_free(model);
}

static void clear(accord_diagnostics *diag)
{
    for (size_t i = 0; i < diag->count; i++)
        accord_free(accord_diagnostic_format(&diag->items[i]));
    accord_diagnostics_clear(diag);
}

static void negotiate(const accord_agent *agents, size_t count)
{
    accord_agent pair[2] = {agents[0], agents[count - 1]};
    accord_negotiation_options opts = {.rounds = 24, .seed = 7};
    accord_negotiation *n = NULL;
    accord_diagnostics diag = {0};
    if (accord_negotiation_run(setup, pair, 2, &opts, &n, &diag) == ACCORD_OK) {
        accord_render_options text = {.format = ACCORD_FORMAT_TEXT, .verbose = true};
        accord_render_options json = {.format = ACCORD_FORMAT_JSON};
        char *out = NULL;
        if (accord_negotiation_render(model, n, &text, &out) == ACCORD_OK)
            accord_free(out);
        if (accord_negotiation_render(model, n, &json, &out) == ACCORD_OK)
            accord_free(out);
        accord_negotiation_free(n);
    }
    clear(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        accord_negotiation_options so = {.no_quality = false};
        if (accord_model_load_buffer("agents.yaml", MODEL, sizeof MODEL - 1, NULL, &model, NULL) ||
            accord_negotiation_setup_new(model, &so, &setup, NULL))
            abort();
        atexit(release);
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    accord_diagnostics diag = {0};
    accord_agent one;
    accord_status rc = accord_agent_parse(text, &one, &diag);
    if ((rc == ACCORD_OK) != (diag.count == 0) && rc != ACCORD_E_NOMEM)
        abort(); /* an error says why; a success says nothing */
    clear(&diag);

    accord_agent *agents = NULL;
    size_t count = 0;
    rc = accord_agents_parse(text, &agents, &count, &diag);
    if ((rc == ACCORD_OK) != (diag.count == 0) && rc != ACCORD_E_NOMEM)
        abort();
    clear(&diag);
    if (rc != ACCORD_OK) {
        if (agents || count)
            abort(); /* *out is NULL on error */
        free(text);
        return 0;
    }
    if (!agents || count == 0)
        abort();
    for (size_t k = 0; k < count; k++) {
        /* the name kept reads back as the same agent */
        accord_agent again;
        if (accord_agent_parse(agents[k].name, &again, NULL) != ACCORD_OK || again.kind != agents[k].kind ||
            memcmp(&again.exponent, &agents[k].exponent, sizeof again.exponent) != 0)
            abort();
    }
    negotiate(agents, count);
    accord_free(agents);
    free(text);
    return 0;
}
