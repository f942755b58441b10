"""Outlet names: a small gazetteer of news outlets and agencies, for canonical names.

Pages write the same outlet many ways ("Xinhua News", "(Xinhua)", "Xinhua News Agency"; a
dateline's "(MNA)" for Mehr News). The gazetteer maps those to one name so that comparison
across pages groups them; an outlet it does not know keeps the name the page gives.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Ordinary words that are also an outlet's name: matched only as the whole name, never inside one.
_AMBIGUOUS = frozenset(["time", "fox", "dawn", "hill", "vox", "mehr", "folha", "figaro", "corriere", "zeit"])

# Words that make a name look like an outlet rather than a person ("Balkans Post").
OUTLET_WORDS = frozenset(
    [
        "news",
        "post",
        "times",
        "page",
        "press",
        "agency",
        "tv",
        "radio",
        "online",
        "daily",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "magazine",
        "telegraph",
        "guardian",
        "observer",
        "network",
        "media",
        "review",
        "express",
        "mail",
        "chronicle",
        "wire",
        "today",
        "monitor",
        "insider",
        "report",
        "broadcasting",
        "channel",
        "service",
        "newspaper",
        "weekly",
        "courier",
        "standard",
        "star",
        "sun",
        "independent",
        "digest",
        "dispatch",
        "bulletin",
        "zeitung",
    ]
)


def _key(name: str) -> str:
    words = re.findall(r"[\w/]+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@cache
def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    """(full alias -> canonical, single distinctive word -> canonical)."""
    full: dict[str, str] = {}
    words: dict[str, str] = {}
    table = resources.files("presslens.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, aliases = line.split("\t")
        for alias in [canonical, *aliases.split("|")]:
            key = _key(alias)
            full.setdefault(key, canonical)
            # Short all-caps abbreviations ("AP", "FT") only match on their own, never inside names.
            if " " not in key and len(key) > 3 and key not in OUTLET_WORDS and key not in _AMBIGUOUS:
                words.setdefault(key, canonical)
    return full, words


def canonical_outlet(name: str | None) -> str | None:
    """The gazetteer's name for ``name``, or ``name`` tidied when the outlet is unknown."""
    if not name:
        return None
    tidy = re.sub(r"\s+", " ", name).strip(" ,;:-–—|[]")
    # Parentheses go only where they are unbalanced: "(Xinhua)" -> "Xinhua", "Presse (AAP)" stays.
    if tidy.startswith("(") and ")" not in tidy[1:-1]:
        tidy = tidy[1:]
    if tidy.endswith(")") and "(" not in tidy:
        tidy = tidy[:-1]
    if tidy.count("(") > tidy.count(")"):
        tidy += ")"
    tidy = tidy.strip()
    if not tidy:
        return None
    full, words = _gazetteer()
    key = _key(tidy)
    if key in full:
        return full[key]
    for word in key.split():
        if word in words:
            return words[word]
    return tidy


def known_outlet(name: str) -> bool:
    """True when ``name`` is in the gazetteer (exactly or by a distinctive word)."""
    full, words = _gazetteer()
    key = _key(name)
    return key in full or any(word in words for word in key.split())


def looks_like_outlet(name: str) -> bool:
    """True for a known outlet or a name with an outlet word in it ("Balkans Post")."""
    return known_outlet(name) or any(w in OUTLET_WORDS for w in _key(name).split())
