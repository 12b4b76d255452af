#!/usr/bin/env bash
# Liquid speed: blogport's engine next to Ruby Liquid (5.4.0, with Jekyll 4.3.1's layer for
# sites) on the same work, as a ratio. Not a test: numbers depend on the machine.
#   1. golden-liquid: parse + render every valid case of the Jekyll 4 subset, 200 rounds
#   2. each corpus in ../shared/corpora: the Liquid layer over every post and excerpt
#      plus reading _data (blogport reads it when a template first uses site.data); best of 5;
#      reading the posts is not counted on either side
# Usage: Benchmarks/liquid-bench.sh   (needs ruby with Debian's ruby-liquid and jekyll)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared"
swift build -c release --product blogport-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/blogport-bench"
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
ratio() { python3 -c "import sys; r, s = float(sys.argv[1]), float(sys.argv[2]); print(f'{r/s:.1f}x' if s > 0 else 'n/a')" "$1" "$2"; }

golden="$shared/suites/golden-liquid/golden_liquid.json"
subset="$shared/suites/golden-liquid/jekyll4-subset.txt"
ours="$("$bench" liquid-golden "$golden" "$subset" 200)"
ruby_out="$(ruby "$root/Benchmarks/liquid-bench.rb" golden "$golden" "$subset" 200)"
o=$(echo "$ours" | field seconds); r=$(echo "$ruby_out" | field seconds)
printf "%-28s blogport %8.3f s   ruby liquid %8.3f s   blogport is %s faster\n" "golden-liquid (200 rounds)" "$o" "$r" "$(ratio "$r" "$o")"

for site in "$shared"/corpora/*/site; do
  name="$(basename "$(dirname "$site")")"
  ours="$("$bench" liquid-site "$site" 5)"
  ruby_out="$(ruby "$root/Benchmarks/liquid-bench.rb" site "$site" 5 2>/dev/null)"
  o=$(echo "$ours" | field liquid_seconds); r=$(echo "$ruby_out" | field liquid_seconds)
  posts=$(echo "$ours" | field posts)
  printf "%-28s blogport %8.3f s   jekyll+liquid %6.3f s   blogport is %s faster\n" "$name ($posts posts)" "$o" "$r" "$(ratio "$r" "$o")"
done
