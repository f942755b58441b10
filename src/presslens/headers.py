"""Header cues of a report: numbered headings, "Outlet, date" lines, datelines and bylines.

Each reader takes one line and returns a ``Cue`` with what the line says about the report it
heads (title, outlet, date, author), or None. They look only at the line's shape, so they work
on compilations they have never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.dates import MONTHS, find_dates
from presslens.lines import LEAD_SYMBOLS, SENTENCE_END, glued_split, heading_text, is_title_like, word_count
from presslens.outlets import OUTLET_WORDS, canonical_outlet, known_outlet, looks_like_outlet

NUMBERED = "numbered"
META = "meta"  # "Outlet, date" (and "Author, Outlet, date:… teaser", "Title — Outlet (date)")
DATE = "date"  # a date on a line of its own: the page's or the report's date, not a header by itself
DATELINE = "dateline"
BYLINE = "byline"
HEADING = "heading"  # a title right after a separator ("Also read:" / "***")
FIELD = "field"  # a labelled header field: "Publication: …", "Headline: …", "Author: …"


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
    labelled: bool = False  # "Source: …": an attribution, which may close a report rather than open it


_NUMBERED = re.compile(r"^(?:#\s?(?P<h>\d{1,2})\s|(?:No\.\s*|\()?(?P<n>\d{1,2})\s*(?:[-–—):]|\.(?=\s)|\)))\s*(?P<title>\S.*)$")


def read_numbered(text: str) -> Cue | None:
    """ "1- Title", "2. Title", "(3) Title", "#4 Title": a numbered heading whose rest is a headline."""
    m = _NUMBERED.match(text)
    if not m or not is_title_like(m.group("title")):
        return None
    return Cue(NUMBERED, title=heading_text(m.group("title")), number=int(m.group("h") or m.group("n")))


_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_IN_DATELINE = (
    rf"(?:,?\s*(?:(?P<month>{_MONTH_WORD})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_WORD}))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?)?"
)
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’ -]{{1,40}}?[A-Z.]|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})(?![\w’'])"
    rf"(?:,\s*(?P<region>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?))?{_DATE_IN_DATELINE}"
    r"\s*(?:\((?P<agency>[^)]{1,40})\)\s*(?P<sep>[-–—:]*)|(?P<sep2>[-–—:]+))\s*\S"
)


def read_dateline(text: str) -> Cue | None:
    """ "TEHRAN, Jul. 10 (MNA) –", "LONDON (Reuters) -", "VIENNA, 21 January 2024 (APA) –",
    "New Delhi, Nov 8 (IANS)": place, date, agency."""
    m = _DATELINE.match(text)
    if not m:
        return None
    caps = m.group("place").isupper()
    month, day = m.group("month") or m.group("month2"), m.group("day") or m.group("day2")
    agency = m.group("agency")
    sep = m.group("sep") or m.group("sep2") or ""
    if sum(c.isalpha() for c in m.group("place")) < 3:
        return None
    # A place in capitals needs a dash (or a date/agency before a colon: "NBW: …" is an interview
    # turn); a place in ordinary case needs an agency, since "Paris, May 3 — …" starts sentences too.
    if (caps and not (sep.strip(":") or ((agency or month) and sep))) or (not caps and not agency):
        return None
    if agency and ":" in sep and not (known_outlet(agency) or " " not in agency.strip()):
        return None  # "REPORTER (DEV PATEL): …" is a transcript's speaker, not a dateline
    if word_count(text[m.end() - 1 :]) < 5:
        return None  # "REVUE DE PRESSE — Occitanie": a heading; a dateline opens a paragraph of prose
    month_day = (MONTHS[month[:3].lower()], int(day)) if month else None
    date = f"{m.group('year')}-{month_day[0]:02d}-{month_day[1]:02d}" if month_day and m.group("year") else None
    return Cue(DATELINE, outlet=canonical_outlet(agency) if agency else None, date=date, month_day=month_day)


_NAME = r"[A-Z][\w.’'-]*"
_BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|Written by|Words by|Text by|Story by|Reporting by)[:\s]+"
    rf"(?P<names>{_NAME}(?:\s+(?:{_NAME}|and|&|de|da|van|von|al|bin|el))*)"
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
_CONNECTORS = {
    "and", "of", "the", "de", "des", "du", "la", "le", "les", "al", "el", "for", "on", "und", "der", "die", "das",
    "&", "by", "di", "da", "do", "dos", "del", "della", "delle", "dei", "degli", "y", "e", "et", "van", "von", "zu",
}  # fmt: skip
_TIME = r"(?:\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?"
_TIME_ANYWHERE = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?", re.I)
_AFTER_DATE = re.compile(rf"^{_TIME}\s*[)\].,]?\s*(?:$|[:|·–—-]|,?\s*by\s+[A-Z]|,?\s*(?:last\s+)?updated\b)", re.I)
_ATTRIBUTION = re.compile(r"^(?:source|sources|via|from|credit)\b", re.I)
# "Headline — Outlet (March 9, 2024)": the last dash or bar before the names ends the headline.
_TITLE_SPLIT = re.compile(r"\s+[—–|-]\s+(?=[^—–|]*$)")


def read_meta(text: str) -> Cue | None:
    """An "Outlet, date" line: "Iran Front Page, July 10 2019", "Author, Outlet, date:… teaser",
    "Headline — Outlet (March 9, 2024)", "Updated 14:32 GMT, 3 June 2023 | Outlet"; a date alone on
    its line is a ``DATE`` cue."""
    dates = [d for d in find_dates(text) if d.year and _AFTER_DATE.match(text[d.end :])]
    # "Published 2 June … Updated 3 June": the publication date, not the update.
    dates.sort(key=lambda d: bool(re.search(r"updated\W*$", text[: d.start].strip(" ,|·"), re.I)))
    for date in dates:
        prefix = _TIME_ANYWHERE.sub("", text[: date.start]).strip().rstrip("([").strip()
        labelled = bool(_ATTRIBUTION.match(prefix))
        prefix = _LABEL.sub("", prefix).strip(" ,|–—-•·([")
        prefix = re.sub(r"^(?:updated|published)\b\W*", "", prefix, flags=re.I)
        title = None
        if not _names(prefix):
            split = _TITLE_SPLIT.search(prefix)
            if split and is_title_like(prefix[: split.start()]) and _names(prefix[split.end() :].strip(" ,(")):
                title, prefix = prefix[: split.start()], prefix[split.end() :].strip(" ,(")
            else:
                prefix = prefix[glued_split(prefix) :]  # "…caption textLuisa Hommerich, Des Spiegel"
                if not _names(prefix):
                    continue
        after = text[date.end :]
        by = re.match(r"^\s*[,·|•–—-]?\s*by\s+(?P<who>[^|:·]+)", after, re.I)
        suffix = "" if by else re.split(r":\s*(?:…|\.\.\.)", after, maxsplit=1)[0]
        suffix = re.sub(r"(?:last\s+)?updated\b", "", _TIME_ANYWHERE.sub("", suffix), flags=re.I)
        for later in find_dates(suffix)[::-1]:
            suffix = suffix[: later.start] + suffix[later.end :]
        suffix = suffix.strip(" ,|·•–—-)]")
        outlets, people = _parts(prefix) if prefix else ([], [])
        if not outlets and suffix and _names(suffix):
            outlets, more = _parts(suffix)
            people += more
        if by:
            people.insert(0, by.group("who").strip())
        outlets = [o for o in outlets if _valid_name(o)]
        people = [p for p in people if _valid_name(p)]
        if not outlets:
            return Cue(DATE, date=date.iso(), author=people[0] if people and by else None, labelled=labelled)
        return Cue(
            META,
            title=title,
            outlet=canonical_outlet(outlets[0]),
            author=people[0] if people else None,
            date=date.iso(),
            several_outlets=len({canonical_outlet(o) for o in outlets}) > 1 or any(" and " in o for o in outlets),
            labelled=labelled,
        )
    return None


def _names(prefix: str) -> bool:
    """Names only, at most 12 words: every word capitalised, a connector, or an outlet word."""
    words = re.findall(r"[\w’'&.-]+", prefix)
    return len(words) <= 12 and all(
        w[0].isupper()
        or w[0].isdigit()
        or w.lower() in _CONNECTORS
        or w.lower() in OUTLET_WORDS
        or re.match(r"^[dl][’']\w", w)  # "Valle d'Aosta", "L'Écho"
        for w in words
    )


def _parts(prefix: str) -> tuple[list[str], list[str]]:
    """Split "Luisa Hommerich, Des Spiegel (Spiegel Online)" into outlets and people.

    A part in parentheses is an aside (another name of the outlet, its country): it names the
    outlet only when nothing outside parentheses does.
    """
    asides = [a.strip() for a in re.findall(r"\(([^)]*)\)", prefix) if a.strip()]
    main = re.sub(r"\([^)]*\)", ",", prefix)
    parts = [p.strip() for p in re.split(r"\s*(?:[|•·;,]|\s[-–—]\s)\s*", main) if p.strip()]
    outlets, people = [], []
    for part in parts:
        if part.lower().startswith("by "):
            people.append(part[3:].strip())
        elif looks_like_outlet(part) or (part.isupper() and len(part) > 3):
            outlets.append(part)  # press reviews set outlet names in capitals: "GAZETA BAŁTYCKA"
        else:
            people.append(part)
    if not outlets:
        outlets = [a for a in asides if looks_like_outlet(a)]
    if not outlets and len(people) == 1 and not prefix.lower().startswith("by "):
        # "Meduza, 3 May 2020": a lone name in an "X, date" line is the outlet more often than not.
        outlets, people = people, []
    return outlets, people


_FIELD = re.compile(
    r"^(?P<label>publication|publisher|source|outlet|newspaper|medium|media|site|channel|programme|program|work"
    r"|fuente|medio|quelle|fonte|journal"
    r"|date|published|publication date|pubdate|posted|date published|dated|fecha|datum|data"
    r"|author|authors|by|byline|writer|reporter|correspondent|written by|dc:creator|creator"
    r"|autor|autora|auteur|autrice|autore"
    r"|headline|title|subject|titular|titre|titel|titolo)\s*[:=]\s*(?P<value>\S.*)$",
    re.I,
)
_FIELD_KIND = {
    **dict.fromkeys(["publication", "publisher", "source", "outlet", "newspaper", "medium", "media"], "outlet"),
    **dict.fromkeys(["site", "channel", "programme", "program", "work"], "outlet"),
    **dict.fromkeys(["fuente", "medio", "quelle", "fonte", "journal"], "outlet"),
    **dict.fromkeys(["date", "published", "publication date", "pubdate", "posted", "date published", "dated"], "date"),
    **dict.fromkeys(["fecha", "datum", "data"], "date"),
    **dict.fromkeys(["author", "authors", "by", "byline", "writer", "reporter", "correspondent", "written by"], "author"),
    **dict.fromkeys(["dc:creator", "creator", "autor", "autora", "auteur", "autrice", "autore"], "author"),
    **dict.fromkeys(["headline", "title", "subject", "titular", "titre", "titel", "titolo"], "title"),
}
# "outlet=Le Monde, date=3 May 2021" or "{{cite news |title=… |work=… |date=…}}": several fields on one line.
_PAIR = re.compile(
    r"(?:^|[|,;{]\s*)(?P<label>[a-z:]{2,15})\s*=\s*(?P<value>[^|;{}=]+?)(?=\s*(?:[|;{}]|,\s*[a-z:]{2,15}\s*=|$))", re.I
)


def read_pairs(text: str) -> Cue | None:
    """Several ``key=value`` fields on one line (a corpus dump, a citation template)."""
    fields = [read_field(f"{m.group('label')}: {m.group('value').strip()}") for m in _PAIR.finditer(text)]
    fields = [f for f in fields if f is not None]
    if len(fields) < 2:
        return None
    cue = Cue(FIELD, labelled=True)
    for f in fields:
        cue.title = cue.title or f.title
        cue.outlet = cue.outlet or f.outlet
        cue.author = cue.author or f.author
        cue.date = cue.date or f.date
    return cue


def read_field(text: str) -> Cue | None:
    """A labelled field of a clipping or export: "Publication: Northern Daily Star", "Date: 9 June 2022"."""
    m = _FIELD.match(text)
    if not m:
        return None
    kind, value = _FIELD_KIND[m.group("label").lower()], m.group("value").strip()
    cue = Cue(FIELD, labelled=True)
    if kind == "date":
        dates = [d for d in find_dates(value) if d.year]
        if not dates:
            return None
        cue.date = dates[0].iso()
    elif kind == "outlet":
        outlet = re.split(r"\s*[,|·•;]\s*|\s[-–—]\s", value)[0]
        if not _valid_name(outlet):
            return None
        cue.outlet = canonical_outlet(outlet)
        dates = [d for d in find_dates(value) if d.year]
        cue.date = dates[0].iso() if dates else None
    elif kind == "author":
        if not _valid_name(value):
            return None
        cue.author = value
    else:
        if not is_title_like(value) and word_count(value) < 3:
            return None
        cue.title = heading_text(value)
    return cue


_LEAD_IN = re.compile(
    r"^(?:according to\s+)?(?P<outlet>(?:the\s+)?[A-Z][\w&’'.-]*(?:\s+(?:[A-Z][\w&’'.-]*|of|de|and|&)){0,5})"
    r"\s+(?:reports|reported|writes|wrote|notes|says)\s*(?:that\s*)?[:–—-]\s*$",
    re.I,
)


def read_lead_in(text: str) -> Cue | None:
    """ "The Northern Echo reports:": a line that hands over to an outlet's report."""
    m = _LEAD_IN.match(text)
    if not m or not _valid_name(m.group("outlet")):
        return None
    return Cue(META, outlet=canonical_outlet(m.group("outlet")))


