/*
 * internal.h - library-internal helpers shared between files (acc__ prefix).
 * Not installed; never included by the CLI.
 */
#ifndef ACCORD_INTERNAL_H
#define ACCORD_INTERNAL_H

#include "accord.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define ACC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ACC_PRINTF(a, b)
#endif

/* ---- allocation through the hook (alloc.c) ---- */
void *acc__malloc(size_t size);
void *acc__calloc(size_t n, size_t size); /* overflow-checked, zeroed */
void *acc__realloc(void *ptr, size_t size);
void acc__free(void *ptr);
char *acc__strdup(const char *s);
char *acc__strndup(const char *s, size_t n);
/* n * size without overflow; returns 0 (and sets *ok false) on overflow */
size_t acc__mul(size_t n, size_t size, int *ok);

/* Grow a dynamic array *items (element size `size`) so that it holds at least
 * `need` elements; *cap is updated.  Returns ACCORD_OK or ACCORD_E_NOMEM. */
accord_status acc__grow(void **items, size_t *cap, size_t need, size_t size);

/* The first index of the n ascending values a[] whose value is >= key (n
 * when none).  O(log n). */
static inline size_t acc__lower_bound_u64(const uint64_t *a, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- exact numbers (rational.c) ---- */

/* The fraction that decimal text denotes ([+-]digits[.digits][e[+-]digits],
 * as strtod reads it); den = 0 when it is not such text or needs more than
 * 18 significant digits or a magnitude beyond int64.  O(length). */
accord_rational acc__rational_parse(const char *text);
/* The midpoint of two fractions (den = 0 if either is unknown or it
 * overflows). */
accord_rational acc__rational_mid(accord_rational a, accord_rational b);
/* Arithmetic on known fractions (den > 0); a result that does not fit
 * int64 has den = 0, and so has any result with an unknown operand. */
accord_rational acc__rational_add(accord_rational a, accord_rational b);
accord_rational acc__rational_sub(accord_rational a, accord_rational b);
accord_rational acc__rational_mul(accord_rational a, accord_rational b);
accord_rational acc__rational_div(accord_rational a, accord_rational b);
/* Order of two known fractions: -1, 0 or 1. */
int acc__rational_cmp(accord_rational a, accord_rational b);
/* The largest whole number <= a known fraction. */
int64_t acc__rational_floor(accord_rational a);
/* The double nearest a known fraction whose terms are below 2^53, and
 * within an ulp otherwise. */
double acc__rational_double(accord_rational a);
/* The shortest decimal that reads back as v, as a fraction: for a number
 * read from text of at most 15 significant digits, that text. */
accord_rational acc__rational_from_double(double v);

/* ---- arena: many small allocations freed at once (arena.c) ---- */
typedef struct acc__arena_chunk acc__arena_chunk;
typedef struct acc__arena {
    acc__arena_chunk *head;
} acc__arena;
void *acc__arena_alloc(acc__arena *a, size_t size); /* zeroed, 16-aligned; NULL on NOMEM */
void *acc__arena_calloc(acc__arena *a, size_t n, size_t size);
char *acc__arena_strdup(acc__arena *a, const char *s);
char *acc__arena_strndup(acc__arena *a, const char *s, size_t n);
char *acc__arena_printf(acc__arena *a, const char *fmt, ...) ACC_PRINTF(2, 3);
void acc__arena_free(acc__arena *a);

/* ---- growable string (strbuf.c) ---- */

/* Where a string's text goes as it is written, when it has a sink: the
 * text so far, whenever it reaches ACC_STR_FLUSH bytes, and the rest at
 * acc__str_flush; returns 0, or non-zero when it cannot take it. */
typedef int (*acc__str_sink)(void *ctx, const char *text, size_t len);
#define ACC_STR_FLUSH ((size_t)1 << 20)

typedef struct acc__str {
    char *data;
    size_t len, cap;
    int failed; /* an append ran out of memory (or the sink failed); the content is truncated */
    acc__str_sink sink; /* NULL: the text stays in data */
    void *sink_ctx;
} acc__str;
/* Hand what s holds to its sink (if any) and empty it.  O(len). */
void acc__str_flush(acc__str *s);
void acc__str_append(acc__str *s, const char *text, size_t len);
void acc__str_puts(acc__str *s, const char *text);
void acc__str_printf(acc__str *s, const char *fmt, ...) ACC_PRINTF(2, 3);
void acc__str_vprintf(acc__str *s, const char *fmt, va_list ap);
/* Empty s for reuse, keeping its buffer. */
void acc__str_clear(acc__str *s);
/* The text of a scratch string t, or "" when building it ran out of memory
 * (then *failed is set: the caller's result is incomplete).  O(1). */
const char *acc__str_text(const acc__str *t, int *failed);
/* Take the buffer (NUL-terminated, never NULL unless failed); s is reset. */
char *acc__str_take(acc__str *s);
void acc__str_free(acc__str *s);

/* A count for people: thousands separators below 10^15 ("35,271,936"),
 * beyond that three significant digits and the power of ten ("1e+80 (about
 * 10^80)"), an infinite one (beyond the doubles, such as 10^400 outcomes)
 * as "more than 10^308"; a negative count (unknown) as "?".  Into buf (size
 * bytes); returns buf.  O(1).  (strbuf.c) */
const char *acc__count_text(double n, char *buf, size_t size);

/* Bits set in v (SWAR: __builtin_popcountll is a library call without
 * -mpopcnt, too slow in the hot loops that count).  O(1). */
static inline unsigned acc__popcount64(uint64_t v)
{
    v = v - ((v >> 1) & 0x5555555555555555ULL);
    v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned)((v * 0x0101010101010101ULL) >> 56);
}

