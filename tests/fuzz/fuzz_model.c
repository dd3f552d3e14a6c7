/* fuzz_model.c - libFuzzer target for the model loader (YAML/JSON, every
 * section, expressions, the state space) and, on small models, every
 * analysis and renderer.  Any input must give a model or a diagnostic, never
 * a crash, leak or undefined behaviour. */
#include "accord.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every analysis on models small enough to keep each run fast. */
static void analyse(const accord_model *m)
{
    accord_render_options text = {.format = ACCORD_FORMAT_TEXT}, json = {.format = ACCORD_FORMAT_JSON};
    char *out = NULL;
    if (m->agreement && m->agreement->outcomes <= 4096 && m->n_parties <= 4) {
        accord_frontier_options fo = {.max_points = 4096};
        accord_frontier *f = NULL;
        if (accord_frontier_compute(m, &fo, &f, NULL) == ACCORD_OK) {
            if (accord_frontier_render(m, f, &json, &out) == ACCORD_OK)
                accord_free(out);
            accord_frontier_free(f);
        }
        if (m->agreement->n_proposals) {
            accord_repair_result *r = NULL;
            if (accord_repair_compute(m, &(accord_repair_options){.terms = m->agreement->proposals[0].terms}, &r, NULL) == ACCORD_OK) {
                if (accord_repair_render(m, r, &text, &out) == ACCORD_OK)
                    accord_free(out);
                accord_repair_result_free(r);
            }
        }
    }
    if ((!m->agreement || m->agreement->outcomes <= 4096) && (!m->conflict || m->conflict->n_states <= 256) &&
        m->n_parties <= 4) {
        accord_analysis_options ao = {.samples = 8, .seed = 1};
        accord_analysis *an = NULL;
        if (accord_analysis_compute(m, &ao, &an, NULL) == ACCORD_OK &&
            accord_analysis_render(m, an, &text, &out) == ACCORD_OK)
            accord_free(out);
        accord_analysis_free(an);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    /* small limits keep each run fast */
    accord_load_options opts = {.max_states = 1u << 12};
    accord_status rc = accord_model_load_buffer("fuzz.yaml", (const char *)data, size, &opts, &m, &diag);
    if (rc == ACCORD_OK) {
        char *yaml = NULL;
        if (accord_model_to_yaml(m, &yaml, NULL) == ACCORD_OK)
            accord_free(yaml);
        accord_unsourced *u = NULL;
        if (accord_provenance_check(m, &u) == ACCORD_OK)
            accord_unsourced_free(u);
        analyse(m);
    }
    for (size_t i = 0; i < diag.count; i++)
        accord_free(accord_diagnostic_format(&diag.items[i]));
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
    return 0;
}