_FIELD_LABEL_WORDS = {"date", "item", "items", "issue", "page", "views", "comments", "reply", "share", "updated", "posted"}


def _valid_name(name: str) -> bool:
    """A plausible outlet or person name: letters, capitalised, short, not a label, time or count."""
    words = re.findall(r"[^\W\d_][\w’'&.-]*", name)
    if not words or len(words) > 6 or re.search(r"\d{1,2}[:.]\d{2}|#\d|\bby\b", name, re.I):
        return False
    if words[0].lower() in _FIELD_LABEL_WORDS:
        return False
    return name.strip()[0].isupper() or name.strip()[0].isdigit()


_LINK_TITLE = re.compile(r"^(?P<title>.+?)\s+\((?P<domain>(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})\)$")


def read_link_title(text: str) -> Cue | None:
    """ "Headline (example.co.uk)": a shared link's title with its site, as link aggregators show it."""
    m = _LINK_TITLE.match(text)
    if not m or not is_title_like(m.group("title")):
        return None
    return Cue(META, title=heading_text(m.group("title")), outlet=canonical_outlet(m.group("domain").removeprefix("www.")))


_CREDIT = re.compile(r"\((?P<inner>[^()]{3,120})\)\s*$")


def read_trailing_credit(text: str) -> Cue | None:
    """A first paragraph ending "(Outlet, 3 May 2022, by Jane Doe)": the clipping's source."""
    m = _CREDIT.search(text)
    if not m or m.start() < 20 or not SENTENCE_END.search(text[: m.start()].rstrip()):
        return None
    cue = read_meta(m.group("inner"))
    if cue is None or cue.kind != META:
        return None
    return Cue(DATELINE, outlet=cue.outlet, author=cue.author, date=cue.date)


