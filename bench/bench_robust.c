/*
 * bench_robust.c - `accord robust` (accord_robust_compute): samples a
 * second at 1 and 2 threads, the second core's speed-up, bytes a sample
 * from the library's own memory estimate, and the peak resident memory
 * against that estimate.  Figures and the commands are in BENCHMARKS.md
 * ("Robustness sampling").
 *
 *   bench_robust [--samples N,N,...] [--repeat R]
 *
 * Two models: the built-in scenario (scenarios/plan28.yaml) and a
 * synthetic one (4 parties, 8 issues of 6 options, 6 proposals, every
 * value, weight and reservation a range of width 0.2, two soft red lines a
 * party).  For each model and sample count (1,000, 20,000 and 200,000 by
 * default) each thread count (1, 2, set with omp_set_num_threads, the
 * library's default) runs in a child process of its own, so that its peak
 * resident memory (getrusage) is its own; the wall-clock time is the best
 * of R runs (default 1).  Per run: samples a second, the bytes a sample and
 * the estimate in all (from the refusal's message at max_memory = 1: the
 * library's own formula), the peak RSS and its growth over the resident
 * memory after loading the model (/proc/self/statm; what loading freed may
 * be reused, so the growth can be below what the run allocates); per
 * model and sample count: the 2-thread speed-up.
 * The same file builds against older commits (it uses the public API only).
 */
#include "accord.h"
#include "rng.h"

#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}


static char buf[1 << 17];
static size_t len;
static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + len, sizeof buf - len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf - len) {
        fprintf(stderr, "synthetic model too large\n");
        exit(1);
    }
    len += (size_t)n;
}

/* A range of width 0.2 around v, within [0, 1]. */
static void range(double v)
{
    double lo = v - 0.1 < 0 ? 0 : v - 0.1, hi = lo + 0.2 > 1 ? 1 : lo + 0.2;
    put("[%.3f, %.3f]", hi - 0.2 < 0 ? 0 : hi - 0.2, hi);
}

enum { SP = 4, SI = 8, SO = 6, SPROP = 6 };

static const char *synthetic(void)
{
    rng_state = 7; /* every call draws the same model: the parent's estimate and
                    * the forked child's run measure one model */
    len = 0;
    put("accord: 1\nparties: [");
    for (int p = 0; p < SP; p++)
        put("%sP%d", p ? ", " : "", p);
    put("]\nagreement:\n  issues:\n");
    for (int i = 0; i < SI; i++) {
        put("    - {id: i%d, options: [", i);
        for (int k = 0; k < SO; k++)
            put("%so%d", k ? ", " : "", k);
        put("]}\n");
    }
    put("  proposals:\n");
    for (int q = 0; q < SPROP; q++) {
        put("    - {id: d%d, terms: {", q);
        for (int i = 0; i < SI; i++)
            put("%si%d: o%d", i ? ", " : "", i, (int)(uniform() * SO));
        put("}}\n");
    }
    put("  preferences:\n");
    for (int p = 0; p < SP; p++) {
        put("    P%d:\n      reservation: ", p);
        range(0.35 + 0.2 * uniform());
        put("\n      weights: {");
        for (int i = 0; i < SI; i++) {
            put("%si%d: ", i ? ", " : "", i);
            range(0.3 + 0.6 * uniform());
        }
        put("}\n      values:\n");
        for (int i = 0; i < SI; i++) {
            put("        i%d: {", i);
            for (int k = 0; k < SO; k++) {
                put("%so%d: ", k ? ", " : "", k);
                range(uniform());
            }
            put("}\n");
        }
        put("      red_lines:\n");
        for (int k = 0; k < 2; k++)
            put("        - {when: \"i%d = o%d\", firmness: %.2f}\n", (p + k) % SI, (int)(uniform() * SO),
                0.5 + 0.4 * uniform());
    }
    return buf;
}

static accord_model *load(int which)
{
    accord_model *m = NULL;
    accord_diagnostics diag = {0};
    size_t size = 0;
    const char *text = which ? synthetic() : accord_builtin_scenario(&size);
    if (which)
        size = strlen(text);
    if (accord_model_load_buffer(which ? "synthetic.yaml" : "plan28.yaml", text, size, NULL, &m, &diag)) {
        for (size_t i = 0; i < diag.count; i++)
            fprintf(stderr, "%s\n", diag.items[i].message);
        exit(1);
    }
    accord_diagnostics_clear(&diag);
    return m;
}

/* The library's memory estimate for `samples` at `threads`: bytes a
 * sample, and in all (bytes), from the refusal at max_memory = 1. */
