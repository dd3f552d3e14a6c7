/*
 * yaml_doc.c - YAML text into a libyaml document, built from the parser's
 * events rather than by yaml_parser_load, so that every input is refused
 * early or loaded in time proportional to its size:
 *  - nesting deeper than the limit is refused at the list or map that
 *    passes it, before the rest is scanned (libyaml's work per token grows
 *    with the depth: 10^5 nested lists took 24 s, 10^4 took 0.2 s);
 *  - aliases are counted as the nodes they stand for: a document whose
 *    expansion exceeds the limit (a "billion laughs") is refused at the
 *    alias that passes it, and an alias inside the node it names (a cycle)
 *    is refused;
 *  - a stream holds one document: a second one is refused where it starts;
 *  - a byte that is not UTF-8, or a control character, is reported at its
 *    line and column (libyaml's reader gives only its offset).
 * The document's nodes are the ones yaml_parser_load would make (no tags:
 * the model reader does not use them), with their places.
 */
#include "yaml_read.h"

#include <stdio.h>

/* A list or map being built. */
typedef struct open_node {
    int node;
    int key;             /* a map's key waiting for its value, else 0 */
    size_t anchor;       /* its anchor's number, or SIZE_MAX */
    uint64_t nodes_before; /* expanded nodes before it started */
} open_node;

typedef struct builder {
    acc__yaml_loader *L;
    yaml_document_t *doc;
    open_node *stack;
    size_t depth, cap, max_depth;
    uint64_t nodes, max_nodes; /* expanded nodes so far; the limit */
    bool nodes_default;        /* max_nodes is the default (from the size) */
    size_t size;               /* bytes of the text */
    acc__hashset anchors;      /* name -> number */
    acc__arena names;          /* the anchors' names */
    struct anchored {
        int node;      /* the node the anchor names */
        uint64_t size; /* its expanded nodes; 0 while it is open */
    } *anchored;
    size_t n_anchors, cap_anchors;
    int documents;             /* documents ended */
    bool done;
} builder;

static accord_status report(builder *b, accord_status rc, const yaml_mark_t *mk, const char *fmt, ...)
    ACC_PRINTF(4, 5);
static accord_status report(builder *b, accord_status rc, const yaml_mark_t *mk, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    accord_status r = acc__vdiag(b->L->diag, ACCORD_ERROR, b->L->file, (int)mk->line + 1,
                                 (int)mk->column + 1, fmt, ap);
    va_end(ap);
    return r ? ACCORD_E_NOMEM : rc;
}

/* Count n more expanded nodes (the node at mk, or an alias for n). */
static accord_status count(builder *b, uint64_t n, const yaml_mark_t *mk)
{
    b->nodes += n;
    if (b->nodes <= b->max_nodes)
        return ACCORD_OK;
    if (b->nodes_default)
        return report(b, ACCORD_E_LIMIT, mk,
                      "with its aliases expanded the document has more than %llu nodes here, the "
                      "limit for a file of %zu bytes (the larger of 100000 and 10 per byte); raise "
                      "the limit: accord_load_options.max_nodes",
                      (unsigned long long)b->max_nodes, b->size);
    return report(b, ACCORD_E_LIMIT, mk,
                  "with its aliases expanded the document has more than %llu nodes here (the limit "
                  "accord_load_options.max_nodes)",
                  (unsigned long long)b->max_nodes);
}

/* Put node into the list or map being built (the first node is the root). */
static accord_status attach(builder *b, int node)
{
    if (!b->depth)
        return ACCORD_OK;
    open_node *top = &b->stack[b->depth - 1];
    yaml_node_t *parent = yaml_document_get_node(b->doc, top->node);
    if (parent->type == YAML_SEQUENCE_NODE)
        return yaml_document_append_sequence_item(b->doc, top->node, node) ? ACCORD_OK
                                                                             : ACCORD_E_NOMEM;
    if (!top->key) {
        top->key = node;
        return ACCORD_OK;
    }
    int key = top->key;
    top->key = 0;
    return yaml_document_append_mapping_pair(b->doc, top->node, key, node) ? ACCORD_OK
                                                                            : ACCORD_E_NOMEM;
}

/* Register the anchor `name` (NULL: none) of `node`; *number is its number
 * (SIZE_MAX when there is none). */
