#!/usr/bin/env python3
"""Builds the playground site from web/site/ and spec/ (Python standard library only).

    python3 web/build.py [--wasm PATH] [--out DIR] [--spec DIR]

Copies the page (web/site/) and the module (paycode.wasm, built by cargo for
wasm32-wasip1: see site/paycode.js) into DIR (default web/dist/, not committed), renders every spec/*.md
into DIR/spec/*.html with each rule ID an anchor and the rule's vectors listed beneath it, each
with a "try it" link into the playground, writes DIR/spec/vectors.html (every vector, by file)
and one page per registry entry (DIR/registry/<id>.html).

It fails (exit 1) when a rule the library knows (src/rule.rs) or a vector names has no anchor,
when a vector has no link, or when a link points at an anchor or page that is not there: the
site is made from spec/ each time, so that it cannot drift from it.
"""

import argparse
import html
import json
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
SITE = ROOT / "web" / "site"

# A rule ID as tests/codegen.rs reads it: bold at the start of a paragraph, three or more
# dash-separated parts of capitals and digits, the last all digits.
RULE_AT_START = re.compile(r"^\*\*([A-Z0-9]+(?:-[A-Z0-9]+)+-[0-9]+)\*\*( \(\*(\w+)\*\))?")
RULE_ID = re.compile(r"\b([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+)\b")

errors = []


def fail(msg):
    errors.append(msg)


# --- Markdown: the subset spec/*.md uses ------------------------------------------------------


def inline(text, known_rules, page_of_rule, here):
    """Inline Markdown: code spans, bold, italic, links; rule IDs in text link to their anchor."""
    out = []
    pos = 0
    # Code spans first: nothing inside them is Markdown.
    for m in re.finditer(r"`([^`]+)`", text):
        out.append(("text", text[pos : m.start()]))
        out.append(("code", m.group(1)))
        pos = m.end()
    out.append(("text", text[pos:]))
    parts = []
    for kind, s in out:
        if kind == "code":
            target = md_link(s) if re.fullmatch(r"[a-z0-9-]+\.md", s) else None
            if target:
                parts.append(f'<a href="{target}"><code>{html.escape(s)}</code></a>')
            elif s in known_rules:
                parts.append(rule_ref(s, page_of_rule, here, code=True))
            else:
                parts.append(f"<code>{html.escape(s)}</code>")
            continue
        parts.append(span(s, known_rules, page_of_rule, here))
    return "".join(parts)


def span(s, known_rules, page_of_rule, here):
    # Links [text](target), then emphasis, over escaped text.
    res = []
    pos = 0
    for m in re.finditer(r"\[([^\]]+)\]\(([^)\s]+)\)", s):
        res.append(emph(s[pos : m.start()], known_rules, page_of_rule, here))
        target = m.group(2)
        if re.match(r"^[a-z0-9-]+\.md(#.*)?$", target):
            target = re.sub(r"\.md", ".html", target, count=1)
        res.append(
            f'<a href="{html.escape(target)}">{emph(m.group(1), known_rules, page_of_rule, here)}</a>'
        )
        pos = m.end()
    res.append(emph(s[pos:], known_rules, page_of_rule, here))
    return "".join(res)


def emph(s, known_rules, page_of_rule, here):
    s = html.escape(s, quote=False)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)

    def ref(m):
        rid = m.group(1)
        return rule_ref(rid, page_of_rule, here) if rid in known_rules else rid

    # Rule IDs outside tags.
    pieces = re.split(r"(<[^>]+>)", s)
    return "".join(p if p.startswith("<") else RULE_ID.sub(ref, p) for p in pieces)


def rule_ref(rid, page_of_rule, here, code=False):
    page = page_of_rule[rid]
    href = f"#{rid}" if page == here else f"{page}#{rid}"
    text = f"<code>{rid}</code>" if code else rid
    return f'<a href="{href}" class="rule-ref">{text}</a>'


def md_link(name):
    return None if not (SPEC / name).exists() else name[:-3] + ".html"


