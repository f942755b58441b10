"""Segmentation quality on compilation pages: documents, their metadata and repeated boilerplate.

    python bench/segment_quality.py [--data DIR ...] [-v]

Every ``NAME.txt`` / ``NAME.html`` in each DIR (default: ``tests/fixtures/compilations``, the
fixtures the tests use, and ``bench/data/compilations-heldout``, a held-out set in layouts
nobody tuned the segmenter on) has a ``NAME.expected.json`` next to it, in the format
described in ``tests/test_segment_fixtures.py``. Each page goes through the public API
(``presslens.api.analyze_paths``) and is scored with the same matching rules as those tests
(copied here, not imported):

* count: the page yields exactly the expected number of documents;
* per expected document: outlet, date and title (and author when one is expected) as the tests
  compare them, and its span (``first_words`` within the first 40% of the document's text,
  ``last_words`` within its final 30%);
* boilerplate: each expected line is reported with at least the expected occurrences.

The tests pair documents by position and stop when the count is wrong; a benchmark should
still give credit for the documents it got right, so here each expected document is paired
with the found document whose span contains the start of its ``first_words`` (searched in
order through the page text), each found document with at most one expected document. When
the count and spans are right this is the tests' pairing; a merged pair leaves the second
expected document unpaired (all its fields wrong), a split one fails its span.

It prints a table per folder, totals (share of pages with the right count, accuracy of each
field over the expected documents, share of expected boilerplate lines found) and one
machine-readable line per folder::

    segment_quality folder=compilations-heldout pages=20 count_ok=0.81 outlet=0.88 date=0.90 ...

``-v`` lists every mismatch. It is a benchmark: it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.api import analyze_paths
from presslens.page import Document, Page

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = [ROOT / "tests" / "fixtures" / "compilations", ROOT / "bench" / "data" / "compilations-heldout"]
EXPECTED_SUFFIX = ".expected.json"
PAGE_SUFFIXES = {".txt", ".html"}
FIELDS = ("outlet", "date", "author", "title", "span")

# As in tests/test_segment_fixtures.py: first_words must start within this leading share of a
# document's text, last_words must end within this trailing share.
FIRST_SHARE = 0.40
LAST_SHARE = 0.30


# --- matching rules (tests/test_segment_fixtures.py uses these too) -----------------------------


def _norm(text: str | None) -> str:
    """Whitespace collapsed and case folded, for lenient comparisons."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _alternatives(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _matches(found: str | None, expected: Any) -> bool:
    """``found`` equals (case-insensitively) one of the expected alternatives; None matches null."""
    for alt in _alternatives(expected):
        if alt is None:
            if found is None or not found.strip():
                return True
        elif found is not None and _norm(found) == _norm(alt):
            return True
    return False


def _title_ok(doc: Document, exp: dict[str, Any]) -> bool:
    return doc.title is not None and _norm(exp["title"]) in _norm(doc.title)


def _date_ok(doc: Document, exp: dict[str, Any]) -> bool:
    return doc.published in _alternatives(exp["published"])


def _span_problem(page: Page, doc: Document, exp: dict[str, Any]) -> str | None:
    """Why the document's span is wrong, or None when it is right."""
    if not 0 <= doc.start < doc.end <= len(page.text):
        return f"bad span {doc.start}-{doc.end} (page length {len(page.text)})"
    text = _norm(page.text[doc.start : doc.end])
    first, last = _norm(exp["first_words"]), _norm(exp["last_words"])
    at = text.find(first)
    if at < 0:
        return f"first words {exp['first_words']!r} not in the document's text"
    if at > FIRST_SHARE * len(text):
        return f"first words start at {at / len(text):.0%} of the document (span starts too early)"
    at = text.rfind(last)
    if at < 0:
        return f"last words {exp['last_words']!r} not in the document's text"
    if at + len(last) < (1 - LAST_SHARE) * len(text):
        return f"last words end at {(at + len(last)) / len(text):.0%} of the document (span ends too late)"
    return None


def _reported_boilerplate(page: Page) -> dict[str, int]:
    reported: dict[str, int] = {}
    for b in page.boilerplate:
        line = re.sub(r"\s+", " ", page.text[b.start : b.end]).strip()
        reported[line] = max(reported.get(line, 0), b.occurrences)
    return reported


# --- scoring -----------------------------------------------------------------------------------


@dataclass
class Tally:
    """Right answers out of the number asked, per field."""

    ok: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*FIELDS, "boilerplate"), 0))
    n: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*FIELDS, "boilerplate"), 0))

    def add(self, name: str, right: bool) -> None:
        self.n[name] += 1
        self.ok[name] += int(right)

    def merge(self, other: Tally) -> None:
        for k in self.n:
            self.n[k] += other.n[k]
            self.ok[k] += other.ok[k]

    def cell(self, name: str) -> str:
        return f"{self.ok[name]}/{self.n[name]}" if self.n[name] else "-"

    def share(self, name: str) -> str:
        return f"{self.ok[name] / self.n[name]:.2f}" if self.n[name] else "n/a"


@dataclass
class PageScore:
    name: str
    expected: int
    found: int | None  # None: the analysis failed
    tally: Tally
    problems: list[str]

    @property
    def count_ok(self) -> bool:
        return self.found == self.expected


def _locate(text: str, words: str, start: int) -> int:
    """Offset in ``text`` where ``words`` occur (whitespace- and case-insensitively) at or after ``start``."""
    tokens = words.split()
    if not tokens:
        return -1
    m = re.compile(r"\s+".join(map(re.escape, tokens)), re.IGNORECASE).search(text, start)
    return m.start() if m else -1


