#!/usr/bin/env python3
"""Check exported standalone HTML pages in headless Chromium with the network cut off.

usage: check-html-browser.py [--shots DIR] [--shots-max N] [--allow-remote] [--limit N] OUT_DIR [PAGE ...]

For every page (all *.html under OUT_DIR, or the PAGEs given, relative to OUT_DIR):
- static: every src/srcset/poster/data/href in the page either is a data: URI, a web URL
  (http/https, counted as remote), a fragment, or a relative path that stays inside OUT_DIR and
  names a file that exists; anything else (a site-root path like /uploads/x.png, a file: URL,
  a path climbing out with ..) is a violation;
- browser: the page opens, every <img> has loaded (naturalWidth > 0), except images whose data:
  URI is empty (an empty placeholder file in the site, counted apart) and web images (counted
  as remote); every request the page made is a data: URI or a file inside OUT_DIR. Requests to
  the web fail (proxy to a closed port, names resolve nowhere) and are counted; with
  --allow-remote they are allowed, without it they fail the check.
Screenshots go to --shots DIR (never into the repository). Exit 0 when nothing failed.

Needs Debian's chromium, chromium-driver, fonts-noto-cjk and PyPI selenium.
"""
import argparse, html.parser, json, pathlib, sys, urllib.parse
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ap = argparse.ArgumentParser()
ap.add_argument("--shots", default=None)
ap.add_argument("--shots-max", type=int, default=20)
ap.add_argument("--allow-remote", action="store_true")
ap.add_argument("--limit", type=int, default=0, help="check only the first N pages (sorted)")
ap.add_argument("out")
ap.add_argument("pages", nargs="*")
args = ap.parse_args()
out = pathlib.Path(args.out).resolve()
pages = [out / p for p in args.pages] if args.pages else sorted(out.rglob("*.html"))
if args.limit:
    pages = pages[: args.limit]

URL_ATTRS = {"src", "href", "poster", "data", "srcset", "action", "formaction", "background"}


def srcset_urls(value):
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        j = i
        while j < n and not value[j].isspace():
            j += 1
        url = value[i:j]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while j < n and not (value[j] == "," and depth == 0):
                depth += value[j] == "("
                depth -= value[j] == ")"
                j += 1
        if url:
            urls.append(url)
        i = j
    return urls


class Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs = []

    def handle_starttag(self, tag, attrs):
        rel = dict(attrs).get("rel") or ""
        if tag == "link" and not any(r in rel.lower() for r in ("stylesheet", "icon", "preload", "prefetch")):
            tag = "a"  # canonical, alternate: links, not requests
        for k, v in attrs:
            if k in URL_ATTRS and v is not None:
                for u in (srcset_urls(v) if k == "srcset" else [v]):
                    self.refs.append((tag, k, u.strip()))


def static_check(page):
    """(violations, remote references) of one page's attributes."""
    p = Refs()
    p.feed(page.read_text(encoding="utf-8"))
    bad, remote = [], 0
    for tag, attr, u in p.refs:
        low = u.lower()
        if not u or u.startswith("#") or low.startswith(("data:", "mailto:", "tel:", "javascript:")):
            continue
        if low.startswith(("//", "\\\\")):
            bad.append(f"<{tag} {attr}={u[:80]}>: scheme-relative: from a file it is read as file://host/...")
            continue
        if low.startswith(("http:", "https:", "ftp:")):
            remote += tag != "a"  # a link to the web is not a request
            continue
        parts = urllib.parse.urlsplit(u)
        if parts.scheme and parts.scheme.lower() != "file":
            continue  # irc:, ssh:, ...: another protocol, not a file of this machine
        if parts.scheme or u.startswith("/"):
            bad.append(f"<{tag} {attr}={u[:80]}>: not inside the output folder")
            continue
        target = (page.parent / urllib.parse.unquote(parts.path)).resolve()
        if target != out and out not in target.parents:
            bad.append(f"<{tag} {attr}={u[:80]}>: leaves the output folder")
        elif not target.exists():
            bad.append(f"<{tag} {attr}={u[:80]}>: no such file in the output folder")
    return bad, remote


o = Options()
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400",
          "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
          "--disable-background-networking", "--disable-component-update", "--no-first-run",
          "--disable-features=OptimizationHints,MediaRouter,Translate", "--allow-file-access-from-files"]:
    o.add_argument(a)
o.binary_location = "/usr/bin/chromium"
o.set_capability("goog:loggingPrefs", {"performance": "ALL"})
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
d.set_page_load_timeout(60)

totals = dict(pages=0, images=0, loaded=0, placeholders=0, remote_images=0, broken=0,
              remote_requests=0, outside_requests=0, static_violations=0, remote_refs=0)
failures = []
shots = 0
LOAD_IMAGES = """
const done = arguments[arguments.length - 1];
const imgs = [...document.images];
imgs.forEach(i => { if (i.loading === 'lazy') i.loading = 'eager'; });
Promise.all(imgs.map(i => i.complete ? Promise.resolve() : new Promise(r => { i.onload = i.onerror = r; setTimeout(r, 10000); })))
  .then(() => done(imgs.map(i => [i.currentSrc || i.getAttribute('src') || '', i.complete && i.naturalWidth > 0])));
"""
try:
    d.get_log("performance")
    for page in pages:
        rel = page.relative_to(out)
        totals["pages"] += 1
        bad, remote_refs = static_check(page)
        totals["static_violations"] += len(bad)
        totals["remote_refs"] += remote_refs
        failures += [f"{rel}: {b}" for b in bad]
        d.get(page.as_uri())
        imgs = d.execute_async_script(LOAD_IMAGES)
        for src, ok in imgs:
            totals["images"] += 1
            low = src.lower()
            if ok:
                totals["loaded"] += 1
            elif low.startswith("data:") and low.split(",", 1)[-1] == "":
                totals["placeholders"] += 1
            elif low.startswith(("http:", "https:")):
                totals["remote_images"] += 1
            else:
                totals["broken"] += 1
                failures.append(f"{rel}: image did not load: {src[:100]}")
        requested = set()
        for entry in d.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                requested.add(msg["params"]["request"]["url"])
        for url in sorted(requested):
            low = url.lower()
            if low.startswith("data:") or low.startswith(("about:", "chrome:", "devtools:")):
                continue
            if low.startswith("file:"):
                path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
                if path != out and out not in path.parents:
                    totals["outside_requests"] += 1
                    failures.append(f"{rel}: requested outside the output folder: {url[:120]}")
                continue
            totals["remote_requests"] += 1
            if not args.allow_remote:
                failures.append(f"{rel}: requested from the web: {url[:120]}")
        if args.shots and shots < args.shots_max:
            pathlib.Path(args.shots).mkdir(parents=True, exist_ok=True)
            name = str(rel).replace("/", "_")
            d.save_screenshot(str(pathlib.Path(args.shots) / f"{name}.png"))
            shots += 1
finally:
    d.quit()

for f in failures[:40]:
    print("FAIL", f)
if len(failures) > 40:
    print(f"... and {len(failures) - 40} more failures")
print("summary " + " ".join(f"{k}={v}" for k, v in totals.items()) + f" failures={len(failures)}")
sys.exit(1 if failures else 0)
