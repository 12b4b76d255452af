#!/usr/bin/env bash
# Scale benchmark (issue 7): `blogport convert --to all` next to `jekyll build` (trivial layout),
# Hugo building blogport's Markdown export, and `cp -r` (the floor): median seconds, posts/s,
# peak RSS, ratios, and a growth table over synthetic sites (Benchmarks/generate-site.py).
# Public tools only: jekyll, hugo, cp (timed by rusage, as /usr/bin/time reads it). Prints Markdown tables on stdout,
# progress on stderr. Not a test: numbers depend on the machine and its load.
#
#   Benchmarks/scale-bench.sh [--sites rails-weblog,aproid] [--sizes 1000,10000,50000]
#                             [--runs 3] [--warmup 1] [--jekyll-max 10000] [--hugo-max 50000]
#                             [--no-jekyll] [--no-hugo] [--work DIR] [--seed 1]
#
# Defaults: rails-weblog + 1k/10k/50k, jekyll up to 10k posts. About 20-25 minutes on 2 cores
# (most of it jekyll at 10k and blogport/hugo at 50k); `--sizes 1000 --no-jekyll` takes ~1 minute.
# Synthetic sites are generated once and kept in --work (default /tmp/blogport-scale-bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for tool in jekyll hugo python3; do
  command -v "$tool" >/dev/null || { echo "scale-bench: $tool is missing" >&2; exit 2; }
done
if [ -z "${BLOGPORT:-}" ]; then
  (cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-bench --product blogport >&2)
  BLOGPORT="$root/.build-bench/release/blogport"
fi
exec python3 "$root/Benchmarks/scale-bench.py" --blogport "$BLOGPORT" "$@"