static accord_status anchor(builder *b, const yaml_char_t *name, int node, const yaml_mark_t *mk,
                            size_t *number)
{
    *number = SIZE_MAX;
    if (!name)
        return ACCORD_OK;
    char *copy = acc__arena_strdup(&b->names, (const char *)name);
    if (!copy || acc__grow((void **)&b->anchored, &b->cap_anchors, b->n_anchors + 1,
                           sizeof *b->anchored))
        return ACCORD_E_NOMEM;
    size_t prior;
    if (acc__hashset_add_str(&b->anchors, copy, b->n_anchors, &prior))
        return ACCORD_E_NOMEM;
    if (prior != SIZE_MAX)
        return report(b, ACCORD_E_PARSE, mk,
                      "not valid YAML: the anchor &%s is defined twice; give each anchor its own "
                      "name",
                      copy);
    b->anchored[b->n_anchors] = (struct anchored){node, 0};
    *number = b->n_anchors++;
    return ACCORD_OK;
}

static void set_marks(builder *b, int node, const yaml_event_t *ev)
{
    yaml_node_t *n = yaml_document_get_node(b->doc, node);
    n->start_mark = ev->start_mark;
    n->end_mark = ev->end_mark;
}

static accord_status on_scalar(builder *b, const yaml_event_t *ev)
{
    accord_status rc = count(b, 1, &ev->start_mark);
    if (rc)
        return rc;
    int node = yaml_document_add_scalar(b->doc, NULL, ev->data.scalar.value,
                                        (int)ev->data.scalar.length, ev->data.scalar.style);
    if (!node)
        return ACCORD_E_NOMEM;
    set_marks(b, node, ev);
    size_t number;
    rc = anchor(b, ev->data.scalar.anchor, node, &ev->start_mark, &number);
    if (rc)
        return rc;
    if (number != SIZE_MAX)
        b->anchored[number].size = 1;
    return attach(b, node);
}

/* A list or map starts: refused beyond the depth limit. */
static accord_status on_start(builder *b, const yaml_event_t *ev, bool map)
{
    if (b->depth >= b->max_depth)
        return report(b, ACCORD_E_LIMIT, &ev->start_mark,
                      "lists and maps nest more than %zu levels deep here; a model needs far fewer "
                      "(raise the limit: accord_load_options.max_depth)",
                      b->max_depth);
    accord_status rc = count(b, 1, &ev->start_mark);
    if (!rc && acc__grow((void **)&b->stack, &b->cap, b->depth + 1, sizeof *b->stack))
        rc = ACCORD_E_NOMEM;
    if (rc)
        return rc;
    int node = map ? yaml_document_add_mapping(b->doc, NULL, ev->data.mapping_start.style)
                   : yaml_document_add_sequence(b->doc, NULL, ev->data.sequence_start.style);
    if (!node)
        return ACCORD_E_NOMEM;
    set_marks(b, node, ev);
    size_t number;
    rc = anchor(b, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor, node,
                &ev->start_mark, &number);
    if (!rc)
        rc = attach(b, node);
    b->stack[b->depth++] = (open_node){node, 0, number, b->nodes - 1};
    return rc;
}

static accord_status on_end(builder *b, const yaml_event_t *ev)
{
    open_node *top = &b->stack[--b->depth];
    yaml_document_get_node(b->doc, top->node)->end_mark = ev->end_mark;
    if (top->anchor != SIZE_MAX)
        b->anchored[top->anchor].size = b->nodes - top->nodes_before;
    return ACCORD_OK;
}

/* *name: the node it names, counted as every node it holds. */
static accord_status on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    size_t number = acc__hashset_get_str(&b->anchors, name);
    if (number == SIZE_MAX)
        return report(b, ACCORD_E_PARSE, &ev->start_mark,
                      "not valid YAML: the alias *%s names no anchor; expected &%s on a node before "
                      "it",
                      name, name);
    if (b->anchored[number].size == 0)
        return report(b, ACCORD_E_PARSE, &ev->start_mark,
                      "the alias *%s is inside the node it names; a model cannot contain itself",
                      name);
    accord_status rc = count(b, b->anchored[number].size, &ev->start_mark);
    if (rc)
        return rc;
    return attach(b, b->anchored[number].node);
}

/* The line and column of byte `offset` of the text (libyaml's reader gives
 * only the offset of a byte it rejects).  Columns count characters. */
