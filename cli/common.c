/* common.c - argument parsing, loading, diagnostics and safe output for the CLI. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
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

/* The common options that only some commands take: a command that ignores
 * one refuses it (docs/cli.md, "Common options").  The others (--json, -o,
 * --real-steps, --max-input, --max-depth, --max-nodes) concern reading a
 * model or writing the output, which every command does. */
static const char *const CONFLICT_COMMANDS[] = {"analyze", "check", "stability", "coalitions",
                                                "evolve", "robust", "report", NULL};
static const struct scoped_flag {
    const char *name;
    const char *const *commands; /* the commands that take it */
    const char *why;             /* what those commands do with it */
    const char *field;           /* the option field a library message names */
} scoped_flags[] = {
    {"--max-states", CONFLICT_COMMANDS, "bounds the state space of a conflict analysed",
     "accord_load_options.max_states"},
};

/* The command being run (cli_parse), for messages. */
static const cli_command *running;

static const struct scoped_flag *scoped_flag_named(const char *name)
{
    for (size_t k = 0; k < sizeof scoped_flags / sizeof scoped_flags[0]; k++)
        if (!strcmp(name, scoped_flags[k].name))
            return &scoped_flags[k];
    return NULL;
}

/* Does cmd take the common option `name`? */
static bool takes_flag(const cli_command *cmd, const char *name)
{
    const struct scoped_flag *sf = scoped_flag_named(name);
    if (!sf)
        return true;
    for (const char *const *c = sf->commands; *c; c++)
        if (!strcmp(*c, cmd->name))
            return true;
    return false;
}

/* "accord CMD: --max-states does nothing here; it bounds ... (accord
 * analyze, check, ...)": exit 2. */
static void refuse_flag(const cli_command *cmd, const char *name)
{
    const struct scoped_flag *sf = scoped_flag_named(name);
    fprintf(stderr, "accord %s: %s does nothing here (it %s); the commands that take it: accord",
            cmd->name, name, sf->why);
    for (const char *const *c = sf->commands; *c; c++)
        fprintf(stderr, "%s %s", c == sf->commands ? "" : ",", *c);
    fprintf(stderr, "\nusage: accord %s %s\n(see accord help %s)\n", cmd->name, cmd->usage, cmd->name);
}