def _pair(page: Page, docs: list[Document], expected: list[dict[str, Any]]) -> list[Document | None]:
    """For each expected document, the found document (in order, each used once) containing its first words."""
    pairs: list[Document | None] = []
    cursor, next_doc = 0, 0
    for exp in expected:
        at = _locate(page.text, exp["first_words"], cursor)
        chosen = None
        if at >= 0:
            cursor = at + 1
            for j in range(next_doc, len(docs)):
                if docs[j].start <= at < docs[j].end:
                    chosen, next_doc = docs[j], j + 1
                    break
        elif len(docs) == len(expected) and next_doc < len(docs):
            # The words are not in the page text at all; fall back on the tests' positional pairing.
            chosen, next_doc = docs[next_doc], next_doc + 1
        pairs.append(chosen)
    return pairs


def score_page(path: Path) -> PageScore:
    spec = json.loads(path.with_name(path.stem + EXPECTED_SUFFIX).read_text(encoding="utf-8"))
    expected, boilerplate = spec["documents"], spec["boilerplate"]
    tally, problems = Tally(), []
    page: Page | None = None
    try:
        results = list(analyze_paths([str(path)]))
        if len(results) != 1:
            problems.append(f"analyze_paths yielded {len(results)} results for one file")
        elif results[0].error is not None:
            problems.append(f"analysis failed: {results[0].error}")
        else:
            page = results[0].page
    except Exception as exc:  # a benchmark reports a crash and carries on
        problems.append(f"analysis raised {type(exc).__name__}: {exc}")

    docs = list(page.documents) if page is not None else []
    pairs = _pair(page, docs, expected) if page is not None else [None] * len(expected)
    if page is not None and len(docs) != len(expected):
        problems.append(f"found {len(docs)} documents, expected {len(expected)}")
        for i, d in enumerate(docs):
            head = page.text[d.start : d.end].strip()[:50].replace("\n", " ")
            problems.append(f"  found [{i}] title={d.title!r} outlet={d.outlet!r} text={head!r}...")

    for i, (exp, doc) in enumerate(zip(expected, pairs, strict=True)):
        where = f"doc {i} ({exp['title'][:40]!r})"
        if doc is None:
            for name in FIELDS:
                if name != "author" or exp["author"] is not None:
                    tally.add(name, False)
            problems.append(f"{where}: no found document contains its first words")
            continue
        checks = {
            "outlet": (_matches(doc.outlet, exp["outlet"]), f"outlet {doc.outlet!r}, expected {exp['outlet']!r}"),
            "date": (_date_ok(doc, exp), f"published {doc.published!r}, expected {exp['published']!r}"),
            "title": (_title_ok(doc, exp), f"title {doc.title!r}"),
        }
        if exp["author"] is not None:
            checks["author"] = (_matches(doc.author, exp["author"]), f"author {doc.author!r}, expected {exp['author']!r}")
        assert page is not None
        span_problem = _span_problem(page, doc, exp)
        checks["span"] = (span_problem is None, f"span: {span_problem}")
        for name in FIELDS:
            if name in checks:
                right, why = checks[name]
                tally.add(name, right)
                if not right:
                    problems.append(f"{where}: {why}")

    reported = _reported_boilerplate(page) if page is not None else {}
    for exp in boilerplate:
        line = re.sub(r"\s+", " ", exp["text"]).strip()
        right = reported.get(line, 0) >= exp["occurrences"]
        tally.add("boilerplate", right)
        if not right:
            got = reported.get(line)
            problems.append(
                f"boilerplate {line[:60]!r} x{exp['occurrences']}: " + ("not reported" if got is None else f"reported x{got}")
            )
    return PageScore(path.name, len(expected), len(docs) if page is not None else None, tally, problems)


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in PAGE_SUFFIXES and p.with_name(p.stem + EXPECTED_SUFFIX).is_file())


def _print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True)))

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def run_folder(folder: Path, verbose: bool) -> str:
    """Score every page in ``folder``, print its table, and return its machine-readable line."""
    label = folder.name
    if not folder.is_dir():
        print(f"warning: {folder} is not a folder; skipped", file=sys.stderr)
        return f"segment_quality folder={label} pages=0"
    scores = [score_page(p) for p in _pages(folder)]
    total = Tally()
    rows = []
    for s in scores:
        total.merge(s.tally)
        found = "error" if s.found is None else str(s.found)
        rows.append(
            [s.name, str(s.expected), found, "yes" if s.count_ok else "NO", *(s.tally.cell(f) for f in (*FIELDS, "boilerplate"))]
        )
    count_ok = sum(s.count_ok for s in scores)
    rows.append(
        [
            "TOTAL",
            str(sum(s.expected for s in scores)),
            "",
            f"{count_ok}/{len(scores)}",
            *(total.cell(f) for f in (*FIELDS, "boilerplate")),
        ]
    )
    print(f"\n== {folder} ({len(scores)} pages)\n")
    _print_table(["page", "exp", "found", "count", *FIELDS, "boilerplate"], rows)
    if verbose:
        for s in scores:
            if s.problems:
                print(f"\n{s.name}:")
                for p in s.problems:
                    print(f"  {p}")
    share = f"{count_ok / len(scores):.2f}" if scores else "n/a"
    fields = " ".join(f"{f}={total.share(f)}" for f in (*FIELDS, "boilerplate"))
    return f"segment_quality folder={label} pages={len(scores)} count_ok={share} {fields}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, action="append", help="folder of NAME.txt|html + NAME.expected.json (repeatable; default: both sets)"
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # the HTML extractor logs every discarded element
    lines = [run_folder(folder, args.verbose) for folder in (args.data or DEFAULT_DATA)]
    print()
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark prints what it can and never fails the build
        print(f"segment_quality: error: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(0)
