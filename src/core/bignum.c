/* bignum.c - small signed integers for exact comparisons (bignum.h). */
#include "bignum.h"

#include <string.h>

static void trim(acc__big *x)
{
    while (x->n > 0 && x->l[x->n - 1] == 0)
        x->n--;
    if (x->n == 0)
        x->neg = false;
}

void acc__big_set(acc__big *x, acc__big_i128 v)
{
    x->neg = v < 0;
    acc__big_u128 m = x->neg ? (acc__big_u128)0 - (acc__big_u128)v : (acc__big_u128)v;
    x->n = 0;
    while (m) {
        x->l[x->n++] = (uint32_t)m;
        m >>= 32;
    }
    trim(x);
}

bool acc__big_mul(acc__big *x, acc__big_i128 v)
{
    acc__big y;
    acc__big_set(&y, v);
    if (x->n == 0 || y.n == 0) {
        x->n = 0;
        x->neg = false;
        return true;
    }
    if (x->n + y.n > ACC_BIG_LIMBS)
        return false;
    uint32_t r[ACC_BIG_LIMBS] = {0};
    for (int i = 0; i < x->n; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < y.n; j++) {
            uint64_t t = (uint64_t)x->l[i] * y.l[j] + r[i + j] + carry;
            r[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        r[i + y.n] = (uint32_t)carry;
    }
    memcpy(x->l, r, sizeof r);
    x->n += y.n;
    x->neg = x->neg != y.neg;
    trim(x);
    return true;
}

/* |a| vs |b| */
static int cmp_mag(const acc__big *a, const acc__big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (int i = a->n; i-- > 0;)
        if (a->l[i] != b->l[i])
            return a->l[i] < b->l[i] ? -1 : 1;
    return 0;
}

bool acc__big_add(acc__big *x, const acc__big *y)
{
    if (y->n == 0)
        return true;
    if (x->neg == y->neg) {
        int n = x->n > y->n ? x->n : y->n;
        uint64_t carry = 0;
        for (int i = 0; i < n; i++) {
            uint64_t t = carry + (i < x->n ? x->l[i] : 0) + (i < y->n ? y->l[i] : 0);
            x->l[i] = (uint32_t)t;
            carry = t >> 32;
        }
        x->n = n;
        if (carry) {
            if (n == ACC_BIG_LIMBS)
                return false;
            x->l[x->n++] = (uint32_t)carry;
        }
        return true;
    }
    /* different signs: subtract the smaller magnitude from the larger */
    const acc__big *big = x, *small = y;
    bool neg = x->neg;
    if (cmp_mag(x, y) < 0) {
        big = y;
        small = x;
        neg = y->neg;
    }
    uint32_t r[ACC_BIG_LIMBS];
    int64_t borrow = 0;
    for (int i = 0; i < big->n; i++) {
        int64_t t = (int64_t)big->l[i] - (i < small->n ? small->l[i] : 0) - borrow;
        borrow = t < 0;
        r[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
    }
    x->n = big->n;
    memcpy(x->l, r, (size_t)x->n * sizeof *r);
    x->neg = neg;
    trim(x);
    return true;
}

int acc__big_cmp(const acc__big *a, const acc__big *b)
{
    if (a->neg != b->neg)
        return a->neg ? -1 : 1;
    int c = cmp_mag(a, b);
    return a->neg ? -c : c;
}
