/* test_moves.c - the move structure of a graph model (src/conflict/moves.h):
 * chains sorted by (sub-block key, level, index), compact (every state
 * feasible) or not, sub-blocks, runs and their levels in 1, 2 or 4 bytes,
 * the searches over them; and stability with many levels against the plain
 * definitions. */
#include "conflict/moves.h"
#include "conflict_brute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* n options, party A holds the first third (the first forward, the last
 * backward, the others two-way), B and C the rest; A ranks states by
 * `a_priorities` single-option statements o1..ok (so 2^k distinct levels
 * when every state is feasible), B and C by two statements each.  With
 * `sparse`, the states with options 2 and n both taken are infeasible. */
static char *model(int n, int a_priorities, bool sparse)
{
    static char buf[8192];
    int per[3] = {n / 3 + (n % 3 > 0), n / 3 + (n % 3 > 1), n / 3}, k = 0;
    size_t len = (size_t)snprintf(buf, sizeof buf,
                                  "accord: 1\nparties: [A, B, C]\nconflict:\n  options:\n");
    for (int p = 0; p < 3; p++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "    %c: [", 'A' + p);
        for (int j = 0; j < per[p]; j++, k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s{o%d: {moves: %s}}", j ? ", " : "",
                                    k + 1, j == 0 ? "forward" : j == per[p] - 1 ? "backward" : "both");
        len += (size_t)snprintf(buf + len, sizeof buf - len, "]\n");
    }
    if (sparse)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "  infeasible: [\"2 & %d\"]\n", n);
    len += (size_t)snprintf(buf + len, sizeof buf - len, "  preferences:\n    A: {priorities: [");
    for (int j = 0; j < a_priorities; j++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\"%s%d\"", j ? ", " : "",
                                j % 3 == 1 ? "-" : "", (j * 5) % n + 1);
    snprintf(buf + len, sizeof buf - len,
             "]}\n    B: {priorities: [\"%d\", \"-1 | %d\"]}\n    C: {priorities: [\"-%d\", \"2 & %d\"]}\n",
             per[0] + 1, n, n, per[0] + 2);
    return buf;
}

static accord_model *load(const char *yaml)
{
    accord_load_options lo = {.max_states = (uint64_t)1 << 20};
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    accord_status rc = accord_model_load_buffer("moves.yaml", yaml, strlen(yaml), &lo, &m, &diag);
    for (size_t i = 0; i < diag.count; i++)
        fprintf(stderr, "  %s\n", diag.items[i].message);
    accord_diagnostics_clear(&diag);
    assert_int_equal(rc, ACCORD_OK);
    return m;
}

/* Every invariant of party p's structure, and its searches against a scan. */
static void check_party(const acc__moves *mv, size_t p)
{
    const accord_conflict *cf = mv->cf;
    const acc__party_moves *pm = &mv->party[p];
    const acc__narrow lv = acc__levels(cf, p);
    size_t S = mv->n_states;
    uint64_t keymask = ~pm->two_way;
    unsigned want_bytes = cf->n_levels[p] <= 256 ? 1 : cf->n_levels[p] <= 65536 ? 2 : 4;
    assert_int_equal(pm->level_bytes, want_bytes);
    /* compact where every state is feasible (and at most 16 two-way options) */
    assert_int_equal(pm->chain == NULL, cf->state_bytes_ == 0 && acc__popcount64(pm->two_way) <= 16);
    /* the chain: a permutation, sorted by (key, level, index) */
    char *seen = calloc(S, 1);
    for (size_t i = 0; i < S; i++) {
        assert_true(acc__moves_chain(pm, i) < S);
        assert_false(seen[acc__moves_chain(pm, i)]);
        seen[acc__moves_chain(pm, i)] = 1;
        if (i == 0)
            continue;
        uint32_t x = acc__moves_chain(pm, i - 1), y = acc__moves_chain(pm, i);
        uint64_t kx = acc__state_code(cf, x) & keymask, ky = acc__state_code(cf, y) & keymask;
        assert_true(kx < ky || (kx == ky && (acc__narrow_get(lv, x) < acc__narrow_get(lv, y) || (acc__narrow_get(lv, x) == acc__narrow_get(lv, y) && x < y))));
    }
    free(seen);
    /* sub-blocks and their runs */
    assert_int_equal(pm->block_run[0], 0);
    assert_int_equal(pm->block_run[pm->n_blocks], pm->n_runs);
    assert_int_equal(pm->run_start[pm->n_runs], S);
    for (size_t b = 0; b < pm->n_blocks; b++) {
        uint32_t first = pm->block_run[b], last = pm->block_run[b + 1];
        assert_true(first < last);
        assert_int_equal(pm->run_start[first], pm->block_start[b]);
        assert_int_equal(pm->run_start[last], pm->block_start[b + 1]);
        assert_int_equal(acc__moves_block(pm, pm->block_key[b]), (long)b);
        uint32_t top = 0;
        for (uint32_t r = first; r < last; r++) {
            uint32_t level = acc__moves_run_level(pm, r);
            if (r > first)
                assert_true(level > acc__moves_run_level(pm, r - 1));
            for (uint32_t q = pm->run_start[r]; q < pm->run_start[r + 1]; q++) {
                assert_int_equal(acc__narrow_get(lv, acc__moves_chain(pm, q)), level);
                assert_int_equal(acc__state_code(cf, acc__moves_chain(pm, q)) & keymask, pm->block_key[b]);
            }
            top = level;
        }
        assert_int_equal(acc__moves_block_top(pm, b), top);
        /* the first run above L, for L around every level of the block */
        for (uint32_t r = first; r < last; r++)
            for (int d = -1; d <= 0; d++) {
                uint32_t L = acc__moves_run_level(pm, r) + (uint32_t)d;
                if (d < 0 && acc__moves_run_level(pm, r) == 0)
                    continue;
                uint32_t want = first;
                while (want < last && acc__moves_run_level(pm, want) <= L)
                    want++;
                assert_int_equal(acc__moves_run_above(pm, b, L), want);
                assert_int_equal(acc__moves_first_above(pm, b, L), pm->run_start[want]);
            }
    }
}

