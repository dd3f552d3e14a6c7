/* number.c - fixed-point text of utilities, rounded the same everywhere (number.h). */
#include "number.h"

#include <math.h>
#include <stdio.h>

const char *acc__fixed(double v, int decimals, char *buf, size_t size)
{
    if (!isfinite(v) || decimals < 0 || decimals > 15) {
        snprintf(buf, size, "%.*f", decimals < 0 ? 0 : decimals > 15 ? 15 : decimals, v);
        return buf;
    }
    double scale = pow(10, decimals), y = v * scale;
    double low = floor(y), frac = y - low;
    /* a half within the 12th significant digit is a half: away from zero */
    double tol = 1e-11 * fmax(1, fabs(y));
    double r;
    if (fabs(frac - 0.5) <= tol)
        r = y >= 0 ? low + 1 : low;
    else
        r = nearbyint(y);
    if (fabs(r) >= 9007199254740992.0) /* beyond exact integers: the double as it is */
        r = y;
    snprintf(buf, size, "%.*f", decimals, r / scale);
    return buf;
}
