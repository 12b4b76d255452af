#!/usr/bin/env python3
"""The Python half of scripts/check-feeds.sh: feedparser as a consumer, the feed rules of
../shared/JEKYLL.md §3 that schemas cannot express, and the element-by-element comparison with
jekyll-feed's own feed.xml. Usage: check-feeds.py NAME DIR [JEKYLL_BUILD_DIR]
DIR holds feed.atom, feed.rss, feed.jsonfeed and feed.json (the model, blogport's backup)."""
import calendar, email.utils, html, json, os, re, sys, urllib.parse
from html.parser import HTMLParser
import xml.etree.ElementTree as ET
import feedparser

name, d = sys.argv[1], sys.argv[2]
jekyll_dir = sys.argv[3] if len(sys.argv) > 3 else ''
A = '{http://www.w3.org/2005/Atom}'
failures = []

def report(check, problems, detail_limit=5, fatal=True):
    if problems and not fatal:
        print(f'{name}: {check}: DIFFERS ({len(problems)}; reported, not failed)')
        for p in problems[:detail_limit]: print('    ' + p)
    elif problems:
        failures.append(check)
        print(f'{name}: {check}: FAIL ({len(problems)})')
        for p in problems[:detail_limit]: print('    ' + p)
    else:
        print(f'{name}: {check}: ok')

def read(f): return open(os.path.join(d, f), 'rb').read()
atom_bytes, rss_bytes, jf = read('feed.atom'), read('feed.rss'), json.loads(read('feed.jsonfeed'))
model = json.loads(read('feed.json'))
RFC3339 = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')

class Tokens(HTMLParser):
    """HTML as a token stream: tags with attributes (URLs resolved against base), text with
    white space collapsed. Serialisation details (<br> vs <br />, entities) disappear."""
    def __init__(self, base=None):
        super().__init__(convert_charrefs=True); self.base = base; self.out = []; self.urls = []; self.text = []; self.pre = 0
    def attrs(self, a):
        res = []
        for k, v in sorted(a):
            v = v or ''
            if k in ('href', 'src', 'poster'):
                self.urls.append(v)
                if self.base: v = urllib.parse.urljoin(self.base, v.strip())
                if v.endswith('#'): v = v[:-1]  # an empty fragment: same resource (RFC 3986 keeps it, urljoin drops it)
            if k == 'srcset':
                for c in v.split(','):
                    if c.strip(): self.urls.append(c.split()[0])
            res.append((k, v))
        return tuple(res)
    def handle_starttag(self, t, a):
        if t == 'pre': self.pre += 1
        attrs = self.attrs(a)
        # Rouge's token spans inside <pre> are the highlighter's business, not the feed's.
        if not (t == 'span' and self.pre): self.out.append(('<', t, attrs))
    def handle_startendtag(self, t, a): self.out.append(('<', t, self.attrs(a)))
    def handle_endtag(self, t):
        if t == 'pre': self.pre = max(0, self.pre - 1)
        if t == 'span' and self.pre: return
        if t not in ('br', 'img', 'hr', 'input', 'meta', 'link', 'source', 'wbr', 'col', 'area', 'embed', 'param', 'track'):
            self.out.append(('>', t))
    def handle_data(self, s):
        self.text.append(s)
        if self.out and self.out[-1][0] == 't': self.out[-1] = ('t', self.out[-1][1] + s)
        else: self.out.append(('t', s))
    def close(self):
        super().close()
        self.out = [('t', ' '.join(t[1].split())) if t[0] == 't' else t for t in self.out]
        self.out = [t for t in self.out if t != ('t', '')]
    def handle_comment(self, s): pass

def tokens(h, base=None):
    p = Tokens(base); p.feed(h or ''); p.close(); return p

def text(h): return ' '.join(''.join(tokens(h).text).split())
def norm(s): return ' '.join((s or '').split())
def absolute(u): return bool(re.match(r'^[A-Za-z][A-Za-z0-9+.-]*:', u)) and not u.lower().startswith('javascript:') or u.startswith('#') is False and False

def is_abs(u):
    u = u.strip()
    return bool(re.match(r'^[A-Za-z][A-Za-z0-9+.-]*:', u)) or u == ''

