"""Segmentation: compilation pages into documents, repeated lines into boilerplate.

A compilation pastes several reports together, each under a header: a numbered heading, an
"Outlet, date" line, a dateline ("TEHRAN, Jul. 10 (MNA) –"), a byline, or a title after an
"Also read:" separator. Header cues close together (with little prose between) describe one
report; a new report begins where a cue follows enough prose. Reports too short to be one
(a digest's preamble, a teaser) are left out of every document. A page with no cues is one
document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presslens import headers
from presslens.boilerplate import Repeat, find_repeats, is_lexical, is_separator
from presslens.dates import find_dates, iso_date
from presslens.headers import Cue, read_cue
from presslens.lines import (
    SENTENCE_END,
    Line,
    heading_text,
    is_kicker,
    is_sentence,
    is_title_like,
    normalise,
    split_lines,
    word_count,
)
from presslens.outlets import canonical_outlet
from presslens.page import Page
from presslens.pipeline import BaseStage, register

# Prose words after a header before an unnumbered cue may open another report: less than
# this and the cue is more of the same header (a teaser, a deck, then the byline).
MIN_BODY = 80
# Prose words a report needs; fewer and it is a preamble or a teaser, not a document.
MIN_DOC = 30
# Cues that state an outlet or a date for the report they head.
_META = (headers.META, headers.FIELD)
# A repeated line that occurs this often is boilerplate even where it looks like a title.
ALWAYS_BOILERPLATE = 3


@dataclass
class View:
    """A line with glued boilerplate trimmed from its edges (``start``/``end`` bound the rest)."""

    line: Line
    start: int
    end: int
    text: str
    boiler: bool
    separator: bool
    prose: int = 0  # words of running prose on the line (0 for headings, links, boilerplate)


@dataclass
class Header:
    """One report's header as its cues build it up."""

    first: int  # index of the report's first line in the views
    title: str | None = None
    title_line: int | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    month_day: tuple[int, int] | None = None
    url: str | None = None
    kinds: set[str] = field(default_factory=set)

    def absorb(self, cue: Cue) -> None:
        """Fill what is still unknown from ``cue``; the first cue to say a thing wins."""
        self.kinds.add(cue.kind)
        # A labelled "Headline:" field names the report better than a line that merely stood above.
        self.title = cue.title if cue.kind == headers.FIELD and cue.title else self.title or cue.title
        self.outlet = self.outlet or cue.outlet
        self.published = self.published or cue.date
        self.author = self.author or cue.author
        self.month_day = self.month_day or cue.month_day


def segment(page: Page) -> Page:
    """Add the ``boilerplate`` and ``documents`` layers to ``page``."""
    text = page.text
    lines = split_lines(text)
    repeats = find_repeats(text, lines)
    sure = [r for r in repeats if r.lexical or len(r.spans) >= ALWAYS_BOILERPLATE]
    views = _views(lines, sure)
    reports = _reports(views)
    page.layers["boilerplate"] = []
    page.layers["documents"] = []
    if not reports:
        reports = [Header(first=0)]
        _title_from_first_line(views, reports[0])
    spans = _spans(views, reports)
    if len(reports) == 1:
        _fill_from_metadata(page, reports[0])
    title_lines = {r.title_line for r in reports if r.title_line is not None} | {r.first for r in reports}
    title_keys = {normalise(views[i].text) for i in title_lines if i < len(views)}
    for rep in repeats:
        if rep in sure or normalise(rep.text) not in title_keys:
            page.add("boilerplate", start=rep.spans[0][0], end=rep.spans[0][1], occurrences=len(rep.spans), spans=rep.spans)
    for rep, (start, end) in zip(reports, spans, strict=True):
        page.add(
            "documents", start=start, end=end, title=rep.title, outlet=rep.outlet,
            published=rep.published, author=rep.author, url=rep.url,
        )  # fmt: skip
    return page


def _views(lines: list[Line], repeats: list[Repeat]) -> list[View]:
    """Each line with the boilerplate glued to its start or end cut away."""
    spans = sorted((s, e) for r in repeats for s, e in r.spans)
    views = []
    for line in lines:
        start, end = line.start, line.end
        for s, e in spans:
            if s <= start < e:
                start = e
            if s < end <= e and s >= start:
                end = s
        raw = line.text[start - line.start : end - line.start]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        start += lead
        end = start + len(text)
        boiler = not text or is_lexical(text)
        views.append(View(line, start, end, text, boiler, is_separator(line.text)))
    for k, view in enumerate(views):
        cell = view.text.strip("| ")  # a table cell holding a report's body
        wrapped = view.line.joined and k + 1 < len(views) and _continues(views[k + 1].text) and not read_cue(views[k + 1].text)
        if not view.boiler and (is_sentence(cell) or (wrapped and word_count(cell) >= 6)):
            view.prose = word_count(cell)
    return views


def _continues(text: str) -> bool:
    """A line that carries on the sentence above it (hard-wrapped text): it starts in lower case."""
    return text[:1].islower() or text[:1] in ",;)–—"