_TABLE_ROW = re.compile(r"^\|\s*(?P<label>[^|]{1,30}?)\s*\|\s*(?P<value>[^|]+?)\s*\|$")


def read_cue(text: str) -> Cue | None:
    """The header cue a line carries, if any (numbered heading, dateline, byline, outlet-date line)."""
    row = _TABLE_ROW.match(text)
    if row:  # "| Source | Bamako Express |": a two-cell table row is a labelled field
        text = f"{row.group('label')}: {row.group('value')}"
    credit = bool(re.match(r"^[—–]\s", text))  # "— Outlet, date, by X" under a report credits it
    text = LEAD_SYMBOLS.sub("", text).strip("*_ ")  # "_Source: Outlet, date_" in chat formatting
    cue = (
        read_numbered(text) or read_pairs(text) or read_field(text) or read_byline(text) or read_meta(text)
        or read_lead_in(text) or read_link_title(text) or read_dateline(text) or read_trailing_credit(text)
    )  # fmt: skip
    if cue is not None and credit and cue.kind in (META, FIELD):
        cue.labelled = True
    return cue


# --- a report's own header, for the stages that read its prose ------------------------------------

HEADLINE = "headline"
CREDIT = "credit"  # a byline, a translation note, an opinion label: who wrote or issued the report
AGENCY = "agency"  # the agency in a dateline: "ANTWERP, Sept 3 (Meridian News) –"
HEADER_CHARS = 600  # a report's header is looked for this far into it
_CREDIT_LINE = re.compile(
    r"^(?:\([^\n]*\)|(?:Compiled by|Translated|Live coverage by|(?:Profile and )?[Ii]nterview(?:ed)? by)\b.*"
    r"|(?:Opinion|Comment|Analysis|Editorial|Column)\s*[|·].*)$"
)