def blocks(text):
    """Splits Markdown into blocks: ('h', level, text), ('code', text), ('table', rows),
    ('list', ordered, items), ('p', text)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield ("code", "\n".join(lines[i + 1 : j]))
            i = j + 1
            continue
        m = re.match(r"^(#{1,6}) (.*)$", line)
        if m:
            yield ("h", len(m.group(1)), m.group(2))
            i += 1
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in split_row(lines[i])]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                    rows.append(cells)
                i += 1
            yield ("table", rows)
            continue
        m = re.match(r"^(\s*)([-*]|\d+\.) ", line)
        if m:
            ordered = m.group(2)[0].isdigit()
            items = []
            while i < len(lines) and lines[i].strip():
                m2 = re.match(r"^(\s*)([-*]|\d+\.) (.*)$", lines[i])
                if m2 and len(m2.group(1)) <= len(m.group(1)):
                    items.append(m2.group(3))
                elif items:
                    items[-1] += " " + lines[i].strip()
                i += 1
            yield ("list", ordered, items)
            continue
        j = i
        para = []
        while j < len(lines) and lines[j].strip() and not lines[j].startswith("```"):
            if j > i and (re.match(r"^(#{1,6}) ", lines[j]) or lines[j].startswith("|")):
                break
            para.append(lines[j])
            j += 1
        yield ("p", " ".join(l.strip() for l in para))
        i = j


def split_row(line):
    # Pipes inside code spans are cell text.
    cells, cur, in_code = [], "", False
    for ch in line.strip().strip("|"):
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append(cur)
            cur = ""
        else:
            cur += ch
    cells.append(cur)
    return cells


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# --- Vectors ---------------------------------------------------------------------------------


def load_vectors():
    vectors = []
    for f in sorted((SPEC / "vectors").glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            v = json.loads(line)
            v["_file"] = f.name
            v["_line"] = n
            vectors.append(v)
    return vectors


def try_link(v):
    """The playground link that loads a vector: the decoder, the converter or the route."""
    kind = v.get("kind")
    if kind in ("to-unified", "to-dynamic") and v.get("codes"):
        q = {"convert": "\n".join(v["codes"])}
        m = v.get("merchant") or {}
        for k in ("name", "city", "mcc"):
            if isinstance(m.get(k), str):
                q[k] = m[k]
        if isinstance(m.get("amount"), str):
            q["amount"] = m["amount"]
        return "../index.html#" + urlencode(q, quote_via=quote)
    if kind == "route" and v.get("wallet") and isinstance(v.get("code"), str):
        return "../index.html#" + urlencode({"wallet": v["wallet"], "code": v["code"]}, quote_via=quote)
    payload = v.get("payload")
    if payload is None and isinstance(v.get("code"), str):
        payload = v["code"]
    if payload is None and "payload_hex" in v:
        # Bytes that are not UTF-8 cannot be pasted; the link loads what a browser can carry.
        payload = bytes.fromhex(v["payload_hex"]).decode("utf-8", errors="replace")
    if isinstance(payload, str):
        return "../index.html#" + urlencode({"try": payload}, quote_via=quote)
    return None


def vector_item(v, link):
    rules = ", ".join(v.get("rules") or []) or "no rule"
    what = v.get("attack") or v.get("notes") or v.get("label") or ""
    if isinstance(what, list):
        what = ", ".join(map(str, what))
    expect = v.get("expect", "")
    return (
        f'<li class="vector" id="v-{html.escape(v["id"])}"><code>{html.escape(v["id"])}</code> '
        f'<span class="expect">{html.escape(str(expect))}</span> '
        f'<a class="try" href="{html.escape(link)}">try it</a>'
        + (f" — {html.escape(str(what)[:160])}" if what else "")
        + f' <span class="src">({html.escape(v["_file"])}:{v["_line"]}; {html.escape(rules)})</span></li>'
    )


# --- Pages ------------------------------------------------------------------------------------


def page(title, body, depth=1):
    up = "../" * depth
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · paycode</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}style.css">
</head>
<body>
<header><h1><a class="anchor" href="{up}index.html">paycode</a> · {html.escape(title)}</h1>
<nav><a href="{up}index.html">Playground</a> · <a href="{up}spec/index.html">The standard</a> · <a href="{up}spec/vectors.html">Vectors</a> · <a href="{up}registry/index.html">Registry</a></nav></header>
<main>
{body}
</main>
<footer>Generated from <code>spec/</code> by <code>web/build.py</code>.</footer>
</body>
</html>
"""


