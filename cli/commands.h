/*
 * commands.h - every subcommand's entry point.  Each module's commands are
 * listed in one macro so that main.c's table stays in one place.
 */
#ifndef ACCORD_CLI_COMMANDS_H
#define ACCORD_CLI_COMMANDS_H

int cmd_analyze(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* agreement analysis (cmd_agreement.c) */
#define COMMANDS_AGREEMENT

/* conflict analysis (cmd_conflict.c) */
#define COMMANDS_CONFLICT

/* negotiation simulation (cmd_negotiation.c) */
#define COMMANDS_NEGOTIATION

/* uncertainty (cmd_robust.c) */
#define COMMANDS_ROBUST

/* reports (cmd_report.c) */
#define COMMANDS_REPORT

#endif
