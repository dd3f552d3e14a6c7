/* main.c - the accord command-line tool: dispatch to subcommands. */
#include "cli.h"
#include "commands.h"

#include <string.h>

const cli_command cli_commands[] = {
    {"analyze", "[MODEL] [--samples N] [--seed S] [--json] [-o FILE]",
     "The full analysis of MODEL (default: the built-in scenario).",
     "  --samples N        samples for the robustness section (default "
     CLI_STR(ACCORD_DEFAULT_SAMPLES) "; 0 leaves the section out)\n"
     "  --seed S           their seed (default 0)\n",
     cmd_analyze},
    {"check", "MODEL [--provenance] [--json] [-o FILE]",
     "Validate MODEL and print a summary; exit 0 when valid, 2 when not.",
     "  --provenance       list every number with neither a source nor an assumption\n"
     "                     (exit 1 if there is one)\n",
     cmd_check},
    /* commands of the analysis modules are added here */
    COMMANDS_AGREEMENT
    COMMANDS_CONFLICT
    COMMANDS_NEGOTIATION
    COMMANDS_ROBUST
    COMMANDS_REPORT
    {"import", "genius DIR | geniusweb DIR|FILE [-o FILE]",
     "Write a GENIUS or GeniusWeb scenario as an accord model.",
     "  genius DIR         a folder of GENIUS XML (a domain and its profiles)\n"
     "  geniusweb DIR      a folder of GeniusWeb JSON (a domain and its profiles)\n"
     "  geniusweb FILE     one GeniusWeb profile with its embedded domain\n",
     cmd_import},
    {"help", "[COMMAND]", "Help on accord or on one command.", NULL, cmd_help},
    {NULL, NULL, NULL, NULL, NULL}};

static void print_main_help(void)
{
    printf("accord %s - analyse peace agreements, negotiations and strategic conflicts\n\n"
           "usage: accord [COMMAND] [ARGS] [--json]\n"
           "       accord             the full analysis of the built-in scenario\n\n"
           "commands:\n",
           accord_version());
    for (const cli_command *c = cli_commands; c->name; c++)
        printf("  %-11s %s\n", c->name, c->summary);
    printf("\nMODEL is a model file (YAML or JSON, see docs/model-format.md), a folder of\n"
           "GENIUS XML or GeniusWeb JSON files, or one GeniusWeb profile.  Exit codes:\n"
           "0 success, 1 the analysis could not run, 2 bad usage or bad input.\n"
           "`accord help COMMAND` describes a command.\n");
}

int cmd_help(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_main_help();
        return EXIT_OK;
    }
    const cli_command *c = cli_find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "accord help: no command \"%s\" (see accord --help)\n", argv[1]);
        return EXIT_USAGE;
    }
    char *args[] = {argv[1], "--help", NULL};
    return c->run(2, args);
}

int main(int argc, char **argv)
{
    cli_stdio_init(); /* closed standard streams; write errors on stdout reported at exit */
    if (argc < 2)
        return cmd_analyze(1, (char *[]){"analyze", NULL});
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        print_main_help();
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("accord %s\n", accord_version());
        return EXIT_OK;
    }
    if (cmd[0] == '-') /* `accord --json` analyses the built-in scenario */
        return cmd_analyze(argc, argv);
    const cli_command *c = cli_find_command(cmd);
    if (!c) {
        fprintf(stderr, "accord: unknown command \"%s\" (see accord --help)\n", cmd);
        return EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
