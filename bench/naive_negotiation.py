#!/usr/bin/env python3
"""A straightforward Python implementation of accord's negotiation rules
(docs/contract.md section 4: stacked alternating offers between time-dependent agents),
reading a GENIUS scenario folder with xml.etree.  It is the reference for
bench/bench_negotiation.c: both print one line per negotiation in the same
format, so that their agreements can be compared with diff.

usage: naive_negotiation.py GENIUS_DIR [--rounds R] [--pairs a,b;c,d;...]

GENIUS semantics as accord reads them (docs/model-format.md): discrete
evaluations divided by the issue's largest evaluation, integer issues through
the linear evaluator clamped to [0, 1], weights as written and the utility
capped at 1, <reservation value> the reservation.  Utilities are summed in
issue order (the same floating-point operations as accord_utility) and
compared after rounding to the 2^-30 grid, so the results are identical.
"""
import itertools
import math
import os
import sys
import time
import xml.etree.ElementTree as ET

EXPONENTS = {"hardliner": 0.0, "boulware": 0.2, "linear": 1.0, "conceder": 2.0}
PAIRS = [("boulware", "conceder"), ("conceder", "boulware"), ("linear", "linear"),
         ("conceder", "conceder"), ("boulware", "linear")]


def grid(u):
    return round(u * 1073741824.0)  # round half to even, as nearbyint


def linear_points(slope, offset, lo, hi):
    """The clamped line slope * x + offset on [lo, hi] as breakpoints (genius.c)."""
    xs = [lo, hi]
    if slope != 0:
        x0, x1 = -offset / slope, (1 - offset) / slope
        if lo < x0 < hi:
            xs.append(x0)
        if lo < x1 < hi:
            xs.append(x1)
    xs.sort()
    pts = []
    for x in xs:
        if pts and x == pts[-1][0]:
            continue
        y = slope * x + offset
        pts.append((x, 0.0 if y < 0 else 1.0 if y > 1 else y))
    return pts


def piecewise(pts, x):
    if x <= pts[0][0]:
        return pts[0][1]
    if x >= pts[-1][0]:
        return pts[-1][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x <= x1:
            t = (x - x0) / (x1 - x0)
            return y0 + t * (y1 - y0)
    return pts[-1][1]


def load(folder):
    """Issues (name, options) and per profile (name, contributions, reservation)."""
    domain, profiles = None, []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".xml"):
            continue
        root = ET.parse(os.path.join(folder, name)).getroot()
        if root.tag == "negotiation_template":
            domain = root
        elif root.tag == "utility_space":
            profiles.append((name[:-4], root))
    issues = []
    for el in domain.iter("issue"):
        if el.get("type") == "integer" or el.get("vtype") == "integer":
            lo, hi = int(el.get("lowerbound")), int(el.get("upperbound"))
            issues.append((el.get("name"), "integer", list(range(lo, hi + 1))))
        else:
            issues.append((el.get("name"), "discrete", [it.get("value") for it in el.iter("item")]))
    parties = []
    for pname, root in profiles:
        weights = {int(w.get("index")): float(w.get("value")) for w in root.iter("weight")}
        by_name = {el.get("name"): el for el in root.iter("issue")}
        contrib = []
        for iname, kind, options in issues:
            el = by_name[iname]
            w = weights[int(el.get("index"))]
            if kind == "integer":
                ev = el.find("evaluator")
                slope = float(ev.get("slope")) if ev is not None else 0.0
                offset = float(ev.get("offset")) if ev is not None else 0.0
                pts = linear_points(slope, offset, float(options[0]), float(options[-1]))
                contrib.append([w * piecewise(pts, float(x)) for x in options])
            else:
                evals = {it.get("value"): float(it.get("evaluation")) for it in el.iter("item")}
                top = max(evals.values())
                contrib.append([w * (evals[o] / top if top > 0 else 0.0) for o in options])
        res = root.find("reservation")
        parties.append((pname, contrib, float(res.get("value")) if res is not None else 0.0))
    return issues, parties


def utilities(issues, contrib):
    """u of every outcome in enumeration order (first issue slowest), capped at 1."""
    out = []
    ranges = [range(len(opts)) for _, _, opts in issues]
    for w in itertools.product(*ranges):
        u = 0.0
        for i, k in enumerate(w):
            u += contrib[i][k]
        out.append(1.0 if u > 1 else u)
    return out


def negotiate(issues, parties, exponents, rounds):
    n = len(parties)
    grids, pmax, pmin = [], [], []
    for (_, contrib, res) in parties:
        us = utilities(issues, contrib)
        grids.append([grid(u) for u in us])
        hi, lo = max(us), min(us)
        pmax.append(hi)
        pmin.append(lo if lo > res else res)
    standing, accepts = None, 0
    for r in range(rounds):
        t = r / (rounds - 1)
        for p in range(n):
            e = exponents[p]
            target = pmax[p] if e == 0 else pmin[p] + (pmax[p] - pmin[p]) * (1 - math.pow(t, 1 / e))
            T = min(grid(target), grid(pmax[p]))
            g = grids[p]
            # the smallest grid utility >= T, ties to the smallest index: scan everything
            best_g, best = min((v, k) for k, v in enumerate(g) if v >= T)
            if standing is not None and g[standing] >= best_g and g[standing] >= grid(parties[p][2]):
                accepts += 1
                if accepts == n - 1:
                    return r, standing
                continue
            standing, accepts = best, 0
    return None, None


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    folder, rounds, pairs = args[0], 100, PAIRS
    if "--rounds" in args:
        rounds = int(args[args.index("--rounds") + 1])
    if "--pairs" in args:
        pairs = [tuple(p.split(",")) for p in args[args.index("--pairs") + 1].split(";")]
    issues, parties = load(folder)
    start = time.perf_counter()
    for pair in pairs:
        r, w = negotiate(issues, parties, [EXPONENTS[a] for a in pair], rounds)
        if r is None:
            print("%s: no agreement" % ",".join(pair))
        else:
            print("%s: agreement in round %d on outcome %d" % (",".join(pair), r, w))
        sys.stdout.flush()
    print("python naive: %.1f s for %d negotiations" % (time.perf_counter() - start, len(pairs)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
