/*
 * bignum.h - small signed integers of up to ACC_BIG_LIMBS * 32 bits, for
 * comparing products and cross-products of utility numerators exactly
 * (solutions.c).  Values live on the stack; no allocation.
 */
#ifndef ACCORD_BIGNUM_H
#define ACCORD_BIGNUM_H

#include <stdbool.h>
#include <stdint.h>

#define ACC_BIG_LIMBS 72 /* 2304 bits: a product of 17 numerators of 128 bits */

__extension__ typedef __int128 acc__big_i128;
__extension__ typedef unsigned __int128 acc__big_u128;

typedef struct acc__big {
    bool neg;
    int n;                      /* limbs in use; 0 for zero */
    uint32_t l[ACC_BIG_LIMBS];  /* magnitude, least significant first */
} acc__big;

/* x = v. */
void acc__big_set(acc__big *x, acc__big_i128 v);
/* x *= v; false when the result would not fit (x is then unspecified). */
bool acc__big_mul(acc__big *x, acc__big_i128 v);
/* x += y; false when the result would not fit. */
bool acc__big_add(acc__big *x, const acc__big *y);
/* -1, 0 or 1 as a < b, a == b, a > b. */
int acc__big_cmp(const acc__big *a, const acc__big *b);

#endif
