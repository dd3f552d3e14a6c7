/* common.c - argument parsing, loading, diagnostics and safe output for the CLI. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const cli_command *cli_find_command(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "accord %s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nusage: accord %s %s\n(see accord help %s)\n", cmd->name, cmd->usage, cmd->name);
    va_end(ap);
    return EXIT_USAGE;
}

static void print_command_help(const cli_command *cmd)
{
    printf("usage: accord %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->help)
        printf("\noptions:\n%s", cmd->help);
    printf("\ncommon options:\n"
           "  --json             print one JSON document on stdout\n"
           "  -o, --output FILE  write the output to FILE (atomically)\n"
           "  --max-states N     largest conflict state space to build (default %llu)\n"
           "  --real-steps N     points a GENIUS real issue is enumerated at (default %d)\n"
           "  -h, --help         this help\n",
           (unsigned long long)ACCORD_DEFAULT_MAX_STATES, ACCORD_DEFAULT_REAL_STEPS);
}

int cli_parse(const cli_command *cmd, int argc, char **argv, const cli_opt *opts, cli_common *common,
              const char **pos, int max_pos)
{
    int npos = 0;
    const char *nc = getenv("NO_COLOR");
    common->color = isatty(STDOUT_FILENO) && !(nc && *nc);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = NULL;
        char name[64];
        if (a[0] == '-' && a[1] == '-' && (eq = strchr(a, '=')) != NULL &&
            (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            a = name;
        } else {
            eq = NULL;
        }
        const char *value = NULL;
#define TAKE_VALUE()                                                                               \
    do {                                                                                           \
        if (eq)                                                                                    \
            value = eq + 1;                                                                        \
        else if (i + 1 < argc)                                                                     \
            value = argv[++i];                                                                     \
        else {                                                                                     \
            cli_usage_error(cmd, "%s needs a value", a);                                           \
            return -2;                                                                             \
        }                                                                                          \
    } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            print_command_help(cmd);
            return -1;
        }
        if (!strcmp(a, "--json")) {
            common->json = true;
            continue;
        }
        if (!strcmp(a, "--output") || !strcmp(a, "-o")) {
            TAKE_VALUE();
            common->output = value;
            continue;
        }
        if (!strcmp(a, "--max-states")) {
            TAKE_VALUE();
            char *end;
            errno = 0;
            unsigned long long v = strtoull(value, &end, 10);
            if (end == value || *end || errno || v == 0) {
                cli_usage_error(cmd, "--max-states needs a positive whole number, not \"%s\"", value);
                return -2;
            }
            common->max_states = v;
            continue;
        }
        if (!strcmp(a, "--real-steps")) {
            TAKE_VALUE();
            char *end;
            errno = 0;
            unsigned long v = strtoul(value, &end, 10);
            if (end == value || *end || errno || v < 2 || v > 100000) {
                cli_usage_error(cmd, "--real-steps needs a whole number from 2 to 100000, not \"%s\"", value);
                return -2;
            }
            common->real_steps = v;
            continue;
        }
        const cli_opt *hit = NULL;
        for (const cli_opt *o = opts; o && o->name; o++)
            if (!strcmp(a, o->name) || (o->alias && !strcmp(a, o->alias)))
                hit = o;
        if (hit) {
            if (hit->takes_value) {
                TAKE_VALUE();
                *hit->value = value;
            } else {
                *hit->value = "1";
            }
            continue;
        }
        if (a[0] == '-' && a[1] && strcmp(a, "-") != 0) {
            cli_usage_error(cmd, "unknown option %s", a);
            return -2;
        }
        if (npos >= max_pos) {
            cli_usage_error(cmd, "unexpected argument \"%s\"", a);
            return -2;
        }
        pos[npos++] = a;
#undef TAKE_VALUE
    }
    return npos;
}

int cli_parse_model(const cli_command *cmd, int argc, char **argv, const cli_opt *opts,
                    cli_common *common, bool required, const char **model)
{
    const char *pos[1] = {NULL};
    int n = cli_parse(cmd, argc, argv, opts, common, pos, 1);
    if (n < 0)
        return n == -1 ? -1 : EXIT_USAGE;
    if (required && n != 1)
        return cli_usage_error(cmd, "expected a MODEL file or GENIUS folder");
    *model = n ? pos[0] : NULL;
    return 0;
}

accord_render_options cli_render_options(const cli_common *c, bool verbose)
{
    accord_render_options ro = {.format = c->json ? ACCORD_FORMAT_JSON : ACCORD_FORMAT_TEXT,
                                .color = c->color && !c->json,
                                .verbose = verbose};
    return ro;
}

/* The library names the option fields that change a limit; a person at
 * the command line needs the flag. */