def report_header(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the header lines of one report's text: its headline (a title-like first
    line followed by a blank line), its credit lines (``read_byline``, a translation note, "Opinion |
    Name") and a dateline's prefix (``read_dateline``; ``DATELINE``, with its ``AGENCY`` inside).
    The quotes and claims stages skip them: a headline restates the body, and whoever a credit
    names wrote the report rather than spoke in it."""
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"[^\n]+", text[:HEADER_CHARS]):
        line, start = m.group().strip(), m.start() + len(m.group()) - len(m.group().lstrip())
        end = start + len(line)
        prose = re.search(r"[.!?…][\"”’»']*$", line)  # "... writes: “No such camp exists.”"
        first = not out and start == m.start() == 0 and text[end : end + 2] in ("\n\n", "\r\n")
        byline = re.sub(r"^[A-ZÀ-Ý][\w .'’-]{1,30}\s[—–-]\s+(?=By\b)", "", line)  # "Vigo — By Lucía Fernández"
        if first and is_title_like(line) and not prose:
            out.append((start, end, HEADLINE))
        elif _CREDIT_LINE.match(line) or (read_byline(byline) is not None and word_count(byline) <= 12):
            out.append((start, end, CREDIT))
        elif (dateline := _DATELINE.match(line)) and read_dateline(line) is not None:
            out.append((start, start + dateline.end() - 1, DATELINE))
            if dateline.group("agency"):
                out.append((start + dateline.start("agency"), start + dateline.end("agency"), AGENCY))
    return out
