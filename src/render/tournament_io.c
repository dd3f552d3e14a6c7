/*
 * tournament_io.c - a tournament as text, JSON (which parts are exchanged
 * in, read back by accord_tournament_parse) and CSV.
 */
#include "json.h"
#include "text.h"
#include "../negotiation/negotiation.h"


#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON out ---- */

static json_t *real_or_null(double v)
{
    if (isnan(v))
        return json_null();
    json_t *a = acc__json_reals(&v, 1);
    json_t *x = json_incref(json_array_get(a, 0));
    json_decref(a);
    return x;
}

static json_t *seed_json(uint64_t seed)
{
    if (seed <= INT64_MAX)
        return json_integer((json_int_t)seed);
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)seed);
    return json_string(buf);
}

static json_t *tournament_json(const accord_tournament *t)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    ok &= acc__json_set(o, "tournament", json_integer(1));
    json_t *scen = json_array();
    for (size_t s = 0; ok && scen && s < t->n_scenarios; s++) {
        const accord_tournament_scenario *sc = &t->scenarios[s];
        json_t *j = json_object(), *parties = json_array();
        for (size_t p = 0; parties && p < sc->n_parties; p++)
            ok &= acc__json_push(parties, json_string(sc->parties[p]));
        ok &= acc__json_set(j, "model", json_string(sc->name));
        ok &= acc__json_set(j, "parties", parties);
        ok &= acc__json_set(j, "outcomes", acc__json_count(sc->outcomes)); /* as everywhere */
        ok &= acc__json_set(j, "quality", json_boolean(sc->quality));
        ok &= acc__json_push(scen, j);
    }
    ok &= acc__json_set(o, "scenarios", scen);
    json_t *agents = json_array();
    for (size_t i = 0; agents && i < t->n_agents; i++)
        ok &= acc__json_push(agents, json_string(t->agents[i].name));
    ok &= acc__json_set(o, "agents", agents);
    ok &= acc__json_set(o, "rounds", json_integer(t->rounds));
    ok &= acc__json_set(o, "repeat", json_integer(t->repeat));
    ok &= acc__json_set(o, "seed", seed_json(t->seed));
    json_t *part = json_null();
    if (t->parts) {
        json_decref(part);
        part = json_array();
        ok &= acc__json_push(part, json_integer(t->part));
        ok &= acc__json_push(part, json_integer(t->parts));
    }
    ok &= acc__json_set(o, "part", part);
    ok &= acc__json_set(o, "runs_total", json_integer((json_int_t)t->total_runs));
    json_t *table = json_array();
    for (size_t i = 0; ok && table && i < t->n_agents; i++) {
        const accord_tournament_stats *st = &t->stats[i];
        json_t *j = json_object();
        ok &= acc__json_set(j, "agent", json_string(t->agents[i].name));
        ok &= acc__json_set(j, "plays", json_integer((json_int_t)st->plays));
        ok &= acc__json_set(j, "agreements", json_integer((json_int_t)st->agreements));
        ok &= acc__json_set(j, "agreement_rate", real_or_null(st->agreement_rate));
        ok &= acc__json_set(j, "mean_utility", real_or_null(st->mean_utility));
        ok &= acc__json_set(j, "mean_pareto_distance", real_or_null(st->mean_pareto_distance));
        ok &= acc__json_set(j, "mean_nash_distance", real_or_null(st->mean_nash_distance));
        ok &= acc__json_set(j, "mean_rounds", real_or_null(st->mean_rounds));
        ok &= acc__json_push(table, j);
    }
    ok &= acc__json_set(o, "table", table);
    json_t *runs = json_array();
    for (size_t k = 0; ok && runs && k < t->n_runs; k++) {
        const accord_tournament_run *r = &t->runs[k];
        size_t np = t->scenarios[r->scenario].n_parties;
        json_t *j = json_object(), *ag = json_array();
        for (size_t p = 0; ag && p < np; p++)
            ok &= acc__json_push(ag, json_integer(r->agents[p]));
        ok &= acc__json_set(j, "run", json_integer((json_int_t)r->index));
        ok &= acc__json_set(j, "scenario", json_integer(r->scenario));
        ok &= acc__json_set(j, "assignment", json_integer((json_int_t)r->assignment));
        ok &= acc__json_set(j, "repetition", json_integer(r->repetition));
        ok &= acc__json_set(j, "weight", json_integer(r->weight));
        ok &= acc__json_set(j, "agents", ag);
        ok &= acc__json_set(j, "agreement", json_boolean(r->agreement));
        ok &= acc__json_set(j, "rounds", json_integer(r->rounds_played));
        ok &= acc__json_set(j, "utility", acc__json_reals(r->utility, np));
        ok &= acc__json_set(j, "pareto_distance", real_or_null(r->pareto_distance));
        ok &= acc__json_set(j, "nash_distance", real_or_null(r->nash_distance));
        ok &= acc__json_set(j, "welfare", real_or_null(r->welfare));
        ok &= acc__json_push(runs, j);
    }
    ok &= acc__json_set(o, "runs", runs);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- text ---- */

