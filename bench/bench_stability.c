/*
 * bench_stability.c - the conflict stability analysis, fast against naive,
 * and its scale curve.  Figures and the commands are in BENCHMARKS.md
 * ("Conflict: stability").
 *
 *   bench_stability [--sample N] [--max-exp E] [--export DIR] [--skip-naive] [--ratio]
 *
 * (a) A 3-party conflict with 16 options and 61,440 feasible states,
 *     preferences by option prioritization.  All four concepts for all
 *     parties with accord_stability_compute, against a straightforward
 *     implementation of the same definitions: for each party i and each
 *     state s1 that is a UI of i, R_{N-i}(s1) and R+_{N-i}(s1) by a
 *     breadth-first search over (state, last mover) pairs with moves
 *     enumerated from the option masks.  That naive analysis would run for
 *     hours here, so it runs on a sample of states (all UIs of N sampled
 *     states per party, which also checks its answers against the fast
 *     ones) and its total is extrapolated from the mean search time and the
 *     exact number of searches it needs.  The same is done in full on a
 *     smaller 3-party conflict (12 options, 3,840 states), where the naive
 *     analysis completes and must agree state by state.
 * (b) Scale: 3 parties, 2^16 ... 2^E states (E = 24 by default), every
 *     state feasible: time to load, time of the analysis, and peak memory
 *     (getrusage of a child process per size), also per state.  --ratio
 *     runs each size on one thread and on two and prints the ratio.
 *
 * --export DIR writes the two (a) models as JSON for bench/naive_stability.py.
 */
#include "accord.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- models ---- */

/* (a): 16 options, one infeasible pattern fixing 4 of them: 2^16 - 2^12 =
 * 61,440 states.  small: 12 options, 2^12 - 2^8 = 3,840 states. */
static char *model_a(bool small)
{
    static char buf[8192];
    if (!small)
        snprintf(buf, sizeof buf,
                 "accord: 1\n"
                 "title: bench 61440\n"
                 "parties: [A, B, C]\n"
                 "conflict:\n"
                 "  options:\n"
                 "    A: [a1, {a2: {moves: forward}}, a3, a4, {a5: {moves: backward}}]\n"
                 "    B: [b1, b2, {b3: {moves: forward}}, b4, b5]\n"
                 "    C: [{c1: {moves: forward}}, c2, c3, c4, c5, {c6: {moves: backward}}]\n"
                 "  infeasible: [\"A.a1 & B.b1 & C.c1 & -C.c2\"]\n"
                 "  preferences:\n"
                 "    A: {priorities: [\"-B.b1\", \"A.a2 IF C.c3\", \"-C.c1 | A.a1\", \"B.b4 & "
                 "-A.a3\", \"A.a4 IFF C.c5\", \"-A.a5\", \"B.b2\"]}\n"
                 "    B: {priorities: [\"B.b1 IF -A.a1\", \"-C.c2\", \"B.b3 & A.a2\", \"-A.a4\", "
                 "\"B.b5 IFF C.c6\", \"-B.b2\", \"C.c4\"]}\n"
                 "    C: {priorities: [\"C.c1 | B.b5\", \"-A.a1\", \"C.c3 IF B.b3\", \"-C.c4 & "
                 "A.a5\", \"C.c6\", \"-B.b4\", \"C.c2 IFF A.a3\"]}\n");
    else
        snprintf(buf, sizeof buf,
                 "accord: 1\n"
                 "title: bench 3840\n"
                 "parties: [A, B, C]\n"
                 "conflict:\n"
                 "  options:\n"
                 "    A: [a1, {a2: {moves: forward}}, a3, {a4: {moves: backward}}]\n"
                 "    B: [b1, b2, {b3: {moves: forward}}, b4]\n"
                 "    C: [{c1: {moves: forward}}, c2, c3, c4]\n"
                 "  infeasible: [\"A.a1 & B.b1 & C.c1 & -C.c2\"]\n"
                 "  preferences:\n"
                 "    A: {priorities: [\"-B.b1\", \"A.a2 IF C.c3\", \"-C.c1 | A.a1\", \"B.b4 & "
                 "-A.a3\", \"-A.a4\", \"B.b2\"]}\n"
                 "    B: {priorities: [\"B.b1 IF -A.a1\", \"-C.c2\", \"B.b3 & A.a2\", \"-A.a4\", "
                 "\"-B.b2\", \"C.c4\"]}\n"
                 "    C: {priorities: [\"C.c1 | B.b4\", \"-A.a1\", \"C.c3 IF B.b3\", \"-C.c4 & "
                 "A.a4\", \"-B.b4\", \"C.c2 IFF A.a3\"]}\n");
    return buf;
}

