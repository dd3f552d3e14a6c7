/* cmd_check.c - `accord check MODEL [--provenance]` and `accord import genius|geniusweb PATH`. */
#include "cli.h"
#include "commands.h"

#include <string.h>

int cmd_check(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("check");
    const char *provenance = NULL;
    cli_opt opts[] = {{"--provenance", NULL, false, &provenance}, {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, true, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    int code;
    accord_model *m = cli_load(model, &c, &code);
    if (!m)
        return code;
    accord_render_options ro = cli_render_options(&c, false);
    char *text = NULL;
    int result;
    if (provenance) {
        accord_unsourced *u = NULL;
        accord_status rc = accord_provenance_check(m, &u);
        if (!rc)
            rc = accord_unsourced_render(m, u, &ro, &text);
        bool any = u && u->count > 0;
        accord_unsourced_free(u);
        result = cli_finish(cmd, &c, rc, text);
        if (result == EXIT_OK && any)
            result = EXIT_RUN;
    } else {
        accord_status rc = accord_model_summary_render(m, &ro, &text);
        result = cli_finish(cmd, &c, rc, text);
    }
    accord_model_free(m);
    return result;
}

int cmd_import(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("import");
    cli_common c = {0};
    const char *pos[2];
    int n = cli_parse(cmd, argc, argv, NULL, &c, pos, 2);
    if (n < 0)
        return n == -1 ? EXIT_OK : EXIT_USAGE;
    /* the loader knows the format from the files; the word says what the
     * user expects (a GENIUS folder, a GeniusWeb folder or profile) */
    if (n != 2 || (strcmp(pos[0], "genius") != 0 && strcmp(pos[0], "geniusweb") != 0))
        return cli_usage_error(cmd, "expected: accord import genius DIR [-o FILE] or accord import "
                                    "geniusweb DIR|FILE [-o FILE]");
    if (c.json) /* the output is an accord model, which is YAML */
        return cli_usage_error(cmd, "import writes the model as YAML; --json does not apply (a "
                                    "model file may be JSON, but accord writes YAML)");
    int code;
    accord_model *m = cli_load(pos[1], &c, &code);
    if (!m)
        return code;
    char *yaml = NULL;
    size_t size = 0;
    accord_status rc = accord_model_to_yaml(m, &yaml, &size);
    if (rc == ACCORD_E_UNSUPPORTED)
        fprintf(stderr, "accord import: %s has a non-linear utility (GENIUS hyper-rectangles), which "
                        "the accord format cannot express; use the folder itself as the MODEL\n",
                pos[1]);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, yaml);
}