def render_spec(md_name, text, known_rules, page_of_rule, vectors_of, anchors):
    here = md_name[:-3] + ".html"
    out = []
    title = md_name
    seen_slugs = set()
    for b in blocks(text):
        if b[0] == "h":
            level, t = b[1], b[2]
            if level == 1:
                title = re.sub(r"[`*]", "", t)
            s = slug(t)
            while s in seen_slugs:
                s += "-x"
            seen_slugs.add(s)
            out.append(f'<h{level} id="{s}">{inline(t, known_rules, page_of_rule, here)}</h{level}>')
        elif b[0] == "code":
            out.append(f"<pre><code>{html.escape(b[1])}</code></pre>")
        elif b[0] == "table":
            rows = b[1]
            t = ["<table>"]
            for n, r in enumerate(rows):
                tag = "th" if n == 0 else "td"
                t.append("<tr>" + "".join(f"<{tag}>{inline(c, known_rules, page_of_rule, here)}</{tag}>" for c in r) + "</tr>")
            t.append("</table>")
            out.append("\n".join(t))
        elif b[0] == "list":
            tag = "ol" if b[1] else "ul"
            items = "".join(f"<li>{inline(it, known_rules, page_of_rule, here)}</li>" for it in b[2])
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            para = b[1]
            m = RULE_AT_START.match(para)
            if m:
                rid = m.group(1)
                anchors.setdefault(here, set()).add(rid)
                rest = para[m.end() :]
                mark = f' (<em>{m.group(3)}</em>)' if m.group(3) else ""
                head = f'<a class="anchor rule-id" href="#{rid}"><strong>{rid}</strong></a>{mark}'
                body = inline(rest, known_rules, page_of_rule, here)
                vs = vectors_of.get(rid, [])
                vec = ""
                if vs:
                    items = "".join(vector_item(v, v["_link"]) for v in vs)
                    vec = f'<details class="vectors" open><summary>{len(vs)} vector{"s" if len(vs) > 1 else ""}</summary><ul>{items}</ul></details>'
                elif m.group(3) != "retired":
                    vec = '<p class="vectors">No vector names this rule.</p>'
                out.append(f'<div class="rule" id="{rid}"><p>{head}{body}</p>{vec}</div>')
            else:
                out.append(f"<p>{inline(para, known_rules, page_of_rule, here)}</p>")
    return title, "\n".join(out)


def issuer_pages(registry, out_dir, page_of_rule):
    names = {i["id"]: i["name"].get("en", i["id"]) for i in registry["issuers"]}
    index = ["<p>Every entry of <code>spec/registry.json</code> (see <a href=\"../spec/registry.html\">the registry's rules</a>). Each fact carries its source and confidence.</p>", "<table><tr><th>ID</th><th>Name</th><th>Kind</th></tr>"]
    for i in registry["issuers"]:
        iid = i["id"]
        zh = i["name"].get("zh")
        index.append(
            f'<tr><td><a href="{html.escape(iid)}.html"><code>{html.escape(iid)}</code></a></td>'
            f'<td>{html.escape(names[iid])}{" " + html.escape(zh) if zh else ""}</td><td>{html.escape(i["kind"])}</td></tr>'
        )
        body = [f'<dl class="facts" id="issuer-facts">']
        body.append(f"<dt>ID</dt><dd><code>{html.escape(iid)}</code></dd>")
        body.append(f"<dt>Name</dt><dd>{html.escape(names[iid])}{' · ' + html.escape(zh) if zh else ''}</dd>")
        for k in ("kind", "network", "scan_kind", "rank", "unified_guid", "notes"):
            if k in i:
                body.append(f"<dt>{k.replace('_', ' ')}</dt><dd>{html.escape(str(i[k]))}</dd>")
        body.append("</dl>")
        sections = [
            ("numeric", "Numeric payment codes: prefixes and lengths"),
            ("legacy_forms", "Legacy forms"),
            ("mpm_guids", "MPM merchant account GUIDs"),
            ("mpm_root_ids", "MPM root IDs"),
            ("mpm_account_forms", "MPM account forms"),
            ("cpm_aids", "CPM application IDs"),
            ("unionpay_institutions", "UnionPay institutions"),
        ]
        for key, heading in sections:
            if i.get(key):
                body.append(f'<h2 id="{key}">{heading}</h2>')
                body.append(table(i[key]))
        facts = [a for a in registry["acceptance"] if iid in (a.get("wallet"), a.get("code_issuer"))]
        body.append('<h2 id="acceptance">Acceptance facts</h2>')
        if facts:
            rows = []
            for a in facts:
                row = dict(a)
                for k in ("wallet", "code_issuer"):
                    if row.get(k) in names:
                        row[k] = ("link", row[k])
                rows.append(row)
            body.append(table(rows))
        else:
            body.append("<p>No acceptance fact names this entry: routing says <em>unknown</em>.</p>")
        (out_dir / f"{iid}.html").write_text(page(f"{names[iid]} ({iid})", "\n".join(body)), encoding="utf-8")
    index.append("</table>")
    (out_dir / "index.html").write_text(page("Registry", "\n".join(index)), encoding="utf-8")