/* (b): n options in three near-equal parts; each party's first option moves
 * forward only and its last backward only; six priorities each. */
static char *model_scale(int n)
{
    static char buf[8192];
    int per[3] = {n / 3 + (n % 3 > 0), n / 3 + (n % 3 > 1), n / 3}, k = 0;
    size_t len = (size_t)snprintf(buf, sizeof buf,
                                  "accord: 1\ntitle: scale %d\nparties: [A, B, C]\nconflict:\n"
                                  "  options:\n",
                                  n);
    for (int p = 0; p < 3; p++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "    %c: [", 'A' + p);
        for (int j = 0; j < per[p]; j++, k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s{o%d: {moves: %s}}", j ? ", " : "",
                                    k, j == 0 ? "forward" : j == per[p] - 1 ? "backward" : "both");
        len += (size_t)snprintf(buf + len, sizeof buf - len, "]\n");
    }
    len += (size_t)snprintf(buf + len, sizeof buf - len, "  preferences:\n");
    for (int p = 0; p < 3; p++) {
        int base = p == 0 ? 0 : p == 1 ? per[0] : per[0] + per[1];
        len += (size_t)snprintf(buf + len, sizeof buf - len,
                                "    %c: {priorities: [\"%d\", \"-%d IF %d\", \"%d | -%d\", \"%d & %d\", "
                                "\"-%d\", \"%d IFF %d\"]}\n",
                                'A' + p, base + 1, (base + per[p]) % n + 1, base + 2, (base + 7) % n + 1,
                                base + 3, (base + 11) % n + 1, base + per[p], (base + 5) % n + 1,
                                (base + 13) % n + 1, base + 4);
    }
    return buf;
}

static accord_model *load(const char *yaml)
{
    accord_diagnostics diag = {0};
    accord_model *m = NULL;
    accord_load_options lo = {.max_states = (uint64_t)1 << 26};
    accord_status rc = accord_model_load_buffer("bench.yaml", yaml, strlen(yaml), &lo, &m, &diag);
    for (size_t i = 0; i < diag.count; i++)
        if (diag.items[i].severity == ACCORD_ERROR)
            fprintf(stderr, "bench: %s\n", diag.items[i].message);
    accord_diagnostics_clear(&diag);
    if (rc) {
        fprintf(stderr, "bench: model does not load: %s\n", accord_strerror(rc));
        exit(1);
    }
    return m;
}

/* ---- the naive analysis: the definitions, state by state ---- */

typedef struct naive {
    const accord_conflict *cf;
    size_t S, P;
    uint64_t *mask;  /* per party */
    uint64_t fwd, bwd;
    /* search scratch */
    uint8_t *seen;   /* S * P */
    uint32_t *queue; /* S * P pairs (state * P + last) */
} naive;