static void cell(acc__str *s, const char *fmt, double v, int width)
{
    if (isnan(v))
        acc__str_printf(s, " %*s", width, "-");
    else
        acc__str_printf(s, fmt, width, v);
}

static accord_status tournament_text(const accord_tournament *t, char **out)
{
    acc__str s = {0};
    acc__str_printf(&s, "Tournament: %zu agent%s, %zu scenario%s, %u rounds", t->n_agents,
                    t->n_agents == 1 ? "" : "s", t->n_scenarios, t->n_scenarios == 1 ? "" : "s",
                    t->rounds);
    bool random = false;
    for (size_t i = 0; i < t->n_agents; i++)
        random |= t->agents[i].kind == ACCORD_AGENT_RANDOM;
    if (random)
        acc__str_printf(&s, ", %u repetition%s with random agents, seed %llu", t->repeat,
                        t->repeat == 1 ? "" : "s", (unsigned long long)t->seed);
    acc__str_printf(&s, ": %llu runs", (unsigned long long)t->total_runs);
    if (t->parts)
        acc__str_printf(&s, " (this is part %u of %u: %zu runs)", t->part, t->parts, t->n_runs);
    acc__str_puts(&s, "\n");
    if (random && t->repeat > 1)
        acc__str_printf(&s, "  (a run without a random agent is played once and counts %u times)\n",
                        t->repeat);
    for (size_t sc = 0; sc < t->n_scenarios; sc++) {
        const accord_tournament_scenario *x = &t->scenarios[sc];
        uint64_t runs = 0, weight = 0, agreements = 0;
        for (size_t k = 0; k < t->n_runs; k++)
            if (t->runs[k].scenario == sc) {
                runs++;
                weight += t->runs[k].weight;
                agreements += t->runs[k].agreement ? t->runs[k].weight : 0;
            }
        char cnt[64];
        acc__str_printf(&s, "  %s: %zu parties, %s outcomes, %llu runs", x->name, x->n_parties,
                        acc__count_text(x->outcomes, cnt, sizeof cnt), (unsigned long long)runs);
        if (weight)
            acc__str_printf(&s, "; agreement in %.1f%% of the plays", 100.0 * (double)agreements / (double)weight);
        acc__str_printf(&s, "%s\n", x->quality || !runs ? "" : " (no quality metrics)");
    }
    acc__str_printf(&s, "\n  %-16s %7s %10s %7s %8s %10s %8s %7s\n", "agent", "plays", "agreements",
                    "rate", "utility", "to Pareto", "to Nash", "rounds");
    for (size_t i = 0; i < t->n_agents; i++) {
        const accord_tournament_stats *st = &t->stats[i];
        acc__str_printf(&s, "  %-16s %7llu %10llu", t->agents[i].name, (unsigned long long)st->plays,
                        (unsigned long long)st->agreements);
        if (isnan(st->agreement_rate))
            acc__str_printf(&s, " %7s", "-");
        else
            acc__str_printf(&s, " %6.1f%%", 100 * st->agreement_rate);
        cell(&s, " %*.3f", st->mean_utility, 8);
        cell(&s, " %*.3f", st->mean_pareto_distance, 10);
        cell(&s, " %*.3f", st->mean_nash_distance, 8);
        cell(&s, " %*.1f", st->mean_rounds, 7);
        acc__str_puts(&s, "\n");
    }
    acc__str_puts(&s, "\nrate: the share of the agent's plays that ended in an agreement; utility: mean\n"
                      "over every role played (the reservation value without agreement); to Pareto, to\n"
                      "Nash: mean distance of the outcome's utility vector to the Pareto frontier and to\n"
                      "the Nash point.\n");
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

accord_status accord_tournament_render(const accord_tournament *t, const accord_render_options *opts,
                                       char **out)
{
    *out = NULL;
    acc__json_init();
    if (opts && opts->format == ACCORD_FORMAT_JSON)
        return acc__json_finish(tournament_json(t), out);
    return tournament_text(t, out);
}

/* ---- CSV ---- */

static void csv_real(acc__str *s, double v)
{
    if (isnan(v))
        acc__str_puts(s, ",");
    else
        acc__str_printf(s, ",%.12g", v);
}

accord_status accord_tournament_csv(const accord_tournament *t, char **out)
{
    acc__str s = {0};
    acc__str_puts(&s, "agent,plays,agreements,agreement_rate,mean_utility,mean_pareto_distance,"
                      "mean_nash_distance,mean_rounds\r\n");
    for (size_t i = 0; i < t->n_agents; i++) {
        const accord_tournament_stats *st = &t->stats[i];
        const char *name = t->agents[i].name;
        if (strpbrk(name, ",\"\r\n")) {
            acc__str_puts(&s, "\"");
            for (const char *c = name; *c; c++)
                acc__str_append(&s, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
            acc__str_puts(&s, "\"");
        } else {
            acc__str_puts(&s, name);
        }
        acc__str_printf(&s, ",%llu,%llu", (unsigned long long)st->plays,
                        (unsigned long long)st->agreements);
        csv_real(&s, st->agreement_rate);
        csv_real(&s, st->mean_utility);
        csv_real(&s, st->mean_pareto_distance);
        csv_real(&s, st->mean_nash_distance);
        csv_real(&s, st->mean_rounds);
        acc__str_puts(&s, "\r\n");
    }
    *out = acc__str_take(&s);
    return *out ? ACCORD_OK : ACCORD_E_NOMEM;
}

/* ---- JSON in ---- */

typedef struct reader {
    const char *name;
    accord_diagnostics *diag;
    accord_status rc;
} reader;

static bool bad(reader *rd, const char *fmt, const char *what)
{
    if (!rd->rc) {
        acc__diag(rd->diag, ACCORD_ERROR, rd->name, 0, 0, fmt, what);
        rd->rc = ACCORD_E_INVALID;
    }
    return false;
}

static bool get_uint(reader *rd, json_t *obj, const char *key, uint64_t max, uint64_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max)
        return bad(rd, "not a tournament from accord tournament --json: \"%s\" is missing or not a "
                       "whole number in range",
                   key);
    *out = (uint64_t)json_integer_value(v);
    return true;
}

/* The largest utility, distance or welfare a part file may hold: accord's
 * are at most a few units; this bound keeps every sum exact (tournament.c). */
#define ACC_TOURNAMENT_MAX_VALUE 1e6

static bool get_real(reader *rd, json_t *obj, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_null(v)) {
        *out = NAN;
        return true;
    }
    if (!json_is_number(v) || !(fabs(json_number_value(v)) <= ACC_TOURNAMENT_MAX_VALUE))
        return bad(rd, "not a tournament from accord tournament --json: \"%s\" is not a number of at "
                       "most 10^6 in magnitude",
                   key);
    *out = (double)nearbyint(json_number_value(v) * 1073741824.0) / 1073741824.0;
    return true;
}

