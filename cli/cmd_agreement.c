/* cmd_agreement.c - `accord evaluate`, `accord frontier` and `accord repair`:
 * the agreement analyses (include/accord_agreement.h). */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Load MODEL and insist on an agreement section. */
static accord_model *load_agreement(const cli_command *cmd, const char *path, const cli_common *c,
                                    int *code)
{
    accord_model *m = cli_load(path, c, code);
    if (m && !m->agreement) {
        fprintf(stderr, "%s: the model has no agreement section; accord %s needs issues and "
                        "preferences (see docs/model-format.md)\n",
                m->path, cmd->name);
        accord_model_free(m);
        *code = EXIT_USAGE;
        return NULL;
    }
    return m;
}

static bool parse_count(const cli_command *cmd, const char *opt, const char *text, size_t *out)
{
    uint64_t v;
    if (!cli_parse_count(cmd, opt, text, 1, SIZE_MAX, &v))
        return false;
    *out = (size_t)v;
    return true;
}

/* --terms TEXT into terms (on top of base, or of nothing); prints what is
 * wrong and returns the exit code, or EXIT_OK. */
static int parse_terms(const cli_command *cmd, const accord_model *m, const char *text, const uint32_t *base,
                       uint32_t *terms)
{
    accord_diagnostics diag = {0};
    accord_status rc = accord_terms_parse(m, text, base, terms, &diag);
    for (size_t i = 0; rc && i < diag.count; i++)
        fprintf(stderr, "accord %s: --terms: %s\n", cmd->name, diag.items[i].message);
    if (rc && diag.count == 0)
        fprintf(stderr, "accord %s: --terms: %s\n", cmd->name, accord_strerror(rc));
    accord_diagnostics_clear(&diag);
    return rc ? cli_exit_for(rc) : EXIT_OK;
}