static const struct {
    const char *field, *flag;
} option_flags[] = {
    {"accord_frontier_options.max_points", "--max-points N"},
    {"accord_load_options.max_states", "--max-states N"},
    {"accord_stability_options.max_memory", "--max-memory MiB"},
    {"accord_robust_options.samples", "--samples N"},
    {"accord_evolve_options.from", "--from STATE"},
    {"accord_negotiation_options.max_sorted", "--max-sorted N"},
};

/* Print text with every option field replaced by its flag. */
static void print_with_flags(FILE *fp, const char *text)
{
    while (*text) {
        size_t best = SIZE_MAX, at = strlen(text);
        for (size_t k = 0; k < sizeof option_flags / sizeof option_flags[0]; k++) {
            const char *hit = strstr(text, option_flags[k].field);
            if (hit && (size_t)(hit - text) < at) {
                at = (size_t)(hit - text);
                best = k;
            }
        }
        fwrite(text, 1, at, fp);
        text += at;
        if (best == SIZE_MAX)
            break;
        fputs(option_flags[best].flag, fp);
        text += strlen(option_flags[best].field);
    }
}

size_t cli_print_diagnostics(const accord_diagnostics *diag)
{
    for (size_t i = 0; i < diag->count; i++) {
        char *line = accord_diagnostic_format(&diag->items[i]);
        print_with_flags(stderr, line ? line : diag->items[i].message);
        fputc('\n', stderr);
        accord_free(line);
    }
    return diag->errors;
}

int cli_exit_for(accord_status rc)
{
    switch (rc) {
    case ACCORD_OK: return EXIT_OK;
    case ACCORD_E_PARSE:
    case ACCORD_E_INVALID:
    case ACCORD_E_ARG:
    case ACCORD_E_NOTFOUND:
    case ACCORD_E_NODATA: return EXIT_USAGE;
    case ACCORD_E_IO: return EXIT_USAGE; /* a missing or unreadable input file is bad input */
    default: return EXIT_RUN;
    }
}

accord_model *cli_load(const char *path, const cli_common *common, int *exit_code)
{
    accord_diagnostics diag = {0};
    accord_load_options opts = {.max_states = common->max_states, .real_steps = common->real_steps};
    accord_model *m = NULL;
    accord_status rc;
    if (path) {
        rc = accord_model_load(path, &opts, &m, &diag);
    } else {
        size_t size;
        const char *data = accord_builtin_scenario(&size);
        rc = accord_model_load_buffer(accord_builtin_scenario_name(), data, size, &opts, &m, &diag);
    }
    cli_print_diagnostics(&diag);
    if (rc && diag.errors == 0)
        fprintf(stderr, "%s: %s\n", path ? path : accord_builtin_scenario_name(), accord_strerror(rc));
    accord_diagnostics_clear(&diag);
    if (rc) {
        *exit_code = rc == ACCORD_E_LIMIT || rc == ACCORD_E_NOMEM ? EXIT_RUN : EXIT_USAGE;
        return NULL;
    }
    return m;
}

