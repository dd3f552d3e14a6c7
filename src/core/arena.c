/* arena.c - a region allocator: a model's many small pieces are freed at once. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

struct acc__arena_chunk {
    acc__arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

#define ARENA_CHUNK (64 * 1024)

void *acc__arena_alloc(acc__arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    acc__arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        if (want > SIZE_MAX - sizeof(acc__arena_chunk))
            return NULL;
        c = acc__malloc(sizeof(acc__arena_chunk) + want);
        if (!c)
            return NULL;
        c->size = want;
        c->used = 0;
        /* A large piece gets a chunk of its own behind the head so that the
         * head's free space is not wasted. */
        if (a->head && size > ARENA_CHUNK) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

void *acc__arena_calloc(acc__arena *a, size_t n, size_t size)
{
    int ok = 1;
    size_t total = acc__mul(n, size, &ok);
    return ok ? acc__arena_alloc(a, total) : NULL;
}

char *acc__arena_strndup(acc__arena *a, const char *s, size_t n)
{
    char *p = acc__arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *acc__arena_strdup(acc__arena *a, const char *s)
{
    return s ? acc__arena_strndup(a, s, strlen(s)) : NULL;
}

char *acc__arena_printf(acc__arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = acc__arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void acc__arena_free(acc__arena *a)
{
    acc__arena_chunk *c = a->head;
    while (c) {
        acc__arena_chunk *next = c->next;
        acc__free(c);
        c = next;
    }
    a->head = NULL;
}
