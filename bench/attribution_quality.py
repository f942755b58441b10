"""Who said what: quotes, speakers, figures and claim-denial links against a hand-annotated gold set.

    python bench/attribution_quality.py [--data bench/data/attribution] [--show N]

The gold set (``bench/data/attribution``, its guide in GUIDE.md) is articles written for presslens,
each annotated by hand. Prints precision, recall and F1 for:

- quote span: a predicted quote overlapping a gold quote by at least half of the longer of the two;
- quote + speaker: the same, and the speaker's canonical name equal (case, punctuation and a
  leading article aside); an unnamed source's description may stop earlier or later after its
  head ("European diplomat", "European diplomat who attended the event");
- figure value + qualifier: overlapping spans with the same value (within 0.5%) and qualifier;
- claim-denial links: a predicted denial and the claim it answers each overlapping the gold
  denial and its target by half of the gold span.

Beside presslens, on the same texts and with the same matching, textacy's
``direct_quotations`` (the baseline the issue names) for quote span and quote + speaker. The
last line is machine-readable.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "bench" / "data" / "attribution"


@dataclass
class Item:
    """One annotation or prediction reduced to what the scores compare."""

    start: int
    end: int
    key: str = ""  # speaker, "value qualifier", or the target span for links
    target: tuple[int, int] | None = None
    described: bool = False  # a gold speaker that is an unnamed source's description, not a name


@dataclass
class Gold:
    name: str
    text: str
    quotes: list[Item]
    figures: list[Item]
    links: list[Item]


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence):
        at = text.find(needle, at + 1)
        if at < 0:
            raise ValueError(f"not in the text: {needle[:60]!r}")
    return at, at + len(needle)


def normal_name(name: str | None) -> str:
    name = unicodedata.normalize("NFKC", name or "").casefold()
    name = re.sub(r"[^\w\s]", " ", name)
    return " ".join(w for w in name.split() if w not in ("the", "a", "an"))


CONNECTORS = {"of", "and", "for", "the", "de", "du", "des", "la", "le", "van", "von", "der", "den", "bin", "al", "el", "y", "&"}


def described(speaker: str) -> bool:
    """Whether a gold speaker is a description ("former members", "European diplomat"), not a
    name: it has a word in lower case other than the connectors names have ("Ministry of Health")."""
    words = [w for w in re.findall(r"[\w'’-]+", speaker) if w.lower() not in CONNECTORS]
    return speaker not in ("outlet", "unknown") and any(w[:1].islower() for w in words)


def figure_key(value: float | None, qualifier: str | None) -> str:
    return f"{value:.6g} {qualifier}" if value is not None else f"None {qualifier}"


class SourceMissing(Exception):
    """A gold article annotates a corpus text that is not on this machine (it is never committed)."""


def article_text(path: Path, ann: dict) -> str:
    """The text a gold file annotates: NAME.txt beside it, or, for a corpus article annotated by
    offsets only, the ``source`` file (relative to the repository), checked against its sha256."""
    if "source" not in ann:
        return path.with_suffix(".txt").read_text(encoding="utf-8")
    source = (ROOT / ann["source"]).resolve()
    if not source.is_file():
        raise SourceMissing(f"{ann['source']} is not here (the corpus is never committed)")
    text = source.read_text(encoding="utf-8")
    if hashlib.sha256(text.encode()).hexdigest() != ann["sha256"]:
        raise ValueError(f"{path.name}: {ann['source']} differs from the text that was annotated")
    return text


def span(text: str, ann: dict) -> tuple[int, int]:
    """An annotation's span: its offsets, or where its exact ``text`` occurs."""
    if "start" in ann:
        return ann["start"], ann["end"]
    return locate(text, ann["text"], ann.get("occurrence", 1))


def missing_sources(folder: Path) -> str | None:
    """Why a gold set cannot be scored here (a corpus it annotates is absent), or None."""
    for path in sorted(folder.glob("*.json")):
        try:
            article_text(path, json.loads(path.read_text(encoding="utf-8")))
        except SourceMissing as exc:
            return str(exc)
    return None


def load_gold(folder: Path) -> list[Gold]:
    out = []
    for path in sorted(folder.glob("*.json")):
        ann = json.loads(path.read_text(encoding="utf-8"))
        text = article_text(path, ann)
        quotes = [Item(*span(text, q), normal_name(q["speaker"]), described=described(q["speaker"])) for q in ann["quotes"]]
        figures = [Item(*span(text, f), figure_key(f["value"], f["qualifier"])) for f in ann["figures"]]
        claims = {c["id"]: span(text, c) for c in ann["claims"]}
        links = [
            Item(*claims[c["id"]], target=claims[c["responds_to"]])
            for c in ann["claims"]
            if c.get("stance") == "deny" and c.get("responds_to") in claims
        ]
        out.append(Gold(path.stem, text, quotes, figures, links))
    return out


