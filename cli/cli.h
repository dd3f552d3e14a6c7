/*
 * cli.h - shared pieces of the accord command-line tool.  The tool uses the
 * library's public header only.
 */
#ifndef ACCORD_CLI_H
#define ACCORD_CLI_H

#include "accord.h"

#include <stdbool.h>
#include <stdio.h>

/* The text of a number macro, for help texts: CLI_STR(ACCORD_DEFAULT_SAMPLES)
 * is "1000". */
#define CLI_STR(x) CLI_STR_(x)
#define CLI_STR_(x) #x

/* Exit codes (docs/contract.md §3). */
enum { EXIT_OK = 0, EXIT_RUN = 1, EXIT_USAGE = 2 };

/* Options every command understands. */
typedef struct cli_common {
    bool json;          /* --json */
    bool color;         /* stdout is a terminal and NO_COLOR is unset */
    uint64_t max_states;
    size_t real_steps;  /* --real-steps: points of a GENIUS real issue */
    size_t max_input_bytes; /* --max-input, in bytes (0: the library's default) */
    size_t max_depth;       /* --max-depth */
    uint64_t max_nodes;     /* --max-nodes */
    const char *output; /* -o FILE, or NULL for stdout */
} cli_common;

/* One subcommand. */
typedef struct cli_command {
    const char *name;
    const char *usage;   /* "MODEL [--proposal ID]" */
    const char *summary; /* one line */
    const char *help;    /* the options, one per line, or NULL */
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_commands[];
const cli_command *cli_find_command(const char *name);

/* Argument parsing: a small getopt_long-style scanner.  Each command
 * declares its options; positional arguments are collected in order. */
typedef struct cli_opt {
    const char *name;  /* "--proposal" */
    const char *alias; /* "-o" or NULL */
    bool takes_value;
    const char **value; /* where a value goes (or "1" for flags) */
} cli_opt;

/* Parses argv[1..] (argv[0] is the command name).  Common flags (--json,
 * --max-states, --real-steps, -o/--output, --help) are handled here; -o
 * naming a folder is a usage error.  Calls cli_stdio_init.  Returns -1 after
 * printing help (exit 0), -2 after a usage error (exit 2), else the number of
 * positionals written into pos (at most max_pos). */
int cli_parse(const cli_command *cmd, int argc, char **argv, const cli_opt *opts, cli_common *common,
              const char **pos, int max_pos);

/* cli_parse for a command on one MODEL (required, or optional: NULL when
 * absent, the built-in scenario).  Returns 0 to go on, -1 after --help (exit
 * 0), or the exit code of a usage error it printed. */
int cli_parse_model(const cli_command *cmd, int argc, char **argv, const cli_opt *opts,
                    cli_common *common, bool required, const char **model);

/* The render options the common options ask for: JSON or text, colour on a
 * terminal for text, `verbose` as given. */
accord_render_options cli_render_options(const cli_common *c, bool verbose);

/* Prints every diagnostic to stderr.  Returns the number of errors. */
size_t cli_print_diagnostics(const accord_diagnostics *diag);

/* Loads MODEL (or the built-in scenario when path is NULL), printing
 * diagnostics.  Returns NULL and sets *exit_code (cli_exit_for) on failure. */
accord_model *cli_load(const char *path, const cli_common *common, int *exit_code);

/* Maps a library status to an exit code: bad input (parse, invalid, argument,
 * not found, no data, an unreadable input file) 2; memory, resource limits,
 * unsupported and anything else 1. */
int cli_exit_for(accord_status rc);

/* Prints a usage error for cmd ("accord CMD: ...") and returns EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output.  A command writes into out->fp from cli_output_open: stdout, or
 * for -o FILE
 *   - a regular file or a new one: a temporary file beside it, renamed into
 *     place by cli_output_close(ok=true) and removed otherwise, so FILE is
 *     never half-written; the replaced file's permissions (and, when
 *     allowed, its owner) are kept;
 *   - a symbolic link: its target, the same way; the link stays;
 *   - /dev/fd/N, /proc/self/fd/N (/dev/stdout, /dev/stderr): descriptor N;
 *   - a FIFO, a device, a socket: FILE itself, opened for writing, never
 *     replaced;
 *   - a folder: refused (exit 2).
 * Every failure is reported on stderr as "accord: cannot write NAME: why"
 * (NAME is FILE or "standard output"). */
typedef struct cli_output {
    FILE *fp;
    const char *name;  /* for messages: FILE as given, or "standard output" */
    char *final_path;  /* where the temporary file goes, or NULL when written directly */
    char *temp_path;   /* the temporary file, or NULL */
    int error;         /* errno of the first failed cli_output_write, or 0 */
} cli_output;
/* Returns EXIT_OK, or the exit code after printing why FILE cannot be
 * written (EXIT_USAGE for a folder, EXIT_RUN otherwise). */
int cli_output_open(cli_output *out, const char *path);
/* Writes len bytes; false once a write has failed (reported at close). */
bool cli_output_write(cli_output *out, const char *text, size_t len);
/* Ends the output: with ok, makes it final; without, throws it away (the
 * temporary file is removed).  Returns false (and prints why) when ok was
 * false or writing, flushing, syncing, closing or renaming failed. */
bool cli_output_close(cli_output *out, bool ok);
/* cli_output_write as an accord_write_fn (ctx: the cli_output). */
int cli_output_sink(void *ctx, const char *text, size_t len);

/* Writes `text` (owned: freed here) to the command's output (-o FILE as
 * cli_output_open says, else stdout).  Returns EXIT_OK, EXIT_RUN (a write
 * failed) or EXIT_USAGE (FILE is a folder). */
int cli_write(const cli_common *c, char *text);

/* Guards the standard streams, once (cli_parse calls it; main may call it
 * first): a closed descriptor 0, 1 or 2 is held by /dev/null opened the
 * wrong way round, so that no file opened later takes its place and writing
 * to it fails; and at exit stdout is flushed and closed, a failure reported
 * as "accord: cannot write standard output: why" with exit code 1. */
void cli_stdio_init(void);

/* The end of a command: when rc is an error, "accord CMD: <why>" on stderr
 * and its exit code (text is freed); else cli_write(c, text). */
int cli_finish(const cli_command *cmd, const cli_common *c, accord_status rc, char *text);

/* An analysis of `who` (a path) failed: its diagnostics, or "who: <why>"
 * when it gave none, on stderr; diag is cleared.  Returns the exit code. */
int cli_fail(const char *who, accord_status rc, accord_diagnostics *diag);

/* Parses a whole number in [min, max] given to option `opt`; on a bad value
 * prints a usage error and returns false. */
bool cli_parse_count(const cli_command *cmd, const char *opt, const char *text, uint64_t min,
                     uint64_t max, uint64_t *out);

/* --drop PARTY:N[,PARTY:N...] (N counts the party's red lines from 1, in
 * file order) into one flag per red line of m (which has an agreement
 * section) in accord_repair_options.ignored_red_lines's numbering, which
 * evaluate, frontier and robust share: *out is malloc'd (free it).  Prints
 * what is wrong and returns the exit code, or EXIT_OK. */
int cli_parse_drop(const cli_command *cmd, const accord_model *m, const char *text, bool **out);

/* A progress line on stderr ("frontier: issue 12 of 30, 48211 points"),
 * redrawn in place; cli_progress_done ends it.  For terminals only. */
void cli_progress(void *ctx, const char *what, size_t done, size_t total, size_t points);
/* The same for accord repair ("repair: trying 12 changes of 30 issues, ..."). */
void cli_progress_repair(void *ctx, const char *what, size_t done, size_t total, size_t points);
void cli_progress_done(void);

#endif