int cmd_evaluate(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("evaluate");
    const char *verbose = NULL, *terms_text = NULL, *drop = NULL;
    cli_opt opts[] = {{"--verbose", "-v", false, &verbose},
                      {"--terms", "-t", true, &terms_text},
                      {"--drop", NULL, true, &drop},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, true, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    int code;
    accord_model *m = load_agreement(cmd, model, &c, &code);
    if (!m)
        return code;
    accord_evaluation *e = NULL;
    char *text = NULL;
    accord_render_options ro = cli_render_options(&c, verbose != NULL);
    accord_evaluation_options eo;
    accord_evaluation_options_init(&eo);
    bool *ignored = NULL;
    uint32_t *terms = NULL;
    if (drop && (code = cli_parse_drop(cmd, m, drop, &ignored)))
        goto out;
    eo.ignored_red_lines = ignored;
    if (terms_text) { /* one outcome instead of the proposals */
        if (!(terms = calloc(m->agreement->n_issues + 1, sizeof *terms))) {
            code = cli_finish(cmd, &c, ACCORD_E_NOMEM, NULL);
            goto out;
        }
        if ((code = parse_terms(cmd, m, terms_text, NULL, terms)))
            goto out;
        eo.terms = terms;
    }
    accord_status rc = accord_evaluation_compute(m, &eo, &e, NULL);
    if (!rc)
        rc = accord_evaluation_render(m, e, &ro, &text);
    accord_evaluation_free(e);
    code = cli_finish(cmd, &c, rc, text);
out:
    free(terms);
    free(ignored);
    accord_model_free(m);
    return code;
}

int cmd_frontier(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("frontier");
    const char *verbose = NULL, *max_points = NULL, *drop = NULL;
    cli_opt opts[] = {{"--verbose", "-v", false, &verbose},
                      {"--max-points", NULL, true, &max_points},
                      {"--drop", NULL, true, &drop},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, true, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    accord_frontier_options fo = {0};
    if (max_points && !parse_count(cmd, "--max-points", max_points, &fo.max_points))
        return EXIT_USAGE;
    int code;
    accord_model *m = load_agreement(cmd, model, &c, &code);
    if (!m)
        return code;
    bool *ignored = NULL;
    if (drop && (code = cli_parse_drop(cmd, m, drop, &ignored))) {
        accord_model_free(m);
        return code;
    }
    fo.ignored_red_lines = ignored;
    accord_diagnostics diag = {0};
    accord_frontier *f = NULL;
    accord_render_options ro = cli_render_options(&c, verbose != NULL);
    if (isatty(STDERR_FILENO)) /* progress only where a person watches */
        fo.progress = cli_progress;
    accord_status rc = accord_frontier_compute(m, &fo, &f, &diag);
    free(ignored);
    cli_progress_done();
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    code = EXIT_OK;
    if (!rc) {
        /* written as it is rendered: the JSON of a large frontier is never
         * held whole (-o FILE still appears only when complete) */
        cli_output out;
        code = cli_output_open(&out, c.output);
        if (code == EXIT_OK) {
            rc = accord_frontier_render_write(m, f, &ro, cli_output_sink, &out);
            if (!cli_output_close(&out, rc == ACCORD_OK))
                code = EXIT_RUN;
        }
    }
    accord_frontier_free(f);
    accord_model_free(m);
    if (rc && rc != ACCORD_E_IO) { /* a failed write was reported at close */
        if (rc != ACCORD_E_LIMIT)
            fprintf(stderr, "accord frontier: %s\n", accord_strerror(rc));
        return cli_exit_for(rc);
    }
    return code;
}

/* "a, b, c" of every proposal id, for messages. */
static void list_proposals(const accord_model *m, FILE *fp)
{
    const accord_agreement *ag = m->agreement;
    if (ag->n_proposals == 0) {
        fputs("the model has no proposals; give the terms with --terms", fp);
        return;
    }
    fputs("proposals: ", fp);
    for (size_t q = 0; q < ag->n_proposals; q++)
        fprintf(fp, "%s%s", q ? ", " : "", ag->proposals[q].id);
}

int cmd_repair(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("repair");
    const char *proposal = NULL, *terms_text = NULL, *max = NULL, *verbose = NULL, *drop = NULL;
    cli_opt opts[] = {{"--proposal", "-p", true, &proposal},
                      {"--terms", "-t", true, &terms_text},
                      {"--max", NULL, true, &max},
                      {"--drop", NULL, true, &drop},
                      {"--verbose", "-v", false, &verbose},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, true, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    if (!proposal && !terms_text)
        return cli_usage_error(cmd, "say what to repair: --proposal ID or --terms issue=option,...");
    accord_repair_options ro = {.max_repairs = ACCORD_DEFAULT_MAX_REPAIRS};
    if (max && !parse_count(cmd, "--max", max, &ro.max_repairs))
        return EXIT_USAGE;
    int code;
    accord_model *m = load_agreement(cmd, model, &c, &code);
    if (!m)
        return code;
    const accord_agreement *ag = m->agreement;
    int result = EXIT_OK;
    accord_diagnostics diag = {0};
    accord_repair_result *r = NULL;
    char *text = NULL;
    uint32_t *terms = calloc(ag->n_issues + 1, sizeof *terms);
    bool *ignored = NULL;
    const uint32_t *base = NULL;
    if (!terms) {
        fprintf(stderr, "accord repair: out of memory\n");
        result = EXIT_RUN;
        goto out;
    }
    if (proposal) {
        long q = accord_model_proposal_index(m, proposal);
        if (q < 0) {
            fprintf(stderr, "accord repair: no proposal \"%s\" in %s (", proposal, m->path);
            list_proposals(m, stderr);
            fputs(")\n", stderr);
            result = EXIT_USAGE;
            goto out;
        }
        base = ag->proposals[q].terms;
        memcpy(terms, base, ag->n_issues * sizeof *terms);
    }
    if (terms_text && (result = parse_terms(cmd, m, terms_text, base, terms)))
        goto out;
    ro.terms = terms;
    ro.label = proposal; /* the proposal id (also with --terms amending it), or none */
    if (drop && (result = cli_parse_drop(cmd, m, drop, &ignored)))
        goto out;
    ro.ignored_red_lines = ignored;
    accord_render_options rr = cli_render_options(&c, verbose != NULL);
    if (isatty(STDERR_FILENO)) /* progress only where a person watches */
        ro.progress = cli_progress_repair;
    accord_status rc = accord_repair_compute(m, &ro, &r, &diag);
    cli_progress_done();
    cli_print_diagnostics(&diag);
    if (!rc)
        rc = accord_repair_render(m, r, &rr, &text);
    if (rc) {
        if (rc != ACCORD_E_LIMIT)
            fprintf(stderr, "accord repair: %s\n", accord_strerror(rc));
        result = cli_exit_for(rc);
        goto out;
    }
    result = cli_write(&c, text);
out:
    accord_diagnostics_clear(&diag);
    accord_repair_result_free(r);
    free(terms);
    free(ignored);
    accord_model_free(m);
    return result;
}
