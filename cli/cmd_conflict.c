/* cmd_conflict.c - `accord stability`, `accord coalitions` and `accord evolve`. */
#include "cli.h"
#include "commands.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Options shared by the three commands. */
typedef struct conflict_args {
    const char *threads, *max_memory, *max_work, *full, *from;
    const char *dot, *ui_only; /* --dot (stability, evolve), --ui-only (stability) */
    accord_stability_options so;
} conflict_args;

/* Parse argv; *model is the MODEL argument on success and NULL otherwise.
 * Returns -1 after --help, EXIT_USAGE on a usage error, EXIT_OK otherwise. */
static int parse(const cli_command *cmd, int argc, char **argv, bool with_full, bool with_from,
                 conflict_args *a, cli_common *c, const char **model)
{
    *model = NULL;
    cli_opt opts[8];
    int n = 0;
    opts[n++] = (cli_opt){"--threads", NULL, true, &a->threads};
    opts[n++] = (cli_opt){"--max-memory", NULL, true, &a->max_memory};
    if (with_full)
        opts[n++] = (cli_opt){"--full", NULL, false, &a->full};
    if (with_from)
        opts[n++] = (cli_opt){"--from", NULL, true, &a->from};
    if (!with_full && !with_from) /* coalitions: the only analysis with a work bound */
        opts[n++] = (cli_opt){"--max-work", NULL, true, &a->max_work};
    if (with_full || with_from) /* stability and evolve draw their graph in DOT */
        opts[n++] = (cli_opt){"--dot", NULL, false, &a->dot};
    if (with_full)
        opts[n++] = (cli_opt){"--ui-only", NULL, false, &a->ui_only};
    opts[n] = (cli_opt){NULL, NULL, false, NULL};
    const char *pos[1];
    int np = cli_parse(cmd, argc, argv, opts, c, pos, 1);
    if (np == -1)
        return -1;
    if (np < 0)
        return EXIT_USAGE;
    if (np != 1)
        return cli_usage_error(cmd, "expected a MODEL file");
    *model = pos[0];
    if (a->dot && c->json)
        return cli_usage_error(cmd, "--dot and --json do not go together");
    if (a->ui_only && !a->dot)
        return cli_usage_error(cmd, "--ui-only goes with --dot");
    uint64_t v;
    if (a->threads) {
        if (!cli_parse_count(cmd, "--threads", a->threads, 1, 1024, &v))
            return EXIT_USAGE;
        a->so.threads = (int)v;
    }
    if (a->max_memory) {
        if (!cli_parse_count(cmd, "--max-memory", a->max_memory, 1, (uint64_t)1 << 40, &v))
            return EXIT_USAGE;
        a->so.max_memory = (uint64_t)v << 20;
    }
    if (a->max_work && !cli_parse_count(cmd, "--max-work", a->max_work, 1, UINT64_MAX, &a->so.max_work))
        return EXIT_USAGE;
    return EXIT_OK;
}

/* Graphviz lays out a few thousand edges in minutes (the built-in
 * scenario's full state graph, 4,544 edges, took over ten minutes): say so
 * on stderr, and what draws less. */
#define LARGE_GRAPH_EDGES 1000

static void warn_large_graph(const char *dot, bool ui_only)
{
    size_t edges = 0;
    for (const char *p = dot; (p = strstr(p, " -> ")); p += 4)
        edges++;
    if (edges <= LARGE_GRAPH_EDGES)
        return;
    fprintf(stderr,
            "accord stability: warning: the state graph has %zu edges; Graphviz may take many minutes "
            "to lay it out.%s accord evolve MODEL --dot draws only the states reachable from the status "
            "quo.\n",
            edges, ui_only ? "" : " --ui-only keeps only the unilateral improvements;");
}

