#!/usr/bin/env bash
# The Markdown export against CommonMark oracles: every corpus in ../shared/corpora and every
# sample site is converted with `--to markdown` and `--to json` (into a temporary folder), and
# scripts/markdown-oracle.py renders each post's Markdown with cmark-gfm and markdown-it-py and
# compares it with our HTML for that post. Fails below 99% per corpus and renderer, or when a
# `{%`, `{{` or `{:` is left outside code. Needs cmark-gfm, markdown-it-py and mdit-py-plugins.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH_PATH:-.build}"
swift build --scratch-path "$scratch" --product blogport >&2
bin="$(swift build --scratch-path "$scratch" --show-bin-path)/blogport"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
check() { # name site [flags]
  local name=$1 site=$2; shift 2
  TZ=UTC "$bin" convert "$site" --to json --out "$out/$name.json" "$@" 2>/dev/null || true
  TZ=UTC "$bin" convert "$site" --to markdown --out "$out/$name" "$@" 2>"$out/$name.log" || true
  python3 scripts/markdown-oracle.py "$out/$name.json" "$out/$name" --name "$name" --min 99 || status=1
  # Same blog, same bytes.
  TZ=UTC "$bin" convert "$site" --to markdown --out "$out/$name.again" "$@" 2>/dev/null || true
  diff -r "$out/$name" "$out/$name.again" >/dev/null || { echo "$name: output differs between two runs"; status=1; }
}
shared="../shared/corpora"
if [ -d "$shared" ]; then
  for corpus in "$shared"/*/; do check "$(basename "$corpus")" "$corpus/site"; done
else
  echo "(../shared/corpora not found: corpora skipped)"
fi
for site in samples/*/; do check "sample-$(basename "$site")" "$site" --drafts --future --unpublished; done
exit $status
