/*
 * rational_search.h - does any outcome satisfy every party (utility at least
 * the reservation, no red line broken)?  A depth-first branch and bound over
 * the issues, for utility tables other than the model's own (sampled ones).
 */
#ifndef ACCORD_RATIONAL_SEARCH_H
#define ACCORD_RATIONAL_SEARCH_H

#include "../model/model.h"

/* Reusable search state for one model (one per thread). */
typedef struct acc__rational_search acc__rational_search;

/* Prepare a search over m's issues.  Errors: ACCORD_E_NOMEM.
 * O(n_issues log n_issues + size of the red lines). */
accord_status acc__rational_search_new(const accord_model *m, acc__rational_search **out);
void acc__rational_search_free(acc__rational_search *s);

/*
 * Is some outcome rational under table t?  *found is set; when witness is
 * not NULL and an outcome is found, it receives its option indices.  The
 * search gives up after max_nodes nodes (0: no limit) with ACCORD_E_LIMIT.
 * Time complexity: O(nodes * (n_parties + groups) + options per node * log)
 * with nodes <= the outcome count.  A branch is cut when a party, or a group
 * of parties summed, cannot reach its reservation(s) with the best
 * completion; the options of an issue are tried most promising first (the
 * largest smallest margin over the parties' reservations).
 */
accord_status acc__rational_search_run(acc__rational_search *s, const accord_utility_table *t,
                                       uint64_t max_nodes, bool *found, uint32_t *witness);

/* Ignore some red lines in later runs: ignored[r] for the model's red lines
 * numbered party by party in file order (NULL: ignore none).  The array is
 * borrowed until the next call. */
void acc__rational_search_ignore(acc__rational_search *s, const bool *ignored);

/* The groups of parties whose summed utility the searches also bound
 * (docs/algorithms-agreement.md): every set of two or more parties up to four
 * parties, beyond that the pairs and everyone; none above 64 parties.  Bit p
 * of a group is party p.  Writes at most ACC_MAX_GROUPS; returns the count. */
#define ACC_MAX_GROUPS 2048
size_t acc__party_groups(size_t np, uint64_t *out);

/* Red lines of the model in all (the numbering acc__rational_search_ignore uses). */
size_t acc__red_line_count(const accord_model *m);

/* The flags of party p's red lines within `ignored` (one flag per red line
 * in the numbering above, as accord_repair_options.ignored_red_lines), or
 * NULL when ignored is NULL: every analysis that honours dropped red lines
 * reads them through this, so the numbering is decided in one place.  O(p). */
const bool *acc__red_lines_ignored(const accord_model *m, const bool *ignored, size_t p);

/* A copy of `ignored` (one flag per red line, as above) into *out, owned by
 * the caller (acc__free), for a result that says which red lines it
 * dropped; *out is NULL when ignored is.  Errors: ACCORD_E_NOMEM.  O(R). */
accord_status acc__red_lines_ignored_copy(const accord_model *m, const bool *ignored, bool **out);

#endif
