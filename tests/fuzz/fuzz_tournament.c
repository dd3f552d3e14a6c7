/* fuzz_tournament.c - libFuzzer target for tournament files, the JSON that
 * `accord tournament --json` writes and `accord tournament --merge` reads
 * (accord_tournament_parse).  The input is split at its first NUL into two
 * files (without a NUL it is one).  Every file that reads is rendered as
 * text, CSV and JSON, and its JSON must read back; the files are then
 * merged, alone and together, as --merge does. */
#include "accord.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void clear(accord_diagnostics *diag)
{
    for (size_t i = 0; i < diag->count; i++)
        accord_free(accord_diagnostic_format(&diag->items[i]));
    accord_diagnostics_clear(diag);
}

static void render(const accord_tournament *t, bool read_back)
{
    accord_render_options text = {.format = ACCORD_FORMAT_TEXT, .verbose = true};
    accord_render_options json = {.format = ACCORD_FORMAT_JSON};
    char *out = NULL;
    if (accord_tournament_render(t, &text, &out) == ACCORD_OK)
        accord_free(out);
    if (accord_tournament_csv(t, &out) == ACCORD_OK)
        accord_free(out);
    if (accord_tournament_render(t, &json, &out) != ACCORD_OK)
        return;
    if (read_back) {
        /* what accord wrote, accord reads: a part written is a part that merges */
        accord_tournament *again = NULL;
        accord_diagnostics diag = {0};
        accord_status rc = accord_tournament_parse("again.json", out, strlen(out), &again, &diag);
        if (rc != ACCORD_OK && rc != ACCORD_E_NOMEM)
            abort();
        if (again && (again->n_runs != t->n_runs || again->n_agents != t->n_agents ||
                      again->n_scenarios != t->n_scenarios || again->part != t->part ||
                      again->parts != t->parts || again->total_runs != t->total_runs))
            abort();
        accord_tournament_free(again);
        clear(&diag);
    }
    accord_free(out);
}

static accord_tournament *parse(const char *name, const uint8_t *data, size_t size)
{
    accord_tournament *t = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_tournament_parse(name, (const char *)data, size, &t, &diag);
    if ((rc == ACCORD_OK) != (t != NULL))
        abort(); /* *out is the result on success and NULL on error */
    if (rc != ACCORD_OK && rc != ACCORD_E_NOMEM && diag.errors == 0)
        abort(); /* an error says why */
    clear(&diag);
    if (t)
        render(t, true);
    return t;
}

static void merge(const accord_tournament *const *parts, size_t n)
{
    accord_tournament *whole = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_tournament_merge(parts, n, &whole, &diag);
    if ((rc == ACCORD_OK) != (whole != NULL))
        abort();
    clear(&diag);
    if (whole) {
        if (whole->parts != 0 || whole->n_runs != whole->total_runs)
            abort(); /* a merge is the whole tournament */
        render(whole, true);
    }
    accord_tournament_free(whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t first = nul ? (size_t)(nul - data) : size;
    accord_tournament *parts[2] = {parse("part1.json", data, first), NULL};
    if (nul)
        parts[1] = parse("part2.json", nul + 1, size - first - 1);
    if (parts[0])
        merge((const accord_tournament *const *)parts, 1);
    if (parts[0] && parts[1])
        merge((const accord_tournament *const *)parts, 2);
    accord_tournament_free(parts[0]);
    accord_tournament_free(parts[1]);
    return 0;
}
