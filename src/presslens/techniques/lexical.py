"""A lexical technique classifier: logistic regression over the words of a span and its line.

It sees what the encoders read only indirectly: the exact words and character n-grams of the
span (slogans and clichés are fixed phrases, loaded words are a vocabulary), the words around it,
and its shape (length, share of the line, position in the article, repetition elsewhere,
punctuation, capitals). Alone it is weaker than a fine-tuned encoder; its errors differ, so
averaged with one it helps (see ``ensemble.ClassifierEnsemble``).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.techniques.corpus import Article
from presslens.techniques.taxonomy import LABELS

VOCABULARY = "vocabulary.json"
WEIGHTS = "weights.npz"


def line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the line (the corpus keeps one sentence a line) holding a span."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le < 0 else le


def occurrences(text: str, phrase: str) -> int:
    """How often the words of ``phrase`` occur in ``text`` one after the other, as whole words, case
    and punctuation aside; occurrences do not overlap."""
    words = re.findall(r"\w+", phrase.lower())
    if not words:
        return 0
    found, free = 0, 0  # free: the first word an occurrence may start at
    text_words, starts = _words_of(text)
    for i in starts.get(words[0], ()):
        if i >= free and text_words[i : i + len(words)] == words:
            found, free = found + 1, i + len(words)
    return found


@functools.lru_cache(maxsize=4)
def _words_of(text: str) -> tuple[list[str], dict[str, list[int]]]:
    """The words of ``text`` lower-cased, and where each starts: one pass per text, not per phrase
    (the Repetition rule and features count every span of a text)."""
    words = re.findall(r"\w+", text.lower())
    starts: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        starts.setdefault(word, []).append(i)
    return words, starts


@dataclass
class LexicalClassifier:
    """Span-level technique classifier on word, character and shape features.

    Parameters
    ----------
    C: inverse strength of the L2 regularisation of the logistic regression.
    char_features: most character n-grams (2 to 5, within words) kept from the training spans.
    context_weight: weight of the words of the span's line against those of the span.
    """

    C: float = 3.0
    char_features: int = 30000
    context_weight: float = 0.5

    vectorizers_: dict[str, Any] | None = None
    coef_: Any = None  # (labels, features)
    intercept_: Any = None

    def fit(self, articles: Sequence[Article], progress: Callable[[int, int, float], None] | None = None) -> LexicalClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        items = [(a.text, s.start, s.end) for a in articles for s in a.spans]
        labels = [LABELS.index(s.technique) for a in articles for s in a.spans]
        self.vectorizers_ = {
            "span": TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                                     max_features=self.char_features),
            "context": TfidfVectorizer(min_df=3, sublinear_tf=True),
        }  # fmt: skip
        spans, contexts = _texts(items)
        for name, column in (("span", spans), ("chars", spans), ("context", contexts)):
            self.vectorizers_[name].fit(column)
        features = self._features(items)
        model = LogisticRegression(C=self.C, max_iter=3000).fit(features, labels)
        # Every label must have a row, even one the training spans never use.
        import numpy as np

        coef = np.zeros((len(LABELS), model.coef_.shape[1]), dtype=np.float32)
        intercept = np.full(len(LABELS), -30.0, dtype=np.float32)
        if len(model.classes_) == 2:  # one row, for the second class: the same softmax with the first at zero
            coef[model.classes_[0]], intercept[model.classes_[0]] = 0.0, 0.0
            coef[model.classes_[1]], intercept[model.classes_[1]] = model.coef_[0], model.intercept_[0]
        else:
            coef[model.classes_], intercept[model.classes_] = model.coef_, model.intercept_
        self.coef_, self.intercept_ = coef, intercept
        if progress:  # one step; its loss is the training log-loss
            from sklearn.metrics import log_loss

            progress(1, 1, float(log_loss(labels, model.predict_proba(features), labels=model.classes_)))
        return self

    def predict_proba(self, text: str, spans: Sequence[tuple[int, int]]) -> list[list[float]]:
        """Per span, the probability of each label (``LABELS`` order)."""
        if not spans:
            return []
        from presslens.techniques.runtime import softmax

        logits = self._features([(text, s, e) for s, e in spans]) @ self.coef_.T + self.intercept_
        return softmax(logits).tolist()

    def _features(self, items: list[tuple[str, int, int]]) -> Any:
        from scipy import sparse

        spans, contexts = _texts(items)
        v = self.vectorizers_
        blocks = [
            v["span"].transform(spans), v["chars"].transform(spans),
            self.context_weight * v["context"].transform(contexts), sparse.csr_matrix(_shape(items)),
        ]  # fmt: skip
        return sparse.hstack(blocks).tocsr()

    # --- persistence: vocabularies and weights as data, never pickles ------------------------

    def save(self, folder: Path) -> None:
        import numpy as np

        folder.mkdir(parents=True, exist_ok=True)
        vocab = {
            name: {"terms": sorted(vec.vocabulary_, key=vec.vocabulary_.get), "idf": [round(float(x), 6) for x in vec.idf_]}
            for name, vec in self.vectorizers_.items()
        }
        (folder / VOCABULARY).write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
        np.savez_compressed(folder / WEIGHTS, coef=self.coef_.astype(np.float16), intercept=self.intercept_)

    @classmethod
    def load(cls, folder: Path, **params: Any) -> LexicalClassifier:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        clf = cls(**params)
        vocab = json.loads((folder / VOCABULARY).read_text(encoding="utf-8"))
        settings = {
            "span": {"ngram_range": (1, 2)},
            "chars": {"analyzer": "char_wb", "ngram_range": (2, 5)},
            "context": {},
        }
        clf.vectorizers_ = {}
        for name, kwargs in settings.items():
            vec = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(vocab[name]["terms"])}, sublinear_tf=True, **kwargs)
            vec.idf_ = np.asarray(vocab[name]["idf"])  # a documented setter: the idf learnt at fit
            clf.vectorizers_[name] = vec
        with np.load(folder / WEIGHTS) as weights:
            clf.coef_, clf.intercept_ = weights["coef"].astype(np.float32), weights["intercept"]
        return clf


def _texts(items: list[tuple[str, int, int]]) -> tuple[list[str], list[str]]:
    spans, contexts = [], []
    for text, start, end in items:
        ls, le = line_around(text, start, end)
        spans.append(text[start:end])
        contexts.append(f"{text[ls:start]} {text[end:le]}")
    return spans, contexts


def _shape(items: list[tuple[str, int, int]]) -> list[list[float]]:
    """Length, share of the line, position, repetition, punctuation and capitals of each span."""
    rows = []
    for text, start, end in items:
        span = text[start:end]
        words = span.split()
        n = max(len(words), 1)
        ls, le = line_around(text, start, end)
        repeats = occurrences(text, span)
        rows.append([
            math.log1p(len(span)), math.log1p(len(words)), float(repeats >= 2), math.log1p(repeats),
            start / max(len(text), 1), (end - start) / max(le - ls, 1), float("!" in span), float("?" in span),
            float(any(c in span for c in "\"“”")), float(len(words) <= 2), float(len(words) >= 10),
            sum(1 for w in words if w.isupper() and len(w) > 1) / n,
        ])  # fmt: skip
    return rows
