"""The plain-text summary of one Page, for a terminal.

Everything the page supplies (titles, names, boilerplate) passes through ``clean`` first:
control characters would otherwise reach the terminal as escape sequences (a page could
recolour, retitle or scramble the user's terminal), so they are shown as ``\\x1b`` and the like.
Colour, when asked for, is plain ANSI added around our own labels, never around page text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import ClassVar

from presslens.page import Claim, Document, Figure, Page, Quote, Technique

_WORD = re.compile(r"\w+(?:(?:['’\-]|(?<=\d)[.,](?=\d))\w+)*")
_SPACE = re.compile(r"\s+")
# Bidirectional embeddings, overrides and isolates: they can reorder what a terminal shows.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# How many figures and claims the summary lists before "... and N more".
LIST_LIMIT = 20
BOILERPLATE_WIDTH = 70


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters/digits joined by ' ’ -, and 12,000 or 3.5 as one."""
    return sum(1 for _ in _WORD.finditer(text))


def short_sha(sha256: str, n: int = 12) -> str:
    return sha256[:n]


def source_label(page: Page) -> str:
    """The page's path, else its URL, with the container record when there is one."""
    src = page.source
    base = src.path or src.url or "(inline text)"
    return f"{base} [{src.record}]" if src.record else base


def layer_count(page: Page, layer: str) -> int | None:
    """Items in ``layer``; ``None`` when the layer is empty and no stage says it ran."""
    items = page.layers.get(layer, [])
    if items or layer in page.done:
        return len(items)
    return None


