/*
 * load.c - model files into an accord_model: accord_model_load (a YAML or
 * JSON model, or a GENIUS or GeniusWeb folder or profile, chosen by what
 * the path holds) and accord_model_load_buffer.
 *
 * The text becomes a libyaml document (yaml_doc.c, which refuses deep
 * nesting, alias bombs and second documents), then is walked once:
 * the header, sources and parties here, the agreement and conflict sections
 * in load_agreement.c and load_conflict.c, the values through yaml_read.c.
 * Every problem is reported with its place and the loader goes on where it
 * can, so that one run lists every error of a file (the first
 * max_errors of them; the rest are counted).  Cross-references (sources,
 * issues, options, parties) are resolved after the whole section they may
 * point into has been read, through the model's name index (model.h), so
 * that loading takes time proportional to the file.
 */
#include "yaml_read.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------------ */
/* sources and parties                                                       */

static void read_sources(acc__yaml_loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"title", "url", "date", "note", NULL};
    if (!acc__yaml_want(L, n, YAML_MAPPING_NODE, "sources")) {
        L->sources_lost = true; /* their uses follow from this error */
        return;
    }
    accord_model *m = L->m;
    m->sources = acc__arena_calloc(L->A, acc__yaml_map_len(n) + 1, sizeof *m->sources);
    if (!m->sources)
        return acc__yaml_nomem(L);
    yaml_node_t *k, *v;
    ACC_MAP_EACH(L, n, k, v)
    {
        const char *id = acc__yaml_id(L, k, "a source");
        if (!id) {
            acc__yaml_lose(L, ACC_IX_SOURCE, k);
            continue;
        }
        size_t prior;
        if (acc__model_index_add(m, ACC_IX_SOURCE, id, m->n_sources, &prior))
            return acc__yaml_nomem(L);
        if (prior != SIZE_MAX)
            continue; /* a repeated key: check_keys reports it */
        accord_source *s = &m->sources[m->n_sources++];
        s->id = id;
        s->loc = acc__yaml_loc(k);
        if (v->type == YAML_SCALAR_NODE && !acc__yaml_is_null(v)) {
            s->title = acc__arena_strdup(L->A, acc__yaml_scalar(v));
            continue;
        }
        if (acc__yaml_is_null(v))
            continue;
        if (!acc__yaml_want(L, v, YAML_MAPPING_NODE, "a source"))
            continue;
        acc__yaml_check_keys(L, v, keys, "a source");
        s->title = acc__yaml_string(L, v, "title", "a source");
        s->url = acc__yaml_string(L, v, "url", "a source");
        s->date = acc__yaml_string(L, v, "date", "a source");
        s->note = acc__yaml_string(L, v, "note", "a source");
    }
    acc__yaml_check_keys(L, n, NULL, "sources"); /* only duplicates matter */
}

static void read_parties(acc__yaml_loader *L, const yaml_node_t *n)
{
    static const char *const keys[] = {"id", "name", "source", "note", NULL};
    if (!acc__yaml_want(L, n, YAML_SEQUENCE_NODE, "parties"))
        return;
    accord_model *m = L->m;
    m->parties = acc__arena_calloc(L->A, acc__yaml_seq_len(n) + 1, sizeof *m->parties);
    if (!m->parties)
        return acc__yaml_nomem(L);
    yaml_node_t *item;
    ACC_SEQ_EACH(L, n, item)
    {
        const char *id = NULL;
        accord_party tmp = {.loc = acc__yaml_loc(item)};
        if (item->type == YAML_SCALAR_NODE) {
            if (!(id = acc__yaml_id(L, item, "a party")))
                acc__yaml_lose(L, ACC_IX_PARTY, item);
        } else if (acc__yaml_want(L, item, YAML_MAPPING_NODE, "a party")) {
            acc__yaml_check_keys(L, item, keys, "a party");
            yaml_node_t *idn = acc__yaml_get(L, item, "id");
            if (!idn)
                acc__yaml_err(L, item, "a party needs an id, e.g. {id: RU, name: Russia}");
            else if (!(id = acc__yaml_id(L, idn, "a party")))
                acc__yaml_lose(L, ACC_IX_PARTY, idn);
            tmp.name = acc__yaml_string(L, item, "name", "a party");
            tmp.source = acc__yaml_string(L, item, "source", "a party");
            tmp.note = acc__yaml_string(L, item, "note", "a party");
        }
        if (!id)
            continue;
        size_t prior;
        if (acc__model_index_add(m, ACC_IX_PARTY, id, m->n_parties, &prior))
            return acc__yaml_nomem(L);
        if (prior != SIZE_MAX) {
            acc__yaml_err(L, item, "party \"%s\" is declared twice", id);
            continue;
        }
        tmp.id = id;
        if (!tmp.name)
            tmp.name = id;
        m->parties[m->n_parties++] = tmp;
    }
    if (m->n_parties == 0 && acc__yaml_seq_len(n) == 0)
        acc__yaml_err(L, n, "parties is empty; a model needs at least one party");
}

