/* cmd_report.c - `accord report [MODEL] -o FILE.html`: the self-contained HTML report,
 * one of its charts as SVG (--chart), or the data its explorer embeds (--json). */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The index of a proposal id, or -1 with a usage message naming them all. */
static long proposal_arg(const cli_command *cmd, const accord_model *m, const char *id)
{
    long k = accord_model_proposal_index(m, id);
    if (k >= 0)
        return k;
    fprintf(stderr, "accord %s: no proposal \"%s\" (proposals:", cmd->name, id);
    for (size_t i = 0; i < m->agreement->n_proposals; i++)
        fprintf(stderr, " %s", m->agreement->proposals[i].id);
    fprintf(stderr, ")\n");
    return -1;
}

static long party_arg(const cli_command *cmd, const accord_model *m, const char *id)
{
    long p = accord_model_party_index(m, id);
    if (p >= 0)
        return p;
    fprintf(stderr, "accord %s: no party \"%s\" (parties:", cmd->name, id);
    for (size_t i = 0; i < m->n_parties; i++)
        fprintf(stderr, " %s", m->parties[i].id);
    fprintf(stderr, ")\n");
    return -1;
}

/* --chart KIND[:ARG]: one chart of the report as a standalone SVG. */
static int chart(const cli_command *cmd, const cli_common *c, const accord_model *m,
                 const char *spec, const accord_report_options *ro)
{
    char kind[32];
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    const char *arg = colon ? colon + 1 : NULL;
    if (len >= sizeof kind)
        len = sizeof kind - 1;
    memcpy(kind, spec, len);
    kind[len] = '\0';
    bool agreement = !strcmp(kind, "bars") || !strcmp(kind, "heatmap") ||
                     !strcmp(kind, "frontier") || !strcmp(kind, "sensitivity");
    if (!agreement && strcmp(kind, "evolution") != 0)
        return cli_usage_error(cmd, "--chart takes bars:PROPOSAL, heatmap:PROPOSAL, "
                                    "frontier:PARTY,PARTY, sensitivity or evolution, not \"%s\"",
                               spec);
    if (agreement && !m->agreement) {
        fprintf(stderr, "%s: the model has no agreement section; --chart %s needs one\n", m->path,
                kind);
        return EXIT_USAGE;
    }
    if (!agreement && !m->conflict) {
        fprintf(stderr, "%s: the model has no conflict section; --chart evolution needs one\n",
                m->path);
        return EXIT_USAGE;
    }
    accord_diagnostics diag = {0};
    accord_status rc = ACCORD_OK;
    char *svg = NULL;
    if (!strcmp(kind, "bars") || !strcmp(kind, "heatmap")) {
        if (!arg)
            return cli_usage_error(cmd, "--chart %s needs a proposal: %s:ID", kind, kind);
        long k = proposal_arg(cmd, m, arg);
        if (k < 0)
            return EXIT_USAGE;
        accord_evaluation *e = NULL;
        rc = accord_evaluation_compute(m, NULL, &e, NULL);
        if (!rc)
            rc = kind[0] == 'b' ? accord_svg_utility_bars(m, e, (size_t)k, &svg)
                                : accord_svg_heatmap(m, e, (size_t)k, &svg);
        accord_evaluation_free(e);
    } else if (!strcmp(kind, "frontier")) {
        const char *comma = arg ? strchr(arg, ',') : NULL;
        if (!comma)
            return cli_usage_error(cmd, "--chart frontier needs two parties: frontier:A,B");
        char a[256];
        size_t la = (size_t)(comma - arg);
        if (la >= sizeof a)
            la = sizeof a - 1;
        memcpy(a, arg, la);
        a[la] = '\0';
        long pa = party_arg(cmd, m, a), pb = pa < 0 ? -1 : party_arg(cmd, m, comma + 1);
        if (pa < 0 || pb < 0)
            return EXIT_USAGE;
        if (pa == pb)
            return cli_usage_error(cmd, "--chart frontier needs two different parties");
        accord_frontier *f = NULL;
        accord_frontier_options fo = {.max_points = ro->max_points};
        rc = accord_frontier_compute(m, &fo, &f, &diag);
        if (rc == ACCORD_E_LIMIT) { /* draw the proposals alone, as the report does */
            cli_print_diagnostics(&diag);
            accord_diagnostics_clear(&diag);
            rc = ACCORD_OK;
        }
        if (!rc)
            rc = accord_svg_frontier(m, f, (size_t)pa, (size_t)pb, &svg);
        accord_frontier_free(f);
    } else if (!strcmp(kind, "sensitivity")) {
        accord_robust_options o = {.samples = ro->samples ? ro->samples : ACCORD_DEFAULT_SAMPLES,
                                   .seed = ro->seed, .top = ACCORD_DEFAULT_TOP};
        accord_robust *r = NULL;
        rc = accord_robust_compute(m, &o, &r, &diag);
        if (!rc)
            rc = accord_svg_sensitivity(m, r, &svg);
        accord_robust_free(r);
    } else {
        accord_evolve_options eo = {.stability = {.threads = ro->threads}}; /* from the status quo */
        accord_evolution *ev = NULL;
        rc = accord_evolve_compute(m, &eo, &ev, &diag);
        if (!rc)
            rc = accord_svg_evolution(m, ev, &svg);
        accord_evolution_free(ev);
    }
    if (rc)
        return cli_fail(m->path, rc, &diag);
    accord_diagnostics_clear(&diag);
    return cli_write(c, svg);
}