static long find(const naive *nv, uint64_t code)
{
    size_t lo = 0, hi = nv->S;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (accord_conflict_state_code(nv->cf, mid) < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nv->S && accord_conflict_state_code(nv->cf, lo) == code ? (long)lo : -1;
}

static uint32_t level(const naive *nv, size_t p, size_t x) { return accord_conflict_level(nv->cf, p, x); }

/* Party k's moves from x: every non-empty change of k's options that goes
 * the allowed ways and lands on a feasible state.  Returns the count. */
static size_t moves(const naive *nv, size_t k, size_t x, uint32_t *out)
{
    uint64_t code = accord_conflict_state_code(nv->cf, x), M = nv->mask[k];
    size_t n = 0;
    for (uint64_t d = M; d; d = (d - 1) & M) {
        if ((d & nv->fwd & code) || (d & nv->bwd & ~code))
            continue;
        long y = find(nv, code ^ d);
        if (y >= 0)
            out[n++] = (uint32_t)y;
    }
    return n;
}

static void naive_init(naive *nv, const accord_model *m)
{
    nv->cf = m->conflict;
    nv->S = nv->cf->n_states;
    nv->P = m->n_parties;
    nv->mask = calloc(nv->P, sizeof *nv->mask);
    nv->fwd = nv->bwd = 0;
    for (size_t o = 0; o < nv->cf->n_options; o++) {
        nv->mask[nv->cf->options[o].party] |= (uint64_t)1 << o;
        if (nv->cf->options[o].moves == ACCORD_MOVES_FORWARD)
            nv->fwd |= (uint64_t)1 << o;
        if (nv->cf->options[o].moves == ACCORD_MOVES_BACKWARD)
            nv->bwd |= (uint64_t)1 << o;
    }
    nv->seen = malloc(nv->S * nv->P);
    nv->queue = malloc(nv->S * nv->P * sizeof *nv->queue);
}

static void naive_free(naive *nv)
{
    free(nv->mask);
    free(nv->seen);
    free(nv->queue);
}

/* R_{N-i}(s1) (plus: R+) by breadth-first search over (state, last mover):
 * the minimum over it of level_i, and in *kmin of the SMR key max(level_i(s2),
 * the best level i can move to from s2) (s is SMR-sanctioned through s1
 * iff kmin <= level_i(s)). */
static uint32_t naive_reach(naive *nv, size_t i, size_t s1, bool plus, uint32_t *kmin)
{
    size_t S = nv->S, P = nv->P, head = 0, tail = 0;
    uint32_t buf[1 << 12], buf3[1 << 12], best = UINT32_MAX;
    memset(nv->seen, 0, S * P);
    if (kmin)
        *kmin = UINT32_MAX;
    /* the start has no last mover: expand it once by every opponent */
    for (size_t k = 0; k < P; k++) {
        if (k == i)
            continue;
        size_t n = moves(nv, k, s1, buf);
        for (size_t j = 0; j < n; j++) {
            if (plus && level(nv, k, buf[j]) <= level(nv, k, s1))
                continue;
            if (!nv->seen[buf[j] * P + k]) {
                nv->seen[buf[j] * P + k] = 1;
                nv->queue[tail++] = (uint32_t)(buf[j] * P + k);
            }
        }
    }
    while (head < tail) {
        uint32_t node = nv->queue[head++];
        size_t x = node / P, last = node % P;
        uint32_t lx = level(nv, i, x);
        if (lx < best)
            best = lx;
        if (kmin && lx < *kmin) {
            uint32_t key = lx;
            size_t n3 = moves(nv, i, x, buf3);
            for (size_t j = 0; j < n3; j++)
                if (level(nv, i, buf3[j]) > key)
                    key = level(nv, i, buf3[j]);
            if (key < *kmin)
                *kmin = key;
        }
        for (size_t k = 0; k < P; k++) {
            if (k == i || k == last)
                continue;
            size_t n = moves(nv, k, x, buf);
            for (size_t j = 0; j < n; j++) {
                if (plus && level(nv, k, buf[j]) <= level(nv, k, x))
                    continue;
                if (!nv->seen[buf[j] * P + k]) {
                    nv->seen[buf[j] * P + k] = 1;
                    nv->queue[tail++] = (uint32_t)(buf[j] * P + k);
                }
            }
        }
    }
    return best;
}

typedef struct naive_stats {
    size_t searches;      /* BFS runs made */
    double seconds;       /* their time */
    size_t mismatches;
    size_t checked;       /* (party, state) pairs compared with the fast result */
} naive_stats;

/* Naive stability of state s for party i (a search per UI), compared with st. */
static void naive_state(naive *nv, const accord_stability *st, size_t i, size_t s, naive_stats *ns)
{
    uint32_t buf[1 << 12], L = level(nv, i, s);
    size_t n = moves(nv, i, s, buf);
    bool nash = true, gmr = true, smr = true, seq = true;
    for (size_t j = 0; j < n; j++) {
        size_t s1 = buf[j];
        if (level(nv, i, s1) <= L)
            continue;
        nash = false;
        uint32_t kmin;
        double t0 = now();
        uint32_t gmin = naive_reach(nv, i, s1, false, &kmin);
        uint32_t qmin = naive_reach(nv, i, s1, true, NULL);
        ns->seconds += now() - t0;
        ns->searches += 2;
        gmr = gmr && gmin <= L;
        smr = smr && kmin <= L;
        seq = seq && qmin <= L;
    }
    bool want[4] = {nash, gmr, smr, seq};
    for (int c = 0; c < 4; c++)
        if (accord_stability_is_stable(st, (accord_concept)c, i, s) != want[c])
            ns->mismatches++;
    ns->checked++;
}

/* The whole naive analysis, one R and one R+ search per (party, UI target)
 * (memoized), then the tests for every state; compared with st. */
static double naive_full(naive *nv, const accord_stability *st, naive_stats *ns)
{
    size_t S = nv->S, P = nv->P;
    uint32_t buf[1 << 12];
    uint32_t *gmin = malloc(S * sizeof *gmin), *kmin = malloc(S * sizeof *kmin),
             *qmin = malloc(S * sizeof *qmin);
    uint8_t *target = malloc(S);
    double t0 = now();
    for (size_t i = 0; i < P; i++) {
        memset(target, 0, S);
        for (size_t s = 0; s < S; s++) {
            size_t n = moves(nv, i, s, buf);
            for (size_t j = 0; j < n; j++)
                if (level(nv, i, buf[j]) > level(nv, i, s))
                    target[buf[j]] = 1;
        }
        for (size_t s1 = 0; s1 < S; s1++)
            if (target[s1]) {
                gmin[s1] = naive_reach(nv, i, s1, false, &kmin[s1]);
                qmin[s1] = naive_reach(nv, i, s1, true, NULL);
                ns->searches += 2;
            }
        for (size_t s = 0; s < S; s++) {
            uint32_t L = level(nv, i, s);
            bool want[4] = {true, true, true, true};
            size_t n = moves(nv, i, s, buf);
            for (size_t j = 0; j < n; j++) {
                size_t s1 = buf[j];
                if (level(nv, i, s1) <= L)
                    continue;
                want[0] = false;
                want[1] = want[1] && gmin[s1] <= L;
                want[2] = want[2] && kmin[s1] <= L;
                want[3] = want[3] && qmin[s1] <= L;
            }
            for (int c = 0; c < 4; c++)
                if (accord_stability_is_stable(st, (accord_concept)c, i, s) != want[c])
                    ns->mismatches++;
            ns->checked++;
        }
    }
    double t = now() - t0;
    free(gmin);
    free(kmin);
    free(qmin);
    free(target);
    return t;
}

/* How many (party, state) pairs the naive analysis must search from: every
 * state that is a UI of party i from some state, per i (each needs one R and
 * one R+ search, memoized). */
static size_t naive_search_count(naive *nv)
{
    uint32_t buf[1 << 12];
    uint8_t *target = malloc(nv->S);
    size_t total = 0;
    for (size_t i = 0; i < nv->P; i++) {
        memset(target, 0, nv->S);
        for (size_t s = 0; s < nv->S; s++) {
            size_t n = moves(nv, i, s, buf);
            for (size_t j = 0; j < n; j++)
                if (level(nv, i, buf[j]) > level(nv, i, s))
                    target[buf[j]] = 1;
        }
        for (size_t s = 0; s < nv->S; s++)
            total += target[s];
    }
    free(target);
    return 2 * total;
}

static double fast_time(const accord_model *m, int threads, accord_stability **keep)
{
    accord_stability_options so = {.threads = threads};
    accord_stability *st = NULL;
    double best = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        if (accord_stability_compute(m, &so, &st, NULL)) {
            fprintf(stderr, "bench: stability failed\n");
            exit(1);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
        if (rep < 2 || !keep)
            accord_stability_free(st);
    }
    if (keep)
        *keep = st;
    return best;
}

/* Export for naive_stability.py: options (party, moves), states, levels. */
static void export_json(const accord_model *m, const char *path)
{
    const accord_conflict *cf = m->conflict;
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return;
    }
    fprintf(f, "{\"parties\": %zu, \"options\": [", m->n_parties);
    for (size_t o = 0; o < cf->n_options; o++)
        fprintf(f, "%s[%zu, \"%s\"]", o ? ", " : "", cf->options[o].party,
                cf->options[o].moves == ACCORD_MOVES_FORWARD    ? "forward"
                : cf->options[o].moves == ACCORD_MOVES_BACKWARD ? "backward"
                                                                : "both");
    fprintf(f, "],\n\"states\": [");
    for (size_t s = 0; s < cf->n_states; s++)
        fprintf(f, "%s%llu", s ? ", " : "", (unsigned long long)accord_conflict_state_code(cf, s));
    fprintf(f, "],\n\"levels\": [");
    for (size_t p = 0; p < m->n_parties; p++) {
        fprintf(f, "%s[", p ? ",\n" : "");
        for (size_t s = 0; s < cf->n_states; s++)
            fprintf(f, "%s%u", s ? ", " : "", accord_conflict_level(cf, p, s));
        fprintf(f, "]");
    }
    accord_stability *st = NULL;
    accord_stability_compute(m, NULL, &st, NULL);
    fprintf(f, "],\n\"equilibria\": {");
    for (int c = 0; c < 4; c++) {
        fprintf(f, "%s\"%s\": %zu", c ? ", " : "", accord_concept_name((accord_concept)c),
                st->n_equilibria[c]);
    }
    /* per concept and party, "0101...": stable or not, state by state */
    fprintf(f, "},\n\"stable\": {");
    for (int c = 0; c < 4; c++) {
        fprintf(f, "%s\"%s\": [", c ? ",\n" : "", accord_concept_name((accord_concept)c));
        for (size_t p = 0; p < m->n_parties; p++) {
            fprintf(f, "%s\"", p ? ", " : "");
            for (size_t s = 0; s < cf->n_states; s++)
                fputc(accord_stability_is_stable(st, (accord_concept)c, p, s) ? '1' : '0', f);
            fprintf(f, "\"");
        }
        fprintf(f, "]");
    }
    fprintf(f, "}}\n");
    accord_stability_free(st);
    fclose(f);
}

