"""Segmentation units: dates, outlet names, header cues, boilerplate, single-article pages."""

from __future__ import annotations

import pytest

from presslens.api import analyze_text
from presslens.boilerplate import find_repeats
from presslens.dates import find_dates, iso_date
from presslens.headers import BYLINE, DATELINE, FIELD, META, NUMBERED, read_cue
from presslens.lines import split_lines
from presslens.outlets import canonical_outlet

PROSE = (
    "The council approved the budget after a long debate that ran late into the evening. "
    "Officials said the plan would fund new schools, repair two bridges and hire more nurses. "
    "Critics argued that the tax rise would hurt small businesses already struggling with costs. "
    "The mayor promised a review of the spending in the spring, once the first figures are in."
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("July 10 2019", "2019-07-10"),
        ("Jul. 10, 2019", "2019-07-10"),
        ("3 May 2020", "2020-05-03"),
        ("Tuesday, March 3, 2020", "2020-03-03"),
        ("February 16th, 2019", "2019-02-16"),
        ("2021-11-30", "2021-11-30"),
        ("Sept. 4, 2021", "2021-09-04"),
    ],
)
def test_dates_are_read_to_iso(text, iso):
    dates = find_dates(f"Published {text} by the desk")
    assert [d.iso() for d in dates] == [iso]


def test_invalid_and_ambiguous_dates_are_not_guessed():
    assert find_dates("February 30 2019") == []
    assert find_dates("03/05/2020") == []
    assert find_dates("prices may 12 percent") == []
    assert iso_date("2019-07-10T08:00:00+00:00") == "2019-07-10"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Xinhua News", "Xinhua"),
        ("(MNA)", "Mehr News"),
        ("Spiegel Online", "DER SPIEGEL"),
        ("the guardian", "The Guardian"),
        ("Associated Press", "AP"),
        ("Agence France-Presse", "AFP"),
        ("Irish Times", "Irish Times"),  # unknown outlets keep their own name
        ("Riverton Gazette", "Riverton Gazette"),
    ],
)
def test_outlet_names_are_canonical(name, canonical):
    assert canonical_outlet(name) == canonical


@pytest.mark.parametrize(
    ("line", "kind", "fields"),
    [
        ("2- Iran UN envoy: cooperation with the MKO", NUMBERED, {"number": 2}),
        ("Iran Front Page, July 10 2019", META, {"outlet": "Iran Front Page", "date": "2019-07-10"}),
        ("Source: Reuters | 12 March 2021", FIELD, {"outlet": "Reuters", "date": "2021-03-12"}),
        ("Jane Roe, Riverton Gazette, May 2 2022:… The council", META, {"outlet": "Riverton Gazette", "author": "Jane Roe"}),
        ("LONDON (Reuters) - Britain said on Monday it would", DATELINE, {"outlet": "Reuters"}),
        ("TEHRAN, Jul. 10 (MNA) – Iran's envoy to the UN says", DATELINE, {"outlet": "Mehr News", "month_day": (7, 10)}),
        ("By Jane Doe | The Guardian | 3 May 2020", BYLINE, {"author": "Jane Doe", "outlet": "The Guardian"}),
    ],
)
def test_header_cues(line, kind, fields):
    cue = read_cue(line)
    assert cue is not None and cue.kind == kind
    for key, value in fields.items():
        assert getattr(cue, key) == value


@pytest.mark.parametrize(
    "line",
    [
        "The vote was held on March 3, 2020.",
        "2. Lower taxes for everyone.",
        "DER SPIEGEL never received a response from the group.",
        "In 2018 alone, the police carried out 1,557 operations.",
    ],
)
def test_prose_is_not_a_header(line):
    assert read_cue(line) is None


def test_repeats_glued_to_other_lines_are_counted():
    banner = "Daily Digest of World News and Views"
    text = f"{banner}\n\n{banner}First line of a report.\n\nA sentence here. {banner}\n\nLink to the source\n\n{banner}"
    repeats = {r.text: r for r in find_repeats(text, split_lines(text))}
    assert len(repeats[banner].spans) == 4
    assert all(text[s:e] == banner for s, e in repeats[banner].spans)
    assert repeats["Link to the source"].lexical


def test_single_article_is_one_document_with_its_header():
    text = f"Council passes budget\n\nBy Ana Silva\n\nRIVERTON, March 3 (AP) — {PROSE}\n\n{PROSE}"
    page = analyze_text(text)
    assert len(page.documents) == 1
    doc = page.documents[0]
    assert (doc.title, doc.author, doc.outlet) == ("Council passes budget", "Ana Silva", "AP")
    assert page.text[doc.start : doc.end] == text


def test_subheadings_and_numbered_points_do_not_split_an_article():
    points = "\n\n".join(f"{i}. Point number {i} of the plan is short." for i in range(1, 5))
    text = f"Budget plan explained\n\n{PROSE}\n\nWhat changes\n\n{PROSE}\n\n{points}\n\nWhat stays\n\n{PROSE}"
    assert len(analyze_text(text).documents) == 1


def test_compilation_with_outlet_date_lines():
    text = (
        f"Press review\n\n1- Council passes budget\n\nRiverton Gazette, March 3 2021\n\n{PROSE}\n\n"
        f"Link to the source\n\n2- Budget vote splits council\n\nValley Post, March 4 2021\n\n{PROSE}\n\nLink to the source"
    )
    page = analyze_text(text)
    assert [(d.title, d.outlet, d.published) for d in page.documents] == [
        ("Council passes budget", "Riverton Gazette", "2021-03-03"),
        ("Budget vote splits council", "Valley Post", "2021-03-04"),
    ]
    assert not page.text[page.documents[0].start : page.documents[0].end].endswith("Link to the source")
    links = [b for b in page.boilerplate if page.text[b.start : b.end] == "Link to the source"]
    assert links and links[0].occurrences == 2


def test_html_page_metadata_becomes_the_documents():
    html = f"""<html><head><title>Council passes budget | Riverton Gazette</title>
    <meta property="og:title" content="Council passes budget">
    <meta property="og:site_name" content="Riverton Gazette">
    <meta name="author" content="Ana Silva">
    <meta property="article:published_time" content="2021-03-03T09:00:00Z">
    <link rel="canonical" href="https://gazette.example/budget"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Council passes budget</h1><p>{PROSE}</p><p>{PROSE}</p></article>
    <footer>© Riverton Gazette</footer></body></html>"""
    page = analyze_text(html, html=True)
    assert page.source.media_type == "text/html"
    assert page.metadata.url == "https://gazette.example/budget"
    doc = page.documents[0]
    assert (doc.title, doc.outlet, doc.author, doc.published, doc.url) == (
        "Council passes budget", "Riverton Gazette", "Ana Silva", "2021-03-03", "https://gazette.example/budget",
    )  # fmt: skip
    assert "Home" not in page.text and "approved the budget" in page.text
