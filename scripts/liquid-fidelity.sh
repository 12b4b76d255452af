#!/usr/bin/env bash
# Compares blogport's Liquid layer with Jekyll's on every corpus in ../shared/corpora (or the
# sites given): Jekyll builds a temporary copy with Tests/oracle/liquid-capture.rb, which records
# each post's body and excerpt after Liquid (jekyll-truth.rb makes Jekyll render the excerpts); blogport converts with --liquid-only; the two are
# compared post by post (Rouge's token spans inside {% highlight %} ignored). Nothing is written
# into the repository or ../shared. Needs Debian's jekyll and the plugins the corpora enable.
#
# Usage: scripts/liquid-fidelity.sh [BLOGPORT] [SITE_DIR...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/.build/release/blogport}"
shift || true
if [[ $# -gt 0 ]]; then sites=("$@"); else sites=("$here"/../shared/corpora/*/site); fi
command -v jekyll >/dev/null || { echo "liquid-fidelity: jekyll is not installed" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/blogport-liquid.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
status=0
for site in "${sites[@]}"; do
  site="$(cd "$site" && pwd)"
  name="$(basename "$(dirname "$site")")"
  [[ $name == corpora || $name == samples ]] && name="$(basename "$site")"
  work="$tmp/$name"
  mkdir -p "$work"
  cp -a "$site/." "$work/src"
  rm -rf "$work/src/_expected" "$work/src/.jekyll-cache" "$work/src/_site"
  mkdir -p "$work/src/_plugins"
  cp "$here/Tests/oracle/liquid-capture.rb" "$here/../shared/tools/jekyll-truth.rb" "$work/src/_plugins/"
  (cd "$work/src" && TZ=UTC JEKYLL_ENV=production jekyll build --source "$work/src" --destination "$work/site" >"$work/jekyll.log" 2>&1) || {
    echo "$name: jekyll build failed (see below)"; tail -5 "$work/jekyll.log"; status=1; continue; }
  TZ=UTC "$bin" convert "$site" --to json --liquid-only --out "$work/ours.json" 2>"$work/ours.log" || true
  python3 - "$name" "$work/src/_liquid-truth.json" "$work/ours.json" "$work/ours.log" <<'PY' || status=1
import json, re, sys, difflib
name, truth_path, ours_path, log_path = sys.argv[1:5]
def unspan(s):
    return re.sub(r'<figure class="highlight">.*?</figure>', lambda m: re.sub(r'<span class="[^"]*">|</span>', '', m.group(0)), s, flags=re.S) if s is not None else None
truth = {p["path"]: p for p in json.load(open(truth_path))["posts"]}
ours = {p["path"]: p for p in json.load(open(ours_path))["posts"]}
def text(doc):
    blocks = (doc or {}).get("blocks") or []
    return blocks[0].get("text") if blocks else None
same_b = same_e = total_e = 0
shown = 0
for path, t in sorted(truth.items()):
    o = ours.get(path)
    body = text(o["document"]) if o else None
    if body == unspan(t.get("body")):
        same_b += 1
    elif shown < 3:
        shown += 1
        print(f"  {path}: body differs")
        for l in list(difflib.unified_diff(unspan(t.get("body") or "").split("\n"), (body or "").split("\n"), lineterm="", n=0))[2:12]:
            print("    " + l[:160])
    if "excerpt" in t:
        total_e += 1
        ex = o.get("excerpt") if o else None
        ex_text = text(ex) if isinstance(ex, dict) else ex
        if ex_text == unspan(t["excerpt"]):
            same_e += 1
warnings = [l for l in open(log_path) if ": warning:" in l or ": error:" in l]
print(f"{name}: bodies {same_b}/{len(truth)}, excerpts {same_e}/{total_e} as Jekyll's Liquid; {len(warnings)} warnings")
for w in warnings[:10]: print("    " + w.rstrip()[:200])
sys.exit(0 if same_b == len(truth) else 1)
PY
done
exit $status