static void part_a(bool small, size_t sample, bool skip_naive, const char *export_dir)
{
    accord_model *m = load(model_a(small));
    size_t S = m->conflict->n_states, P = m->n_parties;
    if (export_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/stability-%zu.json", export_dir, S);
        export_json(m, path);
        printf("exported %s\n", path);
    }
    accord_stability *st = NULL;
    double t1 = fast_time(m, 1, NULL), tn = fast_time(m, 0, &st);
    printf("\n(a) %zu states, %zu parties, %zu options\n", S, P, m->conflict->n_options);
    printf("  fast, 1 thread:   %10.4f s\n", t1);
    printf("  fast, %d threads:  %10.4f s\n", omp_get_max_threads(), tn);
    printf("  equilibria: nash %zu, gmr %zu, smr %zu, seq %zu\n", st->n_equilibria[0],
           st->n_equilibria[1], st->n_equilibria[2], st->n_equilibria[3]);
    if (skip_naive) {
        accord_stability_free(st);
        accord_model_free(m);
        return;
    }
    naive nv;
    naive_init(&nv, m);
    naive_stats ns = {0};
    if (sample == 0 || sample >= S) {
        double total = naive_full(&nv, st, &ns);
        printf("  naive, 1 thread, every state: %10.2f s (%zu searches, %zu (party, state) pairs, "
               "%zu disagreements)\n",
               total, ns.searches, ns.checked, ns.mismatches);
        printf("  ratio naive / fast 1 thread: %.0fx; / fast %d threads: %.0fx\n", total / t1,
               omp_get_max_threads(), total / tn);
    } else {
        /* a deterministic sample of states per party, each checked with a
         * search per UI (not memoized); the total is extrapolated from the
         * mean search time */
        uint64_t z = 12345;
        for (size_t i = 0; i < P; i++)
            for (size_t j = 0; j < sample; j++) {
                z = z * 6364136223846793005ULL + 1442695040888963407ULL;
                naive_state(&nv, st, i, (size_t)((z >> 33) % S), &ns);
            }
        size_t needed = naive_search_count(&nv);
        double per = ns.seconds / (double)(ns.searches ? ns.searches : 1);
        double memo = per * (double)needed;
        printf("  naive, sample of %zu states per party: %zu searches in %.2f s (%.2f ms each), "
               "%zu (party, state) pairs checked, %zu disagreements\n",
               sample, ns.searches, ns.seconds, per * 1e3, ns.checked, ns.mismatches);
        printf("  naive (memoized) needs %zu searches: about %.0f s (%.1f h), extrapolated\n",
               needed, memo, memo / 3600);
        printf("  ratio naive / fast 1 thread: about %.0fx; / fast %d threads: about %.0fx\n",
               memo / t1, omp_get_max_threads(), memo / tn);
    }
    naive_free(&nv);
    accord_stability_free(st);
    accord_model_free(m);
}

