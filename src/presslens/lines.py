"""Lines of a text with their offsets, and the shape tests segmentation reads them by."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass


@dataclass
class Line:
    """A non-empty line: ``start``/``end`` bound its stripped text in the page.

    ``joined`` is true when the next line follows with no blank line between (same block).
    """

    index: int
    start: int
    end: int
    text: str
    joined: bool = False


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text``, stripped, with offsets into ``text``."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append(Line(len(out), start, start + len(stripped), stripped))
        pos += len(raw) + 1
    for line, after in itertools.pairwise(out):
        line.joined = text.count("\n", line.end, after.start) == 1
    return out


WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def normalise(text: str) -> str:
    """Case- and punctuation-insensitive form, for comparing lines and titles."""
    return " ".join(re.findall(r"\w+", text.lower()))


SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def is_kicker(text: str) -> bool:
    """A rubric or counter above a headline: "EXPLAINER", "OPINION | HEALTH", "CLIPPING 2 OF 3"."""
    words = WORD.findall(text)
    return 1 <= len(words) <= 4 and text.upper() == text


def is_sentence(text: str) -> bool:
    """A line of running prose: ends like a sentence and has a few words."""
    return word_count(text) >= 6 and bool(SENTENCE_END.search(text))


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# Emoji, bullets and arrows that lead a line in digests and chat pastes ("🔥 Title", "→ Title").
LEAD_SYMBOLS = re.compile(r"^[^\w\"'“‘«(\[#*_]+(?=\w|[\"'“‘«(\[])")
_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?P<inner>\S.*\S)\1$")


def heading_text(text: str) -> str:
    """A heading as a title: no Markdown markers ("## Title"), and a space where copying glued
    two lines ("Rebellion.The Cult" -> "Rebellion. The Cult")."""
    text = LEAD_SYMBOLS.sub("", _MARKDOWN_HEADING.sub("", text).strip())
    emphasis = _EMPHASIS.match(text)
    if emphasis:
        text = emphasis.group("inner")  # "*Headline*", "**Question?**"
    return re.sub(r"(?<=[a-z][.?!])(?=[A-Z][a-z])", " ", text)


def is_title_like(text: str) -> bool:
    """A headline's shape: 2 to 30 words, starts with a capital, digit or quote, no final full stop."""
    text = heading_text(text)
    if re.search(r"https?://|www\.", text):
        return False  # a link line, not a headline
    words = word_count(text)
    if not 2 <= words <= 30 or len(text) > 240:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘«"):
        return False
    if text.rstrip().endswith((".", ",", ";", ":", "…")) and not text.rstrip().endswith(("..", "...")):
        return False
    return not is_turn(text)


_TURN = re.compile(r"^(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}):\s+(?P<answer>\S.*)$")


def is_turn(text: str) -> bool:
    """An interview turn, "Name: answer ...", with a long enough answer."""
    m = _TURN.match(text)
    return bool(m) and word_count(m.group("answer")) >= 8


def glued_split(text: str) -> int:
    """Offset where text pasted without a space begins ("…Gholamreza ShekariLuisa Hommerich"), or 0.

    Captions and link texts are often glued to the next line when a page is copied; the last
    lower-to-upper junction inside a word marks where the real text starts.
    """
    best = 0
    for m in re.finditer(r"[a-z\.)\]](?=[A-Z][a-z])", text):
        start = text.rfind(" ", 0, m.end()) + 1
        word = text[start : m.end() + 2]
        if not re.match(r"(?:Mc|Mac|O'|De|Di|La|Le|Van|Von)[A-Z]", word):
            best = m.end()
    return best
