#!/usr/bin/env bash
# Rebuild samples/NN-*/_expected/ with the real Jekyll (the oracle).
#
# For every sample site: copy it to a temp dir, drop ../shared/tools/jekyll-truth.rb into its
# _plugins/, run `TZ=UTC JEKYLL_ENV=production jekyll build` twice (plain, then with
# --drafts --future --unpublished), keep the two _truth.json files as
#   NN-*/_expected/jekyll-truth.json       (what a normal build publishes)
#   NN-*/_expected/jekyll-truth-all.json   (drafts, future and unpublished posts included)
#   NN-*/_expected/liquid-truth-all.json   (the same build: each post's body and excerpt after
#                                           Liquid, before Markdown; Tests/oracle/liquid-capture.rb)
# minus the machine-specific `output_path` field. Nothing else is written into the repo.
#
# Usage: samples/regenerate-truth.sh [SITE_DIR...]   (default: every samples/NN-*/)
# Build logs go to stderr.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$0")/../../shared/tools/jekyll-truth.rb"
if [[ ! -f "$plugin" ]]; then
  echo "regenerate-truth: cannot find $plugin (is ../shared beside the repo?)" >&2
  exit 1
fi
plugin="$(cd "$(dirname "$plugin")" && pwd)/$(basename "$plugin")"
command -v jekyll >/dev/null || { echo "regenerate-truth: jekyll is not installed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "regenerate-truth: python3 is not installed" >&2; exit 1; }

if [[ $# -gt 0 ]]; then
  sites=("$@")
else
  sites=("$here"/[0-9][0-9]-*/)
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/blogport-truth.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

strip_output_path() {
  python3 - "$1" <<'PY'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    truth = json.load(f)
for doc in truth.get("documents", []):
    doc.pop("output_path", None)
with open(path, "w", encoding="utf-8") as f:
    json.dump(truth, f, indent=2, ensure_ascii=False)
    f.write("\n")
PY
}

for site in "${sites[@]}"; do
  site="$(cd "$site" && pwd)"
  name="$(basename "$site")"
  for mode in plain all; do
    work="$tmp/$name-$mode"
    rm -rf "$work"
    mkdir -p "$work"
    cp -a "$site/." "$work/src"
    rm -rf "$work/src/_expected" "$work/src/.jekyll-cache" "$work/src/_site"
    mkdir -p "$work/src/_plugins"
    cp "$plugin" "$work/src/_plugins/jekyll-truth.rb"
    [[ $mode == all ]] && cp "$here/../Tests/oracle/liquid-capture.rb" "$work/src/_plugins/liquid-capture.rb"
    flags=()
    [[ $mode == all ]] && flags=(--drafts --future --unpublished)
    echo "== $name ($mode) ==" >&2
    (cd "$work/src" && TZ=UTC JEKYLL_ENV=production jekyll build \
        --source "$work/src" --destination "$work/site" ${flags[@]+"${flags[@]}"}) >&2
    if [[ $mode == all ]]; then out=jekyll-truth-all.json; else out=jekyll-truth.json; fi
    mkdir -p "$site/_expected"
    cp "$work/src/_truth.json" "$site/_expected/$out"
    strip_output_path "$site/_expected/$out"
    [[ $mode == all ]] && cp "$work/src/_liquid-truth.json" "$site/_expected/liquid-truth-all.json"
    rm -rf "$work"
  done
done
