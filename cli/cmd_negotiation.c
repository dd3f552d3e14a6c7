/* cmd_negotiation.c - `accord negotiate` (one simulated negotiation) and
 * `accord tournament` (every assignment of agents to roles, over scenarios). */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Diagnostics with a place as "file:line:col: message", the others (agent
 * names, counts) as "accord CMD: message". */
static size_t print_diagnostics(const cli_command *cmd, const accord_diagnostics *diag)
{
    for (size_t k = 0; k < diag->count; k++) {
        const accord_diagnostic *d = &diag->items[k];
        if (d->file) {
            char *line = accord_diagnostic_format(d);
            fprintf(stderr, "%s\n", line ? line : d->message);
            accord_free(line);
        } else {
            fprintf(stderr, "accord %s: %s%s\n", cmd->name,
                    d->severity == ACCORD_WARNING ? "warning: " : "", d->message);
        }
    }
    return diag->errors;
}

static int fail(const cli_command *cmd, accord_status rc, accord_diagnostics *diag)
{
    size_t errors = print_diagnostics(cmd, diag);
    accord_diagnostics_clear(diag);
    if (!errors)
        fprintf(stderr, "accord %s: %s\n", cmd->name, accord_strerror(rc));
    return cli_exit_for(rc);
}

/* Options shared by both commands. */
typedef struct sim_args {
    const char *agents, *rounds, *seed, *max_sorted;
    uint64_t n_rounds, n_seed, n_max_sorted;
} sim_args;

static bool sim_args_check(const cli_command *cmd, sim_args *a)
{
    a->n_rounds = 0;
    a->n_seed = 0;
    a->n_max_sorted = 0;
    if (a->rounds && !cli_parse_count(cmd, "--rounds", a->rounds, 2, ACCORD_MAX_ROUNDS, &a->n_rounds))
        return false;
    if (a->seed && !cli_parse_count(cmd, "--seed", a->seed, 0, INT64_MAX, &a->n_seed))
        return false;
    if (a->max_sorted && !cli_parse_count(cmd, "--max-sorted", a->max_sorted, 1, UINT64_MAX, &a->n_max_sorted))
        return false;
    if (!a->agents) {
        cli_usage_error(cmd, "--agents is required (known agents: %s)", accord_agent_names());
        return false;
    }
    return true;
}

