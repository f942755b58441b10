"""The ``figures`` stage: the numbers a report gives, with their value, unit, qualifier and what they count.

Numbers are found by rules over the raw text (digits in English and European styles, number
words, fractions, magnitudes, currencies, percentages, ranges, ages), then checked against what
is not a figure: dates, years, times, ordinals, numbers inside names ("Resolution 2231", "G7"),
phone numbers, list markers. spaCy's parse of the sentence names the thing counted (``about``)
and the unit when the text does not say it with a symbol.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from presslens.page import Page
from presslens.pipeline import BaseStage, register

# --- lexicons ------------------------------------------------------------------------------

QUALIFIERS: dict[str, tuple[str, ...]] = {
    "at_least": (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than", "a minimum of", "at a minimum",
        "minimum of",
    ),
    "more_than": (
        "more than", "over", "above", "in excess of", "upwards of", "exceeding", "greater than", "higher than", "well over",
        "older than", "longer than", "larger than", "bigger than", "beyond",
    ),
    "about": (
        "about", "around", "roughly", "approximately", "approx.", "some", "an estimated", "estimated", "nearly", "almost",
        "close to", "closer to", "circa", "an approximate", "estimated at", "near", "just under", "just over", "just shy of",
        "maybe", "perhaps", "an approximately", "the best part of", "nearer", "nearer to",
    ),
    "up_to": (
        "up to", "as many as", "at most", "no more than", "not more than", "less than", "fewer than", "under", "below",
        "a maximum of", "as much as", "lower than", "at the most", "younger than", "shorter than", "smaller than",
        "not even", "maximum of", "not exceed", "capped at", "limited to",
    ),
    "exactly": ("exactly", "precisely", "a total of", "a full", "fully"),
}  # fmt: skip
# "just under 40" is about 40 (and less): the nearer word decides, so these two count as "about".
POST_QUALIFIERS = {"or more": "at_least", "or so": "about", "plus": "more_than", "or fewer": "up_to", "or less": "up_to"}

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1_000, "lakh": 100_000, "million": 1_000_000, "crore": 10_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}  # fmt: skip
MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "quadrupled": 4, "halved": 0.5}
SHORT_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1e12,
}
FRACTIONS = {
    "half": 0.5,
    "halves": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
}
CURRENCY_SYMBOLS = {
    "US$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "A$": "AUD",
    "C$": "CAD",
    "HK$": "HKD",
    "₦": "NGN",
    "₩": "KRW",
    "₽": "RUB",
}
# Currencies written as letters before the digits ("R4.2-billion", "RM2.5 million", "Sh640 billion"):
# matched case-sensitively and only against the digits, so that words are never taken for them
# (and a lone "R" only before two digits or more: "R2" is more often a name than two rand).
LETTER_CURRENCIES = {"KSh": "KES", "Sh": "KES", "RM": "MYR", "Rs": "INR", "Rp": "IDR", "R": "ZAR"}
CURRENCY_CODES = ("USD", "EUR", "GBP", "CHF", "JPY", "CNY", "RMB", "IRR", "RUB", "INR", "TRY", "AUD", "CAD", "UAH", "SEK", "NOK")
CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "pounds sterling": "GBP", "rial": "IRR", "toman": "IRT",
    "rouble": "RUB", "ruble": "RUB", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "rupee": "INR", "franc": "CHF",
    "lira": "TRY", "hryvnia": "UAH", "dinar": "dinar", "shekel": "ILS", "krona": "SEK", "krone": "NOK",
}  # fmt: skip
TIME_UNITS = ("second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century")
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# Words after which a number names something rather than counting it ("page 3", "Article 5").
NAMING_WORDS = {
    "page", "pages", "paragraph", "section", "chapter", "article", "item", "number", "no", "no.", "nos", "line", "p", "p.",
    "pp", "pp.", "vol", "vol.", "volume", "episode", "season", "verse", "room", "flight", "route", "platform", "gate",
    "resolution", "amendment", "clause", "rule", "bill", "table", "figure", "fig", "fig.", "phase", "level", "grade",
    "version", "v", "channel", "district", "zone", "camp", "block", "building", "unit", "case", "file", "exhibit",
}  # fmt: skip
DETERMINERS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "my", "your", "whose"}
ONE_IDIOMS = {
    "of", "another", "day", "way", "side", "hand", "thing", "or", "and", "who", "by", "last", "more", "that", "which",
    "point", "time", "morning", "evening", "night", "afternoon", "is", "was", "can", "could", "will", "would", "has", "had",
    "since", "in", "at", "for", "to", "on", "with", "from", "as", "but", "if", "else", "another's", "such",
}  # fmt: skip
TIME_PREPOSITIONS = {
    "in",
    "since",
    "until",
    "till",
    "by",
    "from",
    "during",
    "before",
    "after",
    "through",
    "of",
    "early",
    "late",
    "mid",
    "year",
}

_NUMBER_WORD = "|".join(sorted([*SMALL, *SCALES, "dozen", "dozens", *FRACTIONS, *MULTIPLES], key=len, reverse=True))
_LEADING_A = r"(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen|half|third|quarter|fifth|tenth)\b))?"
# "and" joins number words only after a scale ("two hundred and fifty") or before a fraction ("two and a half")
_JOIN = r"(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|(?<=million)\s+and\s+|\s+and\s+an?\s+(?=half|quarter|third)|[\s-]+)"
_WORDS = (
    rf"(?:half\s+an?\s+(?:hundred|thousand|million|billion|dozen)\b|{_LEADING_A}(?:{_NUMBER_WORD})(?:{_JOIN}(?:{_NUMBER_WORD}))*)"
)
# first "2,13,400" (lakh grouping), then thousands by comma or by stop, decimal commas, plain digits
_DIGITS = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d,])|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?"
)
_CUR = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
_CODES = "|".join(CURRENCY_CODES)
# and the plurals of translated reports ("3,5 millions of euros", "3,5 millones")
_SCALE = "millions|millones|million|billions|billion|trillion|thousand|hundred|lakh|crore"
SCALE_FORMS = {"millions": "million", "millones": "million", "billions": "billion"}
_LETTERS = "|".join(sorted((c for c in LETTER_CURRENCIES if len(c) > 1), key=len, reverse=True))
_CORE = re.compile(
    rf"(?P<cur>(?:{_CUR})\s?|\b(?:{_CODES})\s?|(?-i:\b(?:{_LETTERS})\s?(?=\d)|\bR(?=\d[\d,.]*\d)))?"
    rf"(?:(?P<one>\ban?(?=\s+(?:full\s+)?(?:minute|hour|week|fortnight|month|year|decade|century)\b"
    r"(?!\s+(?:ago|earlier|later|before|after|on|old)\b)))"
    rf"|(?P<digits>(?<![A-Za-z]-)(?(cur)|(?<![\w.,/:]))(?:{_DIGITS}))(?P<short>(?:{'|'.join(SHORT_SCALES)})\b)?|(?P<words>\b{_WORDS}\b))"
    rf"(?P<scale>(?:\s+|-)(?:{_SCALE})\b)?",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b|pct\b|percentage points?\b)", re.IGNORECASE)
_CURRENCY_WORD = re.compile(  # and "12 millions of euros", "3,5 millones de euros" in translated reports
    r"(?:\s(?:of|de))?\s(?:" + "|".join(sorted((w + "(?:e?s)?" for w in CURRENCY_WORDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_PER = re.compile(r"\s(?:per|a|an|each)\s(?:" + "|".join(TIME_UNITS) + r")\b", re.IGNORECASE)
_TIME_UNIT = re.compile(r"(?:\s+an?)?(?:\s+full)?\s+(" + "|".join(u + "s?" for u in TIME_UNITS) + r"|centuries)\b", re.IGNORECASE)
_AGE = re.compile(r"-year-old|\syears?\sold\b", re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"(?::\d{2})|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|CET\b|hrs\b|local time\b|o'clock\b)", re.IGNORECASE
)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b|s\b|'s\b", re.IGNORECASE)
_NOT_A_COUNT_AFTER = re.compile(
    r"-?[DG]\b|\s+block\b|\s+[NSEW]\.?\s+[A-Z]|\s+[A-Z][a-z]+\s+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive)\b"
)
EMERGENCY_NUMBERS = ("911", "999", "112")
_EMERGENCY_AFTER = re.compile(r"\s?(?:call|calls|hang-up|hang up|operator|dispatch|dispatcher|emergency|line)\b", re.IGNORECASE)
_DIALLED = re.compile(r"(?i)\b(?:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|ring(?:ing|s)?|rang)\s+$")
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?(?:[\s.-]\d{2,4}){2,}")
_MASKED = re.compile(
    r"\(\d{1,2}/\d{1,2}\)|https?://\S+|www\.\S+|\S+@\S+\.\w+|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
)
_RANGE = re.compile(r"\s?(?:-|–|—|to)\s?$")


@dataclass
class Found:
    """A figure before it becomes a layer item."""

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str | None
    about: str | None = None
    value_max: float | None = None
    counted: int | None = None  # where the number itself ends: the parse looks for its noun from here
    scale: float = 1.0  # "million" in "between 200 and 300 million" scales both ends


# --- numbers -------------------------------------------------------------------------------


def word_value(words: str) -> float | None:
    """The value of number words: "two hundred and fifty" 250, "a dozen" 12, "two-thirds" 0.667,
    "two and a half" 2.5, "half a million" 500000, "doubled" 2."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t]
    if len(tokens) == 1 and tokens[0] in MULTIPLES:
        return MULTIPLES[tokens[0]]
    if "dozens" in tokens or any(t in MULTIPLES for t in tokens):
        return None  # "dozens of": no number is given
    extra = 0.0
    if len(tokens) >= 3 and tokens[-3] == "and" and tokens[-2] in ("a", "an") and tokens[-1] in FRACTIONS:
        extra, tokens = FRACTIONS[tokens[-1]], tokens[:-3]
    elif len(tokens) >= 5 and tokens[-4:-2] in (["and", "a"], ["and", "an"]) and tokens[-2] in FRACTIONS and tokens[-1] in SCALES:
        whole = word_value(" ".join(tokens[:-4]))  # "three and a half million": 3.5 million
        return None if whole is None else round((whole + FRACTIONS[tokens[-2]]) * SCALES[tokens[-1]], 3)
    if len(tokens) == 3 and tokens[0] == "half" and tokens[1] in ("a", "an"):
        tokens = ["half", tokens[2]]  # "half a million"
    if tokens and tokens[0] in ("a", "an"):
        tokens[0] = "one"
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        if tok == "and":
            continue
        if tok in SMALL:
            current += SMALL[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in SCALES:
            total += (current or 1) * SCALES[tok]
            current = 0
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok in FRACTIONS:
            current = (current or 1) * FRACTIONS[tok]
        else:
            return None
        seen = True
    return round(total + current + extra, 3) if seen else None


def digits_value(digits: str, scaled: bool) -> float:
    """17,161 -> 17161; 4.400 -> 4400 and 14,2 -> 14.2 (European style); 1.2 (before "million") -> 1.2."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2}", digits):
        return float(digits.replace(".", "").replace(",", "."))
    if "," in digits:
        return float(digits.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits) and not scaled and not digits.startswith("0"):
        return float(digits.replace(".", ""))
    return float(digits)


# --- the scan ------------------------------------------------------------------------------


def find(text: str) -> list[Found]:
    """Every figure in ``text``, in order, without ``about`` (see ``describe``)."""
    blocked = [(m.start(), m.end()) for m in (*_MASKED.finditer(text), *_PHONE.finditer(text))]
    out: list[Found] = []
    for m in _CORE.finditer(text):
        if any(s <= m.start() < e for s, e in blocked) or (out and m.start() < out[-1].end):
            continue
        found = _figure(text, m)
        if (
            found is not None
            and m.group("one")
            and out
            and re.fullmatch(r"[^\W\d]*\s*(?:\w+\s+){0,2}", text[out[-1].end : m.start()])
        ):
            continue  # "12 million litres a day": a rate, not one day
        if found is not None:
            out.append(found)
    return _join_ranges(text, out)


def _figure(text: str, m: re.Match[str]) -> Found | None:
    scaled = bool(m.group("scale") or m.group("short"))
    if m.group("one"):
        if re.search(r"(?i)(?:\d|\b(?:times|twice|once|per|every|each))\W*$", text[max(0, m.start() - 15) : m.start()]):
            return None  # "three times a day", "twice a week": a rate, not one day
        value = 1.0
    elif m.group("digits"):
        value = digits_value(m.group("digits"), scaled)
    else:
        words = m.group("words")
        if re.fullmatch(r"(?:hundred|thousand|million|billion)s?|third|thirds|quarters?|fifths?|tenths?", words, re.I):
            return None  # "thousands of", "the third", "every quarter": no number is given
        if re.fullmatch(r"(?i)an?\s+(?:third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)", words) and re.match(
            r"\s+(?:straight|consecutive|successive|week|day|month|year|time|term|round|night|attempt|season|wave|game)\b",
            text[m.end() :],
        ):
            return None  # "a third week": an ordinal, not a fraction
        value = word_value(words)
        if value is None or (words.lower().startswith("double") and re.match(r"-|\s+(?:that|it|the number)\b", text[m.end() :])):
            return None
    if m.group("short"):
        short = m.group("short").lower()
        if short == "m" and not m.group("cur"):
            return None  # "5m" without a currency is as likely metres
        value *= SHORT_SCALES[short]
    scale = 1.0
    if m.group("scale"):
        word = m.group("scale").strip(" -").lower()
        scale = SCALES[SCALE_FORMS.get(word, word)]
        value *= scale
    start, end = m.start(), m.end()
    cur = m.group("cur").strip() if m.group("cur") else None
    unit = (CURRENCY_SYMBOLS.get(cur) or LETTER_CURRENCIES.get(cur) or cur.upper()) if cur else None
    after = text[end:]
    if unit is None and (p := _PERCENT.match(after)):
        unit, end = "percent", end + p.end()
    elif unit is None and (c := _CURRENCY_WORD.match(after)):
        word = c.group().split()[-1].lower()
        unit = next(code for w, code in CURRENCY_WORDS.items() if word.startswith(w))
        end += c.end()
    elif a := _AGE.match(after):
        unit, end = "year", end + a.end()
    elif unit is None and (c := re.match(r"-([a-z]+)\b", after)) and c.group(1) not in ("plus", "odd"):
        unit, end = c.group(1).removesuffix("s"), end + c.end()  # "three-hour", "a 27-member board"
    if unit in CURRENCY_WORDS.values() and (per := _PER.match(text[end:])):
        end += per.end()
    if unit is None and (t := _TIME_UNIT.match(text[end:])):
        # "four decades", "half a year": the duration's unit is part of the figure
        unit, end = t.group(1).lower().rstrip("s").replace("centurie", "century"), end + t.end()
    if not _is_figure(text, m, value, unit):
        return None
    if re.search(r"(?i)\bminus\s+$", text[max(0, start - 8) : start]):
        value, start = -value, text.lower().rindex("minus", 0, start)  # "minus 38 degrees"
    qualifier, qualified = _qualifier(text, start)
    during = re.search(r"(?i)\bfor\s+$", text[max(0, qualified - 5) : qualified]) is None  # not "for over an hour"
    if not (qualifier == "more_than" and unit in TIME_UNITS and text[qualified:start].strip().lower() == "over" and during):
        start = qualified  # "over seven years" is a duration, not "more than seven"
    else:
        qualifier = None
    post = re.match(r"(?:\s?-?\s?plus\b|\s(?:or more|or so|or fewer|or less)\b)", text[end:], re.IGNORECASE)
    if post and qualifier is None:
        qualifier = POST_QUALIFIERS[re.sub(r"^[\s-]+", "", post.group()).lower()]
        end += post.end()
    return Found(start, end, value, unit, qualifier, counted=m.end(), scale=scale)


def _is_figure(text: str, m: re.Match[str], value: float, unit: str | None) -> bool:
    start, end = m.start(), m.end()
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    core = m.group("digits") or m.group("words")
    if re.match(r"\s?(?:o'clock|o’clock|in the (?:morning|afternoon|evening))\b", after, re.IGNORECASE):
        return False  # "at nine o'clock", "six in the morning"
    if re.search(r"(?i)\bthe\s+years\s+$", before) and value in (20, 30, 40, 50, 60, 70, 80, 90):
        return False  # "in the years eighty": a decade, as a translated report says "the eighties"
    if m.group("digits") and not unit and not m.group("scale") and not m.group("short"):
        if _TIME_AFTER.match(after) or _ORDINAL_AFTER.match(after) or _NOT_A_COUNT_AFTER.match(after):
            return False  # "3D printing", "5G", "1210 S. Lamar", "the 8300 block of"
        if core in EMERGENCY_NUMBERS and (_EMERGENCY_AFTER.match(after) or _DIALLED.search(before)):
            return False  # "a 911 hang-up", "called 911"
        if re.search(r"(?:^|\n)\s*$", before) and re.match(r"[.)]\s", after):
            return False  # a list marker
        prev = re.search(r"([\w.'’]+)\s?$", before)
        prev_word = prev.group(1) if prev else ""
        if re.fullmatch(r"\d{1,2}[.:]\d{2}", core) and prev_word.lower() in ("at", "by", "until", "from", "before", "after"):
            return False  # "at 6.15"
        if prev_word.lower() in NAMING_WORDS or prev_word.lower() in MONTHS:
            return False
        next_word = re.match(r"\W{0,2}([A-Za-z]+)", after)
        if next_word and next_word.group(1).lower() in MONTHS and value <= 31:
            return False
        of_month = re.match(r"\s+of\s+(?:(?:next|this|last|the same)\s+month\b|([A-Za-z]+))", after)
        if of_month and value <= 31 and (of_month.group(1) is None or of_month.group(1).lower() in MONTHS):
            return False  # "fixed to the 14 of next month", "the 3 of May"
        if (
            prev
            and prev_word[:1].isupper()
            and not _is_common(prev_word)
            and "," not in core
            and prev_word.lower() != "magnitude"
        ):
            return False  # inside a name: "Camp Ashraf 3", "Windows 10"
        if re.fullmatch(r"\d{4}", core) and 1800 <= value <= 2100 and _looks_like_year(text, start, end, prev_word):
            return False
    if m.group("words") and re.search(r"(?i)\bthe\s+$", before) and re.match(r"\s*(?:[,.;:)]|of\b|who\b|were\b|are\b)", after):
        return False  # "one of the three," : the number refers back, it does not count
    if (
        m.group("words")
        and core.lower() == "half"
        and re.search(r"(?i)\bthe\s+(?:top|bottom|first|second|other|lower|upper)\s+$", before)
    ):
        return False  # "the top half", "the second half": a part, not a count
    if m.group("words") and core.lower() == "half" and re.match(r"-(?:staff|mast|time|hearted|truth)", after, re.IGNORECASE):
        return False  # "flags at half-staff"
    if m.group("words") and core.lower() in ("one", "a", "an"):
        return _counts_a_noun(text[max(0, start - 12) : start], text[end:])
    return True


@functools.cache
def _common_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {w for quals in QUALIFIERS.values() for q in quals for w in q.split()}


def _is_common(word: str) -> bool:
    return word.lower() in _common_words()


def _looks_like_year(text: str, start: int, end: int, prev_word: str) -> bool:
    """A bare four-digit number is a year unless a qualifier or a counted noun says otherwise."""
    qualifier, qualified = _qualifier(text, start)
    before_qualifier = re.search(r"(\w+)\W*$", text[max(0, qualified - 20) : qualified])
    if prev_word.lower() in TIME_PREPOSITIONS or prev_word.lower() in DETERMINERS:
        return True  # "in 2019", "the 2015 deal"
    if qualifier is not None:
        return bool(before_qualifier) and before_qualifier.group(1).lower() in TIME_PREPOSITIONS  # "since at least 2022"
    nxt = re.match(r"\s+([a-z]+)", text[end : end + 30])
    return not (nxt and nxt.group(1).endswith("s") and nxt.group(1) not in ("was", "is", "has", "as"))


def _counts_a_noun(before: str, after: str) -> bool:
    """ "one soldier" counts; "one of them", "no one", "one by one", "the next one" do not."""
    nxt = re.match(r"\s+([A-Za-z-]+)", after)
    if re.search(r"(?i)\b(?:no|the|next|any|every|this|that|which|each|last|only|another|of)\s+$", before):
        return False
    share = r"\s+(?:[a-z]+\s+)?(?:in|of\s+every)\s+(?:\d|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred)"
    if re.match(share, after):
        return True  # "one in five", "one farm in five"
    return bool(nxt) and nxt.group(1).lower() not in ONE_IDIOMS and not after.startswith("-")


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier words right before ``start`` (the longest that fits) and where they begin."""
    before = text[max(0, start - 30) : start]
    best: tuple[str | None, int] = (None, start)
    article = "|an?\\s+" if text[start : start + 1] in CURRENCY_SYMBOLS else ""  # "up to a $10,000 fine"
    for name, phrases in QUALIFIERS.items():
        for phrase in phrases:
            m = re.search(rf"(?<![\w-]){re.escape(phrase)}\s+(?:another\s+|a further\s+{article})?$", before, re.IGNORECASE)
            if m and start - (len(before) - m.start()) < best[1]:
                best = (name, start - (len(before) - m.start()))
    if best[0] in ("up_to", "more_than") and re.search(r"(?i)\bjust\s+\S+\s+$", text[max(0, start - 40) : start]):
        return "about", best[1]
    return best


def _join_ranges(text: str, found: list[Found]) -> list[Found]:
    """ "between 200 and 300", "200-300", "200 to 300 people": one figure from 200 up to 300;
    "one in five", "nine in ten", "nine of every ten": one share (0.2, 0.9)."""
    out: list[Found] = []
    for f in found:
        if out and out[-1].value_max is None:
            prev = out[-1]
            gap = text[prev.end : f.start]
            between = re.search(r"(?i)\bbetween\s+$", text[max(0, prev.start - 10) : prev.start])
            from_ = re.search(r"(?i)\bfrom\s+$", text[max(0, prev.start - 10) : prev.start])
            same_unit = prev.unit == f.unit or (prev.unit is None and f.unit) or (f.unit is None and not prev.unit)
            dash = _RANGE.fullmatch(gap) and f.value > prev.value and f.qualifier is None and same_unit and not from_
            if (between and gap.strip().lower() == "and") or dash:
                if prev.scale == 1 and f.scale > 1 and prev.value * f.scale < f.value * 1.0001:
                    prev.value *= f.scale  # "between 200 and 300 million"
                prev.end, prev.value_max = f.end, f.value
                prev.unit, prev.counted = prev.unit or f.unit, f.counted
                if between:
                    prev.start = prev.start - len(between.group())
                continue
            share = prev.value >= 1 and prev.value == int(prev.value) and f.unit is None and f.qualifier is None
            if share and re.fullmatch(r"\s+(?:[a-z]+\s+)?(?:in|of\s+every)\s+", gap) and prev.value < f.value <= 100:
                prev.value, prev.end, prev.counted = round(prev.value / f.value, 3), f.end, f.counted
                continue
        out.append(f)
    return out


# --- what is counted -----------------------------------------------------------------------


def describe(doc: object, found: list[Found], offset: int = 0) -> None:
    """Fill ``unit`` (where no symbol gave it) and ``about`` from the spaCy parse ``doc``."""
    for f in found:
        token = _number_token(doc, offset + (f.counted or f.end))
        if token is None:
            continue
        while token.dep_ == "conj" and token.head.like_num:  # "between 200 and 300 people", "4.400 or 4,400 people"
            token = token.head
        noun = _counted_noun(token)
        if noun is None:
            continue
        lemma = _singular(noun)
        if f.unit is None:
            f.unit = lemma
        if lemma in TIME_UNITS or lemma in ("percent", "cent", "%") or (f.unit and f.unit.isupper()):
            target = _of_object(noun) or (_subject_of(noun) if lemma not in TIME_UNITS else None)
            f.about = _phrase(target, exclude=token) if target is not None and target.pos_ != "PRON" else None
        else:
            f.about = _phrase(noun, exclude=token)


def _number_token(doc: object, end: int) -> object | None:
    """The token that ends at (or holds) character ``end - 1``."""
    span = doc.char_span(max(0, end - 1), end, alignment_mode="expand")  # type: ignore[attr-defined]
    return span[-1] if span is not None and len(span) else None


def _counted_noun(token: object) -> object | None:
    t = token
    for _ in range(3):  # climb "20" -> "million" -> "dollars"
        if t.dep_ in ("nummod", "compound", "quantmod", "amod", "npadvmod") and t.head.pos_ in ("NOUN", "PROPN", "NUM", "SYM"):
            t = t.head
            if t.pos_ in ("NOUN", "PROPN") and not t.like_num:
                return t
        else:
            break
    for right in token.rights:  # "27 of them", "half of the members"
        if right.dep_ == "prep" and right.lower_ == "of":
            return next((c for c in right.children if c.dep_ == "pobj"), None)
    return None


def _of_object(noun: object) -> object | None:
    for right in noun.rights:
        if right.dep_ == "prep" and right.lower_ in ("of", "in", "on", "for"):
            return next((c for c in right.children if c.dep_ == "pobj"), None)
    return None


def _subject_of(noun: object) -> object | None:
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != noun.i), None)