static bool read_scenarios(reader *rd, json_t *arr, accord_tournament *t)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return bad(rd, "not a tournament from accord tournament --json: \"%s\" is missing", "scenarios");
    t->scenarios = acc__calloc(json_array_size(arr), sizeof *t->scenarios);
    if (!t->scenarios) {
        rd->rc = ACCORD_E_NOMEM;
        return false;
    }
    t->n_scenarios = json_array_size(arr);
    for (size_t s = 0; s < t->n_scenarios; s++) {
        json_t *j = json_array_get(arr, s), *parties = json_object_get(j, "parties");
        json_t *name = json_object_get(j, "model"), *outcomes = json_object_get(j, "outcomes");
        accord_tournament_scenario *sc = &t->scenarios[s];
        if (!json_is_string(name) || !json_is_array(parties) || json_array_size(parties) == 0 ||
            !(json_is_number(outcomes) || json_is_null(outcomes)))
            return bad(rd, "not a tournament from accord tournament --json: a scenario lacks "
                           "\"%s\", \"parties\" or \"outcomes\"",
                       "model");
        sc->name = acc__strdup(json_string_value(name));
        sc->n_parties = json_array_size(parties);
        sc->parties = acc__calloc(sc->n_parties, sizeof *sc->parties);
        sc->outcomes = json_is_null(outcomes) ? INFINITY : json_number_value(outcomes); /* beyond the doubles */
        sc->quality = json_is_true(json_object_get(j, "quality"));
        if (!sc->name || !sc->parties) {
            rd->rc = ACCORD_E_NOMEM;
            return false;
        }
        for (size_t p = 0; p < sc->n_parties; p++) {
            json_t *id = json_array_get(parties, p);
            if (!json_is_string(id))
                return bad(rd, "not a tournament from accord tournament --json: a party id in "
                               "scenario \"%s\" is not a string",
                           sc->name);
            if (!(sc->parties[p] = acc__strdup(json_string_value(id)))) {
                rd->rc = ACCORD_E_NOMEM;
                return false;
            }
        }
    }
    return true;
}

