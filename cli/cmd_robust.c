/* cmd_robust.c - `accord robust MODEL --samples N --seed S`: acceptance under uncertainty. */
#include "cli.h"
#include "commands.h"

#include <stdlib.h>

int cmd_robust(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("robust");
    const char *samples = NULL, *seed = NULL, *top = NULL, *max_memory = NULL, *threads = NULL,
               *drop = NULL;
    cli_opt opts[] = {{"--samples", NULL, true, &samples},
                      {"--seed", NULL, true, &seed},
                      {"--top", NULL, true, &top},
                      {"--max-memory", NULL, true, &max_memory},
                      {"--threads", NULL, true, &threads},
                      {"--drop", NULL, true, &drop},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, false, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    accord_robust_options ro = {.samples = ACCORD_DEFAULT_SAMPLES, .seed = 0,
                                .top = ACCORD_DEFAULT_TOP};
    uint64_t v;
    if ((samples && !cli_parse_count(cmd, "--samples", samples, 1, UINT64_MAX, &ro.samples)) ||
        (seed && !cli_parse_count(cmd, "--seed", seed, 0, UINT64_MAX, &ro.seed)))
        return EXIT_USAGE;
    if (top) {
        if (!cli_parse_count(cmd, "--top", top, 1, 1000, &v))
            return EXIT_USAGE;
        ro.top = (size_t)v;
    }
    if (max_memory) {
        if (!cli_parse_count(cmd, "--max-memory", max_memory, 1, (uint64_t)1 << 40, &v))
            return EXIT_USAGE;
        ro.max_memory = v << 20;
    }
    if (threads) { /* the same range as the other analyses' --threads */
        if (!cli_parse_count(cmd, "--threads", threads, 1, 1024, &v))
            return EXIT_USAGE;
        ro.threads = (int)v;
    }
    int code;
    accord_model *m = cli_load(model, &c, &code);
    if (!m)
        return code;
    if (!m->agreement) {
        fprintf(stderr, "%s: the model has no agreement section; robust samples the agreement's ranges\n", m->path);
        accord_model_free(m);
        return EXIT_USAGE;
    }
    bool *ignored = NULL;
    if (drop && (code = cli_parse_drop(cmd, m, drop, &ignored))) {
        accord_model_free(m);
        return code;
    }
    ro.ignored_red_lines = ignored;
    accord_diagnostics diag = {0};
    accord_robust *r = NULL;
    accord_status rc = accord_robust_compute(m, &ro, &r, &diag);
    free(ignored);
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    char *text = NULL;
    if (!rc) {
        accord_render_options rend = cli_render_options(&c, false);
        rc = accord_robust_render(m, r, &rend, &text);
    }
    accord_robust_free(r);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, text);
}
