/* fuzz_model.c - libFuzzer target for the model loader (YAML/JSON, every
 * section, expressions, the state space).  Any input must give a model or a
 * diagnostic, never a crash, leak or undefined behaviour. */
#include "accord.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    }
    for (size_t i = 0; i < diag.count; i++)
        accord_free(accord_diagnostic_format(&diag.items[i]));
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
    return 0;
}