int cmd_negotiate(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("negotiate");
    sim_args a = {0};
    const char *verbose = NULL;
    cli_opt opts[] = {{"--agents", NULL, true, &a.agents},
                      {"--rounds", NULL, true, &a.rounds},
                      {"--seed", NULL, true, &a.seed},
                      {"--max-sorted", NULL, true, &a.max_sorted},
                      {"--verbose", "-v", false, &verbose},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, true, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    if (!sim_args_check(cmd, &a))
        return EXIT_USAGE;
    accord_diagnostics diag = {0};
    accord_agent *agents = NULL;
    size_t n_agents = 0;
    accord_status rc = accord_agents_parse(a.agents, &agents, &n_agents, &diag);
    if (rc)
        return fail(cmd, rc, &diag); /* a bad list 2, out of memory 1 */
    int code;
    accord_model *m = cli_load(model, &c, &code);
    if (!m) {
        accord_free(agents);
        return code;
    }
    accord_negotiation_options no = {.rounds = (uint32_t)a.n_rounds, .seed = a.n_seed,
                                     .max_sorted = a.n_max_sorted};
    accord_negotiation *neg = NULL;
    rc = accord_negotiate(m, agents, n_agents, &no, &neg, &diag);
    accord_free(agents);
    char *text = NULL;
    if (!rc) {
        print_diagnostics(cmd, &diag); /* warnings */
        accord_diagnostics_clear(&diag);
        accord_render_options ro = cli_render_options(&c, verbose != NULL);
        rc = accord_negotiation_render(m, neg, &ro, &text);
    }
    accord_negotiation_free(neg);
    accord_model_free(m);
    if (rc)
        return fail(cmd, rc, &diag);
    return cli_write(&c, text);
}

/* Read a whole file (tournament parts); on failure *code is the exit code
 * (1 out of memory, 2 a file that cannot be read). */
static char *read_file(const char *path, size_t *size, int *code)
{
    *code = EXIT_USAGE;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOMEM)
            *code = EXIT_RUN;
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (len < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    bool err = ferror(fp);
    fclose(fp);
    if (!buf || err) {
        fprintf(stderr, "%s: cannot read%s\n", path, buf ? "" : ": out of memory");
        if (!buf)
            *code = EXIT_RUN;
        free(buf);
        return NULL;
    }
    *size = len;
    return buf;
}

static int tournament_merge(const cli_command *cmd, const cli_common *c, const char **files, int n,
                            bool csv)
{
    accord_diagnostics diag = {0};
    accord_tournament **parts = calloc((size_t)n, sizeof *parts);
    accord_tournament *whole = NULL;
    accord_status rc = parts ? ACCORD_OK : ACCORD_E_NOMEM;
    int code = EXIT_OK;
    for (int k = 0; !rc && k < n; k++) {
        size_t size = 0;
        char *text = read_file(files[k], &size, &code);
        if (!text)
            goto out;
        rc = accord_tournament_parse(files[k], text, size, &parts[k], &diag);
        free(text);
    }
    if (!rc)
        rc = accord_tournament_merge((const accord_tournament *const *)parts, (size_t)n, &whole, &diag);
    if (!rc) {
        char *text = NULL;
        accord_render_options ro = cli_render_options(c, false);
        rc = csv ? accord_tournament_csv(whole, &text) : accord_tournament_render(whole, &ro, &text);
        if (!rc)
            code = cli_write(c, text);
    }
    if (rc)
        code = fail(cmd, rc, &diag);
out:
    for (int k = 0; parts && k < n; k++)
        accord_tournament_free(parts[k]);
    free(parts);
    accord_tournament_free(whole);
    accord_diagnostics_clear(&diag);
    return code;
}

#define MAX_MODELS 256

int cmd_tournament(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("tournament");
    sim_args a = {0};
    const char *repeat = NULL, *part = NULL, *csv = NULL, *merge = NULL;
    cli_opt opts[] = {{"--agents", NULL, true, &a.agents},
                      {"--rounds", NULL, true, &a.rounds},
                      {"--seed", NULL, true, &a.seed},
                      {"--max-sorted", NULL, true, &a.max_sorted},
                      {"--repeat", NULL, true, &repeat},
                      {"--part", NULL, true, &part},
                      {"--csv", NULL, false, &csv},
                      {"--merge", NULL, false, &merge},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *pos[MAX_MODELS];
    int n = cli_parse(cmd, argc, argv, opts, &c, pos, MAX_MODELS);
    if (n < 0)
        return n == -1 ? EXIT_OK : EXIT_USAGE;
    if (csv && c.json)
        return cli_usage_error(cmd, "--csv and --json exclude each other");
    if (merge) {
        if (a.agents || a.rounds || a.seed || a.max_sorted || repeat || part)
            return cli_usage_error(cmd, "--merge takes only the part files (the tournament's "
                                        "settings are in them)");
        if (n < 1)
            return cli_usage_error(cmd, "--merge needs the JSON files of the parts");
        return tournament_merge(cmd, &c, pos, n, csv != NULL);
    }
    if (n < 1)
        return cli_usage_error(cmd, "expected one or more MODEL files or GENIUS folders");
    if (!sim_args_check(cmd, &a))
        return EXIT_USAGE;
    accord_tournament_options to = {.rounds = (uint32_t)a.n_rounds, .seed = a.n_seed,
                                    .max_sorted = a.n_max_sorted};
    uint64_t v;
    if (repeat) {
        if (!cli_parse_count(cmd, "--repeat", repeat, 1, UINT32_MAX, &v))
            return EXIT_USAGE;
        to.repeat = (uint32_t)v;
    }
    if (part) {
        unsigned k = 0, parts = 0;
        char tail;
        if (sscanf(part, "%u/%u%c", &k, &parts, &tail) != 2 || parts == 0 || k == 0 || k > parts)
            return cli_usage_error(cmd, "--part needs K/N with 1 <= K <= N, as in 2/4, not \"%s\"", part);
        to.part = k;
        to.parts = parts;
    }
    accord_diagnostics diag = {0};
    accord_agent *agents = NULL;
    size_t n_agents = 0;
    accord_status rc = accord_agents_parse(a.agents, &agents, &n_agents, &diag);
    if (rc)
        return fail(cmd, rc, &diag); /* a bad list 2, out of memory 1 */
    accord_model *models[MAX_MODELS] = {0};
    int code = EXIT_OK;
    for (int k = 0; k < n; k++) {
        models[k] = cli_load(pos[k], &c, &code);
        if (!models[k])
            goto out;
    }
    accord_tournament *t = NULL;
    rc = accord_tournament_play((const accord_model *const *)models, (size_t)n, agents, n_agents, &to,
                                &t, &diag);
    if (!rc) {
        print_diagnostics(cmd, &diag); /* warnings */
        accord_diagnostics_clear(&diag);
        char *text = NULL;
        accord_render_options ro = cli_render_options(&c, false);
        rc = csv ? accord_tournament_csv(t, &text) : accord_tournament_render(t, &ro, &text);
        if (!rc)
            code = cli_write(&c, text);
    }
    accord_tournament_free(t);
    if (rc)
        code = fail(cmd, rc, &diag);
out:
    for (int k = 0; k < n; k++)
        accord_model_free(models[k]);
    accord_free(agents);
    accord_diagnostics_clear(&diag);
    return code;
}
