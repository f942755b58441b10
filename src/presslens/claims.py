"""The ``claims`` stage: check-worthy assertions with their claimant, and the denials that answer them.

Claims come from what the report attributes (each indirect quote's content, each sentence of a
direct quote) and from what it asserts in its own voice (sentences outside quotes; claimant
"outlet"). A claim is kept when it is check-worthy: a statement, not a question or a wish, of
at least a few words, that names something verifiable (a number, a named party, an event told in
a past or present tense). A claim is a denial when its cue is a verb of denial ("rejected") or it
says the other side is wrong ("That never happened", "baseless"); it then points, with
``responds_to``, at the earlier claim of another party it shares the most content words with.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from presslens.headers import CREDIT, DATELINE, HEADLINE, report_header
from presslens.lines import is_title_like
from presslens.nlp import text_of
from presslens.page import Figure, Page, Quote
from presslens.pipeline import BaseStage, register
from presslens.rebuttals import TargetRanker, features

DENIAL_WORDS = re.compile(
    r"(?i)\b(?:not true|untrue|false(?:ly|hood)?|baseless|unfounded|groundless|never happened|no evidence|fabricat\w*|"
    r"lies\b|a lie\b|nonsense|ridiculous|absurd|fiction(?:al)?|fictitious|invented|made[- ]up|categorically|"
    r"denie[sd]|deny|rejects?|rejected|misleading|inaccurate|incorrect|wrong|distort\w*|smear|slander\w*|"
    r"no such|did not happen|has never|have never|had never|was never|were never|is never|never once)\b"
)
ANAPHORA = re.compile(
    r"(?i)\b(?:that|this|the|these|those|both|such|all|any|opposition|media|the report's)\s+"
    r"(?:account|claims?|accusations?|allegations?|reports?|findings?|suggestions?|charges?|version|assertion|figures?|numbers?)\b"
)
COUNTER = re.compile(r"(?i)\b(?:only|in fact|actually|closer to|the real|stood by|stands by|stand by|at most|merely|just)\b")
NEGATIONS = {"no", "never", "nothing", "none", "nobody", "neither", "nor", "not"}
OPINION = re.compile(r"(?i)^\s*(?:i|we)\s+(?:think|believe|feel|hope|wish|want|would like)\b|\b(?:should|ought to|must)\b")
CONTENT_POS = {"NOUN", "PROPN", "VERB", "NUM", "ADJ"}
STOP_LEMMAS = {"be", "have", "do", "say", "tell", "make", "get", "go", "take", "come", "year", "people", "time", "way"}


@dataclass
class Candidate:
    """A claim before it becomes a layer item."""

    start: int
    end: int
    claimant: str | None
    stance: str = "assert"
    cue: str | None = None
    words: set[str] = field(default_factory=set)
    index: int = -1  # position in the output, for responds_to
    party: set[str] = field(default_factory=set)  # the claimant's name and head words, as stems
    values: list[tuple[float, str | None]] = field(default_factory=list)  # its figures: value, unit
    contrary: bool = False  # says no, or puts a figure against another ("only", "in fact")
    anaphoric: bool = False  # "rejected that account", "denied the allegations": answers what came just before
    vector: Any = None  # its sentence embedding
    responds_to: int | None = None


def find(text: str, doc: Any, quotes: list[Quote], figures: list[Figure] | None = None) -> list[Candidate]:
    """The claims of one document ``text`` (parse ``doc``; its ``quotes`` and ``figures`` with
    offsets into ``text``), denials linked to the claims they answer."""
    return link(text, candidates_of(text, doc, quotes, figures))


def candidates_of(text: str, doc: Any, quotes: list[Quote], figures: list[Figure] | None = None) -> list[Candidate]:
    """The claims of one document, with their stance, before any denial is linked."""
    candidates = _outside_header(text, _attributed(text, doc, quotes) + _own_voice(doc, quotes))
    candidates = [c for c in candidates if _check_worthy(text, doc, c)]
    candidates.sort(key=lambda c: (c.start, c.end))
    candidates = _dedupe(candidates)
    from presslens.embeddings import embed

    vectors = embed([text[c.start : c.end] for c in candidates])
    from presslens.speakers import ORG_HEADS

    chunks = [(ch.root.lemma_.lower(), ch.sent.text.lower()) for ch in doc.noun_chunks if ch.root.lemma_.lower() in ORG_HEADS]
    for i, c in enumerate(candidates):
        c.index = i
        c.vector = vectors[i]
        c.words = _content_words(doc, c.start, c.end)
        c.anaphoric = bool(ANAPHORA.search(text[c.start : c.end]))
        c.party = {_stem(w) for w in re.findall(r"\w+", c.claimant or "") if len(w) > 2} | _heads_of(chunks, c)
        if _denial_cue(c.cue) or DENIAL_WORDS.search(text[c.start : c.end]):
            c.stance = "deny"
        c.values = [(f.value, f.unit) for f in figures or [] if c.start <= f.start and f.end <= c.end and f.value is not None]
        c.contrary = bool(COUNTER.search(text[c.start : c.end])) or _negated(doc, c)
    for c in candidates:
        if c.stance == "assert" and _rebuttal_goes_on(text, c, candidates):
            c.stance = "deny"
    return candidates


def link(text: str, candidates: list[Candidate], ranker: TargetRanker | None = None) -> list[Candidate]:
    """Each denial of ``candidates`` to the claim it answers (``responds_to``), as ``ranker``
    (default: the packaged one) scores them; a denial of nothing this report states becomes an
    assertion of its own, and an attributed claim that contradicts an earlier one ("There was no
    threat", "only 19") becomes a denial of it."""
    ranker = ranker or packaged_ranker()
    lead = lead_end(text)
    for c in candidates:
        if c.stance == "deny":
            c.responds_to = _target(ranker, pairs(text, c, candidates, lead, explicit=True), ranker.threshold)
            if c.responds_to is None:
                c.stance = "assert"
    answered = {c.responds_to for c in candidates if c.stance == "deny"}
    for c in candidates:
        if c.stance == "assert" and c.claimant != "outlet" and c.index not in answered and (c.contrary or c.values):
            target = _target(ranker, pairs(text, c, candidates, lead, explicit=False), ranker.implicit_threshold)
            if target is not None:
                c.stance, c.responds_to = "deny", target
    return candidates


def pairs(text: str, denial: Candidate, candidates: list[Candidate], lead: int, explicit: bool) -> list[tuple[int, list[float]]]:
    """(index, features) of every claim ``denial`` may answer: another party's assertion (before
    it, for a claim that only contradicts)."""
    return [
        (c.index, features(denial, c, text, lead, explicit))
        for c in candidates
        if c.index != denial.index and c.stance != "deny" and c.claimant != denial.claimant and c.words
        and (explicit or c.start < denial.start)
    ]  # fmt: skip


def _target(ranker: TargetRanker, scored: list[tuple[int, list[float]]], threshold: float) -> int | None:
    if not scored:
        return None
    probs = ranker.predict_proba(np.array([f for _, f in scored]))
    best = int(np.argmax(probs))
    return scored[best][0] if probs[best] >= threshold else None


@functools.cache
def packaged_ranker() -> TargetRanker:
    return TargetRanker.load()


def lead_end(text: str) -> int:
    """Where the report's first paragraph of prose ends (after its header)."""
    header_end = max((b for _, b, _ in report_header(text)), default=0)
    for m in re.finditer(r"[^\n]+", text):
        if m.end() > header_end and len(re.findall(r"\w+", m.group())) >= 15:
            return m.end()
    return len(text)


def _outside_header(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Without the headline and credit lines (a headline restates the body), and a claim that opens
    with the dateline starting after it ("MOINEȘTI, May 14 (Continental Wire) - ")."""
    header = report_header(text)
    out = []
    for c in candidates:
        if any(kind in (HEADLINE, CREDIT) and a < c.end and c.start < b for a, b, kind in header):
            continue
        for a, b, kind in header:
            if kind == DATELINE and a <= c.start < b:
                c.start = b
        if c.end > c.start:
            out.append(c)
    return out


def _attributed(text: str, doc: Any, quotes: list[Quote]) -> list[Candidate]:
    out = []
    for q in quotes:
        if not q.direct and _accusation(q.cue):  # "Van Damme accused the company of ...": the whole charge
            sent = doc.char_span(q.start, q.end, alignment_mode="expand")
            start, end = _trim(text, sent.sent.start_char, sent.sent.end_char) if sent is not None else (q.start, q.end)
            out.append(Candidate(start, end, q.speaker, cue=q.cue))
            continue
        if not q.direct:
            out.append(Candidate(q.start, q.end, q.speaker, cue=q.cue))
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        for sent in span.sents:
            start, end = max(q.start, sent.start_char), min(q.end, sent.end_char)
            start, end = _trim(text, start, end)
            if end > start:
                out.append(Candidate(start, end, q.speaker, cue=q.cue))
    return out


def _own_voice(doc: Any, quotes: list[Quote]) -> list[Candidate]:
    """Sentences the outlet states itself (outside quotes). One whose verb is a denial ("Brandt
    denied any wrongdoing") is that party's denial, not the outlet's claim."""
    from presslens.speakers import Resolver, mention_tokens

    resolver = Resolver(doc)
    out = []
    for sent in doc.sents:
        if any(q.start < sent.end_char and sent.start_char < q.end for q in quotes):
            continue
        start, end = _trim(text_of(doc), sent.start_char, sent.end_char)
        if end <= start or "\n" in text_of(doc)[start:end].strip() or _subheading(text_of(doc), start, end):
            continue
        verb = next((t for t in sent if t.dep_ == "ROOT"), None)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
        if verb is not None and subject is not None and _denial_cue(verb.lemma_):
            if subject.pos_ == "PRON":
                earlier = [q for q in quotes if q.end <= start and q.speaker]
                claimant = earlier[-1].speaker if earlier else None
            else:
                claimant = resolver.resolve(mention_tokens(subject))
            out.append(Candidate(start, end, claimant, cue=verb.text))
        else:
            out.append(Candidate(start, end, "outlet"))
    return out


def _subheading(text: str, start: int, end: int) -> bool:
    """In a title-like line of its own ("21:58 — Prefecture rejects fraud claim"): it heads what follows."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    line = re.sub(r"^\d{1,2}[:.h]\d{2}\s*[—–-]\s*", "", line)  # a live blog's "22:15 — " before its heading
    return "\n" not in text[start:end].strip() and is_title_like(line)


def _check_worthy(text: str, doc: Any, c: Candidate) -> bool:
    body = text[c.start : c.end]
    words = re.findall(r"\w+", body)
    if len(words) < (2 if _denial_cue(c.cue) else 4) or body.rstrip().endswith("?") or OPINION.search(body):
        return False
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return False
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") or (t.tag_ == "VBN" and t.dep_ != "amod") for t in span)
    # "accused the company of bringing in crews": the deed charged, in a gerund, is the claim
    finite = finite or (_accusation(c.cue) and any(t.tag_ == "VBG" for t in span))
    arguments = any(t.pos_ in ("NOUN", "PROPN", "NUM") or t.like_num for t in span)
    return (finite and arguments) or _denial_cue(c.cue)  # "rejects the claim as “a ridiculous scenario”"


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """A sentence already inside an attributed claim is not a claim of its own."""
    out: list[Candidate] = []
    for c in candidates:
        if out and c.start < out[-1].end and (min(c.end, out[-1].end) - c.start) * 2 >= c.end - c.start:
            if out[-1].claimant == "outlet" and c.claimant != "outlet":
                out[-1] = c
            continue
        out.append(c)
    return out


def _rebuttal_goes_on(text: str, c: Candidate, candidates: list[Candidate]) -> bool:
    """A claim of the same party right after its denial, in the same paragraph, goes on rebutting
    ("X denied that ... “We carried out every repair,” it said")."""
    before = [d for d in candidates if d.index < c.index and d.stance == "deny" and d.claimant == c.claimant != "outlet"]
    return bool(before) and "\n\n" not in text[before[-1].end : c.start] and c.index - before[-1].index <= 2


def _heads_of(chunks: list[tuple[str, str]], c: Candidate) -> set[str]:
    """How the text may name a party besides its name: "company" for "Hidrotaz SA" when a sentence
    names both (``chunks``: organisation-like head nouns with their sentence, lower-cased)."""
    name = (c.claimant or "").lower()
    if not name or name == "outlet":
        return set()
    first = name.split()[0]
    return {_stem(head) for head, sentence in chunks if first in sentence}


def _negated(doc: Any, c: Candidate) -> bool:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span is not None and any(t.dep_ == "neg" or t.lower_ in NEGATIONS for t in span)


def _content_words(doc: Any, start: int, end: int) -> set[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    # stems, so that "warned" meets "warnings" and "repairs" meets "repaired"
    return {_stem(t.lemma_) for t in span if t.pos_ in CONTENT_POS and not t.is_stop and t.lemma_.lower() not in STOP_LEMMAS}


def _stem(word: str) -> str:
    return re.sub(r"(?:ings?|ed|es|s|ions?|ments?|ly)$", "", word.lower())[:6] or word.lower()


DENIAL_CUE = re.compile(r"(?i)(?:deni|deny|reject|dismiss|refut|rebut|disput|contest|contradict|repudiat)")


def _accusation(cue: str | None) -> bool:
    return bool(cue) and re.match(r"(?i)(?:accus|blam)", cue) is not None  # type: ignore[arg-type]


def _denial_cue(cue: str | None) -> bool:
    return bool(cue) and DENIAL_CUE.match(cue) is not None  # type: ignore[arg-type]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "“”\"'‘’«»„"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:“”\"'‘’«»„"):
        end -= 1
    return start, end


class ClaimsStage(BaseStage):
    """Adds ``claims``: assertions with their claimant, and denials linked to what they deny."""

    name = "claims"
    assigns = "claims"
    requires = ("documents", "quotes", "figures")

    def __call__(self, page: Page) -> Page:
        from presslens.nlp import parse

        page.layers["claims"] = []
        for doc_id, start, end in page.reports():
            text = page.text[start:end]
            quotes = [_shifted(q, -start) for q in page.layers["quotes"] if start <= q.start and q.end <= end]
            figures = [
                Figure(id=f.id, start=f.start - start, end=f.end - start, value=f.value, unit=f.unit)
                for f in page.layers["figures"] if start <= f.start and f.end <= end
            ]  # fmt: skip
            found = find(text, parse(text), quotes, figures)
            items = []
            for c in found:
                items.append(
                    page.add(
                        "claims",
                        start=start + c.start,
                        end=start + c.end,
                        document=doc_id,
                        claimant=c.claimant,
                        stance=c.stance,
                        responds_to=None,
                    )
                )
            for c, item in zip(found, items, strict=True):  # ids exist once every claim is added
                if c.responds_to is not None:
                    item.responds_to = items[c.responds_to].id  # type: ignore[attr-defined]
        return page


def _shifted(q: Any, by: int) -> Quote:
    return Quote(id=q.id, start=q.start + by, end=q.end + by, direct=q.direct, speaker=q.speaker, cue=q.cue)


@register("claims")
def make_claims() -> ClaimsStage:
    return ClaimsStage()
