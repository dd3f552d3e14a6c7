/*
 * agents.c - the negotiation agents: parsing their names, and the decision
 * each takes in a turn, "what would I offer now" (docs/contract.md §4).  Whether to
 * accept is the protocol's rule (protocol.c): accept the standing offer when
 * it is worth at least as much as that offer.
 *
 * Every agent aims at a utility level T on the 2^-30 grid and offers the
 * outcome with the smallest grid utility >= T, ties to the smallest
 * enumeration index (acc__self_find).  The agents differ in how they set T:
 *
 *  - time-dependent (Faratin, Sierra & Jennings 1998, eq. for the
 *    polynomial family): T = grid(Pmin + (Pmax - Pmin)(1 - t^(1/e))),
 *    e = 0 meaning T = grid(Pmax);
 *  - naive tit-for-tat (after Baarslag, Hindriks & Jonker 2013): the first
 *    offer aims at Pmax; afterwards T = g(own last offer) - D, where D is the
 *    mean over the other parties j of g(j's last offer) - g(j's offer
 *    before), all in the agent's own grid utility g (a party with fewer than
 *    two offers counts 0; the mean is the integer quotient, truncated toward
 *    zero), clamped to [grid(Pmin), grid(Pmax)];
 *  - random: T uniform on the grid in [grid(Pmin), grid(Pmax)], from the
 *    agent's own splitmix64 stream.
 * Pmax = max u and Pmin = max(min u, reservation) over the outcomes that
 * break none of the agent's own red lines.
 */
#include "negotiation.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct named_agent {
    const char *name;
    accord_agent_kind kind;
    double exponent;
} named_agent;

static const named_agent NAMED[] = {
    {"hardliner", ACCORD_AGENT_TIME_DEPENDENT, 0},
    {"boulware", ACCORD_AGENT_TIME_DEPENDENT, 0.2},
    {"linear", ACCORD_AGENT_TIME_DEPENDENT, 1},
    {"conceder", ACCORD_AGENT_TIME_DEPENDENT, 2},
    {"titfortat", ACCORD_AGENT_TIT_FOR_TAT, 0},
    {"random", ACCORD_AGENT_RANDOM, 0},
};
#define N_NAMED (sizeof NAMED / sizeof NAMED[0])

const char *accord_agent_names(void)
{
    return "hardliner, boulware, linear, conceder, timedep:E, titfortat, random";
}

accord_status accord_agent_parse(const char *text, accord_agent *out, accord_diagnostics *diag)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    if (len == 0) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "empty agent name (known: %s)",
                  accord_agent_names());
        return ACCORD_E_ARG;
    }
    if (len >= sizeof out->name) {
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "agent name \"%.40s...\" is too long (at most %zu characters)",
                  text, sizeof out->name - 1);
        return ACCORD_E_ARG;
    }
    for (size_t k = 0; k < N_NAMED; k++)
        if (!strcmp(text, NAMED[k].name)) {
            out->kind = NAMED[k].kind;
            out->exponent = NAMED[k].exponent;
            memcpy(out->name, text, len + 1);
            return ACCORD_OK;
        }
    if (!strncmp(text, "timedep:", 8)) {
        const char *num = text + 8;
        char *end = NULL;
        double e = *num ? strtod(num, &end) : NAN;
        if (!*num || !end || *end || !isfinite(e) || e < 0 || isspace((unsigned char)*num)) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                      "agent \"%s\": timedep needs a finite exponent >= 0, as in timedep:0.5 "
                      "(0 never concedes, below 1 concedes late, above 1 early)",
                      text);
            return ACCORD_E_ARG;
        }
        out->kind = ACCORD_AGENT_TIME_DEPENDENT;
        out->exponent = e;
        memcpy(out->name, text, len + 1);
        return ACCORD_OK;
    }
    const char *names[N_NAMED + 1];
    for (size_t k = 0; k < N_NAMED; k++)
        names[k] = NAMED[k].name;
    names[N_NAMED] = "timedep";
    const char *close = acc__suggest(text, names, N_NAMED + 1);
    if (close)
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "unknown agent \"%s\"; did you mean \"%s%s\"? (known: %s)",
                  text, close, strcmp(close, "timedep") ? "" : ":E", accord_agent_names());
    else
        acc__diag(diag, ACCORD_ERROR, NULL, 0, 0, "unknown agent \"%s\" (known: %s)", text,
                  accord_agent_names());
    return ACCORD_E_ARG;
}

