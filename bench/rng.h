/*
 * rng.h - the benchmarks' seeded generator (splitmix64): every run draws
 * the same numbers from the same seed.  Included by one benchmark each.
 */
#ifndef ACCORD_BENCH_RNG_H
#define ACCORD_BENCH_RNG_H

#include <stdint.h>

static uint64_t rng_state;

/* Uniform in [0, 1), 53 bits. */
static double uniform(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

#endif
