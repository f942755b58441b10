"""Containers of many pages (JSON Lines, WARC, RSS/Atom) through the public ingestion API.

Fixtures are written into ``tmp_path`` with the real formats' own writers (warcio for WARC) so
that the tests read what crawlers and feeds actually produce.
"""

from __future__ import annotations

import gzip
import hashlib
import inspect
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from presslens.api import Result, analyze_paths
from presslens.ingest import iter_items
from presslens.ingest.containers import READERS
from presslens.options import Options

ARTICLE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Flood waters rise in Riverton</title>
<meta property="og:site_name" content="Riverton Gazette">
<meta name="author" content="Ana Diaz">
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Flood waters rise in Riverton</h1>
<p>Flood waters rose overnight in Riverton, forcing hundreds of families from their homes, officials said on Tuesday.</p>
<p>The mayor said 320 people were moved to emergency shelters at the town's two schools and that more rain was expected.</p>
<p>"We have never seen the river this high," said Maria Lopez, who has lived on Bank Street for forty years.</p>
</article><footer>Copyright 2024 Riverton Gazette</footer></body></html>
"""
NOTES = "Council notes: the bridge on Mill Road will reopen on Friday after repairs costing 1.2 million.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def analyse(*paths: Path, options: Options = Options()) -> list[Result]:
    return list(analyze_paths([str(p) for p in paths], options=options))


def code(result: Result) -> str | None:
    return result.error.code.name if result.error else None


def test_readers_are_generators_for_each_container_kind() -> None:
    assert set(READERS) == {"jsonl", "warc", "feed"}
    assert all(inspect.isgeneratorfunction(reader) for reader in READERS.values())


# --- WARC ------------------------------------------------------------------------------------


def _http(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: Path, *, notes: bool = True, article: bool = True) -> dict[str, bytes]:
    """A small crawl: the records a real crawler writes around one article. Returns usable payloads by URL."""
    usable: dict[str, bytes] = {}
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        url = "https://gazette.example/2024/03/flood"
        request = StatusAndHeaders("GET /2024/03/flood HTTP/1.1", [("Host", "gazette.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        if article:
            body = ARTICLE.encode("utf-8")
            usable[url] = body
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=_http("200 OK", "text/html; charset=utf-8")
            )
            # A crawl date that must not be taken for the publication date.
            record.rec_headers.replace_header("WARC-Date", "2001-01-01T00:00:00Z")
            writer.write_record(record)
        writer.write_record(
            writer.create_warc_record(
                "https://gazette.example/logo.png", "response", payload=io.BytesIO(PNG), http_headers=_http("200 OK", "image/png")
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://gazette.example/site.css",
                "response",
                payload=io.BytesIO(b"body { color: red }"),
                http_headers=_http("200 OK", "text/css"),
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://gazette.example/old",
                "response",
                payload=io.BytesIO(b"<html><body><p>Moved</p></body></html>"),
                http_headers=_http("301 Moved Permanently", "text/html"),
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "dns:gazette.example",
                "resource",
                payload=io.BytesIO(b"gazette.example. 300 IN A 10.0.0.1"),
                warc_content_type="text/dns",
            )
        )
        writer.write_record(
            writer.create_warc_record(
                url, "metadata", payload=io.BytesIO(b"outlinks: /world"), warc_content_type="application/warc-fields"
            )
        )
        if notes:
            notes_url = "https://gazette.example/notes.txt"
            usable[notes_url] = NOTES.encode("utf-8")
            writer.write_record(
                writer.create_warc_record(
                    notes_url, "resource", payload=io.BytesIO(usable[notes_url]), warc_content_type="text/plain; charset=utf-8"
                )
            )
    return usable


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_items_are_the_html_and_text_records_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    usable = write_warc(path)
    items = list(iter_items([str(path)]))
    assert [item.error for item in items] == [None, None]
    assert [item.source.url for item in items] == list(usable)
    assert [item.source.media_type for item in items] == ["text/html", "text/plain"]
    assert [item.data for item in items] == list(usable.values())
    for item in items:
        assert item.source.path == str(path)
        assert item.source.record and item.source.record.startswith("<urn:uuid:")
        assert item.source.encoding == "utf-8"  # the charset the HTTP/WARC header declared
        assert item.metadata.published is None  # WARC-Date is the crawl time
    assert len({item.source.record for item in items}) == 2


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_article_is_analysed_with_its_metadata(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    usable = write_warc(path, notes=False)
    [result] = analyse(path)
    assert result.error is None and result.page is not None
    page = result.page
    assert "forcing hundreds of families from their homes" in page.text
    assert "We have never seen the river this high" in page.text
    assert "Home | World" not in page.text  # navigation is boilerplate, not the article
    assert page.source.url == "https://gazette.example/2024/03/flood"
    assert page.source.sha256 == hashlib.sha256(usable[page.source.url]).hexdigest()
    assert page.source.media_type == "text/html"
    assert page.metadata.title == "Flood waters rise in Riverton"
    assert page.metadata.site_name == "Riverton Gazette"
    assert page.metadata.published == "2024-03-05"  # from the page, not the 2001 WARC-Date


def test_warc_text_resource_is_analysed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path)
    results = analyse(path)
    assert [code(r) for r in results] == [None, None]
    notes = results[1].page
    assert notes is not None
    assert notes.text == NOTES
    assert notes.source.media_type == "text/plain"
    assert notes.source.sha256 == hashlib.sha256(NOTES.encode()).hexdigest()


def test_warc_gz_text_resource_is_analysed(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, article=False)
    [result] = analyse(path)
    assert result.error is None and result.page is not None
    assert result.page.text == NOTES


def test_warc_declared_charset_is_used_to_decode(tmp_path: Path) -> None:
    path = tmp_path / "legacy.warc"
    text = "Le café – une idée naïve – a rouvert."
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        writer.write_record(
            writer.create_warc_record(
                "https://journal.example/cafe.txt",
                "response",
                payload=io.BytesIO(text.encode("cp1252")),
                http_headers=_http("200 OK", "text/plain; charset=windows-1252"),
            )
        )
    [result] = analyse(path)
    assert result.page is not None
    assert result.page.text == text


def test_warc_record_over_the_size_limit_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path)
    results = analyse(path, options=Options(max_bytes=len(NOTES) + 10))
    assert [code(r) for r in results] == ["E005_TOO_LARGE", None]
    assert results[0].item.source.url == "https://gazette.example/2024/03/flood"
    assert results[0].item.source.record and results[0].item.source.record in results[0].error.message
    assert results[1].page is not None and results[1].page.text == NOTES


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_without_usable_records_is_one_no_inputs_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, article=False, notes=False)
    [result] = analyse(path)
    assert code(result) == "E002_NO_INPUTS"
    assert name in result.error.message


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_yields_what_was_read_then_one_malformed_error(tmp_path: Path, name: str) -> None:
    whole = tmp_path / f"whole-{name}"
    write_warc(whole)
    data = whole.read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) - 40])  # cut inside the last record, the text resource
    results = analyse(path)
    assert code(results[0]) is None
    assert code(results[-1]) == "E007_MALFORMED"
    assert "truncated" in results[-1].error.message
    assert [code(r) for r in results].count("E007_MALFORMED") == 1
    assert results[0].page is not None and "Riverton" in results[0].page.text


@pytest.mark.parametrize("content", [b"this is not a web archive\r\n\r\n", b"WARC/1.0\r\nWARC-Type: resp"])
def test_garbage_warc_is_one_malformed_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(content)
    [result] = analyse(path)
    assert code(result) == "E007_MALFORMED"
    assert "\n" not in result.error.message


# --- RSS / Atom ------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Riverton Gazette</title><link>https://gazette.example/</link><description>Local news</description>
<item><title>Flood waters rise in Riverton</title><link>https://gazette.example/flood</link>
<dc:creator>Ana Diaz</dc:creator><pubDate>Tue, 05 Mar 2024 10:30:00 +0100</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Flood waters rose overnight in Riverton, forcing hundreds of families from their homes.</p>
<p>The mayor said 320 people were moved to emergency shelters.</p>]]></content:encoded></item>
<item><title>Bridge to reopen</title><link>https://gazette.example/bridge</link>
<pubDate>Wed, 06 Mar 2024 07:00:00 GMT</pubDate>
<description>&lt;p&gt;The bridge on Mill Road will &lt;b&gt;reopen&lt;/b&gt; on Friday.&lt;/p&gt;</description></item>
<item><title>Photo gallery</title><link>https://gazette.example/photos</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title><id>urn:courier</id>
<updated>2024-03-06T12:00:00Z</updated>
<entry><title>Schools close for the week</title><link href="https://courier.example/schools"/><id>urn:1</id>
<author><name>Sam Roe</name></author><published>2024-03-05</published><updated>2024-03-06T01:02:03Z</updated>
<summary>Teaser only.</summary>
<content type="html">&lt;p&gt;All schools in the valley will close for the week, the district said.&lt;/p&gt;</content></entry>
<entry><title>Water safe to drink</title><link href="https://courier.example/water"/><id>urn:2</id>
<updated>2024-03-06T09:15:00Z</updated>
<summary>Tap water is safe to drink again, the utility said on Wednesday.</summary></entry>
</feed>
"""