static bool read_agents(reader *rd, json_t *arr, accord_tournament *t)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return bad(rd, "not a tournament from accord tournament --json: \"%s\" is missing", "agents");
    t->n_agents = json_array_size(arr);
    t->agents = acc__calloc(t->n_agents, sizeof *t->agents);
    if (!t->agents) {
        rd->rc = ACCORD_E_NOMEM;
        return false;
    }
    for (size_t i = 0; i < t->n_agents; i++) {
        json_t *name = json_array_get(arr, i);
        if (!json_is_string(name))
            return bad(rd, "not a tournament from accord tournament --json: %s", "an agent is not a string");
        accord_status rc = accord_agent_parse(json_string_value(name), &t->agents[i], rd->diag);
        if (rc) {
            rd->rc = rc == ACCORD_E_NOMEM ? rc : ACCORD_E_INVALID;
            return false;
        }
    }
    return true;
}

static bool read_run(reader *rd, json_t *j, accord_tournament *t, accord_tournament_run *r)
{
    uint64_t v;
    if (!get_uint(rd, j, "run", t->total_runs ? t->total_runs - 1 : 0, &r->index) ||
        !get_uint(rd, j, "scenario", t->n_scenarios - 1, &v))
        return false;
    r->scenario = (uint32_t)v;
    size_t np = t->scenarios[r->scenario].n_parties;
    if (!get_uint(rd, j, "assignment", UINT64_MAX >> 1, &r->assignment) ||
        !get_uint(rd, j, "repetition", UINT32_MAX, &v))
        return false;
    r->repetition = (uint32_t)v;
    if (!get_uint(rd, j, "weight", UINT32_MAX, &v))
        return false;
    r->weight = (uint32_t)v;
    if (!get_uint(rd, j, "rounds", t->rounds, &v))
        return false;
    r->rounds_played = (uint32_t)v;
    json_t *agreement = json_object_get(j, "agreement");
    json_t *agents = json_object_get(j, "agents"), *utility = json_object_get(j, "utility");
    if (!json_is_boolean(agreement) || !json_is_array(agents) || json_array_size(agents) != np ||
        !json_is_array(utility) || json_array_size(utility) != np)
        return bad(rd, "not a tournament from accord tournament --json: run %s lacks \"agreement\", "
                       "or its \"agents\" or \"utility\" do not match its scenario",
                   "entry");
    r->agreement = json_is_true(agreement);
    r->agents = acc__calloc(np, sizeof *r->agents);
    r->utility = acc__calloc(np, sizeof *r->utility);
    if (!r->agents || !r->utility) {
        rd->rc = ACCORD_E_NOMEM;
        return false;
    }
    for (size_t p = 0; p < np; p++) {
        json_t *a = json_array_get(agents, p), *u = json_array_get(utility, p);
        if (!json_is_integer(a) || json_integer_value(a) < 0 ||
            (size_t)json_integer_value(a) >= t->n_agents || !json_is_number(u) ||
            !(fabs(json_number_value(u)) <= ACC_TOURNAMENT_MAX_VALUE))
            return bad(rd, "not a tournament from accord tournament --json: run %s has a bad agent "
                           "index or utility",
                       "entry");
        r->agents[p] = (uint32_t)json_integer_value(a);
        r->utility[p] = nearbyint(json_number_value(u) * 1073741824.0) / 1073741824.0;
    }
    return get_real(rd, j, "pareto_distance", &r->pareto_distance) &&
           get_real(rd, j, "nash_distance", &r->nash_distance) &&
           get_real(rd, j, "welfare", &r->welfare);
}