/* ------------------------------------------------------------------------ */
/* cross-references                                                          */

static void check_source(acc__yaml_loader *L, const char *id, accord_loc loc, const char *what)
{
    if (!id)
        return;
    const accord_model *m = L->m;
    if (acc__model_find(m, ACC_IX_SOURCE, id) >= 0 || acc__yaml_is_lost(L, ACC_IX_SOURCE, id) ||
        acc__yaml_quiet(L) || !acc__yaml_first_report(L, ACC_IX_SOURCE, id))
        return;
    const char *c[512];
    size_t nc = 0;
    for (size_t i = 0; i < m->n_sources && nc < 512; i++)
        c[nc++] = m->sources[i].id;
    const char *hint = acc__suggest(id, c, nc);
    acc__yaml_err_at(L, loc.line, loc.col, "source \"%s\" of %s is not declared in sources%s%s%s",
                     id, what, hint ? "; did you mean \"" : "", hint ? hint : "",
                     hint ? "\"?" : "");
}

static void check_conflict_sources(acc__yaml_loader *L, const accord_conflict *cf)
{
    for (size_t i = 0; i < cf->n_options; i++) {
        check_source(L, cf->options[i].source, cf->options[i].loc, "an option");
        check_source(L, cf->options[i].irreversible.source, cf->options[i].irreversible.loc,
                     "an option's irreversibility");
    }
    for (size_t p = 0; p < L->m->n_parties; p++)
        for (size_t a = 0; a < cf->preferences[p].n_alternatives; a++) {
            const accord_conflict_alternative *alt = &cf->preferences[p].alternatives[a];
            check_source(L, alt->source, alt->loc, "an alternative order");
            check_source(L, alt->probability.source, alt->probability.loc,
                         "an alternative order's probability");
        }
}

static void check_sources(acc__yaml_loader *L)
{
    const accord_model *m = L->m;
    for (size_t p = 0; p < m->n_parties; p++)
        check_source(L, m->parties[p].source, m->parties[p].loc, "a party");
    if (m->agreement) {
        const accord_agreement *ag = m->agreement;
        for (size_t i = 0; i < ag->n_issues; i++) {
            check_source(L, ag->issues[i].source, ag->issues[i].loc, "an issue");
            for (size_t k = 0; ag->issues[i].options && k < ag->issues[i].n_options; k++)
                check_source(L, ag->issues[i].options[k].source, ag->issues[i].options[k].loc,
                             "an option");
        }
        for (size_t i = 0; i < ag->n_proposals; i++)
            check_source(L, ag->proposals[i].source, ag->proposals[i].loc, "a proposal");
        for (size_t p = 0; p < m->n_parties; p++) {
            const accord_preference *pr = &ag->preferences[p];
            check_source(L, pr->source, pr->loc, "preferences");
            check_source(L, pr->reservation.source, pr->reservation.loc, "a reservation");
            for (size_t i = 0; i < ag->n_issues; i++) {
                if (pr->weighted[i])
                    check_source(L, pr->weights[i].source, pr->weights[i].loc, "a weight");
                if (pr->valuations[i].values)
                    for (size_t k = 0; k < ag->issues[i].n_options; k++)
                        check_source(L, pr->valuations[i].values[k].source,
                                     pr->valuations[i].values[k].loc, "a value");
            }
            for (size_t r = 0; pr->red_line_info && r < pr->n_red_lines; r++) {
                check_source(L, pr->red_line_info[r].source, pr->red_lines[r].loc, "a red line");
                check_source(L, pr->red_line_info[r].firmness.source, pr->red_line_info[r].firmness.loc,
                             "a red line's firmness");
            }
        }
    }
    for (size_t i = 0; i < m->n_objectives; i++)
        check_source(L, m->objectives[i].source, m->objectives[i].loc, "an objective");
    for (size_t i = 0; i < m->n_claims; i++)
        check_source(L, m->claims[i].source, m->claims[i].loc, "a claim");
    if (m->conflict && m->conflict->options && m->conflict->preferences)
        check_conflict_sources(L, m->conflict);
}

