/* cmd_analyze.c - `accord analyze [MODEL]`: every analysis the model supports, in one report. */
#include "cli.h"
#include "commands.h"

int cmd_analyze(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("analyze");
    cli_common c = {0};
    const char *pos[1];
    int n = cli_parse(cmd, argc, argv, NULL, &c, pos, 1);
    if (n < 0)
        return n == -1 ? EXIT_OK : EXIT_USAGE;
    int code;
    accord_model *m = cli_load(n ? pos[0] : NULL, &c, &code);
    if (!m)
        return code;
    accord_render_options ro = {.format = c.json ? ACCORD_FORMAT_JSON : ACCORD_FORMAT_TEXT, .color = c.color};
    char *text = NULL;
    accord_status rc = accord_model_summary_render(m, &ro, &text);
    accord_model_free(m);
    if (rc) {
        fprintf(stderr, "accord: %s\n", accord_strerror(rc));
        return EXIT_RUN;
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
