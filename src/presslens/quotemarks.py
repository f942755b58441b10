"""Quoted runs of a text: the spans between quotation marks, in every common style.

Handles “ ” ‘ ’ " ' « » » « „ “ „ ” ‹ › and ‚ ‘; apostrophes (don’t, the workers’) are not
quotation marks; a quote nested in another stays inside it; a quote running over several
paragraphs, each reopened with the mark and only the last one closed, is one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the marks that close it.
PAIRS = {"“": '”“"', "„": "“”", "«": "»", "»": "«", "‹": "›", "‘": "’", "‚": "‘’", '"': '"”', "'": "'"}
# (scraped and pasted text mixes curly and straight marks: “They did it right," Morbitzer said.)
LINES_AHEAD = 6  # how far a quote open at a line's end is looked for its closing mark
_LINE_BREAK = re.compile(r"\n\s*")
AMBIGUOUS = {'"', "'", "‘", "’", "»"}  # can open or close (or be an apostrophe)


@dataclass(frozen=True)
class Run:
    """The words between the marks: ``start``/``end`` exclude the marks and the spaces inside them."""

    start: int
    end: int
    open_at: int
    close_at: int  # the closing mark, or the end of the paragraph for an unclosed quote
    mark: str


def runs(text: str) -> list[Run]:
    """Every outermost quoted run of ``text``, in order."""
    out: list[Run] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in PAIRS and _opens(text, i):
            close = _close(text, i)
            if close is not None:
                start, end = _trim(text, i + 1, close)
                if end > start:
                    out.append(Run(start, end, i, close, c))
                i = close + 1
                continue
        i += 1
    return out


def _opens(text: str, i: int) -> bool:
    c = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and c not in "«‹":  # French marks take a space inside
        return False
    if c in AMBIGUOUS:
        return before.isspace() or before in "([{—–-/:;“‘«„‚>" or i == 0
    return True


def _closes(text: str, k: int, opener: str) -> bool:
    c = text[k]
    if c not in PAIRS[opener]:
        return False
    before = text[k - 1] if k else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    if c in ("'", "’") and before.isalnum() and after.isalpha():
        return False  # don't, it’s
    return not (c in AMBIGUOUS and before.isspace() and opener not in "«‹")


def _close(text: str, i: int) -> int | None:
    """Where the quote opened at ``i`` closes (its closing mark), following it over paragraphs."""
    opener = text[i]
    k = i + 1
    inner: str | None = None  # a quote of another style open inside this one
    while k < len(text):
        c = text[k]
        if c == "\n":
            j = _LINE_BREAK.match(text, k).end()  # type: ignore[union-attr]
            if j < len(text) and text[j] == opener:  # the quote goes on in the next paragraph
                k, inner = j + 1, None
                continue
            # a paragraph ends with the quote still open; or a line does, in text written a
            # sentence a line, and no closing mark follows in the next lines
            if "\n" in text[k + 1 : j] or not _closed_ahead(text, j, opener):
                return k if _words(text[i + 1 : k]) >= 4 else None
        if inner is not None:
            if _closes(text, k, inner):
                inner = None
        elif _closes(text, k, opener):
            return k
        elif c in PAIRS and c != opener and c not in PAIRS[opener] and _opens(text, k) and c not in ("'", "’"):
            inner = c
        k += 1
    return None


def _closed_ahead(text: str, j: int, opener: str) -> bool:
    """Whether a closing mark for ``opener`` comes in the ``LINES_AHEAD`` lines from ``j``, before
    a blank line or a line that opens a quote of its own."""
    for n in range(LINES_AHEAD):
        end = text.find("\n", j)
        line = text[j : len(text) if end < 0 else end]
        if not line.strip() or (n and line[:1] in PAIRS and _opens(line, 0)):
            return False
        if any(_closes(line, k, opener) for k in range(len(line))):
            return True
        if end < 0:
            return False
        j = end + 1
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))
