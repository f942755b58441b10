"""Items to Pages: sniff the media type, decode, and extract the main text of HTML."""

from __future__ import annotations

import re
from pathlib import PurePath

import trafilatura

from presslens.errors import EMPTY, MALFORMED, UNSUPPORTED, PresslensError
from presslens.ingest.decode import decode, looks_binary
from presslens.ingest.item import HTML, TEXT, Item, sha256_of
from presslens.ingest.report_headers import keep_report_headers
from presslens.page import Metadata, Page

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
# Suffixes that are certainly neither text nor HTML: refused before reading their bytes.
UNSUPPORTED_SUFFIXES = {
    ".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ppt", ".pptx", ".epub", ".zip", ".gz",
    ".tar", ".tgz", ".7z", ".rar", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp3",
    ".mp4", ".wav", ".avi", ".mov", ".exe", ".so", ".dll", ".bin", ".iso", ".sqlite", ".db",
}  # fmt: skip
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|h[1-6]|br|span|a)\b[^>]*>", re.I)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def sniff_media_type(data: bytes, name: str | None = None, declared: str | None = None) -> str:
    """``text/html`` or ``text/plain`` for ``data``, from a declared type, the name and the bytes."""
    if declared:
        base = declared.split(";")[0].strip().lower()
        if base in ("text/html", "application/xhtml+xml"):
            return HTML
        if base.startswith("text/"):
            return TEXT
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix in HTML_SUFFIXES or _HTML_START.match(data[:4096]):
        return HTML
    if suffix in UNSUPPORTED_SUFFIXES:
        raise PresslensError(UNSUPPORTED, f"unsupported file type {suffix!r} (expected text or HTML)")
    if len(_HTML_TAGS.findall(data[:65536])) >= 3:
        return HTML
    if suffix not in TEXT_SUFFIXES and looks_binary(data):
        raise PresslensError(UNSUPPORTED, f"unsupported file type {suffix!r} (expected text or HTML)")
    return TEXT


def load_page(item: Item) -> Page:
    """Turn one Item into a Page with its clean text, source and metadata."""
    data = item.data if item.data is not None else b""
    if isinstance(data, str):
        raw = data.encode("utf-8")
        declared = item.source.media_type if item.source.media_type in (HTML, TEXT) else None
        media_type = declared or sniff_media_type(raw, item.source.path)
        text, encoding = data.replace("\r\n", "\n").replace("\r", "\n"), None
    else:
        raw = data
        # Inside a container (record set) the path names the container, not the page.
        name = None if item.source.record else item.source.path
        media_type = sniff_media_type(raw, name, _declared_type(item))
        text, encoding = None, None
    if not raw.strip():
        raise PresslensError(EMPTY, "input is empty")
    source = item.source
    source.sha256 = sha256_of(raw)
    source.media_type = media_type
    if media_type == HTML:
        if text is None:
            charset = _CHARSET.search(raw[:4096])
            # The transport's charset (HTTP Content-Type) outranks <meta>, as in browsers.
            declared = item.source.encoding or (charset.group(1).decode("ascii", "ignore") if charset else None)
            text, encoding = decode(raw, declared)
        source.encoding = encoding or source.encoding
        body, meta = extract_html(text, url=source.url or item.metadata.url)
        meta = _merge(item.metadata, meta)
    else:
        if text is None:
            text, encoding = decode(raw, item.source.encoding)
        source.encoding = encoding or source.encoding
        body, meta = text, item.metadata
    if not body.strip():
        raise PresslensError(EMPTY, "input has no text")
    return Page(text=body, source=source, metadata=meta)


def extract_html(html: str, url: str | None = None) -> tuple[str, Metadata]:
    """Main text and metadata of an HTML page, via trafilatura.

    Tables are kept (figures often live in them); comments are dropped (they are not the
    report). When trafilatura finds no main text (a fragment, a truncated page), the visible
    text of the whole page is used instead, so nothing the user gave is lost.
    """
    html = keep_report_headers(html)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, include_formatting=False
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise PresslensError(MALFORMED, f"HTML could not be parsed: {type(exc).__name__}") from None
    if doc is None or not (doc.text or "").strip():
        return _visible_text(html), Metadata(url=url)
    meta = Metadata(
        title=doc.title or None,
        author=_BYLINE_WORD.sub("", doc.author or "").strip() or None,
        published=doc.date or None,
        site_name=doc.sitename or None,
        url=doc.url or url,
    )
    return _tidy(doc.text), meta


# "Por Lucía Ibáñez", "Von Anna Weber": the byline word some sites keep in the author field.
_BYLINE_WORD = re.compile(r"^(?:by|por|von|par|door|di|av|przez)\s+", re.I)


_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip
_SPACE = re.compile(r"\s+")


def _visible_text(html: str) -> str:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # an empty or hopeless document
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    # Source line breaks are not paragraphs; block elements are, inline ones (<b>, <a>) are not.
    for el in tree.iter():
        if isinstance(el.tag, str):
            el.text = _SPACE.sub(" ", el.text) if el.text else el.text
            el.tail = _SPACE.sub(" ", el.tail) if el.tail else el.tail
    for el in tree.iter(*_BLOCK_TAGS):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    return _tidy(tree.text_content())


def _tidy(text: str) -> str:
    # Paragraphs separated by one blank line, as in the text inputs segmentation is built on.
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return "\n\n".join(line for line in lines if line)


def _declared_type(item: Item) -> str | None:
    mt = item.source.media_type
    # A bare Source() defaults to text/plain, so TEXT counts as declared only from a container.
    return mt if mt and (mt != TEXT or item.source.record) else None


def _merge(first: Metadata, second: Metadata) -> Metadata:
    """Field by field, ``first`` (what a container said) wins over ``second`` (what the page says)."""
    return Metadata(**{k: getattr(first, k) or getattr(second, k) for k in vars(first)})