def _numbered_chain(views: list[View], cues: dict[int, Cue]) -> set[int]:
    """Numbered headings that head reports: a run 1, 2, 3... with prose between, most of them
    followed by a header cue of their own (an outlet, a dateline, a byline). A run without such
    cues is an article's numbered sections or points, not a compilation."""
    keep: set[int] = set()
    expected, last, prose = None, None, 0
    for i, view in enumerate(views):
        cue = cues.get(i)
        if cue and cue.kind == headers.NUMBERED:
            if last is not None and cue.number == expected and prose >= MIN_DOC:
                keep.update((last, i))
            if cue.number == 1 or cue.number == expected:
                last, expected, prose = i, (cue.number or 0) + 1, 0
            continue
        prose += view.prose
    supported = [i for i in keep if any(j in cues and cues[j].kind != headers.NUMBERED for j in _next_lines(views, i, 2))]
    return keep if keep and 2 * len(supported) >= len(keep) else set()


def _next_lines(views: list[View], i: int, n: int) -> list[int]:
    """Indexes of the ``n`` non-boilerplate lines after line ``i``."""
    found = []
    for j in range(i + 1, len(views)):
        if not views[j].boiler:
            found.append(j)
            if len(found) == n:
                break
    return found


def _reports(views: list[View]) -> list[Header]:
    """Walk the lines, grouping header cues into reports."""
    cues = {i: cue for i, v in enumerate(views) if not v.boiler and (cue := read_cue(v.text))}
    chain = _numbered_chain(views, cues)
    cues = {i: c for i, c in cues.items() if c.kind != headers.NUMBERED or i in chain}
    reports: list[Header] = []
    current: Header | None = None
    prose = 0
    after_separator = False
    for i, view in enumerate(views):
        if view.boiler:
            after_separator = after_separator or view.separator
            continue
        cue = cues.get(i)
        if cue is None and after_separator and is_title_like(view.text) and not is_kicker(view.text):
            cue = cues[i] = Cue(headers.HEADING, title=heading_text(view.text))
        # A separator's effect lasts over the junk after it (view counts, link lines), up to prose.
        after_separator = after_separator and cue is None and not view.prose
        if cue is None:
            prose += view.prose
            continue
        title_line = None if cue.title else _title_before(views, cues, i)
        if cue.kind == headers.DATE and (title_line is None or (current is None and not cue.author)):
            # A date alone dates the report it stands in (or the page); under a headline in a
            # run of reports, with a byline ("Posted on … by …"), it heads one.
            if current is not None:
                current.absorb(cue)
            continue
        if _is_credit(cue) and _after_prose(views, i) and (current is None or not current.outlet):
            # "Source: Outlet, date" after a report's prose credits that report; what follows is new.
            if current is None:
                current = Header(first=_start_of_run(views, i))
                current.title, current.title_line = _title_at(views, current.first)
                reports.append(current)
            current.absorb(cue)
            after_separator = True
            continue
        if current is None or _opens_report(current, cue, prose, title_line):
            first = title_line if title_line is not None and cue.kind not in (headers.NUMBERED, headers.HEADING) else i
            current = Header(first=first)
            if first != i:
                current.title, current.title_line = heading_text(views[first].text), first
            elif cue.title:
                current.title_line = i
            reports.append(current)
            prose = 0
        current.absorb(cue)
        if cue.kind == headers.DATELINE:
            prose += view.prose  # a dateline opens the first paragraph of prose
    if chain:  # what comes before item 1 of a numbered compilation is its introduction
        reports = [r for r in reports if r.first >= min(chain)]
    if len(reports) > 2 and not (reports[0].outlet or reports[0].author) and all(r.outlet for r in reports[1:]):
        reports = reports[1:]  # a first "report" with no source, before reports that all have one: the preamble
    header_lines = {i for i, c in cues.items() if c.kind != headers.DATELINE}
    reports = [r for r in reports if _prose_words(views, r, reports, header_lines) >= MIN_DOC or len(reports) == 1]
    for report in reports:
        if report.title is None:
            report.title, report.title_line = _title_after(views, cues, report.first)
    _date_from_headers(reports, views, cues)
    return reports


def _is_credit(cue: Cue) -> bool:
    """ "Source: Outlet, date": an attribution, which may close the report it follows."""
    return cue.labelled and cue.outlet is not None and cue.kind in _META


def _after_prose(views: list[View], i: int) -> bool:
    return i > 0 and not views[i - 1].boiler and views[i - 1].prose > 0


def _start_of_run(views: list[View], i: int) -> int:
    """The first line of the prose run that ends above line ``i``, with its headline if it has one."""
    j = i - 1
    while j > 0 and (views[j - 1].prose or views[j - 1].boiler) and not views[j - 1].separator:
        j -= 1
    if j > 0 and is_title_like(views[j - 1].text):
        j -= 1
    return j


def _title_at(views: list[View], i: int) -> tuple[str | None, int | None]:
    return (heading_text(views[i].text), i) if is_title_like(views[i].text) and not views[i].prose else (None, None)


def _title_after(views: list[View], cues: dict[int, Cue], first: int) -> tuple[str | None, int | None]:
    """A headline set below the report's header lines ("OUTLET — date / By … / Headline")."""
    for j in [first, *_next_lines(views, first, 3)]:
        if j in cues and cues[j].kind != headers.HEADING:
            continue
        return _title_at(views, j)
    return None, None


