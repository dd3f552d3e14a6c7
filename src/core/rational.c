/* rational.c - the exact fractions that the decimal numbers of a model denote. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static accord_rational from128(acc__i128 num, acc__i128 den);

static accord_rational parse_decimal(const char *s, const char **end);

accord_rational acc__rational_parse(const char *s)
{
    if (!s)
        return (accord_rational){0, 0};
    const char *end;
    accord_rational a = parse_decimal(s, &end);
    if (a.den > 0 && *end == '/') { /* a fraction of two whole numbers */
        const char *d = end + 1;
        if (*d == '+' || *d == '-')
            return (accord_rational){0, 0};
        accord_rational b = parse_decimal(d, &end);
        if (a.den != 1 || b.den != 1 || strchr(s, '.') || strpbrk(s, "eE") || *end)
            return (accord_rational){0, 0};
        return acc__rational_div(a, b);
    }
    return *end ? (accord_rational){0, 0} : a;
}

/* [+-]digits[.digits][e[+-]digits] at s; *end after it. */
static accord_rational parse_decimal(const char *s, const char **end)
{
    *end = s;
    const accord_rational none = {0, 0};
    if (!s)
        return none;
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    int64_t m = 0;
    int digits = 0, scale = 0; /* significant digits taken; decimal places */
    bool any = false, point = false;
    for (;; s++) {
        if (*s == '.' && !point) {
            point = true;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            break;
        any = true;
        int d = *s - '0';
        if (point)
            scale++;
        if (m == 0 && d == 0)
            continue; /* leading zeros are not significant */
        if (++digits > 18)
            return none;
        m = m * 10 + d;
    }
    if (!any)
        return none;
    long e = 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        bool eneg = false;
        if (*s == '+' || *s == '-')
            eneg = *s++ == '-';
        if (!isdigit((unsigned char)*s))
            return none;
        for (; isdigit((unsigned char)*s); s++) {
            e = e * 10 + (*s - '0');
            if (e > 1000)
                return m == 0 ? (accord_rational){0, 1} : none;
        }
        if (eneg)
            e = -e;
    }
    *end = s;
    if (m == 0)
        return (accord_rational){0, 1};
    /* value = m * 10^(e - scale); drop trailing zeros of m first */
    long ex = e - scale;
    while (ex < 0 && m % 10 == 0) {
        m /= 10;
        ex++;
    }
    int64_t den = 1;
    for (; ex < 0; ex++) {
        if (den > INT64_MAX / 10)
            return none;
        den *= 10;
    }
    for (; ex > 0; ex--) {
        if (m > INT64_MAX / 10)
            return none;
        m *= 10;
    }
    return from128(neg ? -m : m, den);
}

acc__i128 acc__gcd128(acc__i128 a, acc__i128 b)
{
    if (a < 0)
        a = -a;
    while (b) {
        acc__i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* num/den (den > 0) reduced into int64, or den 0 when it does not fit. */
static accord_rational from128(acc__i128 num, acc__i128 den)
{
    if (den <= 0)
        return (accord_rational){0, 0};
    acc__i128 g = acc__gcd128(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    if (num > INT64_MAX || num < -INT64_MAX || den > INT64_MAX)
        return (accord_rational){0, 0};
    return (accord_rational){(int64_t)num, (int64_t)den};
}

#define NONE (accord_rational){0, 0}

accord_rational acc__rational_add(accord_rational a, accord_rational b)
{
    if (a.den <= 0 || b.den <= 0)
        return NONE;
    return from128((acc__i128)a.num * b.den + (acc__i128)b.num * a.den, (acc__i128)a.den * b.den);
}

accord_rational acc__rational_sub(accord_rational a, accord_rational b)
{
    b.num = -b.num;
    return acc__rational_add(a, b);
}

accord_rational acc__rational_mul(accord_rational a, accord_rational b)
{
    if (a.den <= 0 || b.den <= 0)
        return NONE;
    return from128((acc__i128)a.num * b.num, (acc__i128)a.den * b.den);
}

accord_rational acc__rational_div(accord_rational a, accord_rational b)
{
    if (a.den <= 0 || b.den <= 0 || b.num == 0)
        return NONE;
    acc__i128 num = (acc__i128)a.num * b.den, den = (acc__i128)a.den * b.num;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    return from128(num, den);
}

int acc__rational_cmp(accord_rational a, accord_rational b)
{
    acc__i128 x = (acc__i128)a.num * b.den, y = (acc__i128)b.num * a.den;
    return x < y ? -1 : x > y;
}

int64_t acc__rational_floor(accord_rational a)
{
    int64_t q = a.num / a.den;
    return (a.num % a.den != 0 && a.num < 0) ? q - 1 : q;
}

double acc__rational_double(accord_rational a)
{
    return (double)a.num / (double)a.den;
}

accord_rational acc__rational_mid(accord_rational a, accord_rational b)
{
    if (a.den <= 0 || b.den <= 0)
        return NONE;
    return from128((acc__i128)a.num * b.den + (acc__i128)b.num * a.den, (acc__i128)2 * a.den * b.den);
}

accord_rational acc__rational_from_double(double v)
{
    if (!isfinite(v))
        return NONE;
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (strtod(buf, NULL) == v)
            return acc__rational_parse(buf);
    }
    return NONE;
}
