"""Which claim a denial answers: a logistic model over features of (denial, claim) pairs.

A denial ("Hidrotaz denied that it had ignored the warnings") answers one claim of another party
("villagers said they had warned the company"). Each eligible claim is scored by
``TargetRanker`` from a few features (sentence similarity, shared words, whether the claim names
the denying party, distance, whether it is the report's lead or an attributed accusation...);
the best one answers when its probability passes the ranker's threshold.

The weights are data (``presslens/data/rebuttals.json``), fitted by
``python bench/fit_rebuttals.py`` on the development gold set (``bench/data/attribution``) and
measured on the held-out one by ``bench/attribution_quality.py``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS = Path(__file__).parent / "data" / "rebuttals.json"
FEATURES = (
    "similarity",  # cosine of the sentence embeddings
    "shared_words",  # content-word stems in common, normalised by both sizes
    "names_party",  # the claim names the denying party (an accusation against it)
    "anaphora_near",  # "rejected that account" and the claim just before it
    "before",  # the claim comes before the denial
    "log_distance",  # log characters between them
    "outlet",  # the outlet's own claim, not an attributed one
    "same_paragraph",
    "other_figure",  # a figure of the same unit with another value
    "lead",  # in the report's first paragraph of prose
    "explicit",  # the denial says so ("denied", "rejected"), not only contradicts
)  # fmt: skip


def features(denial: Any, claim: Any, text: str, lead_end: int, explicit: bool) -> list[float]:
    """The ``FEATURES`` of a (denial, claim) pair of ``claims.Candidate`` in the report ``text``."""
    shared = len(denial.words & claim.words) / math.sqrt(max(1, len(denial.words) * len(claim.words)))
    gap = denial.start - claim.end if claim.start < denial.start else claim.start - denial.end
    between = text[min(claim.end, denial.end) : max(claim.start, denial.start)]
    other = any(
        u == tu and abs(v - tv) > 0.05 * max(abs(v), abs(tv), 1) for v, u in denial.values for tv, tu in claim.values
    )  # fmt: skip
    return [
        float(denial.vector @ claim.vector),
        shared,
        float(bool(denial.party & claim.words)),
        float(denial.anaphoric and 0 < denial.start - claim.end < 600),
        float(claim.start < denial.start),
        math.log1p(max(0, gap)),
        float(claim.claimant == "outlet"),
        float("\n\n" not in between),
        float(other),
        float(claim.start < lead_end),
        float(explicit),
    ]


@dataclass
class TargetRanker:
    """Logistic scores of (denial, claim) pairs: ``fit(X, y)``, then ``predict_proba(X)``.

    Parameters
    ----------
    C: inverse regularisation strength of the logistic regression.
    threshold: the probability the best claim needs to be the one a stated denial answers.
    implicit_threshold: the same for a claim that only contradicts another ("only 19").
    """

    C: float = 1.0
    threshold: float = 0.3
    implicit_threshold: float = 0.5
    coef_: np.ndarray = field(default_factory=lambda: np.zeros(len(FEATURES)))
    intercept_: float = 0.0

    def fit(self, X: np.ndarray, y: np.ndarray) -> TargetRanker:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.C, max_iter=1000).fit(X, y)
        self.coef_, self.intercept_ = model.coef_[0], float(model.intercept_[0])
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """The probability that each pair is a denial and the claim it answers."""
        return 1.0 / (1.0 + np.exp(-(np.asarray(X, dtype=float) @ self.coef_ + self.intercept_)))

    def save(self, path: Path = WEIGHTS) -> None:
        data = {
            "features": list(FEATURES), "coef": [round(float(c), 6) for c in self.coef_],
            "intercept": round(self.intercept_, 6), "C": self.C, "threshold": self.threshold,
            "implicit_threshold": self.implicit_threshold,
        }  # fmt: skip
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> TargetRanker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path} was fitted on other features; refit it: python bench/fit_rebuttals.py")
        ranker = cls(C=data["C"], threshold=data["threshold"], implicit_threshold=data["implicit_threshold"])
        ranker.coef_, ranker.intercept_ = np.array(data["coef"], dtype=float), float(data["intercept"])
        return ranker
