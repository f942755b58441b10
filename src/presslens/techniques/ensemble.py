"""Ensembles: several span taggers and several technique classifiers, each averaged with weights.

Models built on different encoders, or on words instead of an encoder, make different errors;
their weighted average is more accurate than the best of them (the winning SemEval-2020 systems
were ensembles too). The weights, the SI decoding and the Repetition rule are all chosen on
training articles held out from fitting, never on the development set.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from presslens.semeval import Span, score_si, score_tc
from presslens.techniques.corpus import Article
from presslens.techniques.lexical import occurrences
from presslens.techniques.span_tagger import Decoding, ScoredSpan, SpanTagger, decode
from presslens.techniques.taxonomy import LABELS

REPETITION = LABELS.index("Repetition")
_WORD = re.compile(r"\w+|[^\w\s]")


def weight_grid(names: Sequence[str], step: float = 0.1) -> list[dict[str, float]]:
    """Every weighting of ``names`` on a grid of ``step`` whose weights sum to 1 (one member: 1)."""
    n = round(1 / step)
    out = []
    for parts in itertools.product(range(n + 1), repeat=len(names) - 1):
        if sum(parts) <= n:
            out.append({name: round(k * step, 4) for name, k in zip(names, (*parts, n - sum(parts)), strict=True)})
    return out


def equal_weights(names: Sequence[str] | dict[str, Any]) -> dict[str, float]:
    """The same weight for every member: the starting point before ``tune``."""
    return {name: 1 / len(names) for name in names}


def word_scores(text: str, tokens: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Token scores carried to words: each word gets the highest score of the tokens inside it, so
    that taggers whose tokenisers cut words differently can be averaged word by word."""
    starts = [t[0] for t in tokens]
    out = []
    for m in _WORD.finditer(text):
        lo = max(bisect.bisect_right(starts, m.start()) - 1, 0)
        hi = bisect.bisect_left(starts, m.end())
        inside = [tokens[k][2] for k in range(lo, hi) if tokens[k][1] > m.start() and tokens[k][0] < m.end()]
        out.append((m.start(), m.end(), max(inside, default=0.0)))
    return out


@dataclass
class SpanEnsemble:
    """Span identification by the weighted average of several taggers' word scores.

    Parameters
    ----------
    taggers: the span taggers, by name.
    weights: each tagger's weight (summing to 1); ``tune`` chooses them.
    decoding: how averaged word scores become spans; ``tune`` chooses it.
    """

    taggers: dict[str, SpanTagger]
    weights: dict[str, float] = field(default_factory=dict)
    decoding: Decoding = field(default_factory=Decoding)

    def __post_init__(self) -> None:
        self.weights = self.weights or equal_weights(self.taggers)

    def predict(self, text: str) -> list[ScoredSpan]:
        used = [name for name in self.taggers if self.weights.get(name, 0) > 0]  # a zero weight costs no inference
        return decode(text, self._average(self.member_scores(text, used), self.weights), self.decoding)

    def member_scores(self, text: str, names: Sequence[str] | None = None) -> dict[str, list[tuple[int, int, float]]]:
        names = list(self.taggers) if names is None else names
        return {name: word_scores(text, self.taggers[name].token_scores(text)) for name in names}

    @staticmethod
    def _average(scores: dict[str, list[tuple[int, int, float]]], weights: dict[str, float]) -> list[tuple[int, int, float]]:
        names = [n for n in scores if weights.get(n, 0) > 0]
        words = scores[names[0]]
        return [(s, e, sum(weights[n] * scores[n][i][2] for n in names)) for i, (s, e, _) in enumerate(words)]

    def tune(self, articles: Sequence[Article]) -> float:
        """Choose the weights and the decoding (threshold to start a span, threshold to extend it,
        gap closed, shortest span) that maximise SI F1 on ``articles``; return that F1."""
        cached = [(a, self.member_scores(a.text)) for a in articles]
        gold = [Span(a.id, s.start, s.end) for a in articles for s in a.spans]
        best: tuple[float, dict[str, float], Decoding] = (-1.0, self.weights, self.decoding)
        for weights in weight_grid(list(self.taggers)):
            averaged = [(a, self._average(scores, weights)) for a, scores in cached]
            for decoding in _decodings():
                pred = [Span(a.id, s.start, s.end) for a, words in averaged for s in decode(a.text, words, decoding)]
                f1 = score_si(gold, pred).f1
                if f1 > best[0]:
                    best = (f1, weights, decoding)
        _, self.weights, self.decoding = best
        return best[0]