def test_rss_entries_become_pages_with_feed_metadata(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")
    results = analyse(path)
    assert [code(r) for r in results] == [None, None, "E003_EMPTY"]
    first, second = results[0].page, results[1].page
    assert first is not None and second is not None
    # content:encoded (the full story) is preferred over the teaser in <description>.
    assert "forcing hundreds of families" in first.text and "320 people" in first.text
    assert "Short teaser" not in first.text
    assert "<p>" not in first.text
    assert (first.source.record, first.source.url, first.source.media_type) == (
        "entry 1",
        "https://gazette.example/flood",
        "text/html",
    )
    assert first.source.path == str(path)
    assert first.metadata.title == "Flood waters rise in Riverton"
    assert first.metadata.author == "Ana Diaz"
    assert first.metadata.site_name == "Riverton Gazette"
    assert first.metadata.published == "2024-03-05T09:30:00+00:00"  # in UTC
    assert "The bridge on Mill Road will" in second.text and "on Friday." in second.text
    assert second.source.record == "entry 2"
    assert second.metadata.published == "2024-03-06T07:00:00+00:00"
    empty = results[2]
    assert empty.item.source.record == "entry 3" and empty.error.message.startswith("entry 3:")
    assert empty.item.source.url == "https://gazette.example/photos"


def test_inline_markup_in_an_entry_does_not_split_sentences(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")
    page = analyse(path)[1].page
    assert page is not None
    assert page.text == "The bridge on Mill Road will reopen on Friday."


def test_atom_entries_use_content_then_summary(tmp_path: Path) -> None:
    path = tmp_path / "courier.atom"
    path.write_text(ATOM, encoding="utf-8")
    results = analyse(path)
    assert [code(r) for r in results] == [None, None]
    schools, water = results[0].page, results[1].page
    assert schools is not None and water is not None
    assert schools.text.strip() == "All schools in the valley will close for the week, the district said."
    assert schools.source.media_type == "text/html"
    assert schools.metadata.published == "2024-03-05"  # a date-only value stays a date
    assert schools.metadata.author == "Sam Roe"
    assert schools.metadata.site_name == "Valley Courier"
    assert water.text == "Tap water is safe to drink again, the utility said on Wednesday."
    assert water.source.media_type == "text/plain"
    assert water.metadata.published == "2024-03-06T09:15:00+00:00"  # falls back to <updated>
    assert water.source.url == "https://courier.example/water"
    assert water.source.sha256 == hashlib.sha256(water.text.encode()).hexdigest()


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?><urlset><url><loc>https://gazette.example/</loc></url></urlset>',
        "<html><body><p>An article saved with the wrong name.</p></body></html>",
        "not xml at all <<< &&&",
    ],
)
def test_xml_that_is_not_a_feed_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text(content, encoding="utf-8")
    [result] = analyse(path)
    assert code(result) == "E007_MALFORMED"
    assert "not an RSS/Atom feed" in result.error.message