/* One size of the scale curve, in a process of its own (bench_stability
 * --scale-child E): prints "states load_s stability_s gmr_eq rc maxrss_kib". */
static int scale_child(int e)
{
    double t0 = now();
    accord_model *m = load(model_scale(e));
    double tl = now() - t0;
    accord_stability *st = NULL;
    t0 = now();
    accord_status rc = accord_stability_compute(m, NULL, &st, NULL);
    double ts = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%zu %.3f %.3f %zu %d %ld\n", m->conflict->n_states, tl, ts, rc ? 0 : st->n_equilibria[1],
           (int)rc, (long)ru.ru_maxrss);
    accord_stability_free(st);
    accord_model_free(m);
    return 0;
}

/* One size in a child process with `threads` OpenMP threads (0: the
 * default); false when it failed. */
typedef struct scale_row {
    size_t states, eq;
    double load, stab;
    long maxrss_kib;
    int rc;
} scale_row;

static bool run_child(int e, int threads, scale_row *row)
{
    char cmd[4300], self[4096], env[32] = "";
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    if (threads > 0)
        snprintf(env, sizeof env, "OMP_NUM_THREADS=%d ", threads);
    snprintf(cmd, sizeof cmd, "%s'%s' --scale-child %d", env, self, e);
    fflush(stdout);
    FILE *p = popen(cmd, "r");
    char line[256] = {0};
    if (!p || !fgets(line, sizeof line, p)) {
        if (p)
            pclose(p);
        return false;
    }
    pclose(p);
    *row = (scale_row){.rc = -1};
    return sscanf(line, "%zu %lf %lf %zu %d %ld", &row->states, &row->load, &row->stab, &row->eq, &row->rc,
                  &row->maxrss_kib) == 6;
}