# --- matching ------------------------------------------------------------------------------


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def half_of_longer(g: Item, p: Item) -> bool:
    return overlap((g.start, g.end), (p.start, p.end)) * 2 >= max(g.end - g.start, p.end - p.start, 1)


def any_overlap(g: Item, p: Item) -> bool:
    return overlap((g.start, g.end), (p.start, p.end)) > 0


def half_of_gold(g: tuple[int, int], p: tuple[int, int]) -> bool:
    return overlap(g, p) * 2 >= max(g[1] - g[0], 1)


def match(gold: list[Item], pred: list[Item], same: Callable[[Item, Item], bool]) -> int:
    """One-to-one matches, greedily by overlap (each gold item and prediction used once)."""
    pairs = sorted(
        (
            (overlap((g.start, g.end), (p.start, p.end)), i, j)
            for i, g in enumerate(gold)
            for j, p in enumerate(pred)
            if same(g, p)
        ),
        reverse=True,
    )
    used_g, used_p = set(), set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


@dataclass
class Score:
    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0

    def add(self, gold: list[Item], pred: list[Item], same: Callable[[Item, Item], bool]) -> None:
        self.tp += match(gold, pred, same)
        self.n_gold += len(gold)
        self.n_pred += len(pred)

    @property
    def p(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def line(self, label: str) -> str:
        return (
            f"  {label:<34} P {self.p:.3f}  R {self.r:.3f}  F1 {self.f1:.3f}   ({self.tp}/{self.n_pred} pred, {self.n_gold} gold)"
        )


# --- systems -------------------------------------------------------------------------------


def presslens_predict(text: str) -> tuple[list[Item], list[Item], list[Item]]:
    from presslens.page import Page
    from presslens.pipeline import STAGES, Pipeline

    page = Page(text=text)
    page.add("documents", start=0, end=len(text))  # each gold article is one report
    Pipeline.from_names([])  # registers the built-in stages
    for name in ("quotes", "figures", "claims"):
        page = STAGES[name]()(page)
    quotes = [Item(q.start, q.end, normal_name(q.speaker)) for q in page.layers["quotes"]]
    figures = [Item(f.start, f.end, figure_key(f.value, f.qualifier)) for f in page.layers["figures"]]
    claims = {c.id: c for c in page.layers["claims"]}
    links = [
        Item(c.start, c.end, target=(claims[c.responds_to].start, claims[c.responds_to].end))
        for c in claims.values()
        if c.stance == "deny" and c.responds_to in claims
    ]
    return quotes, figures, links


TEXTACY_REFUSED: list[str] = []


def textacy_predict(text: str) -> list[Item]:
    from textacy.extract.triples import direct_quotations

    from presslens.nlp import parse

    out = []
    try:
        triples = list(direct_quotations(parse(text)))
    except ValueError:  # textacy refuses texts with an odd number of quotation marks
        TEXTACY_REFUSED.append(text[:40])
        return []
    for triple in triples:
        content = triple.content
        start, end = content.start_char, content.end_char
        # textacy's content span includes the quotation marks; the gold span does not.
        if end - start >= 2 and not text[start].isalnum():
            start += 1
        if end - start >= 1 and not text[end - 1].isalnum() and text[end - 1] not in ".,!?;":
            end -= 1
        speaker = " ".join(t.text for t in triple.speaker)
        out.append(Item(start, end, normal_name(speaker)))
    return out


def same_speaker(g: Item, p: Item) -> bool:
    """The same canonical name; for an unnamed source, the same description, however far each
    runs after its head ("European diplomat" and "European diplomat who attended the event"
    name one source: where a description stops is a matter of style the guide cannot settle)."""
    if not half_of_longer(g, p):
        return False
    if g.key == p.key:
        return True
    short, long = sorted((g.key.split(), p.key.split()), key=len)
    counted = all(w.isdigit() or w in COUNTS for w in short)  # "two" is not "two of the councils"
    return g.described and bool(short) and not counted and long[: len(short)] == short


COUNTS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "some", "several", "many", "most"}


