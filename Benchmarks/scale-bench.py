#!/usr/bin/env python3
"""Scale benchmark (issue 7): `blogport convert --to all` next to `jekyll build`, Hugo building
blogport's Markdown export, and `cp -r` of the same site (the floor), with peak memory, ratios
and a growth table over synthetic sites. Public tools only: jekyll, hugo, cp (timed with the
kernel's rusage of each run, what /usr/bin/time prints, and a nanosecond wall clock).

Usually run through Benchmarks/scale-bench.sh (which builds blogport first). See
Benchmarks/README.md for what each row means and how long a run takes.

usage: scale-bench.py --blogport BIN [--sites rails-weblog,...] [--sizes 1000,10000,50000]
                      [--runs 3] [--warmup 1] [--jekyll-runs N] [--jekyll-warmup N] [--jekyll-max N] [--hugo-max N] [--cp-max N]
                      [--no-jekyll] [--no-hugo] [--work DIR] [--seed S]
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def rmtree(path):
    if os.path.lexists(path):
        shutil.rmtree(path)


def timed(cmd, out_dir, runs, warmup, env=None, cwd=None):
    """Runs cmd warmup+runs times, removing out_dir before each run (not timed).
    Returns dict(median wall s, all wall s, median user+sys s, max peak RSS MB, rc, stderr tail).

    Wall time is read with a nanosecond clock around the child's fork and wait; user, system
    and peak RSS come from the kernel's accounting of the child (wait4's rusage, what
    /usr/bin/time prints). /usr/bin/time's own wall clock counts in hundredths of a second,
    which at 1,000 posts made `cp -r` take 0.01 s or 0.02 s and the copy-floor ratio jump by 2x."""
    walls, cpus, rss, rc, err = [], [], [], 0, ""
    full_env = dict(os.environ, **(env or {}))
    for i in range(warmup + runs):
        rmtree(out_dir)
        # Flush the previous run's (or tool's) dirty pages first: otherwise a run pays for the
        # writeback of the gigabyte the tool before it wrote (cp -r at 50k went 0.3 s -> 14 s).
        subprocess.run(["sync"])
        with tempfile.TemporaryFile("w+") as errf:
            start = time.perf_counter_ns()
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf, env=full_env, cwd=cwd)
            _, status, usage = os.wait4(p.pid, 0)
            wall = (time.perf_counter_ns() - start) / 1e9
            p.returncode = os.waitstatus_to_exitcode(status)
            rc = p.returncode
            errf.seek(0)
            err = errf.read()
        if i < warmup:
            continue
        walls.append(wall); cpus.append(usage.ru_utime + usage.ru_stime); rss.append(usage.ru_maxrss / 1024)
    return {"secs": statistics.median(walls), "walls": walls, "cpu": statistics.median(cpus),
            "mb": max(rss), "rc": rc, "err": err.strip().splitlines()[-3:]}


def du_mb(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(d, f)).st_size
            except OSError:
                pass
    return total / 1e6


def site_source(name, args):
    """A corpus name or a post count (synthetic site, generated once and kept under --work)."""
    if name.isdigit():
        n = int(name)
        site = os.path.join(args.work, f"synthetic-{n}-seed{args.seed}", "site")
        marker = os.path.join(os.path.dirname(site), ".complete")
        if not os.path.exists(marker):
            rmtree(os.path.dirname(site))
            log(f"  generating {n} synthetic posts ...")
            t = time.time()
            subprocess.run([sys.executable, os.path.join(HERE, "generate-site.py"), str(n), site,
                            "--seed", str(args.seed)], check=True)
            open(marker, "w").close()
            log(f"  generated in {time.time() - t:.1f} s")
        return f"synthetic {n // 1000}k" if n % 1000 == 0 else f"synthetic {n}", site, n
    site = os.path.join(args.shared, "corpora", name, "site")
    if not os.path.isdir(site):
        sys.exit(f"no such corpus: {site}")
    return name, site, None


def jekyll_copy(site, dest):
    """The site in a temp dir with trivial layouts ({{ content }}), as the issue asks."""
    rmtree(dest)
    shutil.copytree(site, dest, symlinks=True)
    rmtree(os.path.join(dest, ".jekyll-cache"))
    layouts = os.path.join(dest, "_layouts")
    os.makedirs(layouts, exist_ok=True)
    names = set(os.listdir(layouts)) | {"default.html", "post.html"}
    for n in names:
        with open(os.path.join(layouts, n), "w") as f:
            f.write("{{ content }}")
    return dest


def hugo_site(markdown_posts, dest):
    """A minimal Hugo site around blogport's --to markdown output."""
    rmtree(dest)
    os.makedirs(os.path.join(dest, "layouts", "_default"))
    with open(os.path.join(dest, "hugo.toml"), "w") as f:
        # Posts only, like `jekyll build` with a trivial layout: no taxonomy/RSS/sitemap pages.
        # unsafe: our Markdown keeps raw HTML (kramdown passes it through; Goldmark would drop it).
        f.write('baseURL = "https://example.org/"\ntitle = "blogport export"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
                "[markup.goldmark.renderer]\nunsafe = true\n")
    with open(os.path.join(dest, "layouts", "_default", "single.html"), "w") as f:
        f.write("{{ .Content }}\n")
    with open(os.path.join(dest, "layouts", "_default", "list.html"), "w") as f:
        f.write("{{ range .Pages }}{{ .Title }}\n{{ end }}\n")
    shutil.copytree(markdown_posts, os.path.join(dest, "content", "posts"))
    return dest