int cmd_stability(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("stability");
    conflict_args a = {0};
    cli_common c = {0};
    const char *path;
    int r = parse(cmd, argc, argv, true, false, &a, &c, &path);
    if (r)
        return r == -1 ? EXIT_OK : r;
    int code;
    accord_model *m = cli_load(path, &c, &code);
    if (!m)
        return code;
    accord_diagnostics diag = {0};
    accord_stability *st = NULL;
    accord_status rc = accord_stability_compute(m, &a.so, &st, &diag);
    if (rc) {
        accord_model_free(m);
        return cli_fail(path, rc, &diag);
    }
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    accord_render_options ro = cli_render_options(&c, a.full != NULL);
    char *text = NULL;
    if (a.dot) { /* the state graph for Graphviz (docs/report.md) */
        accord_dot_options dot = {.ui_only = a.ui_only != NULL};
        rc = accord_stability_render_dot(m, st, &dot, &text, &diag);
        if (rc) {
            accord_stability_free(st);
            accord_model_free(m);
            return cli_fail(path, rc, &diag);
        }
        warn_large_graph(text, a.ui_only != NULL);
    } else {
        rc = accord_stability_render(m, st, &ro, &text);
    }
    accord_stability_free(st);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, text);
}

int cmd_coalitions(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("coalitions");
    conflict_args a = {0};
    cli_common c = {0};
    const char *path;
    int r = parse(cmd, argc, argv, false, false, &a, &c, &path);
    if (r)
        return r == -1 ? EXIT_OK : r;
    int code;
    accord_model *m = cli_load(path, &c, &code);
    if (!m)
        return code;
    accord_diagnostics diag = {0};
    accord_coalitions *co = NULL;
    accord_status rc = accord_coalitions_compute(m, &a.so, &co, &diag);
    if (rc) {
        accord_model_free(m);
        return cli_fail(path, rc, &diag);
    }
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    accord_render_options ro = cli_render_options(&c, false);
    char *text = NULL;
    rc = accord_coalitions_render(m, co, &ro, &text);
    accord_coalitions_free(co);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, text);
}

/* --from: a state id (1-based) or a Y/N pattern; -1 with a message when it
 * names no feasible state. */
static long parse_from(const cli_command *cmd, const accord_model *m, const char *text)
{
    const accord_conflict *cf = m->conflict;
    char *end;
    errno = 0;
    unsigned long long id = strtoull(text, &end, 10);
    if (end != text && !*end && !errno && isdigit((unsigned char)text[0])) {
        if (id >= 1 && id <= cf->n_states)
            return (long)(id - 1);
        cli_usage_error(cmd, "--from %s: the conflict has states 1 to %zu", text, cf->n_states);
        return -1;
    }
    uint64_t code = 0;
    size_t k = 0;
    for (const char *p = text; *p; p++) {
        if (*p == ' ')
            continue;
        if ((*p != 'Y' && *p != 'N' && *p != 'y' && *p != 'n') || k >= cf->n_options) {
            k = cf->n_options + 1;
            break;
        }
        if (*p == 'Y' || *p == 'y')
            code |= (uint64_t)1 << k;
        k++;
    }
    if (k != cf->n_options) {
        cli_usage_error(cmd, "--from needs a state id or a pattern of %zu Y/N letters, not \"%s\"",
                        cf->n_options, text);
        return -1;
    }
    long index = accord_conflict_state_index(cf, code);
    if (index >= 0)
        return index;
    cli_usage_error(cmd, "--from \"%s\" is not a feasible state", text);
    return -1;
}

int cmd_evolve(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("evolve");
    conflict_args a = {0};
    cli_common c = {0};
    const char *path;
    int r = parse(cmd, argc, argv, false, true, &a, &c, &path);
    if (r)
        return r == -1 ? EXIT_OK : r;
    int code;
    accord_model *m = cli_load(path, &c, &code);
    if (!m)
        return code;
    accord_evolve_options eo = {.stability = a.so};
    if (a.from && m->conflict) {
        long from = parse_from(cmd, m, a.from);
        if (from < 0) {
            accord_model_free(m);
            return EXIT_USAGE;
        }
        eo.from = (size_t)from + 1;
    }
    accord_diagnostics diag = {0};
    accord_evolution *ev = NULL;
    accord_status rc = accord_evolve_compute(m, &eo, &ev, &diag);
    if (rc) {
        accord_model_free(m);
        return cli_fail(path, rc, &diag);
    }
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    accord_render_options ro = cli_render_options(&c, false);
    char *text = NULL;
    if (a.dot) /* the evolution graph for Graphviz (docs/report.md) */
        rc = accord_evolution_render_dot(m, ev, &text);
    else
        rc = accord_evolution_render(m, ev, &ro, &text);
    accord_evolution_free(ev);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, text);
}
