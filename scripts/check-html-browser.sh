#!/usr/bin/env bash
# Export the seed sample and every corpus in ../shared/corpora with `--to html`, then open the
# pages in headless Chromium with the network cut off (scripts/check-html-browser.py): every
# local image must load, nothing may be requested from outside the output folder.
#
# usage: scripts/check-html-browser.sh [BLOGPORT]   (builds a debug blogport when none is given)
# env:   SHOTS=DIR  where screenshots go (default: a new temp folder, printed at the end)
#        OUT=DIR    where the exports go (default: a new temp folder)
#        SKIP="a b" corpora to leave out (CI skips rails-weblog: its 1,516 pages take ~12 minutes)
# The seed sample must not reach the web at all; the corpora reference web images and embeds
# in their posts (kept as written, reported as remote-resource), so they run with --allow-remote.
set -euo pipefail
cd "$(dirname "$0")/.."
BLOGPORT=${1:-}
if [ -z "$BLOGPORT" ]; then
  swift build --product blogport >&2
  BLOGPORT=.build/debug/blogport
fi
OUT=${OUT:-$(mktemp -d -t blogport-html-XXXXXX)}
SHOTS=${SHOTS:-$(mktemp -d -t blogport-html-shots-XXXXXX)}
status=0

check() {  # name site [checker flags...]
  local name=$1 site=$2
  shift 2
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT"
  "$BLOGPORT" convert "$site" --to html --out "$OUT/$name" 2>"$OUT/$name.log" || { echo "$name: export failed"; cat "$OUT/$name.log"; status=1; return; }
  local missing
  missing=$(grep -c "is not in the site" "$OUT/$name.log" || true)
  local result
  if result=$(python3 scripts/check-html-browser.py --shots "$SHOTS/$name" --shots-max 8 "$@" "$OUT/$name" 2>&1); then :; else status=1; fi
  echo "$name: $(tail -1 "$OUT/$name.log") | missing=$missing"
  echo "$result" | sed "s/^/  /"
}

check seed-post samples/02-seed-post
if [ -d ../shared/corpora ]; then
  for site in ../shared/corpora/*/site; do
    name=$(basename "$(dirname "$site")")
    case " ${SKIP:-} " in *" $name "*) echo "$name: skipped (SKIP)"; continue ;; esac
    check "$name" "$site" --allow-remote
  done
fi
echo "exports: $OUT"
echo "screenshots: $SHOTS"
exit $status