/* ------------------------------------------------------------------------ */
/* the document                                                              */

static void read_model(acc__yaml_loader *L, const yaml_node_t *root)
{
    static const char *const keys[] = {"accord",    "title",    "note",       "sources", "parties",
                                       "agreement", "conflict", "objectives", "claims",  NULL};
    accord_model *m = L->m;
    if (!root) {
        acc__yaml_err_at(L, 1, 1,
                         "the file is empty; expected a model (accord: 1, parties: [...], ...)");
        return;
    }
    if (root->type != YAML_MAPPING_NODE) {
        acc__yaml_err(L, root,
                      "a model must be a map with keys accord, parties, agreement and/or conflict; "
                      "found %s",
                      acc__yaml_kind(root));
        return;
    }
    acc__yaml_check_keys(L, root, keys, "the model");
    /* a repeated section is reported once; what it declares is not
     * reported again as undeclared where it is used */
    acc__yaml_lose_repeats(L, root, "parties", ACC_IX_PARTY);
    acc__yaml_lose_repeats(L, root, "sources", ACC_IX_SOURCE);
    yaml_node_t *ver = acc__yaml_get(L, root, "accord");
    if (!ver) {
        acc__yaml_err(L, root, "the model has no format version; add \"accord: 1\" at the top");
    } else {
        int64_t v;
        if (acc__yaml_int64(L, ver, &v, "accord (the format version)") &&
            v != ACCORD_FORMAT_VERSION)
            acc__yaml_err(L, ver,
                          "format version %lld is not supported; this accord reads version %d",
                          (long long)v, ACCORD_FORMAT_VERSION);
    }
    m->title = acc__yaml_string(L, root, "title", "the model");
    m->note = acc__yaml_string(L, root, "note", "the model");
    yaml_node_t *src = acc__yaml_get(L, root, "sources");
    if (src && !acc__yaml_is_null(src))
        read_sources(L, src);
    yaml_node_t *parties = acc__yaml_get(L, root, "parties");
    if (!parties) {
        acc__yaml_err(L, root, "the model has no parties; add parties: [{id: A, name: ...}, ...]");
        return;
    }
    read_parties(L, parties);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    yaml_node_t *ag = acc__yaml_get(L, root, "agreement"), *cf = acc__yaml_get(L, root, "conflict");
    if (!ag && !cf)
        acc__yaml_err(L, root,
                      "the model has neither an agreement nor a conflict section; add one");
    if (ag)
        acc__yaml_agreement(L, ag);
    if (L->rc == ACCORD_E_NOMEM || L->rc == ACCORD_E_LIMIT) /* no preferences to check */
        return;
    if (cf)
        acc__yaml_conflict(L, cf);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    yaml_node_t *obj = acc__yaml_get(L, root, "objectives"), *cl = acc__yaml_get(L, root, "claims");
    if (obj && !acc__yaml_is_null(obj))
        acc__yaml_objectives(L, obj);
    if (cl && !acc__yaml_is_null(cl) && L->rc != ACCORD_E_NOMEM)
        acc__yaml_claims(L, cl);
    if (L->rc == ACCORD_E_NOMEM)
        return;
    check_sources(L);
}

/* Binary files (a NUL byte, or invalid UTF-8 that libyaml would reject with a
 * less helpful message) are refused with the offset. */
static bool looks_binary(const char *data, size_t size, size_t *at)
{
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\0') {
            *at = i;
            return true;
        }
    }
    return false;
}

/* The load's diagnostics (from `from` on) in file order: by line, then
 * column, whatever order the walk found them in.  NOMEM wins over rc. */
static accord_status sorted(accord_status rc, accord_diagnostics *diag, size_t from,
                            accord_model **out)
{
    if (!acc__diag_sort(diag, from))
        return rc;
    if (*out) {
        accord_model_free(*out);
        *out = NULL;
    }
    return ACCORD_E_NOMEM;
}

