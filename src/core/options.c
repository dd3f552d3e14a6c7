/* options.c - the options structs' init functions: zeroed, which every
 * analysis reads as its documented defaults (ARCHITECTURE.md, "One shape
 * for the API"). */
#include "internal.h"

#include <string.h>

void accord_load_options_init(accord_load_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_frontier_options_init(accord_frontier_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_stability_options_init(accord_stability_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_evolve_options_init(accord_evolve_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_negotiation_options_init(accord_negotiation_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_tournament_options_init(accord_tournament_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_robust_options_init(accord_robust_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_render_options_init(accord_render_options *opts) { memset(opts, 0, sizeof *opts); }
void accord_dot_options_init(accord_dot_options *opts) { memset(opts, 0, sizeof *opts); }
