/* cmd_analyze.c - `accord analyze [MODEL]`: every analysis the model supports, in one report. */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>

int cmd_analyze(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("analyze");
    const char *samples = NULL, *seed = NULL;
    cli_opt opts[] = {{"--samples", NULL, true, &samples},
                      {"--seed", NULL, true, &seed},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *pos[1];
    int n = cli_parse(cmd, argc, argv, opts, &c, pos, 1);
    if (n < 0)
        return n == -1 ? EXIT_OK : EXIT_USAGE;
    accord_analysis_options ao = {.samples = 1000, .seed = 1};
    const char *nums[2] = {samples, seed};
    uint64_t *dst[2] = {&ao.samples, &ao.seed};
    for (int k = 0; k < 2; k++) {
        if (!nums[k])
            continue;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(nums[k], &end, 10);
        if (end == nums[k] || *end || errno || nums[k][0] == '-' || (k == 0 && v == 0))
            return cli_usage_error(cmd, "%s needs a %s whole number, not \"%s\"", k ? "--seed" : "--samples",
                                   k ? "" : "positive", nums[k]);
        *dst[k] = v;
    }
    int code;
    accord_model *m = cli_load(n ? pos[0] : NULL, &c, &code);
    if (!m)
        return code;
    accord_render_options ro = {.format = c.json ? ACCORD_FORMAT_JSON : ACCORD_FORMAT_TEXT, .color = c.color};
    char *text = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_analysis_render(m, &ao, &ro, &text, &diag);
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
    if (rc) {
        fprintf(stderr, "accord analyze: %s\n", accord_strerror(rc));
        return cli_exit_for(rc);
    }
    cli_output out;
    if (!cli_output_open(&out, c.output)) {
        accord_free(text);
        return EXIT_RUN;
    }
    bool ok = fputs(text, out.fp) >= 0;
    accord_free(text);
    return cli_output_close(&out, ok) ? EXIT_OK : EXIT_RUN;
}
