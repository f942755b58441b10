"""Containers of many pages: JSON Lines, WARC web archives and RSS/Atom feeds.

Each reader is a generator of Items, one per page. Bad content never raises: a bad line, record
or entry becomes an Item with ``error`` set (its message names where it is) and the reader goes
on, so one broken record in a crawl of thousands is reported and counted, not fatal. Only an
``OSError`` while opening or reading the file escapes; ``sources`` turns that into an error Item.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import feedparser
from warcio.archiveiterator import ArchiveIterator

from presslens.errors import EMPTY, MALFORMED, NO_INPUTS, TOO_LARGE, ErrorCode, PresslensError
from presslens.ingest.item import HTML, TEXT, Item
from presslens.options import Options
from presslens.page import Metadata, Source

_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


# --- JSON Lines ------------------------------------------------------------------------------


def iter_jsonl(path: Path, options: Options) -> Iterator[Item]:
    """One Item per non-blank line of a JSON Lines file (gzip-compressed or not).

    A line is an object with ``text`` (plain text) or ``html``, and optionally ``url``,
    ``title``, ``author``, ``published`` (or ``date``) and ``site_name`` (or ``outlet``).
    ``text`` wins when both are given: it is the producer's own extraction.
    """
    with path.open("rb") as raw:
        # Sniff the magic bytes rather than trust the name: ``.jsonl`` files are often gzipped.
        magic = raw.read(2)
        raw.seek(0)
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if magic == _GZIP_MAGIC else raw
        n = 0
        try:
            for n, line in _lines(stream, options.max_bytes):
                if line is None:
                    yield _bad(path, f"line {n}", TOO_LARGE, f"line {n}: record is over the {options.max_bytes} byte limit")
                elif line.strip():
                    yield _jsonl_item(path, n, line)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            yield _bad(path, f"line {n + 1}", MALFORMED, f"line {n + 1}: compressed file is corrupt or truncated ({exc})")


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)``, with None for a line over ``limit`` bytes, which is never held whole."""
    n = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = stream.readline(65536)
            yield n, None
        else:
            yield n, line