/* ---- narrow arrays: unsigned values in 1, 2 or 4 bytes each ---- */

/* The bytes that hold every value up to max: 1, 2 or 4. */
static inline unsigned acc__narrow_bytes(uint32_t max)
{
    return max <= UINT8_MAX ? 1 : max <= UINT16_MAX ? 2 : 4;
}

/* A read-only view of such an array. */
typedef struct acc__narrow {
    const void *p;
    unsigned bytes;
} acc__narrow;

static inline uint32_t acc__narrow_get(acc__narrow a, size_t k)
{
    switch (a.bytes) {
    case 1: return ((const uint8_t *)a.p)[k];
    case 2: return ((const uint16_t *)a.p)[k];
    default: return ((const uint32_t *)a.p)[k];
    }
}

/* Entry k of the array p of `bytes`-byte values becomes v (v must fit). */
static inline void acc__narrow_put(void *p, unsigned bytes, size_t k, uint32_t v)
{
    switch (bytes) {
    case 1: ((uint8_t *)p)[k] = (uint8_t)v; break;
    case 2: ((uint16_t *)p)[k] = (uint16_t)v; break;
    default: ((uint32_t *)p)[k] = v; break;
    }
}

/* ---- conflict states and levels (accord_conflict's states_, level_) ---- */

/* The code of state index k: accord_conflict_state_code inlined. */
static inline uint64_t acc__state_code(const accord_conflict *cf, size_t k)
{
    switch (cf->state_bytes_) {
    case 0: return k;
    case 4: return ((const uint32_t *)cf->states_)[k];
    default: return ((const uint64_t *)cf->states_)[k];
    }
}

/* Party p's levels, a view of n_states entries. */
static inline acc__narrow acc__levels(const accord_conflict *cf, size_t p)
{
    return (acc__narrow){(const char *)cf->level_ + p * cf->n_states * cf->level_bytes_, cf->level_bytes_};
}

/* Party p's level of state index k: accord_conflict_level inlined. */
static inline uint32_t acc__level(const accord_conflict *cf, size_t p, size_t k)
{
    return acc__narrow_get(acc__levels(cf, p), k);
}

/* ---- diagnostics (diag.c) ---- */
/* Append a record; file may be NULL.  Returns ACCORD_E_NOMEM if it could not
 * be stored (diag == NULL is fine and returns ACCORD_OK). */
accord_status acc__diag(accord_diagnostics *diag, accord_severity sev, const char *file, int line,
                        int col, const char *fmt, ...) ACC_PRINTF(6, 7);
accord_status acc__vdiag(accord_diagnostics *diag, accord_severity sev, const char *file, int line,
                         int col, const char *fmt, va_list ap);