# ---- the model: published posts newest first, as the feeds should show them ----
site = model['site']
base = (site.get('url') or '').rstrip('/') + (('/' + site['baseurl'].strip('/')) if site.get('baseurl', '').strip('/') else '')
def ts(s):
    m = re.match(r'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|([+-])(\d\d):(\d\d))$', s)
    t = calendar.timegm(tuple(int(m.group(i)) for i in range(1, 7)))
    if m.group(7) != 'Z': t -= (1 if m.group(8) == '+' else -1) * (int(m.group(9)) * 3600 + int(m.group(10)) * 60)
    return t
feed_cfg = (site.get('config') or {}).get('feed') or {}
limit = feed_cfg.get('posts_limit', 10) if isinstance(feed_cfg, dict) else 10
posts = [p for p in model['posts'] if not p.get('draft')]
posts = sorted(enumerate(posts), key=lambda ip: (-ts(ip[1]['date']), ip[0]))
posts = [p for _, p in posts][:int(limit)]

# ---- Atom: rules the RELAX NG schema cannot express ----
problems = []
root = ET.fromstring(atom_bytes)
entries = root.findall(A + 'entry')
if not atom_bytes.startswith(b'<?xml'): problems.append('XML declaration is not first')
if root.find(A + 'author') is None and any(e.find(A + 'author') is None for e in entries): problems.append('no feed author and an entry without one')
for el in root.iter():
    if el.tag in (A + 'updated', A + 'published') and not RFC3339.match(el.text or ''): problems.append(f'date without offset: {el.text}')
    if el.tag == A + 'name' and not (el.text or '').strip(): problems.append('blank author name')
ids = [e.findtext(A + 'id') for e in entries]
if len(set(ids)) != len(ids): problems.append('duplicate entry ids')
for i in ids + [root.findtext(A + 'id')]:
    if not is_abs(i or ''): problems.append(f'id not absolute: {i}')
selfs = [l for l in root.findall(A + 'link') if l.get('rel') == 'self']
if len(selfs) != 1 or not is_abs(selfs[0].get('href', '')): problems.append('needs one absolute self link')
for e in entries:
    if not any(l.get('rel', 'alternate') == 'alternate' for l in e.findall(A + 'link')) and e.find(A + 'content') is None:
        problems.append('entry without alternate link or content')
    if (e.findtext(A + 'published') and ts(e.findtext(A + 'published')) > ts(e.findtext(A + 'updated'))): pass  # allowed (last_modified_at < date)
upd = root.findtext(A + 'updated')
if entries and ts(upd) != max(ts(e.findtext(A + 'updated')) for e in entries): problems.append('feed updated is not the newest entry')
report('atom rules (author, offsets, unique absolute ids, self link, updated)', problems)

# ---- RSS 2.0 rules (JEKYLL.md §3c) ----
problems = []
r = ET.fromstring(rss_bytes)
ch = r.find('channel')
if r.tag != 'rss' or r.get('version') != '2.0' or len(r.findall('channel')) != 1: problems.append('not <rss version="2.0"> with one channel')
for k in ('title', 'link', 'description'):
    if not (ch.findtext(k) or '').strip(): problems.append(f'channel {k} missing')
selfs = [l for l in ch.findall(A + 'link') if l.get('rel') == 'self']
if len(selfs) != 1 or selfs[0].get('type') != 'application/rss+xml': problems.append('needs exactly one atom:link rel=self type=application/rss+xml')
guids = []
for it in ch.findall('item'):
    if not (it.findtext('title') or it.findtext('description')): problems.append('item without title and description')
    pd = it.findtext('pubDate')
    if pd:
        parsed = email.utils.parsedate_tz(pd)
        m = re.match(r'^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$', pd)
        if not parsed or not m: problems.append(f'pubDate not RFC 822: {pd}')
        else:
            import datetime
            dt = datetime.datetime(*parsed[:6])
            if dt.strftime('%a') != pd[:3]: problems.append(f'wrong weekday: {pd}')
    g = it.find('guid')
    if g is None: problems.append('item without guid')
    else:
        guids.append(g.text)
        if g.get('isPermaLink', 'true') == 'true' and not re.match(r'^https?://', g.text or ''): problems.append(f'guid isPermaLink but not a URL: {g.text}')
    kids = [c.tag for c in it]
    if '{http://purl.org/rss/1.0/modules/content/}encoded' in kids and 'description' in kids and kids.index('description') > kids.index('{http://purl.org/rss/1.0/modules/content/}encoded'):
        problems.append('description after content:encoded')
    if 'author' in kids: problems.append('author element (must be an e-mail address)')