/* An allocator that counts the bytes live (a size header per block). */
static size_t live_bytes;

static void *count_alloc(void *ud, size_t n)
{
    (void)ud;
    size_t *h = malloc(n + 16);
    if (!h)
        return NULL;
    *h = n;
    live_bytes += n;
    return (char *)h + 16;
}

static void count_release(void *ud, void *ptr)
{
    (void)ud;
    if (!ptr)
        return;
    size_t *h = (size_t *)((char *)ptr - 16);
    live_bytes -= *h;
    free(h);
}

static void *count_resize(void *ud, void *ptr, size_t n)
{
    void *q = count_alloc(ud, n);
    if (q && ptr) {
        size_t old = *(size_t *)((char *)ptr - 16);
        memcpy(q, ptr, old < n ? old : n);
        count_release(ud, ptr);
    }
    return q;
}

/* Every party's structure checked, and acc__moves_size equal to the bytes
 * the structure holds (counted by the allocator, less the party array). */
static void check_structure(const accord_model *m)
{
    acc__moves mv;
    accord_allocator counting = {count_alloc, count_resize, count_release, NULL};
    live_bytes = 0;
    accord_set_allocator(&counting);
    assert_int_equal(acc__moves_build(m, 1, &mv), ACCORD_OK);
    assert_int_equal(live_bytes, acc__moves_size(&mv) + mv.n_parties * sizeof *mv.party);
    acc__moves_free(&mv);
    assert_int_equal(live_bytes, 0);
    accord_set_allocator(NULL);
    assert_int_equal(acc__moves_build(m, 1, &mv), ACCORD_OK);
    for (size_t p = 0; p < mv.n_parties; p++)
        if (mv.party[p].mask)
            check_party(&mv, p);
    acc__moves_free(&mv);
}

/* Levels in one byte (few levels), two (512 levels) and four (2^17
 * levels: three digits of the sort's level). */
static void test_structure_level_widths(void **state)
{
    (void)state;
    for (int sparse = 0; sparse <= 1; sparse++) {
        accord_model *m = load(model(12, 3, sparse));
        assert_true(m->conflict->n_levels[0] <= 256);
        check_structure(m);
        accord_model_free(m);
        m = load(model(9, 9, sparse));
        assert_int_equal(m->conflict->n_levels[0], sparse ? 384 : 512);
        check_structure(m);
        accord_model_free(m);
        m = load(model(17, 17, sparse));
        assert_int_equal(m->conflict->n_levels[0], sparse ? 3u << 15 : 1u << 17);
        check_structure(m);
        accord_model_free(m);
    }
}

/* Stability of m on one thread and on two, state by state against the
 * definitions (conflict_brute.h). */
