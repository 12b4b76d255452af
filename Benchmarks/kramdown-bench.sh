#!/bin/bash
# Times Ruby kramdown (Jekyll's setup) and our Swift parser + HTML writer over the same Markdown
# bodies (every post in shared/corpora/*/site/_posts, front matter removed, plus cases.json) and
# prints the speed ratio. Our side runs in-process from a release build of the test target
# (no executable target is needed): KramdownTests/BenchmarkTests reads KRAMDOWN_BENCH_FILE.
#
#   Benchmarks/kramdown-bench.sh [repetitions]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
REPS="${1:-5}"
BODIES="$(mktemp /tmp/kramdown-bench-XXXXXX.json)"
trap 'rm -f "$BODIES"' EXIT

python3 - "$SHARED" "$BODIES" <<'PY'
import glob, json, os, sys
shared, out = sys.argv[1], sys.argv[2]
bodies = []
for path in sorted(glob.glob(os.path.join(shared, "corpora/*/site/_posts/**/*"), recursive=True)):
    if not os.path.isfile(path) or not path.endswith((".md", ".markdown")):
        continue
    text = open(path, encoding="utf-8", errors="replace").read()
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end >= 0:
            text = text[text.find("\n", end + 1) + 1:]
    bodies.append(text)
cases = os.path.join(shared, "suites/jekyll-kramdown-truth/cases.json")
if os.path.exists(cases):
    bodies += [c["markdown"] for c in json.load(open(cases))["cases"]]
json.dump(bodies, open(out, "w"))
print(f"{len(bodies)} bodies, {sum(len(b.encode()) for b in bodies)} bytes", file=sys.stderr)
PY

RUBY_SECS=$(ruby -e '
require "json"; require "kramdown"; require "kramdown-parser-gfm"
bodies = JSON.parse(File.read(ARGV[0])); reps = ARGV[1].to_i
opts = {"auto_ids"=>true,"toc_levels"=>[1,2,3,4,5,6],"entity_output"=>"as_char","smart_quotes"=>"lsquo,rsquo,ldquo,rdquo",
        "input"=>"GFM","hard_wrap"=>false,"guess_lang"=>true,"footnote_nr"=>1,"show_warnings"=>false,
        "syntax_highlighter"=>"rouge","syntax_highlighter_opts"=>{"default_lang"=>"plaintext","guess_lang"=>true},"coderay"=>{}}
bodies.each { |b| Kramdown::Document.new(b, opts).to_html rescue nil } # warm up
t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
reps.times { bodies.each { |b| (Kramdown::Document.new(b, opts).to_html rescue nil) } }
puts Process.clock_gettime(Process::CLOCK_MONOTONIC) - t' "$BODIES" "$REPS")

cd "$ROOT"
swift build -c release --scratch-path .build-kramdown --build-tests -Xswiftc -enable-testing >/dev/null
SWIFT_SECS=$(KRAMDOWN_BENCH_FILE="$BODIES" KRAMDOWN_BENCH_REPS="$REPS" \
  swift test -c release --scratch-path .build-kramdown --skip-build -Xswiftc -enable-testing --filter benchmark 2>/dev/null \
  | sed -n 's/^kramdown-bench-seconds: //p')

echo "ruby kramdown: ${RUBY_SECS}s for ${REPS} passes"
echo "swift (ours):  ${SWIFT_SECS}s for ${REPS} passes"
python3 -c "import sys; r,s=float(sys.argv[1]),float(sys.argv[2]); print(f'speed: ours is {r/s:.1f}x Ruby kramdown')" "$RUBY_SECS" "$SWIFT_SECS"