if len(set(guids)) != len(guids): problems.append('duplicate guids')
report('rss rules (channel, item, RFC 822 dates, guid, atom:link self)', problems)

# ---- JSON Feed rules beyond the schema ----
problems = []
if jf.get('version') != 'https://jsonfeed.org/version/1.1': problems.append('version')
jids = [i['id'] for i in jf['items']]
if len(set(jids)) != len(jids): problems.append('duplicate ids')
for i in jf['items']:
    if 'content_html' not in i and 'content_text' not in i: problems.append(f'{i["id"]}: no content')
    for k in ('date_published', 'date_modified'):
        if k in i and not RFC3339.match(i[k]): problems.append(f'{k} not RFC 3339: {i[k]}')
report('jsonfeed rules (version, unique ids, content, RFC 3339)', problems)

# ---- every href/src in every feed's content is absolute ----
problems = []
contents = [('atom', e.findtext(A + 'content') or '') for e in entries] + [('atom summary', '')]
contents += [('rss', it.findtext('{http://purl.org/rss/1.0/modules/content/}encoded') or '') for it in ch.findall('item')]
contents += [('jsonfeed', i.get('content_html', '')) for i in jf['items']]
count = 0
for fmt, h in contents:
    for u in tokens(h).urls:
        count += 1
        if not is_abs(u): problems.append(f'{fmt}: relative URL {u!r}')
report(f'absolute href/src/srcset/poster in content ({count} URLs)', problems)

# ---- feedparser: well-formed, and the model's titles, links, dates, content ----
def smart_ascii(s):
    return norm(s).translate(str.maketrans({'“': '"', '”': '"', '‘': "'", '’': "'", '–': '-', '—': '-', '…': '...', '«': '<<', '»': '>>', '\xa0': ' '})).replace('---', '-').replace('--', '-')
for fmt, data in (('atom', atom_bytes), ('rss', rss_bytes)):
    f = feedparser.parse(data)
    problems = [f'bozo: {f.get("bozo_exception")}'] if f.bozo else []
    if len(f.entries) != len(posts): problems.append(f'{len(f.entries)} entries, model has {len(posts)}')
    for e, p in zip(f.entries, posts):
        if e.link != base + p['url'] and urllib.parse.unquote(e.link) != urllib.parse.unquote(base + p['url']): problems.append(f'{p["path"]}: link {e.link} != {base + p["url"]}')
        if smart_ascii(html.unescape(e.title)) != smart_ascii(text(p['title'])): problems.append(f'{p["path"]}: title {e.title!r} != {p["title"]!r}')
        key = 'published_parsed'
        if calendar.timegm(e[key]) != ts(p['date']): problems.append(f'{p["path"]}: date {e.get("published")} != {p["date"]}')
        if 'content' in e or p.get('html'):
            got = text(e.content[0].value if 'content' in e else '')
            want = text(p['html'])
            if got != want: problems.append(f'{p["path"]}: content text differs: {got[:80]!r} vs {want[:80]!r}')
    report(f'feedparser {fmt}: bozo 0, {len(f.entries)} entries match the model (title, link, date, content)', problems)
problems = []
if len(jf['items']) != len(posts): problems.append(f'{len(jf["items"])} items, model has {len(posts)}')
for i, p in zip(jf['items'], posts):
    if ts(i['date_published']) != ts(p['date']): problems.append(f'{p["path"]}: date')
    if urllib.parse.unquote(i['url']) != urllib.parse.unquote(base + p['url']): problems.append(f'{p["path"]}: url {i["url"]}')
    if text(i['content_html']) != text(p['html']): problems.append(f'{p["path"]}: content text differs')
report(f'jsonfeed items match the model ({len(jf["items"])} items)', problems)