static accord_status load_buffer(const char *name, const char *data, size_t size,
                                 const accord_load_options *opts, accord_model **out,
                                 accord_diagnostics *diag)
{
    *out = NULL;
    accord_model *m = NULL;
    yaml_document_t doc;
    memset(&doc, 0, sizeof doc);
    bool have_doc = false;
    acc__yaml_loader L = {.file = name ? name : "<model>",
                          .doc = &doc,
                          .diag = diag,
                          .opts = opts,
                          .max_errors = opts ? opts->max_errors : 0};
    accord_status rc = ACCORD_OK;
    size_t at, max_bytes = opts && opts->max_input_bytes ? opts->max_input_bytes
                                                         : ACCORD_DEFAULT_MAX_INPUT_BYTES;
    if (size > max_bytes) {
        if (acc__diag(diag, ACCORD_ERROR, L.file, 0, 0,
                      "the model is %zu bytes; at most %zu bytes (%zu MiB) are read (raise the "
                      "limit: accord_load_options.max_input_bytes)",
                      size, max_bytes, max_bytes >> 20))
            return ACCORD_E_NOMEM;
        return ACCORD_E_LIMIT;
    }
    if (looks_binary(data, size, &at)) {
        /* line of the NUL byte */
        int line = 1, col = 1;
        for (size_t i = 0; i < at; i++) {
            if (data[i] == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        if (acc__diag(diag, ACCORD_ERROR, L.file, line, col,
                      "the file is binary (a NUL byte at offset %zu); expected a YAML or JSON "
                      "model",
                      at))
            return ACCORD_E_NOMEM;
        return ACCORD_E_PARSE;
    }
    rc = acc__yaml_parse(&L, data, size);
    if (rc)
        goto out;
    have_doc = true;
    rc = acc__model_new(name, &m);
    if (rc)
        goto out;
    L.m = m;
    L.A = acc__model_arena(m);
    read_model(&L, yaml_document_get_root_node(&doc));
    acc__yaml_note_uses(&L);
    acc__yaml_note_unreported(&L);
    rc = L.rc;
    if (rc)
        goto out;
    if (m->agreement) {
        rc = acc__agreement_finish(m, diag);
        if (rc)
            goto out;
    }
    if (m->conflict) {
        rc = acc__conflict_finish(m, opts, L.file, diag);
        if (rc)
            goto out;
    }
out:
    acc__yaml_loader_free(&L);
    if (have_doc)
        yaml_document_delete(&doc);
    if (rc) {
        accord_model_free(m);
        return rc;
    }
    *out = m;
    return ACCORD_OK;
}

accord_status accord_model_load_buffer(const char *name, const char *data, size_t size,
                                       const accord_load_options *opts, accord_model **out,
                                       accord_diagnostics *diag)
{
    size_t from = diag ? diag->count : 0;
    return sorted(load_buffer(name, data, size, opts, out, diag), diag, from, out);
}

static accord_status load_path(const char *path, const accord_load_options *opts,
                               accord_model **out, accord_diagnostics *diag)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return acc__io_error(path, "cannot open", errno, diag);
    if (S_ISDIR(st.st_mode))
        return acc__geniusweb_folder(path) ? acc__geniusweb_load(path, opts, out, diag)
                                           : acc__genius_load(path, opts, out, diag);
    char *data;
    size_t size;
    accord_status rc = acc__read_file_max(path, opts ? opts->max_input_bytes : 0,
                                          "accord_load_options.max_input_bytes", &data, &size, diag);
    if (rc)
        return rc;
    if (acc__geniusweb_profile(data, size)) {
        acc__free(data);
        return acc__geniusweb_load(path, opts, out, diag);
    }
    if (size == 0) {
        acc__free(data);
        if (acc__diag(diag, ACCORD_ERROR, path, 1, 1,
                      "the file is empty; expected a model (accord: 1, parties: [...], ...)"))
            return ACCORD_E_NOMEM;
        return ACCORD_E_INVALID;
    }
    rc = load_buffer(path, data, size, opts, out, diag);
    acc__free(data);
    return rc;
}

accord_status accord_model_load(const char *path, const accord_load_options *opts,
                                accord_model **out, accord_diagnostics *diag)
{
    size_t from = diag ? diag->count : 0;
    return sorted(load_path(path, opts, out, diag), diag, from, out);
}
