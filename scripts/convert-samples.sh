#!/usr/bin/env bash
# The main job on samples/: convert every sample site to every format at once
# (`--to all`: out/samples/NAME/ holds backup.json, html/, markdown/, feed.xml, feed.rss,
# feed.json), restore each backup into out/restored/NAME/, and check that every post came back
# byte for byte.
# TZ=UTC: a site without `timezone:` takes the machine's zone, as in Jekyll; UTC is what the
# samples' expected truth was built with.
set -euo pipefail
cd "$(dirname "$0")/.."
# --static-swift-stdlib: Swift's runtime and Foundation linked in (as in Install, README).
swift build -c release --static-swift-stdlib --product blogport >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/blogport"
rm -rf out/samples out/restored
mkdir -p out/samples out/restored
status=0
for site in samples/*/; do
  name=$(basename "$site")
  TZ=UTC "$bin" convert "$site" --to all --out "out/samples/$name" --drafts --future --unpublished --quiet || status=$?
  "$bin" restore "out/samples/$name/backup.json" --out "out/restored/$name" || status=$?
  python3 - "$site" "out/samples/$name/backup.json" "out/restored/$name" <<'PY' || status=$?
import json, pathlib, sys
site, backup, restored = map(pathlib.Path, sys.argv[1:])
posts = json.loads(backup.read_text(encoding="utf-8"))["posts"]
bad = [p["path"] for p in posts if (site / p["path"]).read_bytes() != (restored / p["path"]).read_bytes()]
print(f"{site.name}: {len(posts)} posts backed up, {len(posts) - len(bad)} restored byte-identical" + (f", DIFFERENT: {bad}" if bad else ""))
sys.exit(1 if bad else 0)
PY
done
exit $status