def format_value(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


def clean(value: object | None, empty: str = "-") -> str:
    """One line of page-supplied text, safe for a terminal: whitespace collapsed, controls escaped."""
    if value is None:
        return empty
    s = _SPACE.sub(" ", str(value)).strip()
    if not s:
        return empty
    out = []
    for ch in s:
        if ch in _BIDI:
            out.append(f"\\u{ord(ch):04x}")
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def truncate(s: str, width: int) -> str:
    return s if len(s) <= width else s[: width - 3].rstrip() + "..."


def _quoted(s: str) -> str:
    return f'"{s}"'


class _Style:
    """ANSI styling of our own labels, or nothing at all."""

    CODES: ClassVar[dict[str, str]] = {"bold": "1", "dim": "2", "cyan": "36", "yellow": "33", "green": "32", "magenta": "35"}

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, s: str, *styles: str) -> str:
        if not self.color or not styles:
            return s
        codes = ";".join(self.CODES[name] for name in styles)
        return f"\x1b[{codes}m{s}\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def render_text(page: Page, *, color: bool = False) -> str:
    """A human-readable summary of ``page``: source, size, documents, boilerplate, layer counts.

    Sections for techniques, speakers, figures and claims appear only when those layers have
    items. Plain text unless ``color`` is true, then ANSI colour around headings and ids.
    """
    st = _Style(color)
    text = page.text
    lines: list[str] = []

    src = page.source
    details = [clean(src.media_type)]
    if src.sha256:
        details.append(f"sha256 {clean(short_sha(src.sha256))}")
    if src.encoding:
        details.append(clean(src.encoding))
    lines.append(f"{st('Source:', 'bold')} {clean(source_label(page))} ({', '.join(details)})")
    if src.url and src.path:
        lines.append(f"{st('URL:', 'bold')} {clean(src.url)}")
    meta = page.metadata
    meta_parts = [
        f"{name} {clean(value)}"
        for name, value in (("title", meta.title), ("site", meta.site_name), ("published", meta.published))
        if value
    ]
    if meta_parts:
        lines.append(f"{st('Page:', 'bold')} {' | '.join(meta_parts)}")
    lines.append(f"{st('Text:', 'bold')} {_plural(len(text), 'character')}, {_plural(word_count(text), 'word')}")

    docs: list[Document] = page.documents  # type: ignore[assignment]
    lines += ["", st(f"Documents ({len(docs)})", "bold")]
    if not docs:
        lines.append("  none found")
    for doc in docs:
        lines.append(f"  {st(clean(doc.id), 'cyan')}  {clean(doc.title, '(untitled)')}")
        lines.append(
            f"      outlet {clean(doc.outlet)} | published {clean(doc.published)} | author {clean(doc.author)}"
            f" | chars {doc.start:,}-{doc.end:,} | {_plural(word_count(text[doc.start : doc.end]), 'word')}"
        )
        if doc.url:
            lines.append(f"      url {clean(doc.url)}")

    boilerplate = page.boilerplate
    lines += ["", st(f"Boilerplate ({len(boilerplate)})", "bold")]
    if not boilerplate:
        lines.append("  none found")
    for bp in boilerplate:
        snippet = truncate(clean(text[bp.start : bp.end], ""), BOILERPLATE_WIDTH)
        lines.append(f"  {st(clean(bp.id), 'cyan')}  x{bp.occurrences:<3} {st(_quoted(snippet), 'dim')}")

    counts = []
    for layer in ("techniques", "quotes", "figures", "claims"):
        n = layer_count(page, layer)
        counts.append(f"{layer} {'not run' if n is None else f'{n:,}'}")
    lines += ["", f"{st('Layers:', 'bold')} {' | '.join(counts)}"]

    techniques: list[Technique] = page.layers["techniques"]  # type: ignore[assignment]
    if techniques:
        lines += ["", st(f"Techniques ({len(techniques)})", "bold")]
        by_label = Counter(clean(t.technique, "(unlabelled)") for t in techniques)
        width = max(len(label) for label in by_label)
        for label, n in sorted(by_label.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {st(label.ljust(width), 'yellow')}  {n:>5,}")

    quotes: list[Quote] = page.layers["quotes"]  # type: ignore[assignment]
    if quotes:
        speakers = Counter(clean(q.speaker, "(unattributed)") for q in quotes)
        lines += ["", st(f"Speakers ({len(speakers)}, {_plural(len(quotes), 'quote')})", "bold")]
        width = max(len(name) for name in speakers)
        for name, n in sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {st(name.ljust(width), 'green')}  {_plural(n, 'quote')}")

    figures: list[Figure] = page.layers["figures"]  # type: ignore[assignment]
    if figures:
        lines += ["", st(f"Figures ({len(figures)})", "bold")]
        for fig in figures[:LIST_LIMIT]:
            said = truncate(clean(text[fig.start : fig.end], ""), 40)
            parts = [format_value(fig.value)]
            parts += [clean(v) for v in (fig.unit, fig.qualifier) if v]
            parts.append(f"about {clean(fig.about)}")
            lines.append(f"  {st(clean(fig.id), 'cyan')}  {clean(fig.document)}  {_quoted(said)}  {' | '.join(parts)}")
        if len(figures) > LIST_LIMIT:
            lines.append(f"  ... and {len(figures) - LIST_LIMIT:,} more")

    claims: list[Claim] = page.layers["claims"]  # type: ignore[assignment]
    if claims:
        stances = Counter(clean(c.stance) for c in claims)
        summary = ", ".join(f"{n:,} {s}" for s, n in sorted(stances.items()))
        lines += ["", st(f"Claims ({len(claims)}: {summary})", "bold")]
        for claim in claims[:LIST_LIMIT]:
            said = truncate(clean(text[claim.start : claim.end], ""), 60)
            reply = f" -> {clean(claim.responds_to)}" if claim.responds_to else ""
            lines.append(
                f"  {st(clean(claim.id), 'cyan')}  {clean(claim.document)}  {st(clean(claim.stance), 'magenta')}{reply}"
                f"  {clean(claim.claimant, '(no claimant)')}: {_quoted(said)}"
            )
        if len(claims) > LIST_LIMIT:
            lines.append(f"  ... and {len(claims) - LIST_LIMIT:,} more")

    return "\n".join(lines) + "\n"