static void print_command_help(const cli_command *cmd)
{
    printf("usage: accord %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->help)
        printf("\noptions:\n%s", cmd->help);
    printf("\ncommon options:\n"
           "  --json             print one JSON document on stdout\n"
           "  -o, --output FILE  write the output to FILE (atomically)\n");
    if (takes_flag(cmd, "--max-states"))
        printf("  --max-states N     largest conflict state space to build (default %llu)\n",
               (unsigned long long)ACCORD_DEFAULT_MAX_STATES);
    printf("  --real-steps N     points a GENIUS real issue is enumerated at (default %d)\n"
           "  --max-input MiB    largest input file read (default %zu)\n"
           "  --max-depth N      deepest nesting of a model (default %d)\n"
           "  --max-nodes N      most YAML/JSON nodes, aliases expanded (default: the larger\n"
           "                     of %d and 10 per byte of the file)\n"
           "  -h, --help         this help\n",
           ACCORD_DEFAULT_REAL_STEPS,
           ACCORD_DEFAULT_MAX_INPUT_BYTES >> 20, ACCORD_DEFAULT_MAX_DEPTH, ACCORD_DEFAULT_MIN_NODES);
}

static void store_max_states(cli_common *c, unsigned long long v) { c->max_states = v; }
static void store_real_steps(cli_common *c, unsigned long long v) { c->real_steps = (size_t)v; }
static void store_max_input(cli_common *c, unsigned long long v) { c->max_input_bytes = (size_t)v << 20; }
static void store_max_depth(cli_common *c, unsigned long long v) { c->max_depth = (size_t)v; }
static void store_max_nodes(cli_common *c, unsigned long long v) { c->max_nodes = v; }

/* The common options that take a whole number, with its accepted range. */
static const struct count_flag {
    const char *name;
    unsigned long long min, max;
    void (*store)(cli_common *, unsigned long long);
} count_flags[] = {
    {"--max-states", 1, ULLONG_MAX, store_max_states},
    {"--real-steps", 2, 100000, store_real_steps},
    {"--max-input", 1, (SIZE_MAX >> 20), store_max_input},
    {"--max-depth", 1, 100000, store_max_depth},
    {"--max-nodes", 1, ULLONG_MAX, store_max_nodes},
};

static const struct count_flag *count_flag_named(const char *name)
{
    for (size_t k = 0; k < sizeof count_flags / sizeof count_flags[0]; k++)
        if (!strcmp(name, count_flags[k].name))
            return &count_flags[k];
    return NULL;
}

static bool output_refused(const char *path);

int cli_parse(const cli_command *cmd, int argc, char **argv, const cli_opt *opts, cli_common *common,
              const char **pos, int max_pos)
{
    int npos = 0;
    running = cmd;
    cli_stdio_init();
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
        const struct count_flag *cf = count_flag_named(a);
        if (cf && !takes_flag(cmd, a)) {
            refuse_flag(cmd, a);
            return -2;
        }
        if (cf) {
            TAKE_VALUE();
            char *end;
            errno = 0;
            unsigned long long v = strtoull(value, &end, 10);
            if (end == value || *end || errno || v < cf->min || v > cf->max) {
                cli_usage_error(cmd, "%s needs a whole number from %llu to %llu, not \"%s\"", a,
                                cf->min, cf->max, value);
                return -2;
            }
            cf->store(common, v);
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
    if (common->output && output_refused(common->output))
        return -2;
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

/* The columns text wraps at: the terminal's width when stdout is one, else
 * $COLUMNS when set, else the library's default (100). */
static size_t text_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    char *end;
    long n = cols ? strtol(cols, &end, 10) : 0;
    return cols && *cols && !*end && n > 0 && n < 10000 ? (size_t)n : 0;
}

accord_render_options cli_render_options(const cli_common *c, bool verbose)
{
    accord_render_options ro = {.format = c->json ? ACCORD_FORMAT_JSON : ACCORD_FORMAT_TEXT,
                                .color = c->color && !c->json,
                                .verbose = verbose,
                                .width = text_width()};
    return ro;
}

/* The library names the option fields that change a limit; a person at
 * the command line needs the flag. */
static const struct {
    const char *field, *flag;
} option_flags[] = {
    {"accord_frontier_options.max_points", "--max-points N"},
    {"accord_load_options.max_states", "--max-states N"},
    {"accord_load_options.max_input_bytes", "--max-input MiB"},
    {"accord_load_options.max_depth", "--max-depth N"},
    {"accord_load_options.max_nodes", "--max-nodes N"},
    {"accord_stability_options.max_memory", "--max-memory MiB"},
    {"accord_stability_options.max_work", "--max-work N"},
    {"accord_robust_options.max_memory", "--max-memory MiB"},
    {"accord_robust_options.samples", "--samples N"},
    {"accord_evolve_options.from", "--from STATE"},
    {"accord_negotiation_options.max_sorted", "--max-sorted N"},
};

/* After a message naming the field of a flag the running command does not
 * take (the loader's limit on a conflict's states, met by a command that
 * analyses no conflict): a line naming the commands that take it. */
static void name_takers(FILE *fp, const char *text)
{
    for (size_t k = 0; running && k < sizeof scoped_flags / sizeof scoped_flags[0]; k++) {
        const struct scoped_flag *sf = &scoped_flags[k];
        if (!strstr(text, sf->field) || takes_flag(running, sf->name))
            continue;
        fprintf(fp, "\n  (accord %s does not take %s: it analyses no conflict; the commands that take "
                    "it: accord",
                running->name, sf->name);
        for (const char *const *c = sf->commands; *c; c++)
            fprintf(fp, "%s %s", c == sf->commands ? "" : ",", *c);
        fputs(")", fp);
    }
}

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
        name_takers(stderr, line ? line : diag->items[i].message);
        fputc('\n', stderr);
        accord_free(line);
    }
    return diag->errors;
}

int cli_exit_for(accord_status rc)
{
    switch (rc) {
    case ACCORD_OK: return EXIT_OK;
    /* bad input: the person fixes the model, the file name or the arguments */
    case ACCORD_E_PARSE:
    case ACCORD_E_INVALID:
    case ACCORD_E_ARG:
    case ACCORD_E_NOTFOUND:
    case ACCORD_E_NODATA:
    case ACCORD_E_IO: return EXIT_USAGE; /* a missing or unreadable input file */
    /* the analysis could not run: memory, a resource limit, a model the
     * analysis does not apply to (and any status added later) */
    case ACCORD_E_NOMEM:
    case ACCORD_E_LIMIT:
    case ACCORD_E_UNSUPPORTED:
    default: return EXIT_RUN;
    }
}