static void estimate(const accord_model *m, uint64_t samples, int threads, double *per, double *all)
{
    accord_robust_options o = {.samples = samples, .max_memory = 1, .threads = threads};
    accord_robust *r = NULL;
    accord_diagnostics d = {0};
    *per = *all = -1;
    if (accord_robust_compute(m, &o, &r, &d) != ACCORD_E_LIMIT) {
        accord_robust_free(r);
        return;
    }
    for (size_t i = 0; i < d.count; i++) {
        const char *msg = d.items[i].message, *at = strstr(msg, " of memory ("),
                   *about = strstr(msg, "need about ");
        if (!at || !about)
            continue;
        *per = strtod(at + strlen(" of memory ("), NULL);
        char *end = NULL;
        double v = strtod(about + strlen("need about "), &end);
        *all = strncmp(end, " KiB", 4) == 0   ? v * 1024
               : strncmp(end, " MiB", 4) == 0 ? v * 1048576
               : strncmp(end, " GiB", 4) == 0 ? v * 1073741824.0
                                               : v;
    }
    accord_diagnostics_clear(&d);
}

/* Peak resident memory so far (getrusage), KiB. */
static long rss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/* Resident memory now (/proc/self/statm), KiB; the peak where there is no
 * /proc. */
static long rss_now_kb(void)
{
    long pages_total = 0, pages_resident = -1;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2)
            pages_resident = -1;
        fclose(f);
    }
    return pages_resident < 0 ? rss_kb() : pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* One run in a child: seconds (best of `repeat`), peak RSS and its growth
 * over the RSS after loading, in KiB. */
typedef struct run_result {
    double seconds;
    long peak_kb, base_kb;
} run_result;

static run_result run_child(int which, uint64_t samples, int threads, int repeat)
{
    int fd[2];
    run_result res = {-1, -1, -1};
    if (pipe(fd))
        return res;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        omp_set_num_threads(threads);
        accord_model *m = load(which);
        run_result out = {1e30, 0, rss_now_kb()};
        for (int k = 0; k < repeat; k++) {
            accord_robust_options o = {.samples = samples, .seed = 1};
            accord_robust *r = NULL;
            double t0 = wall();
            if (accord_robust_compute(m, &o, &r, NULL))
                _exit(1);
            double t = wall() - t0;
            out.seconds = t < out.seconds ? t : out.seconds;
            accord_robust_free(r);
        }
        out.peak_kb = rss_kb();
        if (write(fd[1], &out, sizeof out) != (ssize_t)sizeof out)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    if (read(fd[0], &res, sizeof res) != (ssize_t)sizeof res)
        res.seconds = -1;
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
    return res;
}

int main(int argc, char **argv)
{
    uint64_t counts[8] = {1000, 20000, 200000};
    size_t n_counts = 3;
    int repeat = 1;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--samples") && a + 1 < argc) {
            n_counts = 0;
            for (char *s = argv[++a]; *s && n_counts < 8; s += *s == ',')
                counts[n_counts++] = strtoull(s, &s, 10);
        } else if (!strcmp(argv[a], "--repeat") && a + 1 < argc) {
            repeat = atoi(argv[++a]);
        } else {
            fprintf(stderr, "usage: bench_robust [--samples N,N,...] [--repeat R]\n");
            return 2;
        }
    }
    const char *names[2] = {"plan28", "synthetic"};
    printf("%-10s %8s %3s %10s %9s %9s %10s %10s %10s %7s %8s\n", "model", "samples", "thr", "seconds",
           "samples/s", "us/sample", "est B/smp", "est KiB", "peak KiB", "grow KiB", "2t/1t");
    for (int which = 0; which < 2; which++) {
        accord_model *m = load(which);
        for (size_t c = 0; c < n_counts; c++) {
            double t1 = 0;
            for (int threads = 1; threads <= 2; threads++) {
                double per, all;
                estimate(m, counts[c], threads, &per, &all);
                run_result r = run_child(which, counts[c], threads, repeat);
                if (r.seconds < 0) {
                    fprintf(stderr, "%s: run failed\n", names[which]);
                    return 1;
                }
                if (threads == 1)
                    t1 = r.seconds;
                printf("%-10s %8llu %3d %10.4f %9.0f %9.2f %10.1f %10.0f %10ld %7ld", names[which],
                       (unsigned long long)counts[c], threads, r.seconds, (double)counts[c] / r.seconds,
                       r.seconds / (double)counts[c] * 1e6, per, all / 1024, r.peak_kb,
                       r.peak_kb - r.base_kb);
                if (threads == 2)
                    printf(" %8.2fx", t1 / r.seconds);
                printf("\n");
                fflush(stdout);
            }
        }
        accord_model_free(m);
    }
    return 0;
}