def same_figure(g: Item, p: Item) -> bool:
    if not any_overlap(g, p):
        return False
    gv, gq = g.key.split(" ", 1)
    pv, pq = p.key.split(" ", 1)
    if gq != pq or "None" in (gv, pv):
        return False
    return abs(float(gv) - float(pv)) <= 0.005 * max(1.0, abs(float(gv)))


def same_link(g: Item, p: Item) -> bool:
    return half_of_gold((g.start, g.end), (p.start, p.end)) and half_of_gold(g.target, p.target)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of NAME.txt + NAME.json")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses per measure, to read")
    ap.add_argument("--no-baseline", action="store_true", help="skip textacy")
    args = ap.parse_args(argv)
    missing = missing_sources(args.data)
    if missing:
        print(f"attribution_quality: skipped: {missing}")
        return 1
    gold = load_gold(args.data)
    if not gold:
        print(f"attribution_quality: no gold articles in {args.data}")
        return 1
    from rich.progress import track

    scores = {k: Score() for k in ("quote", "quote_speaker", "figure", "figure_value", "link", "tx_quote", "tx_quote_speaker")}
    misses: list[str] = []
    started = time.perf_counter()
    words = sum(len(re.findall(r"\w+", g.text)) for g in gold)
    for g in track(gold, description="attribution", transient=True, disable=not sys.stderr.isatty()):
        quotes, figures, links = presslens_predict(g.text)
        scores["quote"].add(g.quotes, quotes, half_of_longer)
        scores["quote_speaker"].add(g.quotes, quotes, same_speaker)
        scores["figure"].add(g.figures, figures, same_figure)
        scores["figure_value"].add(g.figures, figures, any_overlap)
        scores["link"].add(g.links, links, same_link)
        if args.show:
            misses += _misses(g, quotes, figures)
        if not args.no_baseline:
            baseline = textacy_predict(g.text)
            scores["tx_quote"].add(g.quotes, baseline, half_of_longer)
            scores["tx_quote_speaker"].add(g.quotes, baseline, same_speaker)
    seconds = time.perf_counter() - started
    print(f"{len(gold)} gold articles, {words:,} words ({args.data})")
    print("presslens")
    print(scores["quote"].line("quote span (overlap >= 50%)"))
    print(scores["quote_speaker"].line("quote + speaker"))
    print(scores["figure_value"].line("figure span (any overlap)"))
    print(scores["figure"].line("figure value + qualifier"))
    print(scores["link"].line("claim-denial links"))
    if not args.no_baseline:
        refused = f"; it refused {len(TEXTACY_REFUSED)} articles (odd number of quotation marks)" if TEXTACY_REFUSED else ""
        print(f"textacy direct_quotations (same texts, same matching{refused})")
        print(scores["tx_quote"].line("quote span (overlap >= 50%)"))
        print(scores["tx_quote_speaker"].line("quote + speaker"))
    for line in misses[: args.show * 4]:
        print(line)
    s = scores
    print(
        f"attribution_quality quote_f1={s['quote'].f1:.4f} quote_speaker_f1={s['quote_speaker'].f1:.4f} "
        f"figure_f1={s['figure'].f1:.4f} link_f1={s['link'].f1:.4f} textacy_quote_speaker_f1={s['tx_quote_speaker'].f1:.4f} "
        f"seconds={seconds:.1f}"
    )
    return 0


def _misses(g: Gold, quotes: list[Item], figures: list[Item]) -> list[str]:
    out = []
    for q in g.quotes:
        hit = [p for p in quotes if half_of_longer(q, p)]
        if not hit:
            out.append(f"{g.name} quote missed: {g.text[q.start : q.end][:90]!r} ({q.key})")
        elif not any(same_speaker(q, p) for p in hit):
            out.append(f"{g.name} speaker: {g.text[q.start : q.end][:60]!r} gold {q.key!r} got {hit[0].key!r}")
    for p in quotes:
        if not any(half_of_longer(q, p) for q in g.quotes):
            out.append(f"{g.name} quote extra: {g.text[p.start : p.end][:90]!r} ({p.key})")
    for f in g.figures:
        hit = [p for p in figures if any_overlap(f, p)]
        if not hit or not any(same_figure(f, p) for p in hit):
            got = [(g.text[p.start : p.end], p.key) for p in hit]
            out.append(f"{g.name} figure: {g.text[f.start : f.end]!r} gold {f.key} got {got}")
    for p in figures:
        if not any(any_overlap(f, p) for f in g.figures):
            out.append(f"{g.name} figure extra: {g.text[max(0, p.start - 20) : p.end + 10]!r} ({p.key})")
    return out


if __name__ == "__main__":
    sys.exit(main())
