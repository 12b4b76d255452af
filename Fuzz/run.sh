#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a while.
#   Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 30 s, all targets)
# Seeds come from ../shared/suites (golden-liquid templates, kramdown's test inputs, the samples'
# posts) and from Fuzz/corpus-*/ (inputs found before; crashes become tests in Tests/); Fuzz/dicts/TARGET.dict
# gives libFuzzer the tokens that reach a target's edges. Findings
# are written to Fuzz/findings/ (ignored by git) and make the script fail.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"; shift || true
targets=("$@"); [[ ${#targets[@]} -eq 0 ]] && targets=(fuzz-liquid fuzz-kramdown fuzz-frontmatter fuzz-exporters)
shared="$root/../shared"
work="$(mktemp -d "${TMPDIR:-/tmp}/blogport-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/Fuzz/findings"

seed() {  # seed <target> <dir>
  local dir="$2"; mkdir -p "$dir"
  case "$1" in
    fuzz-liquid)
      [[ -f "$shared/suites/golden-liquid/golden_liquid.json" ]] && python3 - "$shared/suites/golden-liquid/golden_liquid.json" "$dir" <<'PY'
import json, sys, hashlib, os
for t in json.load(open(sys.argv[1]))["tests"]:
    b = t["template"].encode()
    open(os.path.join(sys.argv[2], hashlib.sha1(b).hexdigest()), "wb").write(b)
PY
      ;;
    fuzz-kramdown|fuzz-exporters)
      find "$shared/suites/kramdown" -name '*.text' -size -64k -exec cp {} "$dir/" \; 2>/dev/null || true ;;
    fuzz-frontmatter)
      find "$root/samples" -path '*/_posts/*' -type f -size -64k -exec cp {} "$dir/" \; 2>/dev/null || true ;;
  esac
  [[ -d "$root/Fuzz/corpus-$1" ]] && cp "$root/Fuzz/corpus-$1/"* "$dir/" 2>/dev/null || true
}

status=0
for t in "${targets[@]}"; do
  swift build --scratch-path "$root/.build-fuzz" --product "$t" -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library \
    -Xswiftc -DFUZZING >/dev/null
  corpus="$work/$t"; seed "$t" "$corpus"
  log="$work/$t.log"
  dict=(); [[ -f "$root/Fuzz/dicts/$t.dict" ]] && dict=(-dict="$root/Fuzz/dicts/$t.dict")
  if "$root/.build-fuzz/debug/$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 "${dict[@]}" \
      -artifact_prefix="$root/Fuzz/findings/$t-" "$corpus" >"$log" 2>&1; then
    echo "$t: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1), no findings"
  else
    echo "$t: FINDING (see Fuzz/findings/)"
    # The reason and the input first (a crash's register dump would push them out of view).
    grep -E -m8 'Fatal error|fatal error|ERROR: libFuzzer|SUMMARY|Test unit written|^Base64|^0x' "$log" || true
    for f in "$root/Fuzz/findings/$t-"*; do [[ -f "$f" ]] && { echo "input ($f):"; head -c 600 "$f" | od -c | head -20; }; done
    tail -8 "$log"; status=1
  fi
done
exit $status