/* Peak bytes of the whole process per state. */
static double per_state(const scale_row *r) { return r->states ? r->maxrss_kib * 1024.0 / r->states : 0; }

/* (b); with `ratio`, each size on one thread and on two, and the ratio of
 * the analysis times. */
static void part_b(int max_exp, bool ratio)
{
    if (ratio)
        printf("\n(b) scale: 3 parties, every state feasible, 1 and 2 threads\n"
               "  %10s %8s %8s %9s %9s %6s %9s %9s %9s %9s %9s\n",
               "states", "options", "load s", "stab 1t", "stab 2t", "ratio", "peak 1t", "B/state", "peak 2t",
               "B/state", "GMR eq.");
    else
        printf("\n(b) scale: 3 parties, every state feasible, %d threads\n"
               "  %10s %8s %10s %12s %10s %9s %11s\n",
               omp_get_max_threads(), "states", "options", "load s", "stability s", "peak MiB", "B/state",
               "GMR eq.");
    /* a fresh process per size: peak memory is that size's, and OpenMP
     * does not survive fork() without exec() */
    for (int e = 16; e <= max_exp; e += 2) {
        scale_row r1, r2;
        if (!run_child(e, ratio ? 1 : 0, &r1) || (ratio && !run_child(e, 2, &r2))) {
            printf("  2^%d: failed\n", e);
            continue;
        }
        if (ratio)
            printf("  %10zu %8d %8.2f %9.2f %9.2f %5.2fx %9.0f %9.1f %9.0f %9.1f %9zu%s\n", r1.states, e,
                   r1.load, r1.stab, r2.stab, r2.stab > 0 ? r1.stab / r2.stab : 0, r1.maxrss_kib / 1024.0,
                   per_state(&r1), r2.maxrss_kib / 1024.0, per_state(&r2), r1.eq,
                   r1.rc || r2.rc || r1.eq != r2.eq ? "  (failed)" : "");
        else
            printf("  %10zu %8d %10.2f %12.2f %10.0f %9.1f %11zu%s\n", r1.states, e, r1.load, r1.stab,
                   r1.maxrss_kib / 1024.0, per_state(&r1), r1.eq, r1.rc ? "  (failed)" : "");
    }
    printf("  (peak MiB and B/state: the whole process, the loaded model included: its levels, a\n"
           "   byte per party and state here, and no state codes, as every state is feasible)\n");
}

int main(int argc, char **argv)
{
    size_t sample = 20;
    int max_exp = 24;
    bool skip_naive = false, ratio = false;
    const char *export_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sample") && i + 1 < argc)
            sample = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--max-exp") && i + 1 < argc)
            max_exp = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--export") && i + 1 < argc)
            export_dir = argv[++i];
        else if (!strcmp(argv[i], "--scale-child") && i + 1 < argc)
            return scale_child(atoi(argv[++i]));
        else if (!strcmp(argv[i], "--skip-naive"))
            skip_naive = true;
        else if (!strcmp(argv[i], "--ratio"))
            ratio = true;
        else {
            fprintf(stderr, "usage: bench_stability [--sample N] [--max-exp E] [--export DIR] "
                            "[--skip-naive] [--ratio]\n");
            return 2;
        }
    }
    printf("bench_stability: accord %s, %d OpenMP threads\n", accord_version(), omp_get_max_threads());
    part_a(true, 0, skip_naive, export_dir);
    part_a(false, sample, skip_naive, export_dir); /* --sample 0: in full (about 20 min) */
    part_b(max_exp, ratio);
    return 0;
}