static yaml_mark_t mark_at(const char *data, size_t size, size_t offset)
{
    yaml_mark_t mk = {offset, 0, 0};
    for (size_t i = 0; i < offset && i < size; i++) {
        char c = data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= size || data[i + 1] != '\n'))) {
            mk.line++;
            mk.column = 0;
        } else if (((unsigned char)c & 0xC0) != 0x80) { /* not a UTF-8 continuation byte */
            mk.column++;
        }
    }
    return mk;
}

/* Is byte `at` a tab in the indentation of its line (only blanks before it)? */
static bool tab_indent(const char *data, size_t size, size_t at)
{
    if (at >= size || data[at] != '\t')
        return false;
    while (at > 0 && data[at - 1] != '\n' && data[at - 1] != '\r')
        if (data[--at] != ' ' && data[at] != '\t')
            return false;
    return true;
}

/* The parser's error, at its place. */
static accord_status syntax_error(builder *b, const yaml_parser_t *parser, const char *data, size_t size)
{
    if (parser->error == YAML_MEMORY_ERROR)
        return ACCORD_E_NOMEM;
    if (parser->error == YAML_READER_ERROR) {
        /* problem_value is the character for a control character, else the byte */
        const char *problem = parser->problem ? parser->problem : "unreadable text";
        bool character = strstr(problem, "control") != NULL;
        yaml_mark_t mk = mark_at(data, size, parser->problem_offset);
        return report(b, ACCORD_E_PARSE, &mk,
                      "not valid YAML: %s (%s%0*X at offset %zu); a model is UTF-8 text without "
                      "control characters",
                      problem, character ? "character U+" : "byte 0x", character ? 4 : 2,
                      (unsigned)parser->problem_value, parser->problem_offset);
    }
    const yaml_mark_t *mk = parser->problem ? &parser->problem_mark : &parser->context_mark;
    if (tab_indent(data, size, mk->index))
        return report(b, ACCORD_E_PARSE, mk,
                      "not valid YAML: a tab is used for indentation at %d:%d; YAML indents with "
                      "spaces",
                      (int)mk->line + 1, (int)mk->column + 1);
    if (parser->context)
        return report(b, ACCORD_E_PARSE, mk, "not valid YAML: %s (%s at line %d)",
                      parser->problem ? parser->problem : "syntax error", parser->context,
                      (int)parser->context_mark.line + 1);
    return report(b, ACCORD_E_PARSE, mk, "not valid YAML: %s",
                  parser->problem ? parser->problem : "syntax error");
}

/* One event into the document. */
static accord_status on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents)
            return report(b, ACCORD_E_PARSE, &ev->start_mark,
                          "a second YAML document starts here; a model file holds one document "
                          "(remove this part or put it in a file of its own)");
        return ACCORD_OK;
    case YAML_DOCUMENT_END_EVENT: b->documents++; return ACCORD_OK;
    case YAML_STREAM_END_EVENT: b->done = true; return ACCORD_OK;
    case YAML_SCALAR_EVENT: return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(b, ev, false);
    case YAML_MAPPING_START_EVENT: return on_start(b, ev, true);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(b, ev);
    case YAML_ALIAS_EVENT: return on_alias(b, ev);
    default: return ACCORD_OK;
    }
}

accord_status acc__yaml_parse(acc__yaml_loader *L, const char *data, size_t size)
{
    const accord_load_options *o = L->opts;
    builder b = {.L = L, .doc = L->doc, .size = size};
    b.max_depth = o && o->max_depth ? o->max_depth : ACCORD_DEFAULT_MAX_DEPTH;
    b.nodes_default = !(o && o->max_nodes);
    b.max_nodes = b.nodes_default ? (uint64_t)size * 10 : o->max_nodes;
    if (b.nodes_default && b.max_nodes < ACCORD_DEFAULT_MIN_NODES)
        b.max_nodes = ACCORD_DEFAULT_MIN_NODES;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ACCORD_E_NOMEM;
    if (!yaml_document_initialize(b.doc, NULL, NULL, NULL, 1, 1)) {
        yaml_parser_delete(&parser);
        return ACCORD_E_NOMEM;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, size);
    accord_status rc = ACCORD_OK;
    while (!rc && !b.done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = syntax_error(&b, &parser, data, size);
            break;
        }
        rc = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    acc__free(b.stack);
    acc__free(b.anchored);
    acc__hashset_free(&b.anchors);
    acc__arena_free(&b.names);
    if (rc) {
        yaml_document_delete(b.doc);
        memset(b.doc, 0, sizeof *b.doc);
    }
    return rc;
}