def table(rows):
    if isinstance(rows, dict):
        rows = [rows]
    if not all(isinstance(r, dict) for r in rows):
        return "<p>" + ", ".join(f"<code>{html.escape(json.dumps(r, ensure_ascii=False))}</code>" for r in rows) + "</p>"
    cols = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    t = ["<table>", "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in cols) + "</tr>"]
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c, "")
            if isinstance(v, tuple) and v[0] == "link":
                cells.append(f'<td><a href="{html.escape(v[1])}.html">{html.escape(v[1])}</a></td>')
            elif isinstance(v, str):
                cells.append(f"<td>{html.escape(v)}</td>")
            elif v is None:
                cells.append("<td>—</td>")
            elif isinstance(v, list) and all(isinstance(x, (str, int)) for x in v):
                cells.append(f"<td><code>{html.escape(', '.join(map(str, v)))}</code></td>")
            else:
                cells.append(f"<td><code>{html.escape(json.dumps(v, ensure_ascii=False))}</code></td>")
        t.append("<tr>" + "".join(cells) + "</tr>")
    t.append("</table>")
    return "\n".join(t)


def library_rules():
    """The rule IDs the library knows, from the generated src/rule.rs (`Rule::X => "ID",`)."""
    text = (ROOT / "src" / "rule.rs").read_text(encoding="utf-8")
    return set(re.findall(r'Rule::\w+ => "([A-Z0-9-]+)",', text))


def check_links(out):
    """Every page loads nothing from elsewhere, and every relative link points at a file, and
    at an anchor there. (A link to another site is no request: only src= loads.)"""
    ids_of = {}
    for f in out.rglob("*.html"):
        ids_of[f.resolve()] = set(re.findall(r'\bid="([^"]+)"', f.read_text(encoding="utf-8")))
    for f in out.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        for src in re.findall(r'\bsrc="([^"]+)"', text):
            if re.match(r"^[a-z]+:|^//", src):
                fail(f"{f.relative_to(out)}: loads from elsewhere: {src}")
        for href in re.findall(r'\bhref="([^"]+)"', text):
            href = html.unescape(href)
            if re.match(r"^(https?|mailto|data):", href):
                continue
            if re.match(r"^[a-z]+:|^//", href):
                fail(f"{f.relative_to(out)}: a link of an unknown kind: {href}")
                continue
            path, _, frag = href.partition("#")
            target = (f.parent / path).resolve() if path else f.resolve()
            if not target.exists():
                fail(f"{f.relative_to(out)}: link to a missing page: {href}")
                continue
            # The playground's fragments (#try=…) are its input, not anchors.
            playground = target == (out / "index.html").resolve()
            if frag and not playground and target in ids_of and frag not in ids_of[target]:
                fail(f"{f.relative_to(out)}: link to a missing anchor: {href}")


