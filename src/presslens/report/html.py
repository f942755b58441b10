"""The HTML report: one self-contained page showing every layer of one or several Pages.

The annotated text is built from boundary events, never by nesting one element per span: each
paragraph is cut at every start and end of every span inside it, and each resulting segment
becomes one ``<mark>`` whose classes are those of all spans covering it. Overlapping and nested
spans therefore always give well-formed markup, and the marks' text, joined, is exactly the
page's text. Every string from the input is escaped; only http(s) URLs become links; the page
loads nothing (a Content-Security-Policy meta says so) and works without its small script.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import cast

from presslens import __version__
from presslens.page import Claim, Document, Figure, Page, Quote, Technique
from presslens.report.text import format_value, layer_count, short_sha, source_label, word_count

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

# The 14 SemEval-2020 Task 11 labels, spelled as the corpus spells them, with reader-facing names.
# (Once a techniques taxonomy module exists, these belong there.)
TECHNIQUE_NAMES: dict[str, str] = {
    "Loaded_Language": "Loaded language",
    "Name_Calling,Labeling": "Name calling / labeling",
    "Repetition": "Repetition",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration / minimisation",
    "Appeal_to_fear-prejudice": "Appeal to fear / prejudice",
    "Flag-Waving": "Flag-waving",
    "Causal_Oversimplification": "Causal oversimplification",
    "Appeal_to_Authority": "Appeal to authority",
    "Slogans": "Slogans",
    "Black-and-White_Fallacy": "Black-and-white fallacy",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism / straw men / red herring",
    "Thought-terminating_Cliches": "Thought-terminating clichés",
    "Bandwagon,Reductio_ad_hitlerum": "Bandwagon / reductio ad Hitlerum",
}
TECHNIQUE_LABELS: tuple[str, ...] = tuple(TECHNIQUE_NAMES)
_PALETTE = (
    "#fde047", "#fca5a5", "#d8b4fe", "#93c5fd", "#fdba74", "#f9a8d4", "#86efac",
    "#67e8f9", "#a5b4fc", "#bef264", "#5eead4", "#f0abfc", "#d6d3d1", "#e7c9a9",
)  # fmt: skip
_UNKNOWN_COLOUR = "#e5e7eb"

# Layer toggles: css class -> (legend name, contract layer it counts).
_LAYERS: tuple[tuple[str, str, str], ...] = (
    ("docs", "Document boundaries", "documents"),
    ("bp", "Boilerplate", "boilerplate"),
    ("tech", "Techniques", "techniques"),
    ("quote", "Quotes and speakers", "quotes"),
    ("fig", "Figures", "figures"),
    ("claim", "Claims", "claims"),
)
_KIND_ORDER = {"bp": 0, "tech": 1, "quote": 2, "speaker": 3, "fig": 4, "claim": 5}

# A paragraph break: a blank line, with the spaces around it.
_PARA_BREAK = re.compile(r"[ \t\r]*\n(?:[ \t\r]*\n)+[ \t]*")
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>`\\]+", re.IGNORECASE)


# --- escaping ------------------------------------------------------------------------------


def _text(value: object) -> str:
    """Escape for element content; CR as a reference so parsers keep it (they fold raw CR)."""
    return html.escape(str(value), quote=False).replace("\r", "&#13;")


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _or_dash(value: object | None) -> str:
    if value is None or str(value).strip() == "":
        return '<span class="pl-none">—</span>'
    return _text(value)


def _link(url: str | None, label: str | None = None) -> str:
    """An http(s) URL as a link; anything else (javascript:, data:, relative) as plain text."""
    if url is None or url.strip() == "":
        return '<span class="pl-none">—</span>'
    shown = _text(label if label is not None else url)
    if _SAFE_URL.fullmatch(url):
        return f'<a href="{_attr(url)}" rel="noopener noreferrer nofollow" target="_blank">{shown}</a>'
    return f'<span class="pl-url">{shown}</span>'


# --- marks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    """One span to highlight: its offsets, layer class, extra classes and tooltip."""

    start: int
    end: int
    kind: str
    item_id: str
    tip: str
    extra: tuple[str, ...] = ()
    label: int | None = None
    score: float = 0.0
    definition: str | None = None


@dataclass
class _Context:
    """What every page's rendering shares: technique label indexes and definitions."""

    labels: dict[str, int]
    definitions: Mapping[str, str]
    min_score: float
    counts: Counter[str] = field(default_factory=Counter)