accord_model *cli_load(const char *path, const cli_common *common, int *exit_code)
{
    accord_diagnostics diag = {0};
    accord_load_options opts = {.max_states = common->max_states,
                                .real_steps = common->real_steps,
                                .max_input_bytes = common->max_input_bytes,
                                .max_depth = common->max_depth,
                                .max_nodes = common->max_nodes};
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
        *exit_code = cli_exit_for(rc); /* memory and limits 1, bad input 2 */
        return NULL;
    }
    return m;
}

/* ---- Output ----
 *
 * -o FILE never replaces what is not a plain file, and never leaves half a
 * file: a regular file (or a new one) is written to a temporary file beside
 * it and renamed into place; a symbolic link is followed and its target
 * replaced the same way, so the link stays; a FIFO, a device or a socket is
 * opened and written as it is; /dev/fd/N and /proc/self/fd/N (the targets
 * of /dev/stdout and /dev/stderr) write to descriptor N, as a shell does; a
 * folder is refused.  Every failed write, flush, sync, close or rename is
 * reported, standard output's too. */

#ifndef NAME_MAX
#define NAME_MAX 255
#endif
enum { MAX_LINKS = 40 }; /* Linux's own limit on a chain of symbolic links */

/* What a path given to -o turned out to be, at the end of its links. */
typedef enum { TARGET_NEW, TARGET_REGULAR, TARGET_SPECIAL, TARGET_DESCRIPTOR } target_kind;

typedef struct out_target {
    target_kind kind;
    char *path;     /* the file at the end of the links (owned) */
    struct stat st; /* TARGET_REGULAR: the file to replace */
    int fd;         /* TARGET_DESCRIPTOR */
} out_target;

static bool stdout_reported; /* a write error on stdout has been printed */

static void report_write_error(const char *name, int err)
{
    fprintf(stderr, "accord: cannot write %s: %s\n", name, strerror(err));
}

/* -o FOLDER is refused before any work, with the message writing it would
 * give. */
