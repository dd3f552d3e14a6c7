/*
 * commands.h - every subcommand's entry point.  Each module's commands are
 * listed in one macro so that main.c's table stays in one place.
 */
#ifndef ACCORD_CLI_COMMANDS_H
#define ACCORD_CLI_COMMANDS_H

int cmd_analyze(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* agreement analysis (cmd_agreement.c) */
int cmd_evaluate(int argc, char **argv);
int cmd_frontier(int argc, char **argv);
int cmd_repair(int argc, char **argv);
/* --drop, the same on evaluate, frontier, repair and robust */
#define DROP_HELP                                                                                  \
    "  --drop PARTY:N,... as if these red lines were dropped (N counts the party's\n"             \
    "                     red lines from 1, in the model's order)\n"
#define COMMANDS_AGREEMENT                                                                         \
    {"evaluate", "MODEL [--terms issue=option,...] [--drop PARTY:N,...] [-v] [--json] [-o FILE]",                   \
     "Each proposal, party by party: utility, verdict and why.",                                  \
     "  -t, --terms T      evaluate these terms (every issue) instead of the proposals\n"         \
     DROP_HELP                                                                                     \
     "  -v, --verbose      every contribution and cost, not only the three largest\n",            \
     cmd_evaluate},                                                                                \
    {"frontier", "MODEL [--max-points N] [--drop PARTY:N,...] [-v] [--json] [-o FILE]",                              \
     "Pareto frontier, rational frontier and bargaining solutions (exact).",                      \
     DROP_HELP                                                                                     \
     "  --max-points N     largest frontier kept while it is built (default: what\n"            \
     "                     fits in 2 GiB, measured as it is built; 1048576 with more\n"           \
     "                     than four parties); the analysis stops with exit code 1\n"            \
     "                     above it\n"                                                           \
     "  -v, --verbose      list every frontier point, not only the first 20\n",                 \
     cmd_frontier},                                                                                \
    {"repair", "MODEL (--proposal ID | --terms ISSUE=OPTION,...) [--drop PARTY:N,...] [--max N] [-v]", \
     "Fewest changes that make a proposal acceptable to every party.",                            \
     "  -p, --proposal ID  the proposal to repair\n"                                              \
     "  -t, --terms LIST   the terms to repair, issue=option,... (every issue, or the ones\n"    \
     "                     that differ from --proposal)\n"                                       \
     DROP_HELP                                                                                     \
     "  --max N            most repairs listed (default 20); the first has the largest\n"        \
     "                     Nash product\n",                                                      \
     cmd_repair},

/* conflict analysis (cmd_conflict.c) */
int cmd_stability(int argc, char **argv);
int cmd_coalitions(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
#define COMMANDS_CONFLICT                                                                          \
    {"stability", "MODEL [--full] [--dot [--ui-only]] [--threads N] [--max-memory MiB] [--json] [-o FILE]",                                                  \
     "Nash, GMR, SMR and SEQ stability per party and state; equilibria.",                         \
     "  --full             the whole tableau however many states (text)\n"                        \
     "  --dot              the state graph in Graphviz DOT (docs/report.md)\n"                    \
     "  --ui-only          with --dot: only the unilateral improvements\n"                        \
     "  --threads N        OpenMP threads (default: OMP_NUM_THREADS or every core)\n"             \
     "  --max-memory MIB   working memory allowed, in MiB (default 8192)\n",                      \
     cmd_stability},                                                                               \
    {"coalitions", "MODEL [--threads N] [--max-memory MiB] [--max-work N] [--json] [-o FILE]",                                                          \
     "Coalition analysis: which coalitions can block each Nash equilibrium.",                     \
     "  --threads N        OpenMP threads (default: OMP_NUM_THREADS or every core)\n"             \
     "  --max-memory MIB   working memory allowed, in MiB (default 8192)\n"                       \
     "  --max-work N       sub-block lookups allowed, estimated before the search\n"             \
     "                     (default 2^32, about two minutes)\n",                                 \
     cmd_coalitions},                                                                              \
    {"evolve", "MODEL [--from STATE] [--dot] [--threads N] [--max-memory MiB] [--json] [-o FILE]",                                                             \
     "Status quo analysis: the equilibria unilateral improvements reach, and how.",               \
     "  --from STATE       start there instead of the status quo: a state id or a\n"              \
     "                     Y/N pattern (\"N YNN N\")\n"                                           \
     "  --dot              the evolution graph in Graphviz DOT (docs/report.md)\n"                \
     "  --threads N        OpenMP threads (default: OMP_NUM_THREADS or every core)\n"             \
     "  --max-memory MIB   working memory allowed, in MiB (default 8192)\n",                      \
     cmd_evolve},

/* negotiation simulation (cmd_negotiation.c) */
int cmd_negotiate(int argc, char **argv);
int cmd_tournament(int argc, char **argv);
#define COMMANDS_NEGOTIATION                                                                       \
    {"negotiate", "MODEL --agents A,B[,C] [--rounds R] [--seed S] [--max-sorted N] [-v] [--json] [-o FILE]",                                \
     "One simulated negotiation (stacked alternating offers).",                                    \
     "  --agents LIST      one agent per party, in party order, separated by commas:\n"             \
     "                     hardliner, boulware, linear, conceder, timedep:E (exponent E >= 0),\n"   \
     "                     titfortat, random (see docs/negotiation.md)\n"                           \
     "  --rounds R         rounds (default 100); every party takes one turn per round\n"          \
     "  --seed S           seed of the random agents (default 0)\n"                                \
     "  --max-sorted N     largest outcome space an agent keeps sorted (default 4194304);\n"      \
     "                     larger spaces are searched in two halves of at most N each\n"          \
     "  -v, --verbose      show every turn of a long trace\n",                                    \
     cmd_negotiate},                                                                               \
    {"tournament", "MODEL... --agents A,B,... [--rounds R] [--repeat N] [--seed S] [--csv] [--part K/N] [--json] [-o FILE]",        \
     "Every assignment of the agents to the roles of every MODEL; a table per agent.",             \
     "  --agents LIST      the agents (see accord help negotiate); every ordered choice of one\n"  \
     "                     per party is played, the same agent in several roles included\n"       \
     "  --rounds R         rounds per negotiation (default 100)\n"                                \
     "  --repeat N         runs of each assignment with a random agent (default 1)\n"            \
     "  --seed S           base seed (default 0); each run's seed derives from it\n"             \
     "  --max-sorted N     as for accord negotiate\n"                                              \
     "  --csv              the per-agent table as CSV\n"                                           \
     "  --part K/N         play only part K of N (with --json: a file for --merge)\n"             \
     "  --merge FILE...    combine the --json outputs of every part into the whole\n",           \
     cmd_tournament},

/* uncertainty (cmd_robust.c) */
int cmd_robust(int argc, char **argv);
#define COMMANDS_ROBUST                                                                            \
    {"robust", "[MODEL] [--samples N] [--seed S] [--top K] [--drop PARTY:N,...] [--threads N] [--max-memory MiB] [--json] [-o FILE]", \
     "Acceptance under uncertainty: sample every range, with the numbers that decide.",           \
     "  --samples N        how many samples (default " CLI_STR(ACCORD_DEFAULT_SAMPLES) ")\n"       \
     "  --seed S           the random seed (default 0); the same seed gives the same output\n"     \
     "  --top K            length of the sensitivity ranking (default "                            \
     CLI_STR(ACCORD_DEFAULT_TOP) ")\n"                                                             \
     DROP_HELP                                                                                     \
     "  --threads N        OpenMP threads (default: OMP_NUM_THREADS or every core); the\n"       \
     "                     output is the same for any N\n"                                       \
     "  --max-memory MIB   memory the samples may take, in MiB (default 4096)\n",                 \
     cmd_robust},

/* reports (cmd_report.c) */
int cmd_report(int argc, char **argv);
#define COMMANDS_REPORT                                                                            \
    {"report", "[MODEL] [-o FILE.html] [--samples N] [--seed S] [--max-points N] [--threads N] [--chart KIND[:ARG]]",             \
     "A self-contained HTML report with plots (default: the built-in scenario).",                 \
     "  -o FILE.html       write the report there (default: stdout)\n"                            \
     "  --samples N        robustness samples (default " CLI_STR(ACCORD_DEFAULT_SAMPLES)           \
     "; 0 leaves the section out)\n"                                                               \
     "  --seed S           seed of the sampling (default 0)\n"                                     \
     "  --max-points N     largest Pareto frontier to compute (default: what fits in\n"          \
     "                     2 GiB; 1048576 with more than four parties)\n"                        \
     "  --threads N        OpenMP threads of the conflict analyses\n"                             \
     "  --chart KIND[:ARG] one chart as a standalone SVG instead: bars:PROPOSAL,\n"               \
     "                     heatmap:PROPOSAL, frontier:PARTY,PARTY, sensitivity, evolution\n"      \
     "  --json             the model data the report's explorer computes with\n",                \
     cmd_report},

#endif
