/*
 * hashset.c - a set of byte strings, each with an index: open addressing
 * with linear probing, at most half full, keyed by SipHash-1-3 (Aumasson &
 * Bernstein 2012) under a per-set key, so that names chosen to collide
 * cannot make the loaders quadratic (a flooding attack needs the key).
 * Lookups never depend on the key, so results are the same on every run.
 */
#include "internal.h"

#include <string.h>
#include <time.h>

struct acc__hashset_slot {
    const void *key; /* NULL: empty */
    size_t len;
    size_t value;
    uint64_t hash;
};

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = ROTL(v1, 13);                                                                         \
        v1 ^= v0;                                                                                  \
        v0 = ROTL(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = ROTL(v3, 16);                                                                         \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = ROTL(v3, 21);                                                                         \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = ROTL(v1, 17);                                                                         \
        v1 ^= v2;                                                                                  \
        v2 = ROTL(v2, 32);                                                                         \
    } while (0)

static uint64_t load64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* SipHash-1-3 of [p, p + len) under key (k0, k1).  O(len). */
static uint64_t siphash13(uint64_t k0, uint64_t k1, const unsigned char *p, size_t len)
{
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = load64(p + i);
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    uint64_t b = (uint64_t)len << 56;
    for (size_t i = 0; i < len % 8; i++)
        b |= (uint64_t)p[whole + i] << (8 * i);
    v3 ^= b;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

/* splitmix64: spreads the bits of a seed. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A key nobody outside the process can predict: addresses (randomised by
 * ASLR and the allocator) and the time.  No global state, so no races. */
static void choose_key(acc__hashset *s)
{
    static const char anchor = 0;
    uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
    s->k0 = mix64((uint64_t)(uintptr_t)s->slots ^ t);
    s->k1 = mix64((uint64_t)(uintptr_t)&anchor ^ (uint64_t)(uintptr_t)s ^ s->k0);
}

static accord_status rehash(acc__hashset *s, size_t cap)
{
    acc__hashset_slot *slots = acc__calloc(cap, sizeof *slots);
    if (!slots)
        return ACCORD_E_NOMEM;
    for (size_t i = 0; i < s->cap; i++) {
        const acc__hashset_slot *from = &s->slots[i];
        if (!from->key)
            continue;
        size_t j = (size_t)from->hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = *from;
    }
    acc__free(s->slots);
    bool first = s->cap == 0;
    s->slots = slots;
    s->cap = cap;
    if (first)
        choose_key(s);
    return ACCORD_OK;
}

/* The slot of key: the one holding it, else the empty one where it goes. */
static acc__hashset_slot *probe(const acc__hashset *s, const void *key, size_t len, uint64_t hash)
{
    size_t j = (size_t)hash & (s->cap - 1);
    for (;;) {
        acc__hashset_slot *slot = &s->slots[j];
        if (!slot->key ||
            (slot->hash == hash && slot->len == len && memcmp(slot->key, key, len) == 0))
            return slot;
        j = (j + 1) & (s->cap - 1);
    }
}

accord_status acc__hashset_add(acc__hashset *s, const void *key, size_t len, size_t value,
                               size_t *prior)
{
    if (prior)
        *prior = SIZE_MAX;
    if (2 * (s->count + 1) > s->cap && rehash(s, s->cap ? 2 * s->cap : 16))
        return ACCORD_E_NOMEM;
    uint64_t hash = siphash13(s->k0, s->k1, key, len);
    acc__hashset_slot *slot = probe(s, key, len, hash);
    if (slot->key) {
        if (prior)
            *prior = slot->value;
        return ACCORD_OK;
    }
    *slot = (acc__hashset_slot){key, len, value, hash};
    s->count++;
    return ACCORD_OK;
}

size_t acc__hashset_get(const acc__hashset *s, const void *key, size_t len)
{
    if (!s->count)
        return SIZE_MAX;
    const acc__hashset_slot *slot = probe(s, key, len, siphash13(s->k0, s->k1, key, len));
    return slot->key ? slot->value : SIZE_MAX;
}

void acc__hashset_clear(acc__hashset *s)
{
    if (s->slots)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->count = 0;
}

void acc__hashset_free(acc__hashset *s)
{
    acc__free(s->slots);
    memset(s, 0, sizeof *s);
}