def _technique_name(label: str) -> str:
    return TECHNIQUE_NAMES.get(label, label or "(unlabelled)")


def _fits(page: Page, start: object, end: object) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(page.text)


def _score(t: Technique) -> float:
    return float(t.score) if isinstance(t.score, int | float) else 0.0


def _shown_techniques(page: Page, min_score: float) -> list[Technique]:
    return [t for t in cast("list[Technique]", page.layers["techniques"]) if _score(t) >= min_score]


def _marks(page: Page, ctx: _Context) -> list[_Mark]:
    marks: list[_Mark] = []
    for bp in page.boilerplate:
        tip = f"Boilerplate {bp.id}: repeated {bp.occurrences:,} times" if bp.occurrences != 1 else f"Boilerplate {bp.id}"
        spans = {(bp.start, bp.end)} | {(s[0], s[1]) for s in bp.spans if isinstance(s, list | tuple) and len(s) == 2}
        marks += [_Mark(s, e, "bp", bp.id, tip) for s, e in sorted(spans) if _fits(page, s, e)]
    for t in _shown_techniques(page, ctx.min_score):
        index = ctx.labels[t.technique]
        definition = ctx.definitions.get(t.technique)
        tip = f"{_technique_name(t.technique)} ({t.technique}) · score {_score(t):.2f}"
        if definition:
            tip += f"\n{definition}"
        marks.append(_Mark(t.start, t.end, "tech", t.id, tip, label=index, score=_score(t), definition=definition))
    for q in cast("list[Quote]", page.layers["quotes"]):
        speaker = q.speaker or "unknown"
        tip = f"Quote {q.id} ({'direct' if q.direct else 'indirect'})\nSpeaker: {speaker}"
        if q.cue:
            tip += f"\nCue: {q.cue}"
        marks.append(_Mark(q.start, q.end, "quote", q.id, tip, extra=("direct" if q.direct else "indirect",)))
        if _fits(page, q.speaker_start, q.speaker_end):
            marks.append(_Mark(q.speaker_start, q.speaker_end, "speaker", q.id, f"Speaker of {q.id}: {speaker}"))  # type: ignore[arg-type]
    for f in cast("list[Figure]", page.layers["figures"]):
        tip = f"Figure {f.id}: value {format_value(f.value)}"
        for name, value in (("Unit", f.unit), ("Qualifier", f.qualifier), ("About", f.about)):
            if value:
                tip += f"\n{name}: {value}"
        marks.append(_Mark(f.start, f.end, "fig", f.id, tip))
    for c in cast("list[Claim]", page.layers["claims"]):
        stance = "deny" if c.stance == "deny" else "assert"
        tip = f"Claim {c.id} (stance: {c.stance})\nClaimant: {c.claimant or 'unknown'}"
        if c.responds_to:
            tip += f"\nResponds to: {c.responds_to}"
        marks.append(_Mark(c.start, c.end, "claim", c.id, tip, extra=(stance,)))
    # Empty spans cover no character and are not drawn.
    return sorted((m for m in marks if m.start < m.end), key=lambda m: (m.start, m.end))