bool cli_output_open(cli_output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (!path || !strcmp(path, "-")) {
        out->fp = stdout;
        return true;
    }
    size_t n = strlen(path) + 32;
    out->temp_path = malloc(n);
    out->final_path = strdup(path);
    if (!out->temp_path || !out->final_path) {
        fprintf(stderr, "accord: out of memory\n");
        return false;
    }
    snprintf(out->temp_path, n, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(out->temp_path);
    /* mkstemp creates the file 0600; give it the mode a plain open would */
    mode_t mask = umask(0);
    umask(mask);
    if (fd >= 0)
        fchmod(fd, 0666 & ~mask);
    if (fd < 0 || !(out->fp = fdopen(fd, "w"))) {
        fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(out->temp_path);
        free(out->final_path);
        out->temp_path = out->final_path = NULL;
        return false;
    }
    return true;
}

bool cli_output_close(cli_output *out, bool ok)
{
    bool result = ok;
    if (!out->fp)
        return false;
    if (out->fp == stdout) {
        if (fflush(stdout) != 0)
            result = false;
        return result;
    }
    if (fclose(out->fp) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", out->final_path, strerror(errno));
        result = false;
    }
    if (result && rename(out->temp_path, out->final_path) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", out->final_path, strerror(errno));
        result = false;
    }
    if (!result)
        unlink(out->temp_path);
    free(out->temp_path);
    free(out->final_path);
    memset(out, 0, sizeof *out);
    return result;
}

int cli_write(const cli_common *c, char *text)
{
    cli_output out;
    if (!cli_output_open(&out, c->output)) {
        accord_free(text);
        return EXIT_RUN;
    }
    bool ok = fputs(text, out.fp) >= 0;
    accord_free(text);
    return cli_output_close(&out, ok) ? EXIT_OK : EXIT_RUN;
}

int cli_finish(const cli_command *cmd, const cli_common *c, accord_status rc, char *text)
{
    if (rc) {
        fprintf(stderr, "accord %s: %s\n", cmd->name, accord_strerror(rc));
        accord_free(text);
        return cli_exit_for(rc);
    }
    return cli_write(c, text);
}

int cli_fail(const char *who, accord_status rc, accord_diagnostics *diag)
{
    if (cli_print_diagnostics(diag) == 0)
        fprintf(stderr, "%s: %s\n", who, accord_strerror(rc));
    accord_diagnostics_clear(diag);
    return cli_exit_for(rc);
}

bool cli_parse_count(const cli_command *cmd, const char *opt, const char *text, uint64_t min,
                     uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end || errno || text[0] == '-' || v < min || v > max) {
        if (max == UINT64_MAX && min == 0)
            cli_usage_error(cmd, "%s needs a whole number, not \"%s\"", opt, text);
        else if (max == UINT64_MAX)
            cli_usage_error(cmd, "%s needs a whole number of at least %llu, not \"%s\"", opt,
                            (unsigned long long)min, text);
        else
            cli_usage_error(cmd, "%s needs a whole number from %llu to %llu, not \"%s\"", opt,
                            (unsigned long long)min, (unsigned long long)max, text);
        return false;
    }
    *out = v;
    return true;
}

static bool progress_shown;

void cli_progress(void *ctx, const char *what, size_t done, size_t total, size_t points)
{
    (void)ctx;
    fprintf(stderr, "\r%s: issue %zu of %zu, %zu points   ", what, done, total, points);
    fflush(stderr);
    progress_shown = true;
}

void cli_progress_repair(void *ctx, const char *what, size_t done, size_t total, size_t points)
{
    (void)ctx;
    fprintf(stderr, "\r%s: trying %zu change%s of %zu issues, %zu search nodes   ", what, done,
            done == 1 ? "" : "s", total, points);
    fflush(stderr);
    progress_shown = true;
}

void cli_progress_done(void)
{
    if (progress_shown)
        fputs("\r\033[K", stderr); /* clear the line */
    progress_shown = false;
}