def ratio(a, b):
    return a / b if a and b else None


def fmt_x(x):
    return "—" if x is None else (f"{x:.1f}×" if x < 100 else f"{x:.0f}×")


def bench_site(label, site, args):
    log(f"== {label}: {site}")
    tmp = os.path.join(args.work, "run")
    os.makedirs(tmp, exist_ok=True)
    out = os.path.join(tmp, "out")
    rows, notes = {}, []

    # blogport --to all
    log("  blogport convert --to all ...")
    r = timed([args.blogport, "convert", site, "--to", "all", "--out", out], out, args.runs, args.warmup)
    if r["rc"] not in (0, 1):
        sys.exit(f"blogport failed ({r['rc']}): {r['err']}")
    posts = None
    for line in r["err"]:
        m = re.search(r"(\d+) posts? converted", line)
        if m:
            posts = int(m.group(1))
    if r["rc"] == 1:
        notes.append("blogport: some posts failed (exit 1); counted posts are the converted ones")
    out_mb = du_mb(out)
    rows["blogport"] = r

    n_posts = posts or 0
    big = n_posts  # size gate for the slow tools

    # blogport --to html alone: the job Hugo does (every post as an HTML page), like for like
    if not args.no_hugo and big <= args.hugo_max:
        html_out = os.path.join(tmp, "html-out")
        log("  blogport convert --to html ...")
        rows["blogport-html"] = timed([args.blogport, "convert", site, "--to", "html", "--out", html_out], html_out,
                                      args.runs, args.warmup)
        rmtree(html_out)

    # cp -r of the same site (the floor) and of blogport's output bytes
    if big <= args.cp_max:
        log("  cp -r site ...")
        rows["cp"] = timed(["cp", "-r", site, os.path.join(tmp, "cp")], os.path.join(tmp, "cp"),
                           args.runs, args.warmup)
        keep = os.path.join(tmp, "bp-output")
        rmtree(keep); os.rename(out, keep)
        log("  cp -r blogport's output ...")
        rows["cp-out"] = timed(["cp", "-r", keep, os.path.join(tmp, "cp")], os.path.join(tmp, "cp"),
                               args.runs, args.warmup)
        rmtree(keep); rmtree(os.path.join(tmp, "cp"))
    rmtree(out)

    # Hugo over blogport's Markdown
    if not args.no_hugo and big <= args.hugo_max:
        md = os.path.join(tmp, "md")
        rmtree(md)
        subprocess.run([args.blogport, "convert", site, "--to", "markdown", "--out", md],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        posts_dir = os.path.join(md, "_posts") if os.path.isdir(os.path.join(md, "_posts")) else md
        hs = hugo_site(posts_dir, os.path.join(tmp, "hugo-site"))
        rmtree(md)
        log("  hugo ...")
        hout = os.path.join(tmp, "hugo-out")
        r = timed(["hugo", "--quiet", "--noBuildLock", "-s", hs, "-d", hout], hout, args.runs, args.warmup)
        if r["rc"] != 0:
            notes.append("hugo FAILED on our Markdown: " + " | ".join(r["err"]))
        else:
            posts_out = os.path.join(hout, "posts")
            pages = sum(1 for d, _, fs in os.walk(posts_out) for f in fs if f == "index.html" and d != posts_out)
            if pages != n_posts:
                notes.append(f"hugo rendered {pages} post pages of {n_posts}")
            rows["hugo"] = r
        rmtree(hout); rmtree(hs)

    # jekyll build with trivial layouts
    if not args.no_jekyll and big <= args.jekyll_max:
        src = jekyll_copy(site, os.path.join(tmp, "jekyll-src"))
        jout = os.path.join(tmp, "jekyll-out")
        log("  jekyll build ...")
        r = timed(["jekyll", "build", "-q", "--disable-disk-cache", "-s", src, "-d", jout], jout,
                  args.jekyll_runs or args.runs, args.warmup if args.jekyll_warmup is None else args.jekyll_warmup,
                  env={"TZ": "UTC", "JEKYLL_ENV": "production"})
        if r["rc"] != 0:
            notes.append("jekyll build failed: " + " | ".join(r["err"]))
        else:
            rows["jekyll"] = r
        rmtree(jout); rmtree(src)
    return {"label": label, "posts": n_posts, "rows": rows, "notes": notes, "out_mb": out_mb,
            "site_mb": du_mb(site)}


def print_site(res, runs):
    rows, n = res["rows"], res["posts"]
    print(f"\n### {res['label']} — {n} posts (input {res['site_mb']:.1f} MB, blogport writes {res['out_mb']:.1f} MB)\n")
    print("| tool | median s | cpu s | runs (s) | posts/s | peak MB |")
    print("|---|---:|---:|---|---:|---:|")
    names = {"blogport": "blogport convert --to all", "jekyll": "jekyll build (trivial layout)",
             "hugo": "hugo (blogport's Markdown)", "cp": "cp -r site (floor)",
             "cp-out": "cp -r blogport's output", "blogport-html": "blogport convert --to html (Hugo's job)"}
    for k in ("blogport", "blogport-html", "jekyll", "hugo", "cp", "cp-out"):
        if k in rows:
            r = rows[k]
            pps = f"{n / r['secs']:.0f}" if r["secs"] > 0 else "∞"
            print(f"| {names[k]} | {r['secs']:.3f} | {r['cpu']:.2f} | {' '.join(f'{w:.3f}' for w in r['walls'])} "
                  f"| {pps} | {r['mb']:.0f} |")
    b = rows["blogport"]["secs"]
    parts = []
    if "jekyll" in rows:
        parts.append(f"{fmt_x(ratio(rows['jekyll']['secs'], b))} faster than jekyll")
    if "hugo" in rows:
        x = ratio(rows["hugo"]["secs"], b)
        parts.append(f"{fmt_x(x)} faster than hugo" if x and x >= 1 else f"{fmt_x(ratio(b, rows['hugo']['secs']))} slower than hugo")
    if "cp" in rows:
        parts.append(f"{fmt_x(ratio(b, rows['cp']['secs']))} the copy floor")
    if "cp-out" in rows:
        parts.append(f"{fmt_x(ratio(b, rows['cp-out']['secs']))} copying its own output")
    print(f"\nblogport is " + ", ".join(parts) + ".")
    if "hugo" in rows and "blogport-html" in rows:
        x = ratio(rows["hugo"]["secs"], rows["blogport-html"]["secs"])
        said = f"{fmt_x(x)} faster than" if x and x >= 1 else f"{fmt_x(ratio(rows['blogport-html']['secs'], rows['hugo']['secs']))} slower than"
        print(f"\nLike for like (every post as an HTML page): blogport --to html is {said} hugo.")
    for note in res["notes"]:
        print(f"\nNOTE: {note}")


def print_growth(results):
    syn = [r for r in results if r["label"].startswith("synthetic")]
    if not syn:
        return
    syn.sort(key=lambda r: r["posts"])
    print("\n### Growth (synthetic sites)\n")
    print("| posts | blogport s | posts/s | peak MB | MB per 1k posts | jekyll s | hugo s | cp s | × jekyll | × hugo | × cp |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in syn:
        rows, b = r["rows"], r["rows"]["blogport"]
        g = lambda k: f"{rows[k]['secs']:.3f}" if k in rows else "skipped"
        xj = fmt_x(ratio(rows["jekyll"]["secs"], b["secs"])) if "jekyll" in rows else "—"
        xh = fmt_x(ratio(rows["hugo"]["secs"], b["secs"])) if "hugo" in rows else "—"
        xc = fmt_x(ratio(b["secs"], rows["cp"]["secs"])) if "cp" in rows else "—"
        print(f"| {r['posts']} | {b['secs']:.3f} | {r['posts'] / b['secs']:.0f} | {b['mb']:.0f} | "
              f"{b['mb'] / r['posts'] * 1000:.1f} | {g('jekyll')} | {g('hugo')} | {g('cp')} | {xj} | {xh} | {xc} |")
    print("\n(× jekyll, × hugo: how many times faster blogport is; × cp: blogport's time over cp -r's.)")
    if len(syn) >= 2:
        import math
        print()
        for a, c in zip(syn, syn[1:]):
            k = c["posts"] / a["posts"]
            t = c["rows"]["blogport"]["secs"] / a["rows"]["blogport"]["secs"]
            m = c["rows"]["blogport"]["mb"] / a["rows"]["blogport"]["mb"]
            print(f"- {a['posts']} → {c['posts']} posts (×{k:g}): time ×{t:.2f} (exponent {math.log(t) / math.log(k):.2f}), "
                  f"peak memory ×{m:.2f} (exponent {math.log(m) / math.log(k):.2f}; < 1 is sub-linear)")


def print_targets(results):
    print("\n### Issue 7 targets\n")
    for r in results:
        rows, b = r["rows"], r["rows"]["blogport"]["secs"]
        if "jekyll" in rows:
            x = rows["jekyll"]["secs"] / b
            print(f"- {r['label']}: ≥ 50× faster than jekyll: {'MET' if x >= 50 else 'NOT MET'} ({x:.1f}×)")
        if "hugo" in rows:
            x = rows["hugo"]["secs"] / b
            print(f"- {r['label']}: faster than hugo (--to all, six formats): {'MET' if x > 1 else 'NOT MET'} ({x:.2f}×)")
            if "blogport-html" in rows:
                x = rows["hugo"]["secs"] / rows["blogport-html"]["secs"]
                print(f"- {r['label']}: faster than hugo (--to html, the same job): {'MET' if x > 1 else 'NOT MET'} ({x:.2f}×)")
        if "cp" in rows:
            if rows["cp"]["secs"] <= 0:
                print(f"- {r['label']}: within 10× of the copy floor: not measured (cp -r took less than the timer's 0.01 s)")
                continue
            x = b / rows["cp"]["secs"]
            print(f"- {r['label']}: within 10× of the copy floor: {'MET' if x <= 10 else 'NOT MET'} ({x:.0f}×)")
    syn = sorted([r for r in results if r["label"].startswith("synthetic")], key=lambda r: r["posts"])
    big = [r for r in syn if r["posts"] >= 50000]
    for r in big:
        mb = r["rows"]["blogport"]["mb"]
        print(f"- peak memory under 250 MB at {r['posts']} posts: {'MET' if mb < 250 else 'NOT MET'} ({mb:.0f} MB)")
    if len(syn) >= 2:
        import math
        # The two largest sizes: a fixed start-up cost makes small-to-large look sub-linear.
        a, c = syn[-2], syn[-1]
        e = math.log(c["rows"]["blogport"]["mb"] / a["rows"]["blogport"]["mb"]) / math.log(c["posts"] / a["posts"])
        print(f"- memory grows sub-linearly ({a['posts']}→{c['posts']}): {'MET' if e < 0.9 else 'NOT MET'} (exponent {e:.2f}; "
              f"< 0.9 counts as sub-linear)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--blogport", required=True)
    ap.add_argument("--sites", default="rails-weblog", help="corpus names under SHARED/corpora, comma-separated ('' for none)")
    ap.add_argument("--sizes", default="1000,10000,50000", help="synthetic post counts, comma-separated ('' for none)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--jekyll-max", type=int, default=10000, help="skip jekyll above this many posts")
    ap.add_argument("--jekyll-runs", type=int, default=0, help="timed jekyll runs (default: --runs); jekyll at 10k takes minutes a run")
    ap.add_argument("--jekyll-warmup", type=int, default=None, help="jekyll warm-up runs (default: --warmup)")
    ap.add_argument("--hugo-max", type=int, default=50000, help="skip hugo above this many posts")
    ap.add_argument("--cp-max", type=int, default=10**9)
    ap.add_argument("--no-jekyll", action="store_true")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "blogport-scale-bench"))
    args = ap.parse_args()
    args.blogport = os.path.abspath(args.blogport)
    os.makedirs(args.work, exist_ok=True)
    t0, load0 = time.time(), os.getloadavg()[0]
    names = [s for s in args.sites.split(",") if s] + [s for s in args.sizes.split(",") if s]
    results = []
    for name in names:
        label, site, _ = site_source(name, args)
        results.append(bench_site(label, site, args))
    rmtree(os.path.join(args.work, "run"))
    print(f"## blogport scale benchmark\n\n{os.uname().nodename}, {os.cpu_count()} cores, "
          f"load average at start {load0:.2f}, at end {os.getloadavg()[0]:.2f}; median of {args.runs} runs after {args.warmup} warm-up; "
          f"wall time on a nanosecond clock; CPU time and peak MB (max RSS over the runs) from the kernel's rusage of each run, as /usr/bin/time reads them.")
    for r in results:
        print_site(r, args.runs)
    print_growth(results)
    print_targets(results)
    print(f"\n(benchmark took {time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
