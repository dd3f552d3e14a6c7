/*
 * evaluate.c - a small program over the installed accord library: load a
 * model and print, for every proposal, each party's utility, reservation
 * and verdict.  It uses the public API only (accord.h), the way any other
 * program would; docs/building.md shows how to build it with pkg-config or
 * with CMake's find_package(accord).
 *
 *   cc -std=c11 evaluate.c $(pkg-config --cflags --libs accord) -o evaluate
 *   ./evaluate tests/models/basic.yaml
 *
 * Exit status: 0 success, 1 the analysis failed, 2 bad usage or a model
 * that does not load (its diagnostics are printed, one per line).
 */
#include <accord.h>

#include <stdio.h>
#include <string.h>

/* Print every diagnostic as "file:line:col: message". */
static void print_diagnostics(const accord_diagnostics *diag)
{
    for (size_t i = 0; i < diag->count; i++) {
        char *line = accord_diagnostic_format(&diag->items[i]);
        fprintf(stderr, "%s\n", line ? line : diag->items[i].message);
        accord_free(line);
    }
}

/* One party's line: utility, reservation and why it accepts or not. */
static void print_party(const accord_model *m, const accord_party_verdict *v, int width)
{
    printf("  %-*s  utility %.3f  reservation %.3f  ", width, m->parties[v->party].name, v->utility,
           v->reservation);
    switch (v->verdict) {
    case ACCORD_VERDICT_ACCEPTABLE:
        printf("accepts\n");
        break;
    case ACCORD_VERDICT_BELOW_RESERVATION:
        printf("rejects: below its reservation\n");
        break;
    case ACCORD_VERDICT_RED_LINE: {
        const accord_preference *pref = &m->agreement->preferences[v->party];
        printf("rejects: breaks its red line%s", v->n_broken > 1 ? "s" : "");
        for (size_t k = 0; k < v->n_broken; k++)
            printf("%s \"%s\"", k ? "," : "", pref->red_lines[v->broken[k]].text);
        printf("\n");
        break;
    }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: %s MODEL\n  evaluate every proposal of MODEL for every party\n",
                argv[0]);
        return 2;
    }
    int code = 0;
    accord_diagnostics diag;
    accord_diagnostics_init(&diag);
    accord_model *m = NULL;
    accord_evaluation *ev = NULL;

    accord_status rc = accord_model_load(argv[1], NULL, &m, &diag);
    print_diagnostics(&diag); /* warnings too, when it loads */
    if (rc) {
        fprintf(stderr, "%s: %s\n", argv[1], accord_strerror(rc));
        code = 2;
        goto out;
    }
    rc = accord_evaluation_compute(m, NULL, &ev, NULL);
    if (rc) {
        fprintf(stderr, "%s: %s\n", argv[1], accord_strerror(rc));
        code = 1;
        goto out;
    }

    /* ACCORD_VERSION is the headers' version, accord_version() the library's. */
    printf("%s (%s), accord %s (headers %s)\n", m->title ? m->title : "untitled model", m->path,
           accord_version(), ACCORD_VERSION);
    int width = 0;
    for (size_t p = 0; p < m->n_parties; p++) {
        size_t len = strlen(m->parties[p].name);
        if (len > (size_t)width)
            width = (int)len;
    }
    const accord_agreement *ag = m->agreement;
    for (size_t i = 0; i < ev->n_proposals; i++) {
        const accord_proposal_evaluation *pe = &ev->proposals[i];
        const accord_proposal *prop = &ag->proposals[pe->proposal];
        printf("\nproposal %s \"%s\":", prop->id, prop->name);
        for (size_t k = 0; k < ag->n_issues; k++) {
            const accord_issue *issue = &ag->issues[k];
            if (issue->kind == ACCORD_ISSUE_DISCRETE)
                printf(" %s=%s", issue->id, issue->options[pe->terms[k]].id);
            else
                printf(" %s=%lld", issue->id,
                       (long long)accord_issue_option_value(issue, pe->terms[k]));
        }
        printf("\n");
        for (size_t p = 0; p < ev->n_parties; p++)
            print_party(m, &pe->parties[p], width);
        printf("  %s (%zu of %zu parties accept)\n",
               pe->rational ? "acceptable to every party" : "not acceptable to every party",
               pe->n_accepting, ev->n_parties);
    }

out:
    accord_evaluation_free(ev);
    accord_model_free(m);
    accord_diagnostics_clear(&diag);
    return code;
}