int cmd_report(int argc, char **argv)
{
    const cli_command *cmd = cli_find_command("report");
    const char *samples = NULL, *seed = NULL, *max_points = NULL, *threads = NULL, *spec = NULL;
    cli_opt opts[] = {{"--samples", NULL, true, &samples},
                      {"--seed", NULL, true, &seed},
                      {"--max-points", NULL, true, &max_points},
                      {"--threads", NULL, true, &threads},
                      {"--chart", NULL, true, &spec},
                      {NULL, NULL, false, NULL}};
    cli_common c = {0};
    const char *model;
    int parsed = cli_parse_model(cmd, argc, argv, opts, &c, false, &model);
    if (parsed)
        return parsed < 0 ? EXIT_OK : parsed;
    accord_report_options ro;
    accord_report_options_init(&ro);
    uint64_t v;
    if (samples && !cli_parse_count(cmd, "--samples", samples, 0, UINT64_MAX, &ro.samples))
        return EXIT_USAGE;
    ro.skip_robust = samples && ro.samples == 0; /* --samples 0: no sampling */
    if (seed && !cli_parse_count(cmd, "--seed", seed, 0, UINT64_MAX, &ro.seed))
        return EXIT_USAGE;
    if (max_points) {
        if (!cli_parse_count(cmd, "--max-points", max_points, 0, UINT64_MAX, &v))
            return EXIT_USAGE;
        if (v == 0)
            return cli_usage_error(cmd, "--max-points must be at least 1");
        ro.max_points = (size_t)v;
    }
    if (threads) {
        if (!cli_parse_count(cmd, "--threads", threads, 0, UINT64_MAX, &v))
            return EXIT_USAGE;
        if (v == 0 || v > 1024)
            return cli_usage_error(cmd, "--threads needs a whole number from 1 to 1024");
        ro.threads = (int)v;
    }
    if (spec && c.json)
        return cli_usage_error(cmd, "--chart and --json do not go together");
    int code;
    accord_model *m = cli_load(model, &c, &code);
    if (!m)
        return code;
    if (spec) {
        code = chart(cmd, &c, m, spec, &ro);
        accord_model_free(m);
        return code;
    }
    if (c.json) {
        char *text = NULL;
        accord_status rc = accord_report_data_json(m, false, &text);
        if (rc == ACCORD_E_NODATA) {
            fprintf(stderr, "%s: the model has no agreement section; --json prints the data the "
                            "report's explorer computes with, which needs one\n",
                    m->path);
            accord_model_free(m);
            return EXIT_USAGE;
        }
        accord_model_free(m);
        return cli_finish(cmd, &c, rc, text);
    }
    accord_diagnostics diag = {0};
    char *html = NULL;
    accord_status rc = accord_report_html(m, &ro, &html, &diag);
    /* Limits met by an analysis are warnings: the page says what is missing. */
    cli_print_diagnostics(&diag);
    accord_diagnostics_clear(&diag);
    accord_model_free(m);
    return cli_finish(cmd, &c, rc, html);
}
