#!/usr/bin/env bash
# Checks schema/blogport-backup.schema.json against the backups blogport really writes.
#
#   schema/check-samples.sh [BLOGPORT]      # BLOGPORT defaults to .build/debug/blogport
#
# It builds nothing. It converts every samples/*/ site to a JSON backup twice (plain, and with
# --drafts --future --unpublished), with TZ=UTC, into a temporary folder, and validates each backup
# with check-jsonschema (from PyPI; installed with pip when missing). It does the same for the
# corpora in ../shared/corpora/*/site when that folder exists. It then checks that the schema
# accepts a synthetic backup using every block and inline type (and that blogport reads that
# backup back unchanged), and that it rejects broken backups made from a valid one. One line per
# check, then `schema: N passed, M failed`; the exit status is 1 when anything failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
schema="$root/schema/blogport-backup.schema.json"
blogport=${1:-.build/debug/blogport}
if [[ ! -x "$blogport" ]]; then
    echo "check-samples: no blogport binary at '$blogport' (build it with 'swift build', or pass its path)" >&2
    exit 2
fi

if ! command -v check-jsonschema >/dev/null 2>&1 && ! python3 -c 'import check_jsonschema' 2>/dev/null; then
    echo "check-samples: installing check-jsonschema from PyPI" >&2
    if command -v pip >/dev/null 2>&1; then pip install -q check-jsonschema; else python3 -m pip install -q check-jsonschema; fi
    hash -r
fi
cj() {
    if command -v check-jsonschema >/dev/null 2>&1; then
        check-jsonschema "$@"
    else
        python3 -m check_jsonschema "$@"
    fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/blogport-schema.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL  $1"
    if [[ -n "${2:-}" && -s "$2" ]]; then sed -n '1,15s/^/      | /p' "$2"; fi
}

# validate LABEL FILE: FILE must be a valid backup.
validate() {
    local log="$tmp/validate.log"
    if cj --schemafile "$schema" "$2" >"$log" 2>&1; then
        pass "valid:    $1"
    else
        fail "valid:    $1" "$log"
    fi
}

# reject LABEL FILE: FILE must fail validation (exit status 1, a validation error, not a crash).
reject() {
    local log="$tmp/reject.log" rc=0
    cj --schemafile "$schema" "$2" >"$log" 2>&1 || rc=$?
    if [[ $rc -eq 1 ]] && grep -q "Schema validation errors" "$log"; then
        pass "rejected: $1"
    elif [[ $rc -eq 0 ]]; then
        fail "rejected: $1 (the schema accepted it)"
    else
        fail "rejected: $1 (check-jsonschema exited $rc without a validation error)" "$log"
    fi
}

# convert_and_validate LABEL SITE OUT [FLAGS...]
convert_and_validate() {
    local label=$1 site=$2 out=$3 log="$tmp/convert.log" rc=0
    shift 3
    TZ=UTC "$blogport" convert "$site" --to json --out "$out" "$@" >"$log" 2>&1 || rc=$?
    if [[ ! -s "$out" ]]; then
        fail "convert:  $label (blogport exited $rc, no backup)" "$log"
        return
    fi
    if [[ $rc -ne 0 ]]; then label="$label [blogport exited $rc: some posts failed]"; fi
    validate "$label" "$out"
}

all_flags=(--drafts --future --unpublished)

# The schema itself must be a valid draft 2020-12 schema.
if cj --check-metaschema "$schema" >"$tmp/meta.log" 2>&1; then
    pass "schema is a valid JSON Schema (draft 2020-12)"
else
    fail "schema is a valid JSON Schema (draft 2020-12)" "$tmp/meta.log"
fi

# Every sample site, both ways.
for site in "$root"/samples/*/; do
    name=$(basename "$site")
    convert_and_validate "samples/$name" "$site" "$tmp/$name.json"
    convert_and_validate "samples/$name (drafts, future, unpublished)" "$site" "$tmp/$name-all.json" "${all_flags[@]}"
done

# The real-world corpora, when they are next to the repo.
corpora="$root/../shared/corpora"
if [[ -d "$corpora" ]]; then
    for site in "$corpora"/*/site; do
        [[ -d "$site" ]] || continue
        name=$(basename "$(dirname "$site")")
        convert_and_validate "corpora/$name" "$site" "$tmp/corpus-$name.json"
        convert_and_validate "corpora/$name (drafts, future, unpublished)" "$site" "$tmp/corpus-$name-all.json" "${all_flags[@]}"
    done
fi