def _jsonl_item(path: Path, n: int, line: bytes) -> Item:
    where = f"line {n}"
    # Lenient like ``decode``: a stray invalid byte should not cost the whole record.
    text = line.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return _bad(path, where, MALFORMED, f"{where}: invalid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return _bad(path, where, MALFORMED, f"{where}: expected a JSON object, got {type(record).__name__}")
    key = next((k for k in ("text", "html") if record.get(k) is not None), None)
    if key is None:
        return _bad(path, where, MALFORMED, f'{where}: record has neither "text" nor "html"')
    data = record[key]
    if not isinstance(data, str):
        return _bad(path, where, MALFORMED, f'{where}: "{key}" must be a string, got {type(data).__name__}')
    url = _str(record.get("url"))
    if not data.strip():
        return _bad(path, where, EMPTY, f'{where}: "{key}" is empty', url=url)
    metadata = Metadata(
        title=_str(record.get("title")),
        author=_str(record.get("author")),
        published=_str(record.get("published")) or _str(record.get("date")),
        site_name=_str(record.get("site_name")) or _str(record.get("outlet")),
        url=url,
    )
    media_type = HTML if key == "html" else TEXT
    return Item(source=Source(path=str(path), url=url, media_type=media_type, record=where), data=data, metadata=metadata)


def _str(value: Any) -> str | None:
    """A metadata value as a non-blank string, or None (numbers are kept, other types dropped)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


# --- WARC ------------------------------------------------------------------------------------


def iter_warc(path: Path, options: Options) -> Iterator[Item]:
    """One Item per HTML or plain-text ``response``/``resource`` record of a WARC (or ARC) file.

    Other records (requests, metadata, DNS, images, CSS, scripts, redirects and error pages)
    are skipped. A WARC with no usable record yields one ``NO_INPUTS`` Item; a corrupt or
    truncated one yields the records read before the damage, then one ``MALFORMED`` Item.
    """
    found = 0
    with path.open("rb") as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        last: Any = None
        problem: str | None = None
        try:
            for record in records:
                # The iterator reads a record to its end only when asked for the next one, so
                # a short record is seen here, one step late.
                problem = _truncation(last) or _bad_length(record)
                if problem:
                    break
                last = record
                media_type, charset = _warc_content_type(record)
                if media_type is None:
                    continue
                found += 1
                yield _warc_item(path, record, media_type, charset, options)
            else:
                problem = _truncation(last)
                if not problem and records.offset < path.stat().st_size:
                    problem = f"unreadable data after byte {records.offset}"
        except Exception as exc:  # warcio raises many types (even AttributeError) on broken archives
            problem = f"after {found} usable record(s), {_one_line(exc)}"
    if problem is not None:
        yield _bad(path, None, MALFORMED, f"{path.name}: corrupt or truncated WARC, {problem}")
    elif not found:
        yield _bad(path, None, NO_INPUTS, f"{path.name}: WARC has no HTML or text response records")


def _warc_content_type(record: Any) -> tuple[str | None, str | None]:
    """``(media type, charset)`` of a usable record, or ``(None, None)`` for one to skip."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None, None  # redirects and error pages are not the article
        declared = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        declared = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None, None
    base, _, params = declared.partition(";")
    base = base.strip().lower()
    media_type = HTML if base in _HTML_TYPES else TEXT if base == TEXT else None
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'")
    return media_type, charset


def _warc_item(path: Path, record: Any, media_type: str, charset: str | None, options: Options) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = _record_id(record)
    try:
        payload = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # a bad Content-Encoding (gzip, brotli) spoils this payload, not the file
        return _bad(path, record_id, MALFORMED, f"record {record_id}: payload cannot be read, {_one_line(exc)}", url=url)
    if len(payload) > options.max_bytes:
        return _bad(
            path, record_id, TOO_LARGE, f"record {record_id}: payload is over the {options.max_bytes} byte limit", url=url
        )
    # WARC-Date is when the page was crawled, not published, so it is not metadata here.
    source = Source(path=str(path), url=url, media_type=media_type, encoding=charset, record=record_id)
    return Item(source=source, data=payload, metadata=Metadata(url=url))


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _record_id(record: Any) -> str:
    return record.rec_headers.get_header("WARC-Record-ID") or "<no id>"


def _bad_length(record: Any) -> str | None:
    # warcio is lenient: any five-word line passes for an ARC header, so check the length field.
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        return f"record {_record_id(record)} has no valid Content-Length"
    return None


def _truncation(record: Any) -> str | None:
    # A record the iterator has moved past was read to its Content-Length, unless the file ended.
    if record is not None and getattr(record.raw_stream, "limit", 0):
        return f"record {_record_id(record)} is truncated"
    return None


# --- RSS / Atom ------------------------------------------------------------------------------


def iter_feed(path: Path, options: Options) -> Iterator[Item]:
    """One Item per entry of an RSS or Atom feed: its full content, else its summary."""
    with path.open("rb") as stream:
        data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield _bad(path, None, TOO_LARGE, f"{path.name}: feed is over the {options.max_bytes} byte limit")
        return
    if not data.strip():
        yield _bad(path, None, EMPTY, f"{path.name}: file is empty")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.get("version"):
            yield _bad(path, None, NO_INPUTS, f"{path.name}: feed has no entries")
        else:
            yield _bad(path, None, MALFORMED, f"{path.name}: not an RSS/Atom feed")
        return
    site_name = _str(feed.feed.get("title"))
    for n, entry in enumerate(feed.entries, start=1):
        yield _feed_item(path, n, entry, site_name, options)


def _feed_item(path: Path, n: int, entry: Any, site_name: str | None, options: Options) -> Item:
    where = f"entry {n}"
    url = _str(entry.get("link"))
    detail = entry["content"][0] if entry.get("content") else entry.get("summary_detail")
    content = (detail or {}).get("value") or ""
    if not content.strip():
        return _bad(path, where, EMPTY, f"{where}: entry has no content or summary", url=url)
    if len(content.encode("utf-8")) > options.max_bytes:
        return _bad(path, where, TOO_LARGE, f"{where}: content is over the {options.max_bytes} byte limit", url=url)
    media_type = HTML if (detail.get("type") or "").lower() in _HTML_TYPES else TEXT
    author = entry.get("author_detail", {}).get("name") or entry.get("author")
    metadata = Metadata(
        title=_str(entry.get("title")),
        author=_str(author),
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        site_name=site_name,
        url=url,
    )
    source = Source(path=str(path), url=url, media_type=media_type, record=where)
    return Item(source=source, data=content, metadata=metadata)


def _iso(parsed: Any) -> str | None:
    """feedparser's UTC ``struct_time`` as ISO 8601; a bare date when no time of day was given."""
    if not parsed:
        return None
    when = datetime(*parsed[:6], tzinfo=UTC)
    # feedparser reports a date-only value as midnight; a full timestamp would invent a time.
    return when.date().isoformat() if when.time() == datetime.min.time() else when.isoformat()


# --- shared ----------------------------------------------------------------------------------


def _bad(path: Path, record: str | None, code: ErrorCode, message: str, url: str | None = None) -> Item:
    return Item(source=Source(path=str(path), url=url, media_type="", record=record), error=PresslensError(code, message))


READERS: dict[str, Callable[[Path, Options], Iterator[Item]]] = {
    "jsonl": iter_jsonl,
    "warc": iter_warc,
    "feed": iter_feed,
}