def _decodings() -> list[Decoding]:
    out = []
    for extend in [x / 100 for x in range(25, 61, 5)]:
        for threshold in [x / 100 for x in range(int(extend * 100), 81, 5)]:
            for gap in (3, 8, 15):
                out.append(Decoding(threshold=threshold, extend=extend, gap=gap, min_chars=6))
    return out


@dataclass
class ClassifierEnsemble:
    """Technique classification by the weighted average of several classifiers' probabilities,
    then two corpus facts: a span whose words recur elsewhere in the article is what the
    Repetition label mostly means, and the same span annotated twice carries two labels.

    Parameters
    ----------
    members: the classifiers, by name (each has ``predict_proba(text, spans)``).
    weights: each member's weight (summing to 1); ``tune`` chooses them.
    repetition_boost: added to the Repetition probability of a recurring span (then
        renormalised); 0 turns the rule off.
    """

    members: dict[str, Any]
    weights: dict[str, float] = field(default_factory=dict)
    repetition_boost: float = 0.3

    def __post_init__(self) -> None:
        self.weights = self.weights or equal_weights(self.members)

    def predict_proba(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[float]]:
        """Per span, the probability of each label (``LABELS`` order), after the corpus rules."""
        used = [name for name in self.members if self.weights.get(name, 0) > 0]
        probs = self.member_proba(text, spans, used)
        return self._combine(probs, self.weights, self.repetition_boost, repeated(text, spans))

    def predict(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, float]]:
        """(label, probability) per span; a span listed twice gets its two most likely labels."""
        return labels_for(spans, self.predict_proba(text, spans))

    def member_proba(
        self, text: str, spans: Sequence[tuple[int, int]], names: Sequence[str] | None = None
    ) -> dict[str, list[list[float]]]:
        names = list(self.members) if names is None else names
        if len(names) < 2:
            return {name: self.members[name].predict_proba(text, spans) for name in names}
        # The members run side by side: an encoder waits on ONNX Runtime's threads (which release
        # the GIL) while the lexical classifier computes its features.
        with ThreadPoolExecutor(len(names) - 1, thread_name_prefix="presslens-member") as pool:
            running = {name: pool.submit(self.members[name].predict_proba, text, spans) for name in names[:-1]}
            last = self.members[names[-1]].predict_proba(text, spans)
            return {name: running[name].result() if name in running else last for name in names}

    @staticmethod
    def _combine(probs: dict[str, list[list[float]]], weights: dict[str, float], boost: float,
                 recurs: list[bool]) -> list[list[float]]:  # fmt: skip
        names = [n for n in probs if weights.get(n, 0) > 0]
        out = []
        for i, again in enumerate(recurs):
            p = [sum(weights[n] * probs[n][i][k] for n in names) for k in range(len(LABELS))]
            if boost > 0 and again:
                p[REPETITION] += boost
            total = sum(p) or 1.0
            out.append([x / total for x in p])
        return out

    def tune(self, articles: Sequence[Article], boosts: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)) -> float:
        """Choose the weights and the Repetition boost that maximise TC micro-F1 on ``articles``
        (held out from fitting) from one pass of each member; return that F1."""
        cached = []
        for a in articles:
            spans = [(s.start, s.end) for s in a.spans]
            cached.append((a, spans, self.member_proba(a.text, spans), repeated(a.text, spans)))
        gold = [s for a in articles for s in a.spans]
        best: tuple[float, dict[str, float], float] = (-1.0, self.weights, self.repetition_boost)
        for weights in weight_grid(list(self.members)):
            for boost in boosts:
                pred = []
                for a, spans, probs, recurs in cached:
                    labels = labels_for(spans, self._combine(probs, weights, boost, recurs))
                    pred += [Span(a.id, s, e, label) for (s, e), (label, _) in zip(spans, labels, strict=True)]
                f1 = score_tc(gold, pred)[0].f1
                if f1 > best[0]:
                    best = (f1, weights, boost)
        _, self.weights, self.repetition_boost = best
        return best[0]


def repeated(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Whether the words of each span recur elsewhere in ``text``."""
    return [occurrences(text, text[start:end]) >= 2 for start, end in spans]


def labels_for(spans: Sequence[tuple[int, int]], probs: Sequence[list[float]]) -> list[tuple[str, float]]:
    """The most likely label per span; the second listing of the same span gets the next one."""
    seen: dict[tuple[int, int], int] = {}
    out = []
    for span, p in zip(spans, probs, strict=True):
        rank = seen.get(tuple(span), 0)
        seen[tuple(span)] = rank + 1
        order = sorted(range(len(LABELS)), key=lambda k: -p[k])
        k = order[min(rank, len(order) - 1)]
        out.append((LABELS[k], p[k]))
    return out
