/*
 * number.h - the one rounding of utilities in text output (evaluate, repair,
 * frontier), so that a value prints the same whichever analysis shows it.
 */
#ifndef ACCORD_RENDER_NUMBER_H
#define ACCORD_RENDER_NUMBER_H

#include <stddef.h>

/* Text of a fixed-point number, as "%.*f" but rounded half away from zero
 * on the value's decimal of 12 significant digits (the value the JSON
 * shows, acc__json_round) rather than on its binary double: 0.1125 prints
 * "0.113" whether its double lies just above or just below 0.1125, and
 * -0.1125 prints "-0.113".  Infinities and NaN print as "%f" does.  Writes
 * into buf (size bytes, truncated as snprintf does); returns buf.  O(1). */
const char *acc__fixed(double v, int decimals, char *buf, size_t size);

/* Room for acc__fixed's text of any utility, reservation or welfare. */
#define ACC_FIXED_SIZE 48

#endif
