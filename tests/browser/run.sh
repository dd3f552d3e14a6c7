#!/usr/bin/env bash
# The HTML report in a real browser: writes the reports of the built-in
# scenario, of the hostile model (tests/models/report/escape.yaml) and of the
# small model, and checks them in headless Chromium with report_test.mjs
# (Playwright, never downloading a browser).  A full-page screenshot of the
# built-in scenario's report goes to BUILD/report-screenshot.png.
#
#   tests/browser/run.sh [BUILD]     BUILD: the build folder (default: the
#                                    repository's build/); accord is built
#                                    there if it is missing
# Needs: chromium (scripts/install-deps --browser), node >= 20 and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build_arg=${1:-$root/build}   # relative to the caller's folder
mkdir -p "$build_arg"
build=$(cd "$build_arg" && pwd)
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [[ ! -x "$CHROMIUM" ]]; then
  echo "tests/browser/run.sh: no Chromium at $CHROMIUM (scripts/install-deps --browser installs it)" >&2
  exit 1
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "tests/browser/run.sh: $tool is needed" >&2; exit 1; }
done
if [[ ! -x "$build/accord" ]]; then
  cmake -S "$root" -B "$build" -G Ninja >/dev/null
  cmake --build "$build" -j2 --target accord_cli
fi

out="$build/report-test"
mkdir -p "$out"
"$build/accord" report -o "$out/plan28.html"
"$build/accord" report "$root/tests/models/report/escape.yaml" -o "$out/escape.html"
"$build/accord" report "$root/tests/models/report/small.yaml" -o "$out/small.html"

cd "$here"
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# Built-in scenario: 5 proposals (bars + heat map each), 6 pairs of parties,
# the evolution graph.  Small model: 3 + 3 + 3 pairs + sensitivity + evolution.
node report_test.mjs --min-charts 17 --screenshot "$build/report-screenshot.png" \
  "$out/plan28.html" "$out/escape.html"
node report_test.mjs --min-charts 11 "$out/small.html"

# The DOT outputs parse, when Graphviz is installed.
if command -v dot >/dev/null; then
  for model in "$root/tests/models/report/small.yaml" "$root/tests/models/report/escape.yaml"; do
    "$build/accord" stability "$model" --dot | dot -Tsvg >/dev/null
    "$build/accord" evolve "$model" --dot | dot -Tsvg >/dev/null
  done
  echo "ok   DOT outputs parse (graphviz)"
fi