class _Sweep:
    """Marks overlapping successive, non-decreasing ranges of the text, in one pass."""

    def __init__(self, marks: list[_Mark]) -> None:
        self.marks = marks  # sorted by start
        self.next = 0
        self.open: list[_Mark] = []

    def overlapping(self, start: int, end: int) -> list[_Mark]:
        while self.next < len(self.marks) and self.marks[self.next].start < end:
            self.open.append(self.marks[self.next])
            self.next += 1
        self.open = [m for m in self.open if m.end > start]
        return [m for m in self.open if m.start < end]


def _segment(cover: list[_Mark], chunk: str) -> str:
    cover = sorted(cover, key=lambda m: (_KIND_ORDER[m.kind], m.start, m.item_id))
    classes = ["m"]
    for m in cover:
        for c in (m.kind, *m.extra):
            if c not in classes:
                classes.append(c)
    attrs: list[str] = []
    techs = sorted((m for m in cover if m.kind == "tech"), key=lambda m: (-m.score, m.label))
    if techs:
        order: list[int] = []
        for m in techs:
            if m.label not in order:
                order.append(m.label)  # type: ignore[arg-type]
        classes += [f"tl-{i}" for i in order]
        classes.append(f"tp-{order[0]}")
        if len(techs) > 1:
            classes.append("t-multi")
        attrs.append(f'data-tl="{" ".join(map(str, order))}"')
        definitions = list(dict.fromkeys(m.definition for m in techs if m.definition))
        if definitions:
            attrs.append(f'data-definition="{_attr(chr(10).join(definitions))}"')
    ids = " ".join(dict.fromkeys(m.item_id for m in cover))
    tips = "\n".join(dict.fromkeys(m.tip for m in cover))
    return (
        f'<mark class="{" ".join(classes)}" data-ids="{_attr(ids)}" {" ".join(attrs)}{" " if attrs else ""}'
        f'title="{_attr(tips)}" tabindex="0">{chunk}</mark>'
    )


def _run(text: str, start: int, end: int, marks: list[_Mark]) -> str:
    """``text[start:end]`` cut at every mark boundary; each piece carries all marks covering it."""
    points = {start, end}
    for m in marks:
        if start < m.start < end:
            points.add(m.start)
        if start < m.end < end:
            points.add(m.end)
    cuts = sorted(points)
    out = []
    for a, b in itertools.pairwise(cuts):
        cover = [m for m in marks if m.start <= a and m.end >= b]
        chunk = _text(text[a:b])
        out.append(_segment(cover, chunk) if cover else chunk)
    return "".join(out)


def _body(page: Page, start: int, end: int, sweep: _Sweep) -> str:
    """Paragraphs of ``text[start:end]``; the blank lines between them stay, as text, between the <p>s."""
    text = page.text
    out = []
    pos = start

    def paragraph(a: int, b: int) -> None:
        if a >= b:
            return
        if text[a:b].strip() == "":
            out.append(_text(text[a:b]))
            return
        out.append(f'<p dir="auto">{_run(text, a, b, sweep.overlapping(a, b))}</p>')

    for brk in _PARA_BREAK.finditer(text, start, end):
        paragraph(pos, brk.start())
        out.append(_text(brk.group()))
        pos = brk.end()
    paragraph(pos, end)
    return "".join(out)


def _blocks(page: Page) -> Iterable[tuple[int, int, int | None]]:
    """``(start, end, document index)`` covering the text once, in order; None between documents.

    Documents are not supposed to overlap; if they do, a later one starts where the earlier ends.
    """
    pos = 0
    docs = sorted(enumerate(page.documents), key=lambda kv: (kv[1].start, -kv[1].end, kv[0]))
    for index, doc in docs:
        start = max(doc.start, pos)
        if doc.end <= start:
            continue
        if start > pos:
            yield pos, start, None
        yield start, doc.end, index
        pos = doc.end
    if pos < len(page.text) or not page.text:
        yield pos, len(page.text), None