def test_feed_edge_cases(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"  \n")
    no_entries = tmp_path / "quiet.rss"
    no_entries.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>', encoding="utf-8")
    big = tmp_path / "big.rss"
    big.write_text(RSS, encoding="utf-8")
    results = analyse(empty, no_entries, big, options=Options(max_bytes=200))
    assert [code(r) for r in results] == ["E003_EMPTY", "E002_NO_INPUTS", "E005_TOO_LARGE"]


# --- JSON Lines ------------------------------------------------------------------------------

GOOD_TEXT = {
    "id": "a1",
    "text": "The council approved the budget on Monday.\n\nThe vote was 7 to 2.",
    "url": "https://news.example/budget",
    "title": "Budget approved",
    "author": "Lee Park",
    "published": "2024-03-04",
    "site_name": "News Example",
}
GOOD_HTML = {
    "html": ARTICLE,
    "url": "https://gazette.example/flood",
    "date": "2024-03-05",
    "outlet": "The Gazette",
    "title": "Floods",
}


def jsonl_lines() -> list[str]:
    return [
        json.dumps(GOOD_TEXT),  # line 1
        "",  # line 2: blank, skipped
        "{not json",  # line 3
        json.dumps(GOOD_HTML, ensure_ascii=False),  # line 4
        "[1, 2, 3]",  # line 5
        json.dumps({"title": "no body"}),  # line 6
        json.dumps({"text": 42}),  # line 7
        json.dumps({"text": "   "}),  # line 8
        json.dumps({"text": "x" * 5000}),  # line 9: over the limit used below
        "   ",  # line 10: blank, skipped
        json.dumps({"text": "Last line, no newline after it."}),  # line 11
    ]