# Synthetic backups: every node type (must pass) and broken ones (must fail), made from a sample.
base=$(ls "$tmp"/*-all.json 2>/dev/null | head -n 1 || true)
if [[ -z "$base" ]]; then
    fail "no sample backup to derive synthetic backups from"
else
    mkdir -p "$tmp/good" "$tmp/bad"
    python3 - "$base" "$tmp" <<'PY'
import copy, json, sys

base_path, out = sys.argv[1], sys.argv[2]
with open(base_path, encoding="utf-8") as f:
    base = json.load(f)
assert base["posts"], "the base backup has no posts"

def write(folder, name, value):
    with open(f"{out}/{folder}/{name}.json", "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")

# Every block and inline type, in the encoder's member order, so that blogport's reader gives it back
# unchanged. Attributes appear only where the encoder writes them.
def t(s): return {"type": "text", "text": s}
ial = {"id": "x", "classes": ["a", "b"], "pairs": [["data-k", "v"]]}
inlines = [
    t("plain "),
    {"type": "emphasis", "content": [t("em")]},
    {"type": "strong", "content": [{"type": "strikethrough", "content": [t("gone")]}]},
    {"type": "code", "text": "x = 1", "attributes": {"classes": ["language-ruby"]}},
    {"type": "code", "text": "y"},
    {"type": "link", "content": [t("link")], "url": "https://example.org/", "title": None},
    {"type": "link", "content": [], "url": "/a", "title": "A", "attributes": {"id": "l"}},
    {"type": "image", "alt": "alt", "url": "/i.png", "title": "T", "attributes": {"pairs": [["width", "10"]]}},
    {"type": "image", "alt": "", "url": "/j.png", "title": None},
    {"type": "line_break"},
    {"type": "soft_break"},
    {"type": "math", "tex": "e^{i\\pi}"},
    {"type": "footnote_reference", "name": "1"},
    {"type": "abbreviation", "text": "HTML", "title": "Hyper Text Markup Language"},
    {"type": "html_element", "tag": "span", "content": [t("in span")], "attributes": {"classes": ["c"]}},
    {"type": "span", "content": [t("ial span")], "attributes": ial},
    {"type": "raw_inline", "format": "html", "text": "<kbd>K</kbd>"},
]
blocks = [
    {"type": "heading", "level": 2, "content": [t("Title")], "attributes": {"id": "title"}},
    {"type": "paragraph", "content": inlines},
    {"type": "paragraph", "content": [t("note")], "attributes": {"classes": ["notice"]}},
    {"type": "blockquote", "content": [{"type": "paragraph", "content": [t("q")]}], "attributes": {"id": "first-quote"}},
    {"type": "code_block", "code": "puts 1\n", "language": "ruby"},
    {"type": "code_block", "code": "plain\n", "language": None, "attributes": {"classes": ["x"]}},
    {"type": "list", "ordered": False, "loose": False, "items": [
        {"content": [{"type": "paragraph", "content": [t("one")]}]},
        {"content": [], "attributes": {"classes": ["done"]}},
    ]},
    {"type": "list", "ordered": True, "start": 3, "loose": True, "items": [
        {"content": [{"type": "paragraph", "content": [t("three")]}]},
    ], "attributes": {"id": "steps"}},
    {"type": "definition_list", "items": [
        {"terms": [[t("term")], [t("other")]], "definitions": [[{"type": "paragraph", "content": [t("def")]}]]},
    ]},
    {"type": "table", "alignments": ["default", "left", "center", "right"],
     "head": [[[t("a")], [t("b")], [], [t("d")]]],
     "body": [[[t("1")], [t("2")], [t("3")], [{"type": "strong", "content": [t("4")]}]]],
     "foot": [], "attributes": {"classes": ["wide"]}},
    {"type": "horizontal_rule"},
    {"type": "horizontal_rule", "attributes": {"id": "hr"}},
    {"type": "math_block", "tex": "\\sum_i i"},
    {"type": "html_element", "tag": "div", "content": [{"type": "paragraph", "content": [t("inside")]}],
     "attributes": {"classes": ["box"], "pairs": [["markdown", "1"]]}},
    {"type": "table_of_contents", "attributes": {"id": "markdown-toc"}},
    {"type": "raw_block", "format": "html", "text": "<hr class=\"x\">"},
    {"type": "raw_block", "format": "kramdown+liquid", "text": "{% include x.html %}\n"},
]
document = {
    "blocks": blocks,
    "footnotes": [{"name": "1", "blocks": [{"type": "paragraph", "content": [t("foot")]}]}],
    "abbreviations": [{"abbreviation": "HTML", "title": "Hyper Text Markup Language"}],
}
good = copy.deepcopy(base)
post = good["posts"][0]
post["document"] = document
post["excerpt"] = {"blocks": blocks[:2]}
post["front_matter"]["x_tagged"] = [
    {"!!timestamp": "2024-04-30"}, {"!!timestamp": "2023-04-30 02:00:00 +09:00"},
    {"!!float": ".inf"}, {"!!float": "-.inf"}, {"!!float": ".nan"},
    1, 1.5, -2.0e-5, True, None, "s", [], {}, {"!!float": 5}, {"!!timestamp": "2024-04-30", "other": 1},
]
write("good", "all-node-types", good)

extras = copy.deepcopy(good)
members = list(extras["posts"][0].items())
i = [k for k, _ in members].index("document")
members[i:i] = [("html", "<p>x</p>\n"), ("excerpt_html", "<p>x</p>\n")]
extras["posts"][0] = dict(members)
write("good", "post-html-and-excerpt_html", extras)

# Broken backups: each must be rejected.
def broken(name, change):
    b = copy.deepcopy(good)
    change(b, b["posts"][0])
    write("bad", name, b)

def drop(key):
    return lambda b, p: p.pop(key)

broken("format-not-blogport-backup", lambda b, p: b.update(format="blogport-bkup"))
broken("version-2", lambda b, p: b.update(version=2))
broken("post-without-date", drop("date"))
broken("date-without-offset", lambda b, p: p.update(date="2023-01-15T00:00:00"))
broken("date-with-fraction", lambda b, p: p.update(date="2023-01-15T00:00:00.5Z"))
broken("date-only", lambda b, p: p.update(date="2023-01-15"))
broken("last_modified-without-offset", lambda b, p: p.update(last_modified="2023-01-15 10:00:00"))
broken("path-dotdot", lambda b, p: p.update(path="../x.md"))
broken("path-dotdot-inside", lambda b, p: p.update(path="_posts/../../x.md"))
broken("path-absolute", lambda b, p: p.update(path="/etc/x.md"))
broken("unknown-block-type", lambda b, p: p["document"]["blocks"].append({"type": "sidebar", "content": []}))
broken("unknown-inline-type", lambda b, p: p["document"]["blocks"][1]["content"].append({"type": "underline", "content": []}))
broken("block-without-type", lambda b, p: p["document"]["blocks"].append({"content": []}))
broken("unknown-site-key", lambda b, p: b["site"].update(theme="minima"))
broken("site-without-timezone", lambda b, p: b["site"].pop("timezone"))
broken("unknown-post-key", lambda b, p: p.update(comments=True))
broken("unknown-top-level-key", lambda b, p: b.update(generator="x"))
broken("html-not-a-string", lambda b, p: p.update(html=5))
broken("draft-as-string", lambda b, p: p.update(draft="false"))
broken("body_start_line-0", lambda b, p: p.update(body_start_line=0))
broken("tags-not-strings", lambda b, p: p.update(tags=["a", 1]))
broken("tagged-float-NaN", lambda b, p: p["front_matter"].update(x={"!!float": "NaN"}))
broken("heading-level-7", lambda b, p: p["document"]["blocks"][0].update(level=7))
broken("ordered-list-without-start", lambda b, p: p["document"]["blocks"][7].pop("start"))
broken("bullet-list-with-start", lambda b, p: p["document"]["blocks"][6].update(start=1))
broken("code_block-without-language", lambda b, p: p["document"]["blocks"][4].pop("language"))
broken("text-with-attributes", lambda b, p: p["document"]["blocks"][1]["content"][0].update(attributes={"id": "x"}))
broken("attributes-unknown-key", lambda b, p: p["document"]["blocks"][0]["attributes"].update(style="x"))
broken("attribute-pair-of-three", lambda b, p: p["document"]["blocks"][0]["attributes"].update(pairs=[["a", "b", "c"]]))
broken("attributes-empty", lambda b, p: p["document"]["blocks"][4].update(attributes={}))
broken("table-alignment-unknown", lambda b, p: p["document"]["blocks"][9]["alignments"].append("justify"))
broken("document-unknown-key", lambda b, p: p["document"].update(toc=[]))
PY
    for f in "$tmp"/good/*.json; do validate "synthetic $(basename "$f" .json)" "$f"; done

    # blogport's own reader must accept the synthetic backup and write it back unchanged: this ties
    # the schema's node shapes to the real encoder and decoder.
    rt="$tmp/roundtrip.json"
    if TZ=UTC "$blogport" convert "$tmp/good/all-node-types.json" --to json --out "$rt" >"$tmp/rt.log" 2>&1 \
        && python3 - "$tmp/good/all-node-types.json" "$rt" >>"$tmp/rt.log" 2>&1 <<'PY'
import json, sys
# html and excerpt_html are derived from the document by the writer: not part of what is read back.
def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=lambda pairs: ("object", [(k, v) for k, v in pairs if k not in ("html", "excerpt_html")]))
a, b = (load(p) for p in sys.argv[1:3])
if a != b:
    print("blogport read the synthetic backup back differently")
    sys.exit(1)
PY
    then
        pass "synthetic all-node-types: blogport reads it back unchanged"
    else
        fail "synthetic all-node-types: blogport reads it back unchanged" "$tmp/rt.log"
    fi

    for f in "$tmp"/bad/*.json; do reject "$(basename "$f" .json)" "$f"; done
fi

echo "schema: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