def _doc_meta_line(doc: Document, words: int) -> str:
    parts = []
    for name, value in (("Outlet", doc.outlet), ("Published", doc.published), ("Author", doc.author)):
        if value:
            parts.append(f'<span><span class="pl-k">{name}</span> {_text(value)}</span>')
    if doc.url:
        parts.append(f'<span><span class="pl-k">URL</span> {_link(doc.url)}</span>')
    parts.append(f"<span>{words:,} words</span>")
    return " ".join(parts)


def _text_html(page: Page, p: int, ctx: _Context) -> str:
    sweep = _Sweep(_marks(page, ctx))
    text = page.text
    out = []
    for start, end, index in _blocks(page):
        if index is None:
            if page.documents and text[start:end].strip() == "":
                out.append(_text(text[start:end]))
            elif page.documents:
                out.append(
                    '<section class="pl-outside"><header><span class="pl-doc-id">outside any document</span></header>'
                    f'<div class="pl-body">{_body(page, start, end, sweep)}</div></section>'
                )
            else:
                out.append(f'<div class="pl-body">{_body(page, start, end, sweep)}</div>')
            continue
        doc = page.documents[index]
        title = _text(doc.title) if doc.title else '<span class="pl-none">untitled</span>'
        out.append(
            f'<section class="pl-doc" id="page-{p}-doc-{index + 1}" aria-label="Document {_attr(doc.id)}">'
            f'<header><h4><span class="pl-doc-id">{_text(doc.id)}</span> {title}</h4>'
            f'<p class="pl-doc-meta">{_doc_meta_line(doc, word_count(text[doc.start : doc.end]))}</p></header>'
            f'<div class="pl-body">{_body(page, start, end, sweep)}</div></section>'
        )
    return f'<div class="pl-text" data-page="{p}">{"".join(out)}</div>'


# --- panels --------------------------------------------------------------------------------


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    cols = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<div class="pl-scroll"><table class="pl-table {css}"><caption>{caption}</caption>'
        f"<thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _clip(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


def _source_html(page: Page, p: int) -> str:
    src, meta = page.source, page.metadata
    rows: list[tuple[str, str]] = []
    if src.path:
        rows.append(("Path", f'<span class="pl-url">{_text(src.path)}</span>'))
    if src.url:
        rows.append(("URL", _link(src.url)))
    if src.record:
        rows.append(("Record", _text(src.record)))
    rows.append(("Media type", _text(src.media_type)))
    if src.sha256:
        rows.append(("SHA-256", f'<code title="{_attr(src.sha256)}">{_text(short_sha(src.sha256))}</code>'))
    if src.encoding:
        rows.append(("Encoding", _text(src.encoding)))
    for name, value in (("Title", meta.title), ("Site", meta.site_name), ("Author", meta.author), ("Published", meta.published)):
        if value:
            rows.append((name, _text(value)))
    if meta.url and meta.url != src.url:
        rows.append(("Stated URL", _link(meta.url)))
    rows.append(("Size", f"{len(page.text):,} characters, {word_count(page.text):,} words"))
    items = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
    return f'<dl class="pl-meta">{items}</dl>'