def _phrase(noun: object, exclude: object) -> str | None:
    """The noun with its modifiers, as a short phrase of the text ("Iranian civilians killed by the MKO")."""
    keep = {"amod", "compound", "nmod", "poss", "prep", "pobj", "acl", "agent", "advmod", "npadvmod", "case", "nummod"}
    tokens = [noun]
    for child in noun.children:
        if child.dep_ in keep and child.i != exclude.i and not child.like_num:
            tokens += [t for t in child.subtree if t.dep_ not in ("relcl", "punct") and not t.like_num]
    tokens = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    tokens = [t for t in tokens if t.i - noun.i <= 8 and noun.i - t.i <= 4 and t.dep_ != "det"]
    text = " ".join(t.text for t in tokens).replace(" 's", "'s").strip()
    return text or None


def _singular(noun: object) -> str:
    lemma = noun.lemma_.lower() if noun.pos_ == "NOUN" else noun.text
    if lemma == "people":
        return "person"
    if noun.tag_ in ("NNPS", "NNS") and lemma.endswith("s") and lemma == noun.text.lower():
        lemma = lemma[:-1]
    if noun.pos_ == "PROPN" and noun.tag_ == "NNPS" and noun.text.endswith("s"):
        lemma = noun.text[:-1]
    return lemma


# --- the stage -----------------------------------------------------------------------------


class FiguresStage(BaseStage):
    """Adds ``figures``: value, unit, qualifier and what is counted, per document of the page."""

    name = "figures"
    assigns = "figures"
    requires = ("documents",)

    def __call__(self, page: Page) -> Page:
        from presslens.nlp import parse

        page.layers["figures"] = []
        for doc_id, start, end in page.reports():
            text = page.text[start:end]
            found = find(text)
            if found:
                describe(parse(text), found)
            for f in found:
                page.add(
                    "figures", start=start + f.start, end=start + f.end, document=doc_id, value=f.value, unit=f.unit,
                    qualifier=f.qualifier, about=f.about, value_max=f.value_max,
                )  # fmt: skip
        return page


@register("figures")
def make_figures() -> FiguresStage:
    return FiguresStage()