accord_status accord_agents_parse(const char *list, accord_agent **out, size_t *count,
                                  accord_diagnostics *diag)
{
    *out = NULL;
    *count = 0;
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    accord_agent *agents = acc__calloc(n, sizeof *agents);
    if (!agents)
        return ACCORD_E_NOMEM;
    accord_status rc = ACCORD_OK;
    const char *p = list;
    for (size_t k = 0; k < n; k++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && isspace((unsigned char)*p)) {
            p++;
            len--;
        }
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        char item[64];
        if (len >= sizeof item)
            len = sizeof item - 1; /* reported as too long by the parser */
        memcpy(item, p, len);
        item[len] = '\0';
        if (len == 0) {
            acc__diag(diag, ACCORD_ERROR, NULL, 0, 0,
                      "agent %zu of the list \"%s\" is empty; give names separated by commas, "
                      "as in boulware,conceder",
                      k + 1, list);
            rc = ACCORD_E_ARG;
        } else {
            accord_status one = accord_agent_parse(item, &agents[k], diag);
            if (one)
                rc = one;
        }
        p = end ? end + 1 : p + len;
    }
    if (rc) {
        acc__free(agents);
        return rc;
    }
    *out = agents;
    *count = n;
    return ACCORD_OK;
}

/* ---- seeds ---- */

uint64_t acc__splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t acc__seed_mix(uint64_t a, uint64_t b)
{
    uint64_t s = a;
    uint64_t x = acc__splitmix(&s);
    s = x ^ b;
    return acc__splitmix(&s);
}

/* ---- history ---- */

accord_status acc__history_init(acc__history *h, size_t n_parties)
{
    memset(h, 0, sizeof *h);
    h->n_parties = n_parties;
    h->last = acc__calloc(n_parties, sizeof *h->last);
    h->prev = acc__calloc(n_parties, sizeof *h->prev);
    if (!h->last || !h->prev) {
        acc__history_clear(h);
        return ACCORD_E_NOMEM;
    }
    for (size_t p = 0; p < n_parties; p++)
        h->last[p] = h->prev[p] = -1;
    return ACCORD_OK;
}

accord_status acc__history_push(acc__history *h, uint32_t round, uint32_t party, uint64_t outcome)
{
    if (acc__grow((void **)&h->offers, &h->cap, h->n + 1, sizeof *h->offers))
        return ACCORD_E_NOMEM;
    h->offers[h->n] = (acc__offer){round, party, outcome};
    h->prev[party] = h->last[party];
    h->last[party] = (long)h->n;
    h->n++;
    return ACCORD_OK;
}

void acc__history_clear(acc__history *h)
{
    acc__free(h->offers);
    acc__free(h->last);
    acc__free(h->prev);
    memset(h, 0, sizeof *h);
}

/* ---- decisions ---- */

void acc__agent_init(acc__agent *a, const accord_agent *spec, const acc__self *self, uint64_t seed)
{
    a->spec = *spec;
    a->self = self;
    a->rng = seed;
    a->pmin = self->umin > self->reservation ? self->umin : self->reservation;
}

double acc__timedep_target(double pmin, double pmax, double e, double t)
{
    if (e == 0)
        return pmax;
    return pmin + (pmax - pmin) * (1 - pow(t, 1 / e));
}

static int64_t own_grid_of(const acc__self *s, uint64_t outcome, uint32_t *terms)
{
    acc__decode(s->radix, s->n_issues, outcome, terms);
    return acc__self_grid(s, terms);
}

static int64_t titfortat_target(const acc__agent *a, const acc__history *h, uint32_t *terms)
{
    const acc__self *s = a->self;
    long mine = h->last[s->party];
    if (mine < 0)
        return s->gmax;
    int64_t g_last = own_grid_of(s, h->offers[mine].outcome, terms);
    int64_t sum = 0;
    for (size_t j = 0; j < h->n_parties; j++) {
        if (j == s->party || h->last[j] < 0 || h->prev[j] < 0)
            continue;
        sum += own_grid_of(s, h->offers[h->last[j]].outcome, terms) -
               own_grid_of(s, h->offers[h->prev[j]].outcome, terms);
    }
    int64_t others = h->n_parties > 1 ? (int64_t)h->n_parties - 1 : 1;
    return g_last - sum / others;
}

void acc__agent_decide(acc__agent *a, double t, const acc__history *h, acc__scratch *scratch,
                       uint64_t *offer, int64_t *grid)
{
    const acc__self *s = a->self;
    int64_t gmin = acc__grid(a->pmin), gmax = s->gmax;
    int64_t target;
    switch (a->spec.kind) {
    case ACCORD_AGENT_TIT_FOR_TAT:
        target = titfortat_target(a, h, scratch->terms);
        if (target < gmin)
            target = gmin;
        break;
    case ACCORD_AGENT_RANDOM: {
        double u = (double)(acc__splitmix(&a->rng) >> 11) * 0x1.0p-53;
        if (gmin >= gmax) {
            target = gmax;
        } else {
            int64_t span = gmax - gmin + 1;
            int64_t k = (int64_t)(u * (double)span);
            target = gmin + (k < span ? k : span - 1);
        }
        break;
    }
    case ACCORD_AGENT_TIME_DEPENDENT:
    default:
        target = acc__grid(acc__timedep_target(a->pmin, s->umax, a->spec.exponent, t));
        break;
    }
    if (target > gmax)
        target = gmax; /* an offer always exists: at worst the agent's best */
    acc__self_find(s, target, scratch, offer, grid);
}