accord_status accord_tournament_parse(const char *name, const char *text, size_t size,
                                      accord_tournament **out, accord_diagnostics *diag)
{
    *out = NULL;
    acc__json_init();
    json_error_t err;
    json_t *root = json_loadb(text, size, 0, &err);
    if (!root) {
        /* jansson reports a failed allocation as a syntax error at the
         * place it happened: an error that does not come back on a second
         * reading was one. */
        json_error_t again;
        json_t *retry = json_loadb(text, size, 0, &again);
        if (retry || json_error_code(&err) == json_error_out_of_memory || again.line != err.line ||
            again.column != err.column || strcmp(again.text, err.text) != 0) {
            json_decref(retry);
            return ACCORD_E_NOMEM;
        }
        acc__diag(diag, ACCORD_ERROR, name, err.line, err.column, "not JSON: %s", err.text);
        return ACCORD_E_PARSE;
    }
    reader rd = {name, diag, ACCORD_OK};
    accord_tournament *t = acc__calloc(1, sizeof *t);
    if (!t) {
        json_decref(root);
        return ACCORD_E_NOMEM;
    }
    uint64_t v;
    json_t *seed = json_object_get(root, "seed"), *part = json_object_get(root, "part");
    json_t *runs = json_object_get(root, "runs");
    if (!json_is_object(root) || !json_is_integer(json_object_get(root, "tournament"))) {
        bad(&rd, "%s", "not a tournament from accord tournament --json (no \"tournament\" key)");
        goto out;
    }
    if (!read_scenarios(&rd, json_object_get(root, "scenarios"), t) ||
        !read_agents(&rd, json_object_get(root, "agents"), t))
        goto out;
    if (!get_uint(&rd, root, "rounds", ACCORD_MAX_ROUNDS, &v))
        goto out;
    t->rounds = (uint32_t)v;
    if (!get_uint(&rd, root, "repeat", UINT32_MAX, &v))
        goto out;
    t->repeat = (uint32_t)v;
    if (!get_uint(&rd, root, "runs_total", ACCORD_MAX_TOURNAMENT_RUNS, &t->total_runs))
        goto out;
    if (json_is_integer(seed) && json_integer_value(seed) >= 0) {
        t->seed = (uint64_t)json_integer_value(seed);
    } else if (json_is_string(seed)) {
        char *end;
        t->seed = strtoull(json_string_value(seed), &end, 10);
    } else {
        bad(&rd, "not a tournament from accord tournament --json: \"%s\" is missing", "seed");
        goto out;
    }
    if (json_is_array(part) && json_array_size(part) == 2) {
        json_int_t k = json_integer_value(json_array_get(part, 0));
        json_int_t n = json_integer_value(json_array_get(part, 1));
        if (n < 1 || k < 1 || k > n || n > UINT32_MAX) {
            bad(&rd, "not a tournament from accord tournament --json: %s", "\"part\" is not [K, N] with 1 <= K <= N");
            goto out;
        }
        t->part = (uint32_t)k;
        t->parts = (uint32_t)n;
    } else if (!json_is_null(part)) {
        bad(&rd, "not a tournament from accord tournament --json: \"%s\" is missing", "part");
        goto out;
    }
    if (!json_is_array(runs)) {
        bad(&rd, "not a tournament from accord tournament --json: \"%s\" is missing", "runs");
        goto out;
    }
    t->runs = acc__calloc(json_array_size(runs) + 1, sizeof *t->runs);
    if (!t->runs) {
        rd.rc = ACCORD_E_NOMEM;
        goto out;
    }
    for (size_t k = 0; k < json_array_size(runs); k++) {
        t->n_runs = k + 1;
        if (!read_run(&rd, json_array_get(runs, k), t, &t->runs[k]))
            goto out;
    }
    rd.rc = acc__tournament_stats(t);
out:
    json_decref(root);
    if (rd.rc) {
        accord_tournament_free(t);
        return rd.rc;
    }
    *out = t;
    return ACCORD_OK;
}
