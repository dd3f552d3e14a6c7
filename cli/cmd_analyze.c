/* cmd_analyze.c - `accord analyze [MODEL]`: every analysis the model supports, in one report. */
#include "cli.h"
#include "commands.h"

int cmd_analyze(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("analyze");
    const char *samples = NULL, *seed = NULL;
    cli_opt opts[] = {{"--samples", NULL, true, &samples},
                      {"--seed", NULL, true, &seed},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, false, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    accord_analysis_options ao;
    accord_analysis_options_init(&ao);
    if ((samples && !cli_parse_count(cmd, "--samples", samples, 0, UINT64_MAX, &ao.samples)) ||
        (seed && !cli_parse_count(cmd, "--seed", seed, 0, UINT64_MAX, &ao.seed)))
        return EXIT_USAGE;
    ao.skip_robust = samples && ao.samples == 0; /* --samples 0: no sampling, as report */
    int code;
    accord_model *m = cli_load(model, &c, &code);
    if (!m)
        return code;
    accord_render_options ro = cli_render_options(&c, false);
    char *text = NULL;
    accord_diagnostics diag = {0};
    accord_analysis *a = NULL;
    accord_status rc = accord_analysis_compute(m, &ao, &a, &diag);
    if (!rc)
        rc = accord_analysis_render(m, a, &ro, &text);
    accord_analysis_free(a);
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, text);
}
