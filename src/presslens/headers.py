"""Header cues of a report: numbered headings, "Outlet, date" lines, datelines and bylines.

Each reader takes one line and returns a ``Cue`` with what the line says about the report it
heads (title, outlet, date, author), or None. They look only at the line's shape, so they work
on compilations they have never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.dates import MONTHS, find_dates
from presslens.lines import glued_split, is_title_like, word_count
from presslens.outlets import OUTLET_WORDS, canonical_outlet, looks_like_outlet

NUMBERED = "numbered"
META = "meta"
DATELINE = "dateline"
BYLINE = "byline"
HEADING = "heading"  # a title right after a separator ("Also read:" / "***")


@dataclass
class Cue:
    """What one header line says. ``date`` is ISO; ``month_day`` a year-less date from a dateline."""

    kind: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    month_day: tuple[int, int] | None = None
    number: int | None = None
    several_outlets: bool = False


_NUMBERED = re.compile(r"^(?:#|No\.\s*|\()?(?P<n>\d{1,2})\s*(?:[-–—.):]|\))\s*(?P<title>\S.*)$")


def read_numbered(text: str) -> Cue | None:
    """ "1- Title", "2. Title", "(3) Title", "#4 Title": a numbered heading whose rest is a headline."""
    m = _NUMBERED.match(text)
    if not m or not is_title_like(m.group("title")):
        return None
    return Cue(NUMBERED, title=m.group("title").strip(), number=int(m.group("n")))


_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ -]{{1,40}}?[A-Z.])(?:,\s*(?P<region>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?))?"
    rf"(?:,?\s*(?P<month>{_MONTH_WORD})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>(?:19|20)\d\d))?)?"
    r"\s*(?:\((?P<agency>[^)]{1,40})\))?\s*[-–—:]+\s*\S"
)


def read_dateline(text: str) -> Cue | None:
    """ "TEHRAN, Jul. 10 (MNA) –", "LONDON (Reuters) -", "WASHINGTON —": place, date, agency."""
    m = _DATELINE.match(text)
    if not m or sum(c.isalpha() for c in m.group("place")) < 3:
        return None
    month_day = None
    date = None
    if m.group("month"):
        month_day = (MONTHS[m.group("month")[:3].lower()], int(m.group("day")))
        if m.group("year"):
            date = f"{m.group('year')}-{month_day[0]:02d}-{month_day[1]:02d}"
    agency = m.group("agency")
    return Cue(DATELINE, outlet=canonical_outlet(agency) if agency else None, date=date, month_day=month_day)


_NAME = r"[A-Z][\w.’'-]*"
_BYLINE = re.compile(
    rf"^(?:By|BY|Von|Par|Por|Written by)[:\s]+(?P<names>{_NAME}(?:\s+(?:{_NAME}|and|&|de|da|van|von|al|bin|el))*)"
    r"(?P<rest>\s*(?:,|\||–|—|-|•|·|/|\bfor\b|\bin\b)\s*.*)?$"
)


def read_byline(text: str) -> Cue | None:
    """ "By Jane Doe", "By Jane Doe | The Guardian | 3 May 2020"."""
    m = _BYLINE.match(text)
    if not m or word_count(text) > 20:
        return None
    names = m.group("names").strip()
    if looks_like_outlet(names) and not m.group("rest"):
        return Cue(BYLINE, outlet=canonical_outlet(names))
    cue = Cue(BYLINE, author=names)
    rest = (m.group("rest") or "").strip(" ,|–—-•·/")
    rest = re.sub(r"^(?:for|in)\s+", "", rest)
    if rest:
        dates = [d for d in find_dates(rest) if d.year]
        if dates:
            cue.date = dates[0].iso()
            rest = rest[: dates[0].start] + rest[dates[0].end :]
        outlets, _ = _parts(rest)
        cue.outlet = canonical_outlet(outlets[0]) if outlets else None
    return cue


_LABEL = re.compile(r"^(?:published|posted|updated|source|date|via|from|first published)(?:\s+on)?\s*:?\s*", re.I)
_CONNECTORS = {"and", "of", "the", "de", "des", "du", "la", "le", "al", "el", "for", "on", "und", "der", "die", "&", "by"}
_AFTER_DATE = re.compile(r"^\s*[).,]?\s*(?:$|[:|–—-]|,?\s*by\s+[A-Z])")


def read_meta(text: str) -> Cue | None:
    """An "Outlet, date" line: "Iran Front Page, July 10 2019", "Author, Outlet, date:… teaser"."""
    for date in find_dates(text):
        if not date.year or not _AFTER_DATE.match(text[date.end :]):
            continue
        prefix = text[: date.start]
        prefix = prefix[glued_split(prefix) :]
        prefix = _LABEL.sub("", prefix.strip()).strip(" ,|–—-•·")
        if word_count(prefix) > 12 or not _name_like(prefix):
            continue
        outlets, people = _parts(prefix)
        after = re.match(r"^\s*,?\s*by\s+(?P<who>[^|:]+)", text[date.end :], re.I)
        if after:
            people.insert(0, after.group("who").strip())
        return Cue(
            META,
            outlet=canonical_outlet(outlets[0]) if outlets else None,
            author=people[0] if people and outlets else None,
            date=date.iso(),
            several_outlets=len({canonical_outlet(o) for o in outlets}) > 1 or any(" and " in o for o in outlets),
        )
    return None


def _name_like(prefix: str) -> bool:
    """Names only: every word capitalised, a connector, or an outlet word ("Iran Front page")."""
    words = re.findall(r"[\w’'&.-]+", prefix)
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS or w.lower() in OUTLET_WORDS for w in words)


def _parts(prefix: str) -> tuple[list[str], list[str]]:
    """Split "Luisa Hommerich, Des Spiegel (Spiegel Online)" into outlets and people."""
    parts = [p.strip() for p in re.split(r"\s*(?:[|•·;,()]|\s[-–—]\s)\s*", prefix) if p.strip()]
    outlets, people = [], []
    for part in parts:
        if part.lower().startswith("by "):
            people.append(part[3:].strip())
        elif looks_like_outlet(part):
            outlets.append(part)
        else:
            people.append(part)
    if not outlets and len(parts) == 1 and not prefix.lower().startswith("by "):
        # "Meduza, 3 May 2020": a lone name in an "X, date" line is the outlet more often than not.
        outlets, people = people, []
    return outlets, people


def read_cue(text: str) -> Cue | None:
    """The header cue a line carries, if any (numbered heading, dateline, byline, outlet-date line)."""
    return read_numbered(text) or read_byline(text) or read_dateline(text) or read_meta(text)
