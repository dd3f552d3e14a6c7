#!/usr/bin/env python3
"""A straightforward Python implementation of GMCR stability (docs/contract.md §2).

For every party i and every state s1 that is a unilateral improvement (UI)
of i from some state, R_{N-i}(s1) and R+_{N-i}(s1) are found by a
breadth-first search over (state, last mover) pairs -- legal sequences: no
party twice in a row, a party may move again later -- with each party's moves
enumerated from its option mask.  Then for each state s and each UI s1 of i:

  Nash: i has no UI;
  GMR:  some s2 in R_{N-i}(s1) has level_i(s2) <= level_i(s);
  SMR:  ... and every move of i from s2 also stays <= level_i(s);
  SEQ:  some s2 in R+_{N-i}(s1) has level_i(s2) <= level_i(s).

The searches are memoized per (i, s1) as the minima the three tests need.
Input: the JSON written by `bench_stability --export DIR`.

    naive_stability.py FILE.json             every state; checks the result
    naive_stability.py FILE.json --sample N  N searches per party, timed and
                                             extrapolated to the whole model
"""
import json
import random
import sys
import time
from collections import deque


def load(path):
    with open(path) as f:
        d = json.load(f)
    P = d["parties"]
    mask = [0] * P
    fwd = bwd = 0
    for o, (party, moves) in enumerate(d["options"]):
        mask[party] |= 1 << o
        if moves == "forward":
            fwd |= 1 << o
        elif moves == "backward":
            bwd |= 1 << o
    return d, P, mask, fwd, bwd


def main():
    path = sys.argv[1]
    sample = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--sample" else 0
    d, P, mask, fwd, bwd = load(path)
    states = d["states"]
    level = d["levels"]
    S = len(states)
    index = {code: k for k, code in enumerate(states)}

    t0 = time.perf_counter()
    # adjacency: moves[k][x] = states party k can move to from x
    moves = []
    for k in range(P):
        M = mask[k]
        per = []
        for x in range(S):
            code = states[x]
            out = []
            dd = M
            while dd:
                if not (dd & fwd & code) and not (dd & bwd & ~code):
                    y = index.get(code ^ dd)
                    if y is not None:
                        out.append(y)
                dd = (dd - 1) & M
            per.append(out)
        moves.append(per)
    t_moves = time.perf_counter() - t0

    def reach(i, s1, plus):
        """R_{N-i}(s1) (plus: R+) as a set, by BFS over (state, last mover)."""
        seen = set()
        found = set()
        queue = deque([(s1, -1)])
        while queue:
            x, last = queue.popleft()
            for k in range(P):
                if k == i or k == last:
                    continue
                lk = level[k]
                for y in moves[k][x]:
                    if plus and lk[y] <= lk[x]:
                        continue
                    found.add(y)
                    if (y, k) not in seen:
                        seen.add((y, k))
                        queue.append((y, k))
        return found

    def minima(i, s1):
        li = level[i]
        r = reach(i, s1, False)
        rp = reach(i, s1, True)
        gmin = min((li[y] for y in r), default=None)
        smin = min((max([li[y]] + [li[z] for z in moves[i][y]]) for y in r), default=None)
        qmin = min((li[y] for y in rp), default=None)
        return gmin, smin, qmin

    # which (i, s1) need a search: s1 a UI of i from some state
    targets = []
    for i in range(P):
        li = level[i]
        t = set()
        for s in range(S):
            for y in moves[i][s]:
                if li[y] > li[s]:
                    t.add(y)
        targets.append(sorted(t))
    needed = sum(len(t) for t in targets)

    if sample:
        rng = random.Random(1)
        t0 = time.perf_counter()
        n = 0
        for i in range(P):
            for s1 in rng.sample(targets[i], min(sample, len(targets[i]))):
                minima(i, s1)
                n += 1
        t = time.perf_counter() - t0
        per = t / n
        print(f"{S} states: {n} (party, UI target) searches in {t:.2f} s, {per * 1e3:.1f} ms each "
              f"(R and R+); the model needs {needed}: about {per * needed:.0f} s "
              f"({per * needed / 3600:.1f} h) extrapolated, plus {t_moves:.1f} s for the moves")
        return

    t0 = time.perf_counter()
    memo = {}
    for i in range(P):
        for s1 in targets[i]:
            memo[(i, s1)] = minima(i, s1)
    stable = [[[True] * S for _ in range(P)] for _ in range(4)]
    for i in range(P):
        li = level[i]
        for s in range(S):
            L = li[s]
            for s1 in moves[i][s]:
                if li[s1] <= L:
                    continue
                gmin, smin, qmin = memo[(i, s1)]
                stable[0][i][s] = False
                if gmin is None or gmin > L:
                    stable[1][i][s] = False
                if smin is None or smin > L:
                    stable[2][i][s] = False
                if qmin is None or qmin > L:
                    stable[3][i][s] = False
    t = time.perf_counter() - t0
    names = ["nash", "gmr", "smr", "seq"]
    eq = {names[c]: sum(all(stable[c][i][s] for i in range(P)) for s in range(S)) for c in range(4)}
    agree = eq == d["equilibria"]
    if "stable" in d:
        agree = agree and all(
            "".join("1" if stable[c][i][s] else "0" for s in range(S)) == d["stable"][names[c]][i]
            for c in range(4) for i in range(P))
    print(f"{S} states: {needed} (party, UI target) searches and the tests in {t:.2f} s, "
          f"plus {t_moves:.2f} s for the moves; equilibria {eq}; "
          f"{'agrees with' if agree else 'DISAGREES with'} accord")
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