# ---- jekyll-feed: its feed.xml against our Atom, element by element ----
if jekyll_dir:
    cfg = feed_cfg if isinstance(feed_cfg, dict) else {}
    path = cfg.get('path') or ((cfg.get('collections') or {}).get('posts') or {}).get('path') if isinstance(cfg.get('collections'), dict) else cfg.get('path')
    path = (path or '/feed.xml').lstrip('/')
    jpath = os.path.join(jekyll_dir, path)
    if not os.path.exists(jpath):
        report('jekyll-feed comparison', [f'jekyll-feed wrote no {path}'])
    else:
        j = ET.fromstring(open(jpath, 'rb').read())
        problems, content_diffs, same = [], [], 0
        def txt(el, tag): return norm(el.findtext(A + tag))
        def link(el, rel): return [l.get('href') for l in el.findall(A + 'link') if l.get('rel') == rel]
        def person(el):
            a = el.find(A + 'author')
            return None if a is None else (txt(a, 'name'), txt(a, 'email'), txt(a, 'uri'))
        # Feed level (generator and updated differ on purpose; titles are html there, text here).
        for what, a, b in (('self link', link(j, 'self'), link(root, 'self')), ('alternate link', link(j, 'alternate'), link(root, 'alternate')),
                           ('id', txt(j, 'id'), txt(root, 'id')), ('title', html.unescape(txt(j, 'title')), txt(root, 'title')),
                           ('subtitle', html.unescape(txt(j, 'subtitle')), txt(root, 'subtitle')), ('author', person(j), person(root))):
            if a != b: problems.append(f'feed {what}: jekyll-feed {a!r}, blogport {b!r}')
        je = j.findall(A + 'entry')
        if [txt(e, 'id') for e in je] != [txt(e, 'id') for e in entries]:
            problems.append(f'entry ids/order: jekyll-feed {[txt(e, "id") for e in je][:3]}..., blogport {[txt(e, "id") for e in entries][:3]}...')
        for a, b in zip(je, entries):
            k = txt(a, 'id')
            checks = [('title', html.unescape(txt(a, 'title')), txt(b, 'title')),
                      ('link', [(l.get('href'), l.get('rel'), html.unescape(l.get('title') or '')) for l in a.findall(A + 'link')],
                               [(l.get('href'), l.get('rel'), l.get('title')) for l in b.findall(A + 'link')]),
                      ('published', txt(a, 'published'), txt(b, 'published')), ('updated', txt(a, 'updated'), txt(b, 'updated')),
                      ('author', person(a), person(b)),
                      ('categories', [c.get('term') for c in a.findall(A + 'category')], [c.get('term') for c in b.findall(A + 'category')]),
                      ('summary', norm(html.unescape(a.findtext(A + 'summary') or '')), norm(b.findtext(A + 'summary') or '')),
                      ('media', [m.get('url') for m in a if 'mrss' in m.tag], [m.get('url') for m in b if 'mrss' in m.tag]),
                      ('has content', a.find(A + 'content') is None, b.find(A + 'content') is None)]
            def deliberate(w, x, y):
                # jekyll-feed prints a list-valued `category:` as one term '["a", "b"]'; blogport writes each.
                # jekyll-feed writes a blank <name></name> when nobody is the author; blogport names the site.
                if w == 'author' and x == ('', '', ''): return True
                return w == 'categories' and [t for v in x for t in (json.loads(v) if v.startswith('[') else [v])] == y
            bad = [f'{k}: {w}: jekyll-feed {x!r}, blogport {y!r}' for w, x, y in checks if x != y and not deliberate(w, x, y)]
            problems += bad
            ca, cb = a.find(A + 'content'), b.find(A + 'content')
            if ca is not None and cb is not None:
                ta = tokens(ca.text, ca.get('{http://www.w3.org/XML/1998/namespace}base')).out
                tb = tokens(cb.text).out
                if ta != tb:
                    first = next(i for i, (x, y) in enumerate(zip(ta + [None], tb + [None])) if x != y)
                    content_diffs.append(f'{k}: first difference at token {first}: jekyll-feed {ta[first] if first < len(ta) else None!r} / blogport {tb[first] if first < len(tb) else None!r}')
            if not bad: same += 1
        report(f'jekyll-feed comparison, metadata ({same}/{len(je)} entries identical)', problems, 12)
        report(f'jekyll-feed comparison, content with URLs resolved against xml:base ({len(je) - len(content_diffs)}/{len(je)} identical)', content_diffs, 5,
               fatal=False)  # HTML comes from the kramdown/Rouge port (checked by its own suites), not the feed writer
sys.exit(1 if failures else 0)
