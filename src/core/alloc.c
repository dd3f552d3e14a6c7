/* alloc.c - every allocation of the library goes through this hook. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *c_alloc(void *ud, size_t size)
{
    (void)ud;
    return malloc(size);
}

static void *c_resize(void *ud, void *ptr, size_t size)
{
    (void)ud;
    return realloc(ptr, size);
}

static void c_release(void *ud, void *ptr)
{
    (void)ud;
    free(ptr);
}

static accord_allocator hook = {c_alloc, c_resize, c_release, NULL};

void accord_set_allocator(const accord_allocator *a)
{
    static const accord_allocator c_library = {c_alloc, c_resize, c_release, NULL};
    hook = a && a->alloc && a->resize && a->release ? *a : c_library;
}

void *acc__malloc(size_t size) { return hook.alloc(hook.ud, size ? size : 1); }

void *acc__realloc(void *ptr, size_t size) { return hook.resize(hook.ud, ptr, size ? size : 1); }

void acc__free(void *ptr)
{
    if (ptr)
        hook.release(hook.ud, ptr);
}

void accord_free(void *ptr) { acc__free(ptr); }

size_t acc__mul(size_t n, size_t size, int *ok)
{
    if (size && n > SIZE_MAX / size) {
        *ok = 0;
        return 0;
    }
    return n * size;
}

void *acc__calloc(size_t n, size_t size)
{
    int ok = 1;
    size_t total = acc__mul(n, size, &ok);
    if (!ok)
        return NULL;
    void *p = acc__malloc(total);
    if (p)
        memset(p, 0, total ? total : 1);
    return p;
}

char *acc__strndup(const char *s, size_t n)
{
    char *p = acc__malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *acc__strdup(const char *s) { return s ? acc__strndup(s, strlen(s)) : NULL; }

accord_status acc__grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return ACCORD_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return ACCORD_E_NOMEM;
        ncap *= 2;
    }
    int ok = 1;
    size_t bytes = acc__mul(ncap, size, &ok);
    if (!ok)
        return ACCORD_E_NOMEM;
    void *p = acc__realloc(*items, bytes);
    if (!p)
        return ACCORD_E_NOMEM;
    *items = p;
    *cap = ncap;
    return ACCORD_OK;
}
