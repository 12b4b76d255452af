#!/usr/bin/env python3
"""Writes a synthetic Jekyll site of N posts for the scale benchmarks.

usage: generate-site.py N OUT_DIR [--seed S]

The posts are made up (no third party's text): varied front matter (dates over 15 years in
several zones, categories, tags incl. spaces and Korean, authors, images), and bodies mixing the
kramdown and Liquid that real blogs use: headers, paragraphs with emphasis, links and smart
quotes, lists, tables, fenced and highlighted code, footnotes, IALs, raw HTML, includes with
parameters, {% post_url %}, {% raw %}, excerpt separators. Same N and seed, same bytes.
"""
import os, random, sys

WORDS = ("the quick brown fox jumps over lazy dog blog post jekyll liquid kramdown markdown "
         "static site generator build deploy cloud server cache index feed archive release "
         "note draft theme layout include config render parse export convert migrate").split()
KOREAN = "클라우드 서버 배포 캐시 블로그 글 정적 사이트 생성기 빌드".split()
TAGS = ["ruby", "swift", "web", "ops", "edge case", "c++", "클라우드", "how-to", "release", "notes"]
CATS = ["Programming", "Life", "Ops", "Edge Case", "News"]
ZONES = ["+0000", "+0900", "-0500", "+0100", "-0800"]


def sentence(r, n=None):
    n = n or r.randint(6, 18)
    words = [r.choice(WORDS) for _ in range(n)]
    if r.random() < 0.15:
        words.insert(r.randrange(len(words)), r.choice(KOREAN))
    s = " ".join(words)
    s = s[0].upper() + s[1:]
    if r.random() < 0.3:
        s += ' and "quoted words" -- with dashes...'
    if r.random() < 0.3:
        w = r.choice(WORDS)
        s = s.replace(w, f"*{w}*", 1)
    if r.random() < 0.2:
        s += f" See [the docs](https://example.com/{r.choice(WORDS)}/)."
    return s + "."


def body(r, i, names):
    parts = [" ".join(sentence(r) for _ in range(r.randint(2, 5)))]
    parts.append("<!--more-->")
    for _ in range(r.randint(2, 6)):
        kind = r.random()
        if kind < 0.2:
            parts.append("## " + sentence(r, 4).rstrip("."))
        elif kind < 0.35:
            parts.append("\n".join(f"* {sentence(r, 5)}" for _ in range(r.randint(2, 5))))
        elif kind < 0.45:
            parts.append("```ruby\n" + "\n".join(f"puts \"{w}\" # {i}" for w in r.sample(WORDS, 4)) + "\n```")
        elif kind < 0.5:
            parts.append("| a | b |\n|---|--:|\n" + "\n".join(f"| {r.choice(WORDS)} | {r.randint(1, 999)} |" for _ in range(3)))
        elif kind < 0.55:
            parts.append(f"{sentence(r)}[^n{i}]\n\n[^n{i}]: {sentence(r, 6)}")
        elif kind < 0.6:
            parts.append(f"{sentence(r)}\n{{: .note #p{i}}}")
        elif kind < 0.65:
            parts.append('{% include figure.html src="img' + str(i % 50) + '.png" caption="' + r.choice(WORDS) + '" %}')
        elif kind < 0.7 and names:
            parts.append("Earlier: [previous post]({% post_url " + r.choice(names) + " %}).")
        elif kind < 0.73:
            parts.append("{% raw %}`{{ not.liquid }}`{% endraw %}")
        elif kind < 0.76:
            parts.append("{% highlight python %}\nprint('" + r.choice(WORDS) + "')\n{% endhighlight %}")
        elif kind < 0.8:
            parts.append('<div class="box" markdown="1">\n' + sentence(r) + "\n</div>")
        else:
            parts.append(" ".join(sentence(r) for _ in range(r.randint(2, 6))))
    return "\n\n".join(parts) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    r = random.Random(seed)
    os.makedirs(os.path.join(out, "_posts"), exist_ok=True)
    os.makedirs(os.path.join(out, "_includes"), exist_ok=True)
    os.makedirs(os.path.join(out, "uploads"), exist_ok=True)
    with open(os.path.join(out, "_config.yml"), "w") as f:
        f.write(f"title: Synthetic {n}\nurl: https://synthetic.example.org\nbaseurl: \"\"\n"
                "permalink: /:year/:month/:day/:title/\ntimezone: UTC\nexcerpt_separator: \"<!--more-->\"\n"
                "plugins: [jekyll-feed]\nfeed:\n  posts_limit: 20\n")
    with open(os.path.join(out, "_includes", "figure.html"), "w") as f:
        f.write('<figure><img src="{{ "/uploads/" | append: include.src | relative_url }}" alt="{{ include.caption }}">'
                "<figcaption>{{ include.caption }}</figcaption></figure>\n")
    # A tiny valid PNG for the images posts refer to.
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    for k in range(50):
        with open(os.path.join(out, "uploads", f"img{k}.png"), "wb") as f:
            f.write(png)
    names = []
    for i in range(n):
        year = 2010 + (i * 15) // max(n, 1)
        month, day = r.randint(1, 12), r.randint(1, 28)
        slug = "-".join(r.sample(WORDS, 3)) + f"-{i}"
        name = f"{year:04d}-{month:02d}-{day:02d}-{slug}"
        tags = r.sample(TAGS, r.randint(0, 3))
        title = " ".join(r.choice(WORDS) for _ in range(r.randint(3, 7))).capitalize()
        fm = [f"title: \"{title}\"",
              f"date: {year:04d}-{month:02d}-{day:02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00 {r.choice(ZONES)}",
              f"categories: [{r.choice(CATS)}]", "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]"]
        if r.random() < 0.3:
            fm.append(f"author: {r.choice(['ada', 'grace', 'linus'])}")
        if r.random() < 0.2:
            fm.append(f"image: /uploads/img{i % 50}.png")
        with open(os.path.join(out, "_posts", name + ".md"), "w") as f:
            f.write("---\n" + "\n".join(fm) + "\n---\n" + body(r, i, names[-50:]))
        names.append(name)


if __name__ == "__main__":
    main()