/* Put diag's items from `from` on in file order, stably: grouped by file
 * (in the order each file first appears), then by line and column; items
 * without a line (a whole file's problem, the "N more errors not shown"
 * note) stay after the placed ones of their file, in their order.  Errors:
 * ACCORD_E_NOMEM (the items are left as they were).  O(n log n + n f)
 * for n items of f files. */
accord_status acc__diag_sort(accord_diagnostics *diag, size_t from);

/* ---- files (file.c) ---- */
/* The whole of file `path` into *data (NUL-terminated, freed with acc__free)
 * and its length into *size.  Errors: ACCORD_E_IO with a diagnostic "cannot
 * open: REASON" or "cannot read: REASON" at `path`, ACCORD_E_NOMEM.  O(size). */
accord_status acc__read_file(const char *path, char **data, size_t *size, accord_diagnostics *diag);

/* Read at most max_bytes of file `path` (0: ACCORD_DEFAULT_MAX_INPUT_BYTES):
 * a regular file larger than that is refused before reading, anything else
 * (a pipe, a device such as /dev/zero) as soon as it passes the limit, with
 * ACCORD_E_LIMIT and a diagnostic naming `option` (the field that raises
 * the limit, e.g. "accord_load_options.max_input_bytes").  acc__read_file
 * is this with the default limit.  Errors: ACCORD_E_IO (cannot open or
 * read, with the reason), ACCORD_E_LIMIT, ACCORD_E_NOMEM.  O(size). */
/* 128-bit integers (GCC and clang) for exact fractions: exact.c, rational.c. */
__extension__ typedef __int128 acc__i128;

/* The greatest common divisor of |a| and b (b >= 0); 0 when both are 0.
 * O(log min(|a|, b)). */
acc__i128 acc__gcd128(acc__i128 a, acc__i128 b);

/* Report "path: what: strerror(err)"; ACCORD_E_NOMEM when err is ENOMEM (or
 * the report itself fails), ACCORD_E_IO otherwise.  O(1). */
accord_status acc__io_error(const char *path, const char *what, int err, accord_diagnostics *diag);
accord_status acc__read_file_max(const char *path, size_t max_bytes, const char *option, char **data,
                                 size_t *size, accord_diagnostics *diag);

/* ---- a set of byte strings, each with an index (hashset.c) ---- */
/* Open addressing under a keyed hash (SipHash-1-3 with a per-set key), so
 * that no choice of names makes it slow.  Zero-initialise; free with
 * acc__hashset_free.  Keys are borrowed: they must outlive the set. */
typedef struct acc__hashset_slot acc__hashset_slot;
typedef struct acc__hashset {
    acc__hashset_slot *slots;
    size_t cap, count;
    uint64_t k0, k1;
} acc__hashset;
/* Add key [key, key + len) (key not NULL) with `value` unless an equal key
 * is there; *prior (may be NULL) is that key's value, or SIZE_MAX when the
 * key was added.  Errors: ACCORD_E_NOMEM.  O(len) expected. */
accord_status acc__hashset_add(acc__hashset *s, const void *key, size_t len, size_t value,
                               size_t *prior);
/* The value of key, or SIZE_MAX when it is absent.  O(len) expected. */
size_t acc__hashset_get(const acc__hashset *s, const void *key, size_t len);
/* Empty the set, keeping its memory; free it. */
void acc__hashset_clear(acc__hashset *s);
void acc__hashset_free(acc__hashset *s);
static inline accord_status acc__hashset_add_str(acc__hashset *s, const char *key, size_t value,
                                                 size_t *prior)
{
    return acc__hashset_add(s, key, strlen(key), value, prior);
}
static inline size_t acc__hashset_get_str(const acc__hashset *s, const char *key)
{
    return acc__hashset_get(s, key, strlen(key));
}

/* ---- "did you mean" (suggest.c) ---- */
/* The candidate closest to `word` by edit distance when it is close enough
 * (distance <= max(1, len/3)), else NULL.  O(sum of lengths^2). */
const char *acc__suggest(const char *word, const char *const *candidates, size_t n);
size_t acc__edit_distance(const char *a, const char *b);

/* ---- numbers ---- */
/* Round a utility to the 2^-30 grid used for deterministic comparisons. */
int64_t acc__grid(double u);

#endif