static void check_stability(const accord_model *m)
{
    brute b;
    brute_init(&b, m);
    bool *want = brute_stability(&b);
    for (int threads = 1; threads <= 2; threads++) {
        accord_stability_options so = {.threads = threads};
        accord_stability *st = NULL;
        assert_int_equal(accord_stability_compute(m, &so, &st, NULL), ACCORD_OK);
        for (int c = 0; c < ACCORD_N_CONCEPTS; c++)
            for (size_t p = 0; p < b.P; p++)
                for (size_t s = 0; s < b.S; s++)
                    if (accord_stability_is_stable(st, (accord_concept)c, p, s) !=
                        want[((size_t)c * b.P + p) * b.S + s])
                        fail_msg("%s, party %zu, state %zu, %d threads: differs from the definition",
                                 accord_concept_name((accord_concept)c), p, s + 1, threads);
        accord_stability_free(st);
    }
    free(want);
    brute_free(&b);
}

/* Stability with A's levels in two bytes, with the compact chains (every
 * state feasible) and without. */
static void test_stability_two_byte_levels(void **state)
{
    (void)state;
    for (int sparse = 0; sparse <= 1; sparse++) {
        accord_model *m = load(model(9, 9, sparse));
        check_stability(m);
        accord_model_free(m);
    }
}

/* Parties A, B and C with nA, nB and nC options moving as mvA, mvB and
 * "both"; A and B rank by `npri` single-option statements, C by two.  With
 * `sparse`, the states with options 2 and n both taken are infeasible. */
static char *layout_model(int nA, const char *mvA, int nB, const char *mvB, int nC, int npri, bool sparse)
{
    static char buf[16384];
    int k = 1, ns[3] = {nA, nB, nC};
    const char *mvs[3] = {mvA, mvB, "both"};
    size_t len = (size_t)snprintf(buf, sizeof buf, "accord: 1\nparties: [A, B, C]\nconflict:\n  options:\n");
    for (int p = 0; p < 3; p++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "    %c: [", 'A' + p);
        for (int j = 0; j < ns[p]; j++, k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s{o%d: {moves: %s}}", j ? ", " : "", k, mvs[p]);
        len += (size_t)snprintf(buf + len, sizeof buf - len, "]\n");
    }
    int n = k - 1;
    if (sparse)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "  infeasible: [\"2 & %d\"]\n", n);
    len += (size_t)snprintf(buf + len, sizeof buf - len, "  preferences:\n");
    for (int p = 0; p < 2; p++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "    %c: {priorities: [", 'A' + p);
        for (int j = 0; j < npri; j++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s\"%s%d\"", j ? ", " : "",
                                    j % (2 + p) == 1 ? "-" : "", (j * (5 + 2 * p)) % n + 1);
        len += (size_t)snprintf(buf + len, sizeof buf - len, "]}\n");
    }
    snprintf(buf + len, sizeof buf - len, "    C: {priorities: [\"-%d\", \"2 & 3\"]}\n", n);
    return buf;
}

/* Party B's chain layout: compact with `offset_bytes` (0: the 4-byte
 * chain) when every state is feasible, the 4-byte chain when not; every
 * party's structure checked, and with `brute`, stability against the
 * definitions on one thread and on two. */
static void check_layout(int nA, const char *mvA, int nB, const char *mvB, int nC, int npri,
                         unsigned offset_bytes, bool brute_too)
{
    for (int sparse = 0; sparse <= 1; sparse++) {
        accord_model *m = load(layout_model(nA, mvA, nB, mvB, nC, npri, sparse));
        acc__moves mv;
        assert_int_equal(acc__moves_build(m, 2, &mv), ACCORD_OK);
        const acc__party_moves *pb = &mv.party[1];
        bool compact = !sparse && offset_bytes;
        assert_int_equal(pb->chain == NULL, compact);
        if (compact) {
            assert_int_equal(pb->offset_bytes, offset_bytes);
            assert_int_equal(pb->sub_bits, acc__popcount64(pb->two_way));
        }
        acc__moves_free(&mv);
        check_structure(m);
        if (brute_too)
            check_stability(m);
        accord_model_free(m);
    }
}

/* The chain layouts at their edges: no two-way option (sub-blocks of one
 * state, ranks of no bits), 9 two-way options (2-byte ranks), 16 (the
 * largest compact) and 17 (the 4-byte chain even when every state is
 * feasible). */
static void test_chain_layouts(void **state)
{
    (void)state;
    check_layout(3, "forward", 3, "backward", 2, 8, 1, true);
    check_layout(1, "forward", 9, "both", 0, 8, 2, true);
    check_layout(1, "forward", 16, "both", 0, 4, 2, false);
    check_layout(1, "forward", 17, "both", 0, 4, 0, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure_level_widths),
        cmocka_unit_test(test_stability_two_byte_levels),
        cmocka_unit_test(test_chain_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
