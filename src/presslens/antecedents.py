"""Which earlier entity a pronoun means: a logistic model over features of (pronoun, entity) pairs.

"he said", "it added", "they insisted": the speaker is an entity the text has named or described
before. ``speakers.Resolver`` lists the candidates a pronoun may mean (of the kind it can refer
to: people for "he" and "she", organisations and sources for "it" and "they", none of the other
gender where the text tells the gender); ``AntecedentRanker`` scores each from features of the
pair (how recently it was mentioned and whether as a subject, whether it spoke the last quote,
whether its name is tagged a person, a place or an organisation...) and the best one is chosen.

An unfitted ranker (all weights zero) keeps the rule's choice: the entity the text is following
(the latest subject) or else the latest one mentioned. The weights are data
(``presslens/data/antecedents.json``), fitted by ``python bench/fit_antecedents.py`` on the
gold sets the rules were written on and measured on held-out ones by
``bench/attribution_quality.py``.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).parent / "data" / "antecedents.json"
FEATURES = (
    "default",  # the rule's choice: the subject the text is following, else the latest mentioned
    "latest",  # the latest candidate mentioned
    "rank",  # its place among the candidates by latest mention (0 the latest), over 5, capped at 1
    "log_since",  # log characters since its latest mention
    "log_since_subject",  # log characters since it was last a subject (10 when never)
    "same_sentence",  # mentioned earlier in the pronoun's sentence
    "same_paragraph",  # its latest mention is in the pronoun's paragraph
    "gender_match",  # the text gives its gender, and it is the pronoun's
    "named",  # called by a proper name somewhere, not only described
    "described_person",  # a person the text only describes ("a spokesman")
    "org",  # an organisation, or named like one
    "place",  # its name is tagged a place somewhere in the text
    "person_tag",  # its name is tagged a person somewhere in the text
    "last_speaker",  # the speaker of the latest quote resolved before this one
    "log_spoke",  # log of the quotes attributed to it so far
    "log_mentions",  # log of its mentions so far
    "quoted",  # its latest mention is inside quotation marks (someone else's words)
)  # fmt: skip


@dataclass
class Candidate:
    """What the features read of one entity a pronoun may mean, at that pronoun."""

    last: int  # character offset of its latest mention
    last_subject: int  # of its latest mention as a subject, -1 when never
    default: bool
    latest: bool
    rank: int
    same_sentence: bool
    same_paragraph: bool
    gender_match: bool
    named: bool
    described_person: bool
    org: bool
    place: bool
    person_tag: bool
    last_speaker: bool
    spoke: int
    mentions: int
    quoted: bool


def features(c: Candidate, at: int) -> list[float]:
    """The ``FEATURES`` of one candidate for the pronoun at character offset ``at``."""
    since_subject = math.log1p(at - c.last_subject) if c.last_subject >= 0 else 10.0
    return [
        float(c.default), float(c.latest), min(c.rank, 5) / 5, math.log1p(max(0, at - c.last)), since_subject,
        float(c.same_sentence), float(c.same_paragraph), float(c.gender_match), float(c.named),
        float(c.described_person), float(c.org), float(c.place), float(c.person_tag), float(c.last_speaker),
        math.log1p(c.spoke), math.log1p(c.mentions), float(c.quoted),
    ]  # fmt: skip


@dataclass
class AntecedentRanker:
    """Scores the candidates of one pronoun: ``fit(X, y)`` on labelled pairs, then ``choose``.

    Parameters
    ----------
    C: inverse regularisation strength of the logistic regression.
    """

    C: float = 1.0
    coef_: np.ndarray = field(default_factory=lambda: np.zeros(len(FEATURES)))
    intercept_: float = 0.0

    def fit(self, X: np.ndarray, y: np.ndarray) -> AntecedentRanker:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.C, max_iter=2000).fit(X, y)
        self.coef_, self.intercept_ = model.coef_[0], float(model.intercept_[0])
        return self

    def choose(self, X: np.ndarray, default: int) -> int:
        """The index of the best of one pronoun's candidates (rows of ``X``); ties go to ``default``."""
        scores = np.asarray(X, dtype=float) @ self.coef_
        scores[default] += 1e-9
        return int(np.argmax(scores))

    def save(self, path: Path = WEIGHTS) -> None:
        coef = [round(float(c), 6) for c in self.coef_]
        data = {"features": list(FEATURES), "coef": coef, "intercept": round(self.intercept_, 6), "C": self.C}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> AntecedentRanker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path} was fitted on other features; refit it: python bench/fit_antecedents.py")
        ranker = cls(C=data["C"])
        ranker.coef_, ranker.intercept_ = np.array(data["coef"], dtype=float), float(data["intercept"])
        return ranker


@functools.cache
def packaged_ranker() -> AntecedentRanker:
    """The fitted ranker shipped with presslens."""
    return AntecedentRanker.load()
