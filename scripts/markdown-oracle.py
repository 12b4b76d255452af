#!/usr/bin/env python3
"""Check blogport's Markdown export against CommonMark renderers nobody here wrote.

usage: markdown-oracle.py BACKUP.json MARKDOWN_DIR [--name NAME] [--show N] [--renderer R] [--min PERCENT]

BACKUP.json is `blogport convert SITE --to json` (its `html` field is our HTMLWriter's HTML for
each post); MARKDOWN_DIR is `blogport convert SITE --to markdown --out DIR` of the same site.
Each post's Markdown (front matter removed) is rendered by cmark-gfm (`--unsafe`, extensions
table, strikethrough, footnotes) and by markdown-it-py (commonmark preset, html on, table,
strikethrough, mdit-py-plugins' footnotes), and each result is compared with our HTML as a
normalised tree: fidelity.py's normaliser (entities decoded, attributes and classes sorted,
white space folded, highlighter spans inside <pre> dropped), plus only the differences that come
from the renderers rather than from the document:

- header ids are dropped (kramdown makes them, CommonMark renderers do not);
- Rouge's code wrappers (div.language-X.highlighter-rouge > div.highlight > pre.highlight > code),
  and Rouge's line-number table inside them (only the code cell is compared: the gutter is presentation)
  become CommonMark's pre > code.language-X, and a code span's Rouge classes (exactly
  `language-plaintext highlighter-rouge`, what Jekyll's Rouge adds to every code span) are dropped;
- footnotes: each renderer marks up a footnote reference (kramdown sup#fnref:N > a.footnote;
  cmark-gfm sup.footnote-ref > a[data-footnote-ref]; markdown-it sup.footnote-ref > a "[N]") and
  the notes section (div.footnotes / section.footnotes, markdown-it's hr.footnotes-sep) its own
  way, and each writes its own back links; references become <fnref>N</fnref>, the section
  <footnotes> with one <fn> per note, and back links are dropped;
- markdown-it writes strikethrough as <s> (kramdown and cmark-gfm <del>), and
  `text-align:center` without the space kramdown and cmark-gfm put after the colon;
- math: kramdown (MathJax) writes display math as the text \\[…\\] and inline math as \\(…\\); the
  Markdown keeps it as $$…$$ (and $…$ inline), which a CommonMark renderer without a math
  extension shows as a paragraph of text; both become one <#math> node (or $…$ text);
- href and src are compared percent-decoded: CommonMark renderers percent-encode URLs
  (spaces, non-ASCII), kramdown writes them as given; both point at the same resource.

Also checks that no `{%`, `{{` or `{:` is left outside code in any exported file (Liquid and
kramdown markers must not survive into plain Markdown).

Prints `NAME RENDERER: same/total` per renderer; exits 1 if a renderer is below --min percent
or a marker is left.
"""
import argparse, html, json, os, pathlib, re, subprocess, sys, urllib.parse

sys.path.insert(0, os.environ.get("BLOGPORT_SHARED_TOOLS", str(pathlib.Path(__file__).resolve().parents[2] / "shared" / "tools")))
import fidelity  # noqa: E402

HEADERS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def classes(attrs):
    return dict(attrs).get("class", "").split()


def text_of(node):
    if isinstance(node, str):
        return node
    return "".join(text_of(k) for k in node[2])


def code_text(node):
    """The code of a Rouge block: with line numbers (`table.rouge-table`) only its code cell counts."""
    if isinstance(node, str):
        return node
    if node[0] == "td" and "rouge-code" in classes(node[1]):
        return text_of(node)
    if node[0] == "table" and "rouge-table" in classes(node[1]):
        return "".join(code_text(k) for k in node[2] if not isinstance(k, str))
    if node[0] == "td" and "rouge-gutter" in classes(node[1]):
        return ""
    return "".join(code_text(k) for k in node[2])


def fix(node):
    """Renderer differences out of a raw (not yet canonical) fidelity.Tree node, recursively."""
    if isinstance(node, str):
        return node
    tag, attrs, kids = node
    a = dict(attrs)
    # Rouge wrapper -> pre > code.language-X
    if tag == "div" and "highlighter-rouge" in classes(attrs) and set(a) == {"class"}:
        langs = [c for c in classes(attrs) if c.startswith("language-")]
        rest = [c for c in classes(attrs) if c != "highlighter-rouge" and not c.startswith("language-")]
        inner = [k for k in kids if not isinstance(k, str)]
        if not rest and len(inner) == 1 and inner[0][0] == "div" and classes(inner[0][1]) == ["highlight"]:
            pres = [k for k in inner[0][2] if not isinstance(k, str)]
            if len(pres) == 1 and pres[0][0] == "pre":
                codes = [k for k in pres[0][2] if not isinstance(k, str)]
                if len(codes) == 1 and codes[0][0] == "code":
                    code_attrs = (("class", langs[0]),) if langs else ()
                    return ["pre", (), [["code", code_attrs, [code_text(codes[0])]]]]
    # Rouge on a code span: Jekyll's default language and Rouge's marker class, nothing else
    if tag == "code" and set(a) == {"class"} and sorted(classes(attrs)) == ["highlighter-rouge", "language-plaintext"]:
        return ["code", (), [fix(k) for k in kids]]
    # footnote reference
    if tag == "sup":
        links = [k for k in kids if not isinstance(k, str)]
        if len(links) == 1 and links[0][0] == "a" and dict(links[0][1]).get("href", "").startswith("#fn") and \
                ("footnote" in classes(links[0][1]) or "footnote-ref" in classes(attrs)):
            n = text_of(links[0]).strip().strip("[]").split(":")[0]  # markdown-it: [1:1] for a repeat
            return ["fnref", (), [n]]
    # footnote section
    if tag in ("div", "section") and "footnotes" in classes(attrs):
        ols = [k for k in kids if not isinstance(k, str) and k[0] == "ol"]
        if len(ols) == 1:
            notes = []
            for li in ols[0][2]:
                if isinstance(li, str) or li[0] != "li":
                    continue
                notes.append(["fn", (), [fix(k) for k in drop_backrefs(li[2])]])
            return ["footnotes", (), notes]
    kids = [fix(k) for k in kids]
    kids = [k for k in kids if not (not isinstance(k, str) and k[0] == "hr" and "footnotes-sep" in classes(k[1]))]
    new = []
    for k, v in attrs:
        if k == "id" and tag in HEADERS:
            continue
        if k in ("href", "src"):
            v = urllib.parse.unquote(v)
        if k == "style":
            v = re.sub(r"\s*:\s*", ": ", v)
        new.append((k, v))
    if tag == "s":
        tag = "del"
    return [tag, tuple(sorted(new)), kids]


