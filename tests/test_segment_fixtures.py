"""Blind segmentation fixtures: compilation pages (and single articles) with expected documents.

Every page under ``tests/fixtures/compilations/`` (``NAME.txt`` or ``NAME.html``) has a
``NAME.expected.json`` next to it::

    {"documents": [{"title": ..., "outlet": ..., "published": "YYYY-MM-DD" | null,
                    "author": ... | null, "first_words": ..., "last_words": ...}],
     "boilerplate": [{"text": "exact repeated line", "occurrences": N}]}

``outlet``, ``published`` and ``author`` may be a list of acceptable alternatives (a ``null`` in
the list accepts a missing value). The fixtures were written without looking at the segmenter,
in layouts that differ from ``examples/``, so these tests measure how well it generalises.

Each page goes through the public API (``presslens.api.analyze_paths``) and the checks are:
the number of documents; per document, in order, its outlet, date, author (when stated) and
title; that its span is roughly right (``first_words`` in the first 40% of the document's
text, ``last_words`` in its final 30%) and that documents do not overlap; and that every
expected boilerplate line is reported with at least the expected number of occurrences.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from presslens.api import analyze_paths
from presslens.page import Document, Page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from segment_quality import _alternatives, _matches, _norm

FIXTURES = Path(__file__).parent / "fixtures" / "compilations"
EXPECTED_SUFFIX = ".expected.json"
PAGE_SUFFIXES = {".txt", ".html"}

# first_words must start within this leading share of a document's text,
# last_words must end within this trailing share.
FIRST_SHARE = 0.40
LAST_SHARE = 0.30


def _pages() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.suffix in PAGE_SUFFIXES and not p.name.endswith(EXPECTED_SUFFIX))


def _expected_path(page: Path) -> Path:
    return page.with_name(page.stem + EXPECTED_SUFFIX)


PAGES = _pages()
IDS = [p.name for p in PAGES]


@functools.cache
def _analyse(name: str) -> Page:
    path = FIXTURES / name
    results = list(analyze_paths([str(path)]))
    assert len(results) == 1, f"{name}: analyze_paths yielded {len(results)} results for one file"
    result = results[0]
    assert result.error is None, f"{name}: analysis failed: {result.error}"
    assert result.page is not None, f"{name}: analysis returned no page"
    return result.page


@functools.cache
def _expected(name: str) -> dict[str, Any]:
    return json.loads(_expected_path(FIXTURES / name).read_text(encoding="utf-8"))


def _describe(page: Page, docs: list[Document]) -> str:
    rows = []
    for i, d in enumerate(docs):
        head = page.text[d.start : d.end].strip()[:60].replace("\n", " ")
        rows.append(
            f"  [{i}] {d.start}-{d.end} title={d.title!r} outlet={d.outlet!r} published={d.published!r} "
            f"author={d.author!r} text={head!r}..."
        )
    return "\n".join(rows) or "  (none)"


def _documents_or_fail(name: str) -> tuple[Page, list[Document], list[dict[str, Any]]]:
    page = _analyse(name)
    docs = list(page.documents)
    expected = _expected(name)["documents"]
    if len(docs) != len(expected):
        pytest.fail(
            f"{name}: found {len(docs)} documents, expected {len(expected)} "
            f"({[e['title'] for e in expected]}); found:\n{_describe(page, docs)}"
        )
    return page, docs, expected


@pytest.mark.parametrize("name", [p.name for p in _pages()])
def test_output_follows_the_contract(name: str, valid_analysis) -> None:
    valid_analysis(_analyse(name))


def test_every_fixture_has_expectations() -> None:
    assert PAGES, f"no fixture pages under {FIXTURES}"
    missing = [p.name for p in PAGES if not _expected_path(p).is_file()]
    assert not missing, f"fixture pages without {EXPECTED_SUFFIX}: {missing}"
    stems = {p.stem for p in PAGES}
    orphans = [p.name for p in FIXTURES.glob(f"*{EXPECTED_SUFFIX}") if p.name[: -len(EXPECTED_SUFFIX)] not in stems]
    assert not orphans, f"expectations without a fixture page: {orphans}"


@pytest.mark.parametrize("name", IDS, ids=IDS)
def test_document_count(name: str) -> None:
    _documents_or_fail(name)


@pytest.mark.parametrize("name", IDS, ids=IDS)
def test_document_metadata(name: str) -> None:
    _, docs, expected = _documents_or_fail(name)
    problems = []
    for i, (doc, exp) in enumerate(zip(docs, expected, strict=True)):
        where = f"{name} document {i} ({exp['title'][:50]!r})"
        if doc.title is None or _norm(exp["title"]) not in _norm(doc.title):
            problems.append(f"{where}: title {doc.title!r}, expected it to contain {exp['title']!r}")
        if not _matches(doc.outlet, exp["outlet"]):
            problems.append(f"{where}: outlet {doc.outlet!r}, expected {exp['outlet']!r}")
        if doc.published not in _alternatives(exp["published"]):
            problems.append(f"{where}: published {doc.published!r}, expected {exp['published']!r}")
        if exp["author"] is not None and not _matches(doc.author, exp["author"]):
            problems.append(f"{where}: author {doc.author!r}, expected {exp['author']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", IDS, ids=IDS)
def test_document_spans(name: str) -> None:
    page, docs, expected = _documents_or_fail(name)
    problems = []
    for i, (doc, exp) in enumerate(zip(docs, expected, strict=True)):
        where = f"{name} document {i} ({exp['title'][:50]!r})"
        if not 0 <= doc.start < doc.end <= len(page.text):
            problems.append(f"{where}: bad span {doc.start}-{doc.end} (page length {len(page.text)})")
            continue
        text = _norm(page.text[doc.start : doc.end])
        first, last = _norm(exp["first_words"]), _norm(exp["last_words"])
        at = text.find(first)
        if at < 0:
            problems.append(f"{where}: first words {exp['first_words']!r} not in the document's text")
        elif at > FIRST_SHARE * len(text):
            problems.append(
                f"{where}: first words {exp['first_words']!r} start at {at / len(text):.0%} of the document "
                f"(expected within the first {FIRST_SHARE:.0%}); the span starts too early"
            )
        at = text.rfind(last)
        if at < 0:
            problems.append(f"{where}: last words {exp['last_words']!r} not in the document's text")
        elif at + len(last) < (1 - LAST_SHARE) * len(text):
            problems.append(
                f"{where}: last words {exp['last_words']!r} end at {(at + len(last)) / len(text):.0%} of the document "
                f"(expected within the final {LAST_SHARE:.0%}); the span ends too late"
            )
    for i in range(1, len(docs)):
        prev, cur = docs[i - 1], docs[i]
        if cur.start < prev.end:
            problems.append(
                f"{name}: documents {i - 1} ({prev.start}-{prev.end}) and {i} ({cur.start}-{cur.end}) overlap or are out of order"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", IDS, ids=IDS)
def test_boilerplate(name: str) -> None:
    page = _analyse(name)
    expected = _expected(name)["boilerplate"]
    reported = {}
    for b in page.boilerplate:
        line = re.sub(r"\s+", " ", page.text[b.start : b.end]).strip()
        reported[line] = max(reported.get(line, 0), b.occurrences)
    problems = []
    for exp in expected:
        line = re.sub(r"\s+", " ", exp["text"]).strip()
        if line not in reported:
            problems.append(f"{name}: boilerplate line {line!r} (x{exp['occurrences']}) not reported")
        elif reported[line] < exp["occurrences"]:
            problems.append(
                f"{name}: boilerplate line {line!r} reported with {reported[line]} occurrences, "
                f"expected at least {exp['occurrences']}"
            )
    assert not problems, "\n".join(problems) + f"\nreported: {sorted(reported.items())}"