def _panel_html(page: Page, p: int, ctx: _Context) -> str:
    text = page.text
    out = []
    docs = page.documents
    if docs:
        rows = []
        for k, d in enumerate(docs, 1):
            title = _text(d.title) if d.title else '<span class="pl-none">untitled</span>'
            rows.append(
                [
                    f'<a href="#page-{p}-doc-{k}">{_text(d.id)}</a>',
                    title,
                    _or_dash(d.outlet),
                    _or_dash(d.published),
                    _or_dash(d.author),
                    _link(d.url),
                    f"{word_count(text[d.start : d.end]):,}",
                    f"{d.start:,}–{d.end:,}",
                ]
            )
        head = ["ID", "Title", "Outlet", "Published", "Author", "URL", "Words", "Characters"]
        out.append(_table(f"Documents ({len(docs)})", head, rows, "pl-docs"))
    else:
        out.append('<p class="pl-empty">No documents found on this page.</p>')

    bps = page.boilerplate
    if bps:
        rows = [
            [
                _text(b.id),
                f'<span title="{_attr(text[b.start : b.end])}">{_text(_clip(text[b.start : b.end], 160))}</span>',
                f"{b.occurrences:,}",
            ]
            for b in bps
        ]
        out.append(_table(f"Boilerplate ({len(bps)})", ["ID", "Text", "Occurrences"], rows, "pl-bps"))
    else:
        out.append('<p class="pl-empty">No boilerplate found.</p>')

    counts = []
    for _css, name, layer in _LAYERS[2:]:
        n = layer_count(page, layer)
        shown = "not run" if n is None else f"{n:,}"
        if layer == "techniques" and n and ctx.min_score > 0:
            kept = len(_shown_techniques(page, ctx.min_score))
            shown = f"{kept:,} shown, {n - kept:,} below {ctx.min_score:.2f} hidden"
        counts.append(f'<li>{name} <span class="pl-n">{shown}</span></li>')
    out.append(f'<ul class="pl-counts" aria-label="Layer counts">{"".join(counts)}</ul>')

    techniques = _shown_techniques(page, ctx.min_score)
    if techniques:
        by_label = Counter(t.technique for t in techniques)
        rows = [
            [
                f'<span class="sw tech tp-{ctx.labels[label]}" aria-hidden="true"></span> {_text(_technique_name(label))}',
                f"<code>{_text(label)}</code>",
                f"{n:,}",
            ]
            for label, n in sorted(by_label.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        out.append(
            _details(
                f"Techniques by label ({len(techniques)})",
                _table("Techniques", ["Technique", "Label", "Spans"], rows, "pl-techs"),
            )
        )

    who = _who_said_what(page, p)
    if who:
        out.append(who)

    figures: list[Figure] = page.layers["figures"]  # type: ignore[assignment]
    if figures:
        rows = [
            [_text(f.id), _or_dash(f.document), _text(_clip(text[f.start : f.end], 80)), _text(format_value(f.value)),
             _or_dash(f.unit), _or_dash(f.qualifier), _or_dash(f.about)]
            for f in figures
        ]  # fmt: skip
        head = ["ID", "Doc", "Text", "Value", "Unit", "Qualifier", "About"]
        out.append(_details(f"Figures ({len(figures)})", _table("Figures", head, rows, "pl-figures")))

    claims: list[Claim] = page.layers["claims"]  # type: ignore[assignment]
    if claims:
        rows = [
            [_text(c.id), _or_dash(c.document), _or_dash(c.claimant), _text(c.stance), _or_dash(c.responds_to),
             _text(_clip(text[c.start : c.end], 140))]
            for c in claims
        ]  # fmt: skip
        head = ["ID", "Doc", "Claimant", "Stance", "Responds to", "Text"]
        out.append(_details(f"Claims ({len(claims)})", _table("Claims", head, rows, "pl-claims")))
    return f'<section class="pl-panel" aria-label="Summary of page {p}">{"".join(out)}</section>'


def _who_said_what(page: Page, p: int) -> str:
    """Per speaker, their quotes and claims; a denial links to the claim it answers."""
    text = page.text
    quotes = cast("list[Quote]", page.layers["quotes"])
    claims = cast("list[Claim]", page.layers["claims"])
    if not quotes and not claims:
        return ""
    by_id = {c.id: c for c in claims}
    people: dict[str, list[str]] = {}
    for q in quotes:
        kind = "direct" if q.direct else "indirect"
        cue = f' <span class="pl-cue">{_text(q.cue)}</span>' if q.cue else ""
        people.setdefault(q.speaker or "", []).append(
            f'<li class="pl-q {kind}">{_text(_clip(text[q.start : q.end], 160))}{cue} <span class="pl-kind">{kind}</span></li>'
        )
    for c in claims:
        anchor = f'id="page-{p}-claim-{_attr(c.id)}"'
        said = _text(_clip(text[c.start : c.end], 160))
        if c.stance == "deny" and c.responds_to in by_id:
            target = by_id[c.responds_to]
            answers = (
                f' <span class="pl-denies">denies <a href="#page-{p}-claim-{_attr(target.id)}">{_text(target.id)}</a>'
                f" ({_text(target.claimant or 'unknown')}: {_text(_clip(text[target.start : target.end], 80))})</span>"
            )
            people.setdefault(c.claimant or "", []).append(f'<li class="pl-c deny" {anchor}>{_text(c.id)} {said}{answers}</li>')
        else:
            people.setdefault(c.claimant or "", []).append(f'<li class="pl-c" {anchor}>{_text(c.id)} {said}</li>')
    blocks = []
    for name, items in sorted(people.items(), key=lambda kv: (kv[0] == "outlet", -len(kv[1]), kv[0])):
        who = _text(name) if name else '<span class="pl-none">unattributed</span>'
        blocks.append(f"<li><strong>{who}</strong> ({len(items):,})<ul>{''.join(items)}</ul></li>")
    summary = f"Who said what ({len(people)} sources, {len(quotes):,} quotes, {len(claims):,} claims)"
    return _details(summary, f'<ul class="pl-who" aria-label="Who said what">{"".join(blocks)}</ul>')


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{_text(summary)}</summary>{content}</details>"


def _page_html(page: Page, p: int, total: int, ctx: _Context) -> str:
    heading = f"Page {p} of {total}: " if total > 1 else ""
    return (
        f'<article class="pl-page" id="page-{p}" aria-labelledby="page-{p}-h">'
        f'<header class="pl-page-head"><h2 id="page-{p}-h">{heading}<span class="pl-url">{_text(source_label(page))}</span></h2>'
        f"{_source_html(page, p)}</header>"
        f"{_panel_html(page, p, ctx)}"
        f'<section class="pl-textwrap" aria-label="Annotated text of page {p}"><h3>Text</h3>'
        f"{_text_html(page, p, ctx)}</section></article>"
    )


# --- controls, styles, script --------------------------------------------------------------


def _controls(pages: Sequence[Page], ctx: _Context) -> str:
    layer_rows = []
    for css, name, layer in _LAYERS:
        if layer == "techniques":
            n = sum(len(_shown_techniques(page, ctx.min_score)) for page in pages)
        else:
            n = sum(len(page.layers[layer]) for page in pages)
        if css == "docs":
            sample = '<span class="sw sw-doc" aria-hidden="true"></span>'
        elif css == "tech":
            sample = '<span class="sw sw-tech" aria-hidden="true"></span>'
        else:
            sample = f'<span class="sample {css}" aria-hidden="true">Aa</span>'
        layer_rows.append(
            f'<label><input type="checkbox" data-layer="{css}" checked autocomplete="off"> {sample} '
            f'<span class="pl-lname">{name}</span> <span class="pl-n">{n:,}</span></label>'
        )
    label_rows = []
    for label, index in ctx.labels.items():
        n = ctx.counts[label]
        definition = ctx.definitions.get(label)
        tip = f' title="{_attr(definition)}"' if definition else ""
        zero = ' class="pl-zero"' if n == 0 else ""
        label_rows.append(
            f'<label{zero}{tip}><input type="checkbox" data-label="{index}" checked autocomplete="off"> '
            f'<span class="sw tech tp-{index}" aria-hidden="true"></span> '
            f'<span class="pl-lname">{_text(_technique_name(label))}</span> <span class="pl-n">{n:,}</span></label>'
        )
    threshold = f'<p class="pl-note">Techniques scored below {ctx.min_score:.2f} are not shown.</p>' if ctx.min_score > 0 else ""
    glossary = ""
    if ctx.definitions:
        entries = "".join(
            f"<dt>{_text(_technique_name(label))} <code>{_text(label)}</code></dt><dd>{_text(ctx.definitions[label])}</dd>"
            for label in ctx.labels
            if ctx.definitions.get(label)
        )
        glossary = (
            f'<details class="pl-glossary"><summary>What the techniques mean</summary><dl>{entries}</dl></details>'
            if entries
            else ""
        )
    return (
        '<aside class="pl-side" aria-label="Layers and legend">'
        f"<fieldset><legend>Layers</legend>{''.join(layer_rows)}</fieldset>"
        f'<fieldset class="pl-labels"><legend>Techniques</legend>{"".join(label_rows)}{threshold}</fieldset>'
        f"{glossary}"
        '<p class="pl-note">Hover, tap or tab to a highlight for its details.</p>'
        '<noscript><p class="pl-note">Turning layers on and off needs JavaScript; all layers are shown.</p></noscript>'
        "</aside>"
    )


def _asset(name: str) -> str:
    """A stylesheet or script from ``templates/``, inlined into every report."""
    return files("presslens.report").joinpath("templates", name).read_text(encoding="utf-8")


_CSS = _asset("report.css")
_JS = _asset("report.js")


def _label_css(ctx: _Context) -> str:
    rules = []
    for index in ctx.labels.values():
        colour = _PALETTE[index] if index < len(_PALETTE) else _UNKNOWN_COLOUR
        rules.append(f".tech.tp-{index}{{background:{colour}}}")
    return "\n".join(rules)


def render_html(
    pages: Sequence[Page] | Page,
    *,
    title: str | None = None,
    definitions: Mapping[str, str] | None = None,
    min_score: float = 0.0,
) -> str:
    """One self-contained HTML5 report for ``pages`` (a single Page is accepted too).

    ``definitions`` maps technique labels to explanations shown in tooltips and a glossary;
    techniques scored below ``min_score`` are left out.
    """
    pages = [pages] if isinstance(pages, Page) else list(pages)
    seen = {t.technique for page in pages for t in page.layers["techniques"]}  # type: ignore[union-attr]
    labels = list(TECHNIQUE_LABELS) + sorted(seen - set(TECHNIQUE_LABELS))
    ctx = _Context(labels={label: i for i, label in enumerate(labels)}, definitions=dict(definitions or {}), min_score=min_score)
    for page in pages:
        ctx.counts.update(t.technique for t in _shown_techniques(page, min_score))

    if title is None:
        single = pages[0].metadata.title if len(pages) == 1 else None
        title = f"presslens report: {single}" if single else "presslens report"
    n_docs = sum(len(page.documents) for page in pages)
    subtitle = f"{len(pages):,} page{'s' if len(pages) != 1 else ''}, {n_docs:,} document{'s' if n_docs != 1 else ''}"
    toc = ""
    if len(pages) > 1:
        entries = "".join(f'<li><a href="#page-{p}">{_text(source_label(page))}</a></li>' for p, page in enumerate(pages, 1))
        toc = f'<ol class="pl-toc">{entries}</ol>'
    body = "".join(_page_html(page, p, len(pages), ctx) for p, page in enumerate(pages, 1))
    if not pages:
        body = '<p class="pl-empty">No pages to show.</p>'
    return (
        '<!DOCTYPE html>\n<html lang="en" class="no-js">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_attr(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="generator" content="presslens {_attr(__version__)}">\n'
        f"<title>{_text(title)}</title>\n<style>{_CSS}{_label_css(ctx)}\n</style>\n</head>\n<body>\n"
        '<a class="pl-skip" href="#pl-main">Skip to the report</a>\n'
        f'<header class="pl-top"><h1>{_text(title)}</h1><p>{subtitle}</p>{toc}</header>\n'
        f'<div class="pl-layout">{_controls(pages, ctx)}\n<main id="pl-main">{body}</main></div>\n'
        f'<footer class="pl-foot">Generated by presslens {_text(__version__)}. Highlights are automatic '
        "annotations, not verdicts: read each in context.</footer>\n"
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )
