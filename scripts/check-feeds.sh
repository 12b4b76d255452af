#!/usr/bin/env bash
# Checks blogport's feeds against real oracles, for every site given (default: every corpus in
# ../shared/corpora and every sample):
#   Atom      xmllint --relaxng atom-rfc4287.rng, plus rules the schema cannot express
#   RSS 2.0   the rules of ../shared/JEKYLL.md §3c
#   JSON Feed check-jsonschema --schemafile schema-v1.1.json
#   consumer  Python feedparser: bozo == 0; titles, links, dates, content as the model (--to json)
#   jekyll-feed  Debian jekyll + jekyll-feed 0.17 build of a temp copy; feed.xml compared element by element
#   determinism  two conversions give the same bytes
# Usage: scripts/check-feeds.sh [--no-jekyll] [SITE...]   (BLOGPORT=path/to/binary to choose the build)
# Exit status: 0 when every check passed.
set -u
cd "$(dirname "$0")/.."
REPO=$(pwd)
SHARED=${SHARED:-$REPO/../shared}
BLOGPORT=${BLOGPORT:-$REPO/.build-feeds/debug/blogport}
JEKYLL=1
if [ "${1:-}" = "--no-jekyll" ]; then JEKYLL=0; shift; fi
if [ $# -eq 0 ]; then set -- "$SHARED"/corpora/*/site "$REPO"/samples/[0-9]*/; fi
for tool in xmllint check-jsonschema python3; do
  command -v $tool >/dev/null || { echo "check-feeds: $tool is not installed" >&2; exit 2; }
done
python3 -c 'import feedparser' 2>/dev/null || { echo "check-feeds: python feedparser is not installed" >&2; exit 2; }
[ -x "$BLOGPORT" ] || { echo "check-feeds: build first (swift build --scratch-path .build-feeds)" >&2; exit 2; }
if [ $JEKYLL = 1 ] && ! command -v jekyll >/dev/null; then echo "check-feeds: jekyll missing, skipping the jekyll-feed comparison" >&2; JEKYLL=0; fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for site in "$@"; do
  site=${site%/}
  name=$(basename "$site"); [ "$name" = site ] && name=$(basename "$(dirname "$site")")
  out="$WORK/$name"; mkdir -p "$out"
  for f in atom rss jsonfeed json; do
    TZ=UTC "$BLOGPORT" convert "$site" --to $f --out "$out/feed.$f" 2>"$out/$f.log" || { echo "$name: convert --to $f failed"; cat "$out/$f.log"; status=1; }
    [ $f = json ] && continue
    TZ=UTC "$BLOGPORT" convert "$site" --to $f --out "$out/again.$f" 2>/dev/null
    if cmp -s "$out/feed.$f" "$out/again.$f"; then echo "$name: $f deterministic: ok"; else echo "$name: $f deterministic: FAIL"; status=1; fi
  done
  if xmllint --noout --relaxng "$SHARED/suites/feeds/atom-rfc4287.rng" "$out/feed.atom" 2>"$out/rng.log"; then
    echo "$name: atom xmllint relaxng: ok"
  else echo "$name: atom xmllint relaxng: FAIL"; head -5 "$out/rng.log"; status=1; fi
  if xmllint --noout "$out/feed.rss" 2>"$out/rsswf.log"; then echo "$name: rss well-formed (xmllint): ok"
  else echo "$name: rss well-formed: FAIL"; head -5 "$out/rsswf.log"; status=1; fi
  if check-jsonschema --schemafile "$SHARED/suites/jsonfeed/schema-v1.1.json" "$out/feed.jsonfeed" >"$out/js.log" 2>&1; then
    echo "$name: jsonfeed check-jsonschema: ok"
  else echo "$name: jsonfeed check-jsonschema: FAIL"; head -5 "$out/js.log"; status=1; fi
  jekyll_feed=""
  if [ $JEKYLL = 1 ]; then
    copy="$WORK/$name-site"; cp -r "$site" "$copy"
    # jekyll-feed as the only plugin; themes and other plugins are not installed here.
    python3 - "$copy/_config.yml" <<'PY'
import sys, re
p = sys.argv[1]
try: s = open(p, encoding='utf-8').read()
except FileNotFoundError: s = ''
s = re.sub(r'(?m)^(plugins|gems|theme|remote_theme|whitelist):.*\n((?:[ \t]*-.*\n|[ \t]+.*\n)*)', '', s)
s += '\nplugins: [jekyll-feed]\n'
open(p, 'w', encoding='utf-8').write(s)
PY
    rm -f "$copy/Gemfile" "$copy/Gemfile.lock"
    if (cd "$copy" && TZ=UTC JEKYLL_ENV=production timeout 900 jekyll build -q -d "$WORK/$name-build" >"$out/jekyll.log" 2>&1); then
      jekyll_feed="$WORK/$name-build"
    else echo "$name: jekyll build: SKIPPED (jekyll cannot build this site here; comparison not made)"; grep -m3 -i error "$out/jekyll.log"; fi
  fi
  python3 "$REPO/scripts/check-feeds.py" "$name" "$out" "$jekyll_feed" || status=1
done
exit $status
