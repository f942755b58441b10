"""Repeated boilerplate: pasted headlines, "Link to the source", "Also read:", share prompts.

A compilation page repeats lines that belong to no report. They are found by counting: a short
line that recurs on the page, whether on a line of its own or glued to the start or end of
another line (copy-paste loses line breaks), plus a lexicon of navigation phrases that are
boilerplate wherever they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presslens.dates import find_dates
from presslens.lines import Line, normalise, word_count

MAX_WORDS = 25
MAX_CHARS = 200
# Strings this long are counted wherever they are glued at a line's edge; shorter ones only as
# whole lines, so that "Also read:" is not found inside a sentence.
GLUED_MIN_WORDS = 4

# Phrases that are navigation, never report text. Matched against the whole normalised line.
_LEXICON = re.compile(
    r"^(?:also read|read also|read more|see also|related|related articles?|related stories|more on this"
    r"|link to the source|source link|click here(?: to read)?(?: the)?(?: original| full)?(?: article| story)?"
    r"|share(?: this)?(?: article| story| post)?(?: on \w+)?|tweet|print|email|advertisement|advert|sponsored"
    r"|subscribe(?: now)?|sign up for our newsletter|continue reading|read the full (?:article|story)"
    r"|comments?|leave a comment|follow us(?: on \w+)?|top stories|latest news|recommended|you may also like)$"
)
# Lines of symbols that separate reports ("***", "* * *", "———").
_RULE = re.compile(r"^[\s*#=~_•·—–|:-]{3,}$")
# Lines that announce another report follows.
_SEPARATOR_WORDS = re.compile(r"^(?:also read|read also|see also|related|more on this|read more)$")


@dataclass
class Repeat:
    """A boilerplate string and every place it stands, as ``[start, end]`` pairs."""

    text: str
    spans: list[list[int]] = field(default_factory=list)
    lexical: bool = False


def is_rule(text: str) -> bool:
    return bool(_RULE.match(text))


def is_lexical(text: str) -> bool:
    return bool(_LEXICON.match(normalise(text))) or is_rule(text)


def is_separator(text: str) -> bool:
    """A line announcing another report: "Also read:", "Related", "***" (not a table's "|---|")."""
    return (is_rule(text) and "|" not in text) or bool(_SEPARATOR_WORDS.match(normalise(text)))


def find_repeats(text: str, lines: list[Line]) -> list[Repeat]:
    """Boilerplate candidates of the page, most frequent first.

    Candidates are short lines that recur (counted as whole lines, and for longer strings also
    where glued to another line's start or end) and lexicon lines, which count even once.
    """
    by_key: dict[str, list[Line]] = {}
    for line in lines:
        if word_count(line.text) <= MAX_WORDS and len(line.text) <= MAX_CHARS:
            by_key.setdefault(line.text, []).append(line)
    repeats: list[Repeat] = []
    taken: list[tuple[int, int]] = []
    # Longer strings first: a glued occurrence of a long repeat must not be claimed by a shorter one.
    for key, group in sorted(by_key.items(), key=lambda kv: -len(kv[0])):
        lexical = is_lexical(key)
        spans = _occurrences(text, lines, key) if word_count(key) >= GLUED_MIN_WORDS else [[x.start, x.end] for x in group]
        spans = [s for s in spans if not any(s[0] < e and b < s[1] for b, e in taken)]
        if len(spans) >= 2 or (lexical and spans):
            repeats.append(Repeat(key, spans, lexical))
            taken.extend((s, e) for s, e in spans)
    repeats.extend(_same_shape(lines, taken))
    return sorted(repeats, key=lambda r: (-len(r.spans), r.spans[0][0]))


def _same_shape(lines: list[Line], taken: list[tuple[int, int]]) -> list[Repeat]:
    """Lines that recur with other numbers in them: "Page 3 of 7", "Comments (12) · Save · Share"."""
    by_shape: dict[str, list[Line]] = {}
    for line in lines:
        words = word_count(line.text)
        if not (3 <= words <= MAX_WORDS and re.search(r"\d", line.text)) or find_dates(line.text):
            continue  # a date differs from report to report for a reason: it is a header, not furniture
        if not any(line.start < e and b < line.end for b, e in taken):
            by_shape.setdefault(re.sub(r"\d+", "0", line.text), []).append(line)
    return [Repeat(group[0].text, [[x.start, x.end] for x in group]) for group in by_shape.values() if len(group) >= 2]


def _occurrences(text: str, lines: list[Line], needle: str) -> list[list[int]]:
    """Where ``needle`` stands at the start or the end of a line (or is the whole line)."""
    found = []
    for line in lines:
        pos = text.find(needle, line.start, line.end)
        while pos != -1:
            end = pos + len(needle)
            if pos == line.start or end == line.end:
                found.append([pos, end])
            pos = text.find(needle, end, line.end)
    return found
