"""Dates as news pages write them, found by regular expressions and normalised to ISO 8601.

Only unambiguous forms are read: month names ("July 10 2019", "10 July 2019", "Jul. 10"; and
day-month-year in French, Spanish, Portuguese, Italian, German and Dutch: "samedi 1er mai 2021",
"4 de mayo de 2021", "3. Mai 2021"),
ISO dates, "2019/07/10", and day.month.year with dots ("17.07.2023", the European order).
Numeric day/month orders with slashes ("03/05/2020") are ambiguous across
countries and are left alone rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Day-first month names of the other languages the foreign press is read in (lower case, no accents
# needed: both spellings are listed where they differ).
FOREIGN_MONTHS = {
    **dict.fromkeys(["janvier", "enero", "janeiro", "gennaio", "januar", "jänner", "januari"], 1),
    **dict.fromkeys(["février", "fevrier", "febrero", "fevereiro", "febbraio", "februar", "februari"], 2),
    **dict.fromkeys(["mars", "marzo", "março", "marco", "märz", "maerz", "maart"], 3),
    **dict.fromkeys(["avril", "abril", "aprile"], 4),
    **dict.fromkeys(["mai", "mayo", "maio", "maggio", "mei"], 5),
    **dict.fromkeys(["juin", "junio", "junho", "giugno", "juni"], 6),
    **dict.fromkeys(["juillet", "julio", "julho", "luglio", "juli"], 7),
    **dict.fromkeys(["août", "aout", "agosto", "augustus"], 8),
    **dict.fromkeys(["septembre", "septiembre", "setembro", "settembre", "september"], 9),
    **dict.fromkeys(["octobre", "octubre", "outubro", "ottobre", "oktober"], 10),
    **dict.fromkeys(["novembre", "noviembre", "novembro", "november"], 11),
    **dict.fromkeys(["décembre", "decembre", "diciembre", "dezembro", "dicembre", "dezember", "december"], 12),
}
_FOREIGN = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
_FOREIGN_WEEKDAY = (
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes"
    r"|s[áa]bado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|luned[iì]|marted[iì]"
    r"|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica|segunda|ter[çc]a|quarta|quinta|sexta)(?:-feira)?,?\s+)?"
)
_PATTERNS = [
    re.compile(
        rf"\b{_FOREIGN_WEEKDAY}(?P<day>[0-3]?\d)(?:er|º|°|\.)?\s+(?:de\s+)?(?P<fmonth>{_FOREIGN})\s+(?:del?\s+)?{_YEAR}\b",
        re.I,
    ),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"\b{_WEEKDAY}{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}[-/](?P<mnum>[01]?\d)[-/]{_DAY}\b"),
    # Dots are the European day.month.year order ("17.07.2023"); slashes stay ambiguous.
    re.compile(rf"\b{_WEEKDAY}(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.{_YEAR}\b", re.I),
]


@dataclass(frozen=True)
class DateMatch:
    """A date in a text: its span and its ISO form (``year`` None when the text gives none)."""

    start: int
    end: int
    year: int | None
    month: int
    day: int

    def iso(self, default_year: int | None = None) -> str | None:
        year = self.year or default_year
        return f"{year:04d}-{self.month:02d}-{self.day:02d}" if year else None


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in ``text``, in order, without overlaps (the longest match wins)."""
    if not any(c.isdigit() for c in text):
        return []  # every date form has a digit: most lines of prose are done here
    candidates = [d for pattern in _PATTERNS for m in pattern.finditer(text) if (d := _to_date(m))]
    found: list[DateMatch] = []
    for date in sorted(candidates, key=lambda d: (d.start - d.end, d.start)):
        if not any(d.start < date.end and date.start < d.end for d in found):
            found.append(date)
    return sorted(found, key=lambda d: d.start)


def _to_date(m: re.Match[str]) -> DateMatch | None:
    parts = m.groupdict()
    if parts.get("fmonth"):
        month = FOREIGN_MONTHS[parts["fmonth"].lower()]
    elif parts.get("mnum"):
        month = int(parts["mnum"])
    else:
        if not parts["month"][0].isupper():
            return None  # "may" the verb, not May the month
        month = MONTHS[parts["month"].lower()[:3]]
    day = int(parts["day"])
    year = int(parts["year"]) if parts.get("year") else None
    if not (1 <= month <= 12 and 1 <= day <= _days_in(month, year)):
        return None
    return DateMatch(m.start(), m.end(), year, month, day)


def _days_in(month: int, year: int | None) -> int:
    if month == 2:
        return 29 if year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def iso_date(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` part of a date string that starts with one, or the first date in it."""
    if not value:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    dates = [d for d in find_dates(value) if d.year]
    return dates[0].iso() if dates else None