EXPECTED = [
    ("line 1", None),
    ("line 3", "E007_MALFORMED"),
    ("line 4", None),
    ("line 5", "E007_MALFORMED"),
    ("line 6", "E007_MALFORMED"),
    ("line 7", "E007_MALFORMED"),
    ("line 8", "E003_EMPTY"),
    ("line 9", "E005_TOO_LARGE"),
    ("line 11", None),
]


def _check_jsonl(results: list[Result], path: Path) -> None:
    assert [(r.item.source.record, code(r)) for r in results] == EXPECTED
    for result in results:
        assert result.item.source.path == str(path)
        if result.error is not None:
            assert result.error.message.startswith(f"{result.item.source.record}: ")
            assert "\n" not in result.error.message
    text, html, last = (r.page for r in results if r.page is not None)
    assert text.text == GOOD_TEXT["text"]
    assert text.source.media_type == "text/plain"
    assert text.source.url == GOOD_TEXT["url"]
    assert text.source.sha256 == hashlib.sha256(GOOD_TEXT["text"].encode()).hexdigest()
    assert (text.metadata.title, text.metadata.author, text.metadata.published, text.metadata.site_name) == (
        "Budget approved",
        "Lee Park",
        "2024-03-04",
        "News Example",
    )
    assert "forcing hundreds of families" in html.text
    assert html.source.media_type == "text/html"
    # What the container states wins over what the page states; the rest comes from the page.
    assert (html.metadata.title, html.metadata.published, html.metadata.site_name) == ("Floods", "2024-03-05", "The Gazette")
    assert html.metadata.author == "Ana Diaz"
    assert last.text == "Last line, no newline after it."


def test_jsonl_good_lines_come_out_and_bad_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(jsonl_lines()), encoding="utf-8")
    _check_jsonl(analyse(path, options=Options(max_bytes=2000)), path)


@pytest.mark.parametrize("name", ["pages.jsonl.gz", "pages.jsonl"])
def test_gzipped_jsonl_is_read_transparently(tmp_path: Path, name: str) -> None:
    path = tmp_path / name  # gzip is recognised by its bytes, whatever the name says
    path.write_bytes(gzip.compress("\n".join(jsonl_lines()).encode("utf-8")))
    _check_jsonl(analyse(path, options=Options(max_bytes=2000)), path)


def test_truncated_gzip_jsonl_yields_lines_read_then_malformed(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl.gz"
    lines = [json.dumps({"text": f"Report number {n} says the river rose {n} centimetres."}) for n in range(1, 201)]
    data = gzip.compress("\n".join(lines).encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    results = analyse(path)
    assert results[0].page is not None and results[0].page.text.startswith("Report number 1 ")
    assert all(r.error is None for r in results[:-1])
    assert code(results[-1]) == "E007_MALFORMED"
    assert results[-1].error.message.startswith(f"line {len(results)}: ")


def test_jsonl_record_fields_before_analysis(tmp_path: Path) -> None:
    path = tmp_path / "pages.ndjson"
    path.write_text(
        json.dumps(GOOD_HTML) + "\n\n" + json.dumps({"text": "Plain words.", "published": 2024}) + "\n", encoding="utf-8"
    )
    html, text = iter_items([str(path)])
    assert (html.source.record, html.source.media_type, html.data) == ("line 1", "text/html", ARTICLE)
    assert html.metadata.url == GOOD_HTML["url"]
    assert (text.source.record, text.source.media_type, text.source.url) == ("line 3", "text/plain", None)
    assert text.metadata.published == "2024"


def test_containers_in_a_folder_are_read_with_single_pages(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "courier.atom").write_text(ATOM, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", notes=False)
    (tmp_path / "note.txt").write_text("A single page of plain text.", encoding="utf-8")
    results = analyse(tmp_path)
    assert [code(r) for r in results] == [None, None, None, None]
    # Files of a folder before its subfolders, each sorted by name.
    labels = [r.item.source.record for r in results]
    assert labels[0].startswith("<urn:uuid:") and labels[1:] == [None, "entry 1", "entry 2"]