static bool output_refused(const char *path)
{
    struct stat st;
    if (!strcmp(path, "-") || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    report_write_error(path, EISDIR);
    return true;
}

/* N of "/dev/fd/N" or "/proc/self/fd/N", else -1. */
static int descriptor_of(const char *path)
{
    const char *digits = NULL;
    if (!strncmp(path, "/dev/fd/", 8))
        digits = path + 8;
    else if (!strncmp(path, "/proc/self/fd/", 14))
        digits = path + 14;
    if (!digits || *digits < '0' || *digits > '9')
        return -1;
    char *end;
    errno = 0;
    long fd = strtol(digits, &end, 10);
    return *end || errno || fd > INT_MAX ? -1 : (int)fd;
}

/* The path the symbolic link `link` points to, relative targets taken from
 * the link's folder (malloc'd), or NULL with errno set. */
static char *link_target(const char *link, off_t size_hint)
{
    size_t cap = size_hint > 0 && size_hint < 65536 ? (size_t)size_hint + 1 : 256;
    char *target = NULL;
    for (;;) {
        char *bigger = realloc(target, cap);
        if (!bigger)
            break;
        target = bigger;
        ssize_t n = readlink(link, target, cap);
        if (n < 0)
            break;
        if ((size_t)n < cap) {
            target[n] = '\0';
            const char *slash = strrchr(link, '/');
            if (target[0] == '/' || !slash)
                return target;
            size_t dir = (size_t)(slash - link) + 1, len = (size_t)n + 1;
            char *joined = malloc(dir + len);
            if (joined) {
                memcpy(joined, link, dir);
                memcpy(joined + dir, target, len);
            }
            free(target);
            return joined;
        }
        if (cap > ((size_t)1 << 20)) {
            errno = ENAMETOOLONG;
            break;
        }
        cap *= 2;
    }
    free(target);
    return NULL;
}

/* What p itself is: 0 with t->kind set, -1 for a symbolic link to
 * follow (t->st holds its lstat), or the errno that stops -o (EISDIR for a
 * folder). */
static int classify(const char *p, out_target *t)
{
    if ((t->fd = descriptor_of(p)) >= 0) {
        t->kind = TARGET_DESCRIPTOR;
        return 0;
    }
    if (lstat(p, &t->st) != 0) {
        t->kind = TARGET_NEW; /* or a missing folder, which mkstemp reports */
        return errno == ENOENT ? 0 : errno;
    }
    if (S_ISLNK(t->st.st_mode))
        return -1;
    if (S_ISDIR(t->st.st_mode))
        return EISDIR;
    t->kind = S_ISREG(t->st.st_mode) ? TARGET_REGULAR : TARGET_SPECIAL;
    return 0;
}

/* Follows path's symbolic links to what -o writes: t->path and t->kind.
 * Returns 0, or the errno that stops it (EISDIR for a folder, ELOOP for a
 * cycle). */
static int resolve_output(const char *path, out_target *t)
{
    char *p = strdup(path);
    for (int hops = 0; p && hops <= MAX_LINKS; hops++) {
        int err = classify(p, t);
        if (err == 0) {
            t->path = p;
            return 0;
        }
        char *next = err < 0 ? link_target(p, t->st.st_size) : NULL;
        if (!next && err < 0)
            err = errno;
        free(p);
        if (!next)
            return err;
        p = next;
    }
    if (!p)
        return ENOMEM;
    free(p);
    return ELOOP;
}

/* A temporary file beside t->path, with the permissions (and, when allowed,
 * the owner) of the file it replaces, or a new file's.  Returns its
 * descriptor and sets out->temp_path, or -1 with errno set. */
static int open_temp(cli_output *out, const out_target *t)
{
    const char *slash = strrchr(t->path, '/');
    const char *base = slash ? slash + 1 : t->path;
    size_t dir = (size_t)(base - t->path), n = strlen(t->path) + 32;
    if (!(out->temp_path = malloc(n)))
        return -1;
    if (strlen(base) + 16 <= NAME_MAX)
        snprintf(out->temp_path, n, "%s.tmp-XXXXXX", t->path);
    else /* FILE.tmp-XXXXXX would be too long a name */
        snprintf(out->temp_path, n, "%.*s.accord-XXXXXX", (int)dir, t->path);
    int fd = mkstemp(out->temp_path);
    if (fd < 0) {
        int err = errno;
        free(out->temp_path);
        out->temp_path = NULL;
        errno = err;
        return -1;
    }
    if (t->kind == TARGET_REGULAR) {
        if ((t->st.st_uid != geteuid() || t->st.st_gid != getegid()) &&
            fchown(fd, t->st.st_uid, t->st.st_gid) != 0) {
            /* only root may give a file away: the new file stays ours */
        }
        fchmod(fd, t->st.st_mode & 07777);
    } else { /* mkstemp creates the file 0600; give it the mode a plain open would */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    return fd;
}

/* A descriptor to write the output to, or -1 with errno set. */
static int open_target(cli_output *out, const out_target *t)
{
    switch (t->kind) {
    case TARGET_DESCRIPTOR: return fcntl(t->fd, F_DUPFD_CLOEXEC, 3);
    case TARGET_SPECIAL: return open(t->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    default: break;
    }
    int fd = open_temp(out, t);
    if (fd >= 0 && !(out->final_path = strdup(t->path))) {
        close(fd);
        unlink(out->temp_path);
        errno = ENOMEM;
        return -1;
    }
    return fd;
}

static void output_release(cli_output *out)
{
    free(out->final_path);
    free(out->temp_path);
    memset(out, 0, sizeof *out);
}

int cli_output_open(cli_output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (!path || !strcmp(path, "-")) {
        out->fp = stdout;
        out->name = "standard output";
        return EXIT_OK;
    }
    out->name = path;
    out_target t = {0};
    int err = resolve_output(path, &t);
    int fd = err ? -1 : open_target(out, &t);
    if (fd >= 0 && !(out->fp = fdopen(fd, "w"))) {
        err = errno;
        close(fd);
        if (out->temp_path)
            unlink(out->temp_path); /* nothing is left behind */
    } else if (fd < 0 && !err) {
        err = errno;
    }
    free(t.path);
    if (!err)
        return EXIT_OK;
    report_write_error(path, err);
    output_release(out);
    return err == EISDIR ? EXIT_USAGE : EXIT_RUN;
}

bool cli_output_write(cli_output *out, const char *text, size_t len)
{
    errno = 0;
    if (!out->error && len && fwrite(text, 1, len, out->fp) != len)
        out->error = errno ? errno : EIO;
    return out->error == 0;
}

/* Ends writing to a file: flush, sync a temporary file to disk before it
 * replaces anything, close, rename.  Returns the first error's errno. */
static int finish_file(cli_output *out, bool ok, int err)
{
    if (ok && !err && out->temp_path) {
        if (fflush(out->fp) != 0)
            err = errno;
        else if (fsync(fileno(out->fp)) != 0 && errno != EINVAL)
            err = errno;
    }
    if (fclose(out->fp) != 0 && !err)
        err = errno;
    if (out->temp_path) {
        if (ok && !err && rename(out->temp_path, out->final_path) != 0)
            err = errno;
        if (!ok || err)
            unlink(out->temp_path);
    }
    return err;
}

/* The errno of a failed write to stdout: a flush's, else (an earlier write
 * failed, its errno long gone) what writing nothing says. */
static int stdout_error(void)
{
    errno = 0;
    if (fflush(stdout) != 0)
        return errno ? errno : EIO;
    if (!ferror(stdout))
        return 0;
    return write(STDOUT_FILENO, "", 0) < 0 ? errno : EIO;
}

bool cli_output_close(cli_output *out, bool ok)
{
    if (!out->fp)
        return false;
    int err = out->error;
    if (out->fp == stdout) {
        if (!err)
            err = stdout_error();
        stdout_reported = err != 0;
    } else {
        err = finish_file(out, ok, err);
    }
    if (err)
        report_write_error(out->name, err);
    output_release(out);
    return ok && !err;
}

int cli_output_sink(void *ctx, const char *text, size_t len)
{
    return cli_output_write(ctx, text, len) ? 0 : 1;
}

int cli_write(const cli_common *c, char *text)
{
    cli_output out;
    int code = cli_output_open(&out, c->output);
    if (code == EXIT_OK) {
        cli_output_write(&out, text ? text : "", text ? strlen(text) : 0);
        code = cli_output_close(&out, true) ? EXIT_OK : EXIT_RUN;
    }
    accord_free(text);
    return code;
}

/* At exit: whatever went to stdout (help, the version, a command's output)
 * must have been written; if not, say so and exit 1. */
static void close_stdout(void)
{
    int err = stdout_error();
    if (fclose(stdout) != 0 && !err)
        err = errno;
    if (!err)
        return;
    if (!stdout_reported)
        report_write_error("standard output", err);
    fflush(stderr);
    _exit(EXIT_RUN);
}

void cli_stdio_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    /* A closed standard descriptor would be taken by the next file opened
     * (the model, the output), and what goes to stdout would land in it.
     * /dev/null opened the wrong way round keeps the place and makes every
     * use fail, so `accord ... >&-` reports that it cannot write. */
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got >= 0 && got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
    atexit(close_stdout);
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

int cli_parse_drop(const cli_command *cmd, const accord_model *m, const char *text, bool **out)
{
    const accord_agreement *ag = m->agreement;
    size_t total = 0;
    for (size_t p = 0; p < m->n_parties; p++)
        total += ag->preferences[p].n_red_lines;
    bool *flags = calloc(total + 1, sizeof *flags);
    if (!flags) {
        fprintf(stderr, "accord %s: out of memory\n", cmd->name);
        return EXIT_RUN;
    }
    for (const char *p = text; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        char party[128];
        long k = 0;
        if (colon && (size_t)(colon - p) < sizeof party) {
            memcpy(party, p, (size_t)(colon - p));
            party[colon - p] = '\0';
            char *stop;
            k = strtol(colon + 1, &stop, 10);
            if (stop != p + len)
                k = 0;
        }
        long q = colon ? accord_model_party_index(m, party) : -1;
        if (q < 0 || k < 1 || (size_t)k > ag->preferences[q].n_red_lines) {
            fprintf(stderr, "accord %s: --drop \"%.*s\": expected PARTY:N, N from 1 to the number of the "
                            "party's red lines",
                    cmd->name, (int)len, p);
            if (q >= 0)
                fprintf(stderr, " (%s has %zu)", m->parties[q].id, ag->preferences[q].n_red_lines);
            fputs("\n", stderr);
            free(flags);
            return EXIT_USAGE;
        }
        size_t g = (size_t)k - 1;
        for (long x = 0; x < q; x++)
            g += ag->preferences[x].n_red_lines;
        flags[g] = true;
        p += len + (end ? 1 : 0);
    }
    *out = flags;
    return EXIT_OK;
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
