"""Compilation pages in HTML: keep each report's header through main-text extraction.

trafilatura drops bylines, meta lines, ``<header>``/``<footer>`` blocks, ``<cite>`` and ``<time>``
(on an article page they are not body text). On a page that compiles several reports, those
elements say what each report is, who wrote it, where and when. When two or more of them state a
source (they read as an outlet, date or byline line) next to a report's body, they are turned into
plain paragraphs before extraction, so segmentation finds them in the text. An article page's
lone byline box, or a sidebar of related links with no bodies, is left as it is.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from presslens.headers import read_cue

_CLASS_NAMES = "byline|dateline|author|article-meta|post-meta|entry-meta|story-meta|credit|source|meta"
_CLASS = re.compile(_CLASS_NAMES, re.I)
# Cheap test on the raw bytes before parsing: most pages have none of these twice.
_MARKERS = re.compile(rf"""<(?:header|footer|dd|cite)\b|(?:class|id)\s*=\s*["'][^"']*(?:{_CLASS_NAMES})""".encode(), re.I)
_BLOCKS = ("header", "footer", "dd", "p", "div", "span", "address", "cite", "section", "time")
MAX_WORDS = 30  # a header is short; a longer block is body text
MIN_BODY_WORDS = 40  # the report beside it: teaser links in a sidebar have none


def keep_report_headers(html: str) -> str:
    """``html`` with its reports' header blocks as plain paragraphs, or unchanged."""
    if len(_MARKERS.findall(html.encode("utf-8", "ignore"))) < 2:
        return html
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    blocks = _source_blocks(tree)
    if len(blocks) < 2:
        return html
    for block in blocks:
        _unwrap(block)
    return lxml_html.tostring(tree, encoding="unicode")


def _source_blocks(tree: HtmlElement) -> list[HtmlElement]:
    found = [el for el in tree.iter(*_BLOCKS) if _candidate(el) and _states_source(el)]
    # The outermost ones only: a byline <div> holding an author <span> is one header.
    ids = {id(el) for el in found}
    outer = [el for el in found if not any(id(a) in ids for a in el.iterancestors())]
    return [el for el in outer if _beside_body(el)]


def _candidate(el: HtmlElement) -> bool:
    if len(el.text_content().split()) > MAX_WORDS:
        return False
    if el.tag in ("header", "footer", "dd", "cite"):
        return el.tag != "header" or any(a.tag in ("article", "section", "li") for a in el.iterancestors())
    return bool(_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"))


def _states_source(el: HtmlElement) -> bool:
    """Whether a block reads as an outlet, date or byline line (as a whole or line by line)."""
    lines = [" ".join(t.split()) for t in el.itertext() if t.strip()]
    whole = read_cue(" ".join(lines))
    if whole is not None and whole.kind != "numbered":
        return True
    return any(cue is not None and (cue.outlet or cue.author) for cue in map(read_cue, lines))


def _beside_body(el: HtmlElement) -> bool:
    """A report's body stands near the block: some enclosing element has prose besides it."""
    own = len(el.text_content().split())
    for depth, ancestor in enumerate(el.iterancestors()):
        if depth >= 3 or ancestor.tag in ("body", "html"):
            break
        if len(ancestor.text_content().split()) - own >= MIN_BODY_WORDS:
            return True
    return False


def _unwrap(block: HtmlElement) -> None:
    previous = block.getprevious()
    if block.tag == "dd" and previous is not None and previous.tag == "dt":
        previous.tag = "h3"  # a definition list's term is the report's headline
    for inline in list(block.iter("a", "time", "cite")):
        if inline.tag == "time":
            _date_from_datetime(inline)
        if inline is not block:
            inline.drop_tag()
    for el in block.iter():
        el.attrib.pop("class", None)
        el.attrib.pop("id", None)
        el.attrib.pop("itemprop", None)
    inside_paragraph = any(a.tag in ("p", "h1", "h2", "h3", "h4", "li") for a in block.iterancestors())
    if block.tag not in ("p", "h1", "h2", "h3", "h4") and not inside_paragraph:
        block.tag = "p"


def _date_from_datetime(time: HtmlElement) -> None:
    """ "Tue 4 Oct" with ``datetime="2022-10-04…"``: the machine-readable date carries the year."""
    stamp = time.get("datetime", "")
    if re.match(r"\d{4}-\d{2}-\d{2}", stamp) and not re.search(r"\b(?:19|20)\d\d\b", time.text_content()):
        for child in list(time):
            child.drop_tree()
        time.text = stamp[:10]