def main():
    global SPEC
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "web" / "wasm" / "target"))
    ap.add_argument("--wasm", default=str(Path(target) / "wasm32-wasip1" / "release" / "paycode_web.wasm"))
    ap.add_argument("--out", default=str(ROOT / "web" / "dist"))
    # Another copy of spec/: the tests check with a broken one that the build fails.
    ap.add_argument("--spec", default=str(SPEC))
    args = ap.parse_args()
    SPEC = Path(args.spec)
    out = Path(args.out)
    wasm = Path(args.wasm)
    if not wasm.is_file():
        print(f"build.py: no module at {wasm}: build it first (web/serve.sh or .ci/web.sh)", file=sys.stderr)
        return 1
    if out.exists():
        shutil.rmtree(out)
    (out / "spec").mkdir(parents=True)
    (out / "registry").mkdir()
    for f in SITE.iterdir():
        shutil.copy(f, out / f.name)
    shutil.copy(wasm, out / "paycode.wasm")

    md_files = sorted(p.name for p in SPEC.glob("*.md"))
    texts = {n: (SPEC / n).read_text(encoding="utf-8") for n in md_files}
    page_of_rule = {}
    for n, t in texts.items():
        for para in t.split("\n\n"):
            m = RULE_AT_START.match(para)
            if m:
                if m.group(1) in page_of_rule:
                    fail(f"{m.group(1)} is defined twice ({page_of_rule[m.group(1)]}, {n})")
                page_of_rule[m.group(1)] = n[:-3] + ".html"
    known = set(page_of_rule)

    vectors = load_vectors()
    vectors_of = {}
    for v in vectors:
        v["_link"] = try_link(v)
        if not v["_link"]:
            fail(f"vector {v['id']} ({v['_file']}:{v['_line']}) has no try-it link")
            continue
        for r in v.get("rules") or []:
            if r not in known:
                fail(f"vector {v['id']} names {r}, which no spec page defines")
            vectors_of.setdefault(r, []).append(v)

    anchors = {}
    titles = {}
    for n in md_files:
        title, body = render_spec(n, texts[n], known, page_of_rule, vectors_of, anchors)
        name = "index.html" if n == "README.md" else n[:-3] + ".html"
        titles[n] = title
        (out / "spec" / name).write_text(page(title, body), encoding="utf-8")
    # spec/README.md is the index; links to README.html land there too.
    shutil.copy(out / "spec" / "index.html", out / "spec" / "README.html")
    contents = "".join(f'<li><a href="{n[:-3]}.html">{html.escape(titles[n])}</a></li>' for n in md_files if n != "README.md")
    idx = (out / "spec" / "index.html").read_text(encoding="utf-8")
    idx = idx.replace("<main>\n", f'<main>\n<nav class="contents"><h2>Pages</h2><ul>{contents}<li><a href="vectors.html">Every vector</a></li><li><a href="../registry/index.html">The registry, entry by entry</a></li></ul></nav>\n', 1)
    (out / "spec" / "index.html").write_text(idx, encoding="utf-8")

    # Every vector, by file: the page no vector is missing from.
    body = ["<p>Every conformance vector of <code>spec/vectors/</code>, with a link that loads it into the playground; a vector that names rules is listed under each of them too.</p>"]
    by_file = {}
    for v in vectors:
        by_file.setdefault(v["_file"], []).append(v)
    linked = 0
    for f, vs in by_file.items():
        body.append(f'<h2 id="{slug(f)}">{html.escape(f)}</h2><ul>')
        for v in vs:
            if v["_link"]:
                body.append(vector_item(v, v["_link"]))
                linked += 1
        body.append("</ul>")
    (out / "spec" / "vectors.html").write_text(page("Vectors", "\n".join(body)), encoding="utf-8")

    issuer_pages(json.loads((SPEC / "registry.json").read_text(encoding="utf-8")), out / "registry", page_of_rule)

    # The checks the site must pass.
    anchored = set().union(*anchors.values())
    for rid in sorted(library_rules() - anchored):
        fail(f"rule {rid} (src/rule.rs) has no anchor in the spec pages")
    for rid in sorted(known - anchored):
        fail(f"rule {rid} has no anchor")
    if linked != len(vectors):
        fail(f"{len(vectors) - linked} of {len(vectors)} vectors have no link")
    check_links(out)
    if errors:
        for e in errors:
            print(f"build.py: {e}", file=sys.stderr)
        return 1
    print(f"build.py: {out}: {len(md_files)} spec pages, {len(anchored)} rule anchors, {len(vectors)} vectors linked, {len(list((out / 'registry').glob('*.html'))) - 1} registry pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