def drop_backrefs(kids):
    out = []
    for k in kids:
        if isinstance(k, str):
            out.append(k)
        elif k[0] == "a" and ({"reversefootnote", "footnote-backref"} & set(classes(k[1]))):
            continue
        else:
            out.append([k[0], k[1], drop_backrefs(k[2])])
    return out


def math(node):
    """Display and inline math as one form: kramdown's MathJax output writes \\[…\\] and \\(…\\),
    the Markdown keeps kramdown's $$ (and $ inline), which CommonMark renderers leave as text."""
    if isinstance(node, str):
        node = re.sub(r"\\\((.*?)\\\)", lambda m: "$" + m.group(1) + "$", node, flags=re.S)
        m = re.fullmatch(r"\s*\\\[(.*)\\\]\s*", node, flags=re.S)
        return ["#math", (), [re.sub(r"\s+", " ", m.group(1)).strip()]] if m else node
    tag, attrs, kids = node
    if tag == "p" and not attrs and len(kids) == 1 and isinstance(kids[0], str):
        m = re.fullmatch(r"\s*\$\$(.*)\$\$\s*", kids[0], flags=re.S)
        if m:
            return ["#math", (), [re.sub(r"\s+", " ", m.group(1)).strip()]]
    return [tag, attrs, [math(k) for k in kids]]


def normalise(fragment):
    p = fidelity.Tree()
    p.feed(fragment or "")
    p.close()
    return fidelity.canon(math(fix(p.root)))


BLOCKISH = {"footnotes", "fn"}
fidelity.BLOCK |= BLOCKISH


def body_of(markdown):
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end >= 0:
            return markdown[end + 5:]
    return markdown


def cmark(text):
    r = subprocess.run(["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "footnotes",
                        "--table-prefer-style-attributes", "--strikethrough-double-tilde"],
                       input=text.encode(), capture_output=True, check=True)
    return r.stdout.decode()


def markdown_it():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").use(footnote_plugin)
    return md.render


FENCE = re.compile(r"^[ >]*(?:[-*+]|\d+[.)])?[ ]*(`{3,}|~{3,})")


def outside_code(markdown):
    """The Markdown with fenced code blocks and code spans taken out."""
    out, fence = [], None
    for line in markdown.split("\n"):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and line.strip().strip(">").strip() == m.group(1):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"(?<!\\)(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.S)


MARKERS = ("{%", "{{", "{:")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("backup")
    ap.add_argument("markdown_dir")
    ap.add_argument("--name", default="")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--renderer", default="both", choices=["both", "cmark-gfm", "markdown-it"])
    ap.add_argument("--min", type=float, default=0.0)
    ap.add_argument("--list", action="store_true", help="print the paths that differ")
    args = ap.parse_args()
    posts = json.load(open(args.backup, encoding="utf-8"))["posts"]
    root = pathlib.Path(args.markdown_dir)
    renderers = {}
    if args.renderer in ("both", "cmark-gfm"):
        renderers["cmark-gfm"] = cmark
    if args.renderer in ("both", "markdown-it"):
        renderers["markdown-it"] = markdown_it()
    status = 0
    files = sorted(p for p in root.rglob("*") if p.is_file())
    leftover = [(str(p.relative_to(root)), m) for p in files for m in MARKERS if m in outside_code(p.read_text(encoding="utf-8"))]
    print(f"{args.name} markers: {len(files) - len({f for f, _ in leftover})}/{len(files)} files without {{%, {{{{ or {{: outside code")
    for f, m in leftover[:20]:
        print(f"  {m!r} left in {f}")
    if leftover:
        status = 1
    for rname, render in renderers.items():
        same, shown, missing, bad = 0, 0, 0, []
        for post in posts:
            path = root / post["path"]
            if not path.exists():
                path = path.with_suffix(".md")
            if not path.exists():
                missing += 1
                continue
            md = body_of(path.read_text(encoding="utf-8"))
            ours = normalise(post.get("html"))
            theirs = normalise(render(md))
            if ours == theirs:
                same += 1
                continue
            bad.append(post["path"])
            if shown < args.show:
                shown += 1
                import difflib
                print(f"--- {post['path']} ({rname})")
                a, b = fidelity.render(ours), fidelity.render(theirs)
                sys.stdout.writelines(l + "\n" for l in list(difflib.unified_diff(a, b, "html", rname, lineterm="", n=2))[:40])
        n = len(posts)
        pct = 100.0 * same / max(n, 1)
        print(f"{args.name} {rname}: {same}/{n} posts the same document ({pct:.1f}%)" + (f", {missing} missing" if missing else ""))
        if args.list:
            for p in bad:
                print(f"  differs: {p}")
        if pct < args.min:
            status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