def _date_from_headers(reports: list[Header], views: list[View], cues: dict[int, Cue]) -> None:
    """Give a year to year-less datelines ("Jul. 10") from the nearest dated header line above
    (a line that is not prose: the page's "Digest | 8 November 2022", an outlet-date line)."""
    dated = [(i, c.date) for i, c in cues.items() if c.date and c.kind in (headers.DATE, *_META)]
    for i, view in enumerate(views):
        if not view.prose and not view.boiler and i not in cues:
            dated.extend((i, d.iso()) for d in find_dates(view.text) if d.year)
    dated.sort()
    for report in reports:
        if report.published or not report.month_day:
            continue
        above = [d for i, d in dated if i <= report.first] or [d for _, d in dated[:1]]
        if above:
            report.published = _with_year(report.month_day, above[-1])


def _with_year(month_day: tuple[int, int], reference: str) -> str:
    """``month_day`` in the year of ``reference``, or the year before when that would be in its future."""
    year, month, day = int(reference[:4]), int(reference[5:7]), int(reference[8:10])
    if month_day > (month, day) and month_day[0] - month > 1:
        year -= 1
    return f"{year:04d}-{month_day[0]:02d}-{month_day[1]:02d}"


def _opens_report(current: Header, cue: Cue, prose: int, title_line: int | None) -> bool:
    """Whether ``cue`` begins another report rather than adding to ``current``'s header."""
    if cue.kind in (headers.NUMBERED, headers.HEADING):
        return True
    if title_line is not None and title_line in (current.first, current.title_line):
        return False  # the same headline again: still this report's header
    if title_line is not None:
        return prose >= MIN_DOC
    if prose >= MIN_BODY:
        return cue.kind in _META or cue.kind in current.kinds
    # Two "Outlet, date" lines naming different outlets head two reports, however short.
    return cue.kind in _META and current.outlet is not None and cue.outlet not in (None, current.outlet)


def _title_before(views: list[View], cues: dict[int, Cue], i: int) -> int | None:
    """The headline line just above a cue (boilerplate skipped), if the line looks like one."""
    j = i - 1
    while j >= 0 and views[j].boiler and not views[j].separator:
        j -= 1
    if j < 0 or views[j].boiler or j in cues:
        return None
    return j if is_title_like(views[j].text) and not is_kicker(views[j].text) else None


def _prose_words(views: list[View], report: Header, reports: list[Header], header_lines: set[int]) -> int:
    """Words of running prose in a report, its header lines (and their teasers) not counted."""
    later = [r.first for r in reports if r.first > report.first]
    end = min(later) if later else len(views)
    return sum(views[i].prose for i in range(report.first, end) if i not in header_lines)


def _spans(views: list[View], reports: list[Header]) -> list[tuple[int, int]]:
    """Character spans of the reports: from the first header line to the last line of prose,
    with trailing boilerplate, separators and the link titles pasted between reports cut off."""
    spans = []
    for k, rep in enumerate(reports):
        stop = reports[k + 1].first if k + 1 < len(reports) else len(views)
        first = rep.first
        while first < stop and views[first].boiler:
            first += 1
        last = stop - 1
        while last > first and _is_tail_junk(views, last, stop):
            last -= 1
        spans.append((views[first].start, views[last].end))
    return spans


def _is_tail_junk(views: list[View], i: int, stop: int) -> bool:
    view = views[i]
    if view.boiler or view.separator or _doubled(view.text):
        return True
    if view.prose or SENTENCE_END.search(view.text.strip("| ")):
        return False
    # A lone non-sentence line next to boilerplate: a "related story" link pasted between reports.
    before = views[i - 1].boiler if i > 0 else False
    after = views[i + 1].boiler if i + 1 < stop else True
    return before or after


def _doubled(text: str) -> bool:
    """A link text pasted twice in a row ("Title (…) Title (…)")."""
    half = len(text) // 2
    return len(text) > 20 and normalise(text[:half]) == normalise(text[half:])


def _title_from_first_line(views: list[View], report: Header) -> None:
    for i, view in enumerate(views):
        if view.boiler:
            continue
        if is_title_like(view.text) and not read_cue(view.text):
            report.title, report.title_line = heading_text(view.text), i
        return


def _fill_from_metadata(page: Page, report: Header) -> None:
    """A single report takes what the page's own metadata states (HTML meta tags, feed fields)."""
    meta = page.metadata
    report.title = meta.title or report.title
    report.author = report.author or meta.author
    report.published = report.published or iso_date(meta.published)
    report.outlet = report.outlet or canonical_outlet(meta.site_name)
    report.url = meta.url or page.source.url


class SegmentStage(BaseStage):
    """Adds ``documents`` (and ``boilerplate``) to a page."""

    name = "segment"
    assigns = "documents"
    requires = ()

    def __call__(self, page: Page) -> Page:
        page.done.add("boilerplate")
        return segment(page)


@register("segment")
def make_segment() -> SegmentStage:
    return SegmentStage()
