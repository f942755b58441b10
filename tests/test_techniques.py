"""Techniques stage parts that need no trained model: decoding, calibration, corpus rules, bundles."""

from __future__ import annotations

import json
import random

import pytest

from presslens.errors import PresslensError
from presslens.semeval import Span
from presslens.techniques import calibration
from presslens.techniques.corpus import Article, holdout_split
from presslens.techniques.ensemble import REPETITION, ClassifierEnsemble, SpanEnsemble, weight_grid, word_scores
from presslens.techniques.finetune import class_weights, length_batches
from presslens.techniques.lexical import LexicalClassifier, occurrences
from presslens.techniques.model import FORMAT, TechniquesModel
from presslens.techniques.runtime import batches
from presslens.techniques.span_tagger import Decoding, decode
from presslens.techniques.taxonomy import LABELS, TECHNIQUES, definitions


def test_taxonomy_has_the_14_corpus_labels():
    assert len(TECHNIQUES) == 14 and len(set(LABELS)) == 14
    assert "Name_Calling,Labeling" in LABELS and "Bandwagon,Reductio_ad_hitlerum" in LABELS
    assert set(definitions()) == set(LABELS)


def test_decode_joins_runs_closes_gaps_and_widens_to_words():
    text = "They are reckless traitors, all of them.\nNext line here."
    # tokens: "reck"+"less" (sub-words) and "traitors" above threshold; "all" below.
    tokens = [(9, 13, 0.9), (13, 17, 0.8), (18, 26, 0.7), (28, 31, 0.2), (41, 45, 0.9), (46, 50, 0.1)]
    spans = decode(text, tokens, Decoding(threshold=0.5, gap=3, min_chars=3))
    assert [(text[s.start : s.end], round(s.score, 2)) for s in spans] == [("reckless traitors", 0.8), ("Next", 0.9)]


def test_decode_hysteresis_extends_a_confident_span_over_weaker_words():
    text = "a truly evil and corrupt regime"
    words = [(0, 1, 0.1), (2, 7, 0.4), (8, 12, 0.9), (13, 16, 0.35), (17, 24, 0.45), (25, 31, 0.1)]
    spans = decode(text, words, Decoding(threshold=0.8, extend=0.3, gap=1, min_chars=3))
    assert [text[s.start : s.end] for s in spans] == ["truly evil and corrupt"]
    # Without a word above the threshold, weak words start nothing.
    assert decode(text, [(2, 7, 0.4), (13, 16, 0.35)], Decoding(threshold=0.8, extend=0.3, gap=8, min_chars=3)) == []
    # extend=None is the plain single threshold.
    assert [text[s.start : s.end] for s in decode(text, words, Decoding(threshold=0.8, gap=1, min_chars=3))] == ["evil"]


def test_word_scores_take_each_words_best_token():
    text = "reckless traitors!"
    tokens = [(0, 4, 0.2), (4, 8, 0.9), (9, 17, 0.5), (17, 18, 0.1)]
    assert word_scores(text, tokens) == [(0, 8, 0.9), (9, 17, 0.5), (17, 18, 0.1)]
    assert word_scores("no tokens", []) == [(0, 2, 0.0), (3, 9, 0.0)]


def test_weight_grid_sums_to_one():
    grid = weight_grid(["a", "b", "c"], step=0.5)
    assert len(grid) == 6 and all(sum(w.values()) == pytest.approx(1.0) for w in grid)
    assert weight_grid(["only"]) == [{"only": 1.0}]


class _FixedTagger:
    def __init__(self, scores):
        self.scores = scores

    def token_scores(self, text):
        return self.scores


def test_span_ensemble_averages_taggers_and_tunes_on_held_out_articles():
    text = "They are traitors and scoundrels."
    sure = _FixedTagger([(0, 4, 0.1), (5, 8, 0.1), (9, 17, 0.9), (18, 21, 0.1), (22, 32, 0.9), (32, 33, 0.1)])
    wrong = _FixedTagger([(0, 4, 0.9), (5, 8, 0.9), (9, 17, 0.1), (18, 21, 0.1), (22, 32, 0.1), (32, 33, 0.1)])
    ensemble = SpanEnsemble({"sure": sure, "wrong": wrong}, {"sure": 0.5, "wrong": 0.5}, Decoding(0.5, 1, 3))
    assert [text[s.start : s.end] for s in ensemble.predict(text)] == ["They are traitors", "scoundrels"]
    gold = Article("1", text, [Span("1", 9, 17), Span("1", 22, 32)])
    assert ensemble.tune([gold]) == pytest.approx(1.0)
    assert ensemble.weights["sure"] > ensemble.weights["wrong"]
    assert [text[s.start : s.end] for s in ensemble.predict(text)] == ["traitors", "scoundrels"]


def test_decode_never_joins_across_lines_and_drops_fragments():
    text = "ab\ncd efgh"
    spans = decode(text, [(0, 2, 0.9), (3, 5, 0.9)], Decoding(threshold=0.5, gap=5, min_chars=3))
    assert spans == []  # "ab" and "cd" are each too short, and were not joined over the newline


def test_calibration_error_and_isotonic_map():
    scores = [0.9] * 10 + [0.2] * 10
    right = [True] * 5 + [False] * 5 + [False] * 10
    assert calibration.expected_calibration_error(scores, right) == pytest.approx(0.5 * 0.4 + 0.5 * 0.2)
    points = calibration.fit_isotonic(scores, right)
    mapped = [calibration.apply(points, s) for s in scores]
    assert calibration.expected_calibration_error(mapped, right) < 1e-9
    assert calibration.apply(points, 0.0) <= calibration.apply(points, 1.0)


def test_correctness_counts_half_overlap():
    assert calibration.correctness([(0, 10), (20, 30)], [(5, 12)]) == [True, False]


def test_holdout_split_is_stable_and_disjoint():
    articles = [Article(str(i), "x") for i in range(40)]
    fit, held = holdout_split(articles, 0.25, seed=7)
    _, again_held = holdout_split(list(reversed(articles)), 0.25, seed=7)
    assert [a.id for a in held] == [a.id for a in again_held] and len(held) == 10
    assert not {a.id for a in fit} & {a.id for a in held}
    assert {a.id for a in holdout_split(articles, 0.25, seed=8)[1]} != {a.id for a in held}


def test_length_batches_cover_every_item_once_and_are_seeded():
    lengths = [random.Random(1).randint(3, 90) for _ in range(101)]
    batches = length_batches(lengths, 16, random.Random(5))
    assert sorted(i for b in batches for i in b) == list(range(101))
    assert batches == length_batches(lengths, 16, random.Random(5))


def test_batches_close_before_a_row_much_shorter_than_the_longest():
    lengths = [10, 100, 95, 50, 81, 79, 12, 11]
    assert batches(lengths, 32, 0.8) == [[1, 2, 4], [5], [3], [6, 7, 0]]
    assert batches(lengths, 2, 0.8) == [[1, 2], [4, 5], [3], [6, 7], [0]]
    assert batches(lengths, 32, 0.0) == [[1, 2, 4, 5, 3, 6, 7, 0]]  # fill 0: by size alone
    assert batches([], 32, 0.8) == []


def test_class_weights_favour_rare_classes():
    weights = class_weights([0] * 90 + [1] * 10, 2, power=0.5)
    assert weights[1] == pytest.approx(3 * weights[0]) and sum(weights) / 2 == pytest.approx(1.0)


class _FixedClassifier:
    def __init__(self, row):
        self.row = row

    def predict_proba(self, text, spans):
        return [list(self.row) for _ in spans]


def test_repetition_rule_and_duplicate_spans():
    text = "Jobs, jobs, jobs. This plan is about jobs. A plan for all."
    assert occurrences(text, "jobs") == 4 and occurrences(text, "plan for all") == 1
    assert occurrences("Go, go go! GO", "go go") == 2 and occurrences(text, "jobs this") == 1  # no overlaps; punctuation aside
    assert occurrences(text, "plan for") == 1 and occurrences(text, "!!") == 0 and occurrences(text, "job") == 0
    flat = _FixedClassifier([1 / 14] * 14)
    boosted = ClassifierEnsemble({"flat": flat}, {"flat": 1.0}, repetition_boost=0.5).predict_proba(text, [(0, 4), (45, 57)])
    assert max(range(14), key=boosted[0].__getitem__) == REPETITION and sum(boosted[0]) == pytest.approx(1.0)
    assert boosted[1] == pytest.approx([1 / 14] * 14)
    fixed = _FixedClassifier([0.5, 0.3] + [0.2 / 12] * 12)
    labels = ClassifierEnsemble({"fixed": fixed}, {"fixed": 1.0}, 0.0).predict(text, [(0, 4), (0, 4), (6, 10)])
    assert [label for label, _ in labels] == [LABELS[0], LABELS[1], LABELS[0]]


def test_classifier_ensemble_weights_and_tuning():
    text = "Vote for us. Our rivals are thieves."
    first, second = [0.0] * 14, [0.0] * 14
    first[0], second[1] = 1.0, 1.0
    ensemble = ClassifierEnsemble({"a": _FixedClassifier(first), "b": _FixedClassifier(second)}, {"a": 0.7, "b": 0.3}, 0.0)
    assert ensemble.predict(text, [(13, 35)])[0] == (LABELS[0], pytest.approx(0.7))
    gold = Article("1", text, [Span("1", 13, 35, LABELS[1])])
    assert ensemble.tune([gold]) == pytest.approx(1.0) and ensemble.weights["b"] > ensemble.weights["a"]


def _lexical_articles():
    loaded = ["corrupt traitors", "cowardly liars", "evil thugs", "vile crooks"]
    flags = ["our great nation", "true patriots", "our proud homeland", "this great country"]
    articles = []
    for i in range(12):
        words = [loaded[i % 4], flags[(i + 1) % 4]]
        text = f"They are {words[0]}, said the man.\nWe stand for {words[1]} forever.\n"
        a, b = text.index(words[0]), text.index(words[1])
        articles.append(Article(str(i), text, [
            Span(str(i), a, a + len(words[0]), "Name_Calling,Labeling"),
            Span(str(i), b, b + len(words[1]), "Flag-Waving"),
        ]))  # fmt: skip
    return articles


def test_lexical_classifier_learns_words_and_round_trips(tmp_path):
    articles = _lexical_articles()
    clf = LexicalClassifier(C=10.0).fit(articles[:10])
    text = "They are corrupt traitors.\nWe stand for true patriots.\n"
    spans = [(9, 25), (40, 53)]
    assert [LABELS[max(range(14), key=p.__getitem__)] for p in clf.predict_proba(text, spans)] == [
        "Name_Calling,Labeling", "Flag-Waving",
    ]  # fmt: skip
    clf.save(tmp_path / "lexical")
    again = LexicalClassifier.load(tmp_path / "lexical", C=10.0)
    for p, q in zip(clf.predict_proba(text, spans), again.predict_proba(text, spans), strict=True):
        assert p == pytest.approx(q, abs=1e-3) and sum(q) == pytest.approx(1.0, abs=1e-5)
    assert not list((tmp_path / "lexical").glob("*.pkl")), "weights are saved as data, not pickles"


def test_bundle_refuses_files_that_do_not_match_their_sha256(tmp_path):
    (tmp_path / "si").mkdir()
    (tmp_path / "si" / "adapter_model.safetensors").write_bytes(b"tampered")
    manifest = {"format": FORMAT, "sha256": {"si/adapter_model.safetensors": "0" * 64}}
    (tmp_path / "model.json").write_text(json.dumps(manifest))
    with pytest.raises(PresslensError, match="sha256"):
        TechniquesModel.load(tmp_path)
    with pytest.raises(PresslensError, match="no techniques model"):
        TechniquesModel.load(tmp_path / "absent")


class _Unusable:
    def token_scores(self, text):
        raise AssertionError("a member with weight 0 was run")

    def predict_proba(self, text, spans):
        raise AssertionError("a member with weight 0 was run")


def test_ensembles_start_equal_and_skip_members_weighted_zero():
    text = "They are traitors."
    tagger = _FixedTagger([(0, 4, 0.1), (5, 8, 0.1), (9, 17, 0.9), (17, 18, 0.1)])
    assert SpanEnsemble({"a": tagger, "b": tagger}).weights == {"a": 0.5, "b": 0.5}
    spans = SpanEnsemble({"a": tagger, "off": _Unusable()}, {"a": 1.0, "off": 0.0}, Decoding(0.5, 1, 3)).predict(text)
    assert [text[s.start : s.end] for s in spans] == ["traitors"]
    row = [0.0] * 14
    row[2] = 1.0
    ensemble = ClassifierEnsemble({"a": _FixedClassifier(row), "off": _Unusable()}, {"a": 1.0, "off": 0.0}, 0.0)
    assert ensemble.predict(text, [(9, 17)])[0] == (LABELS[2], pytest.approx(1.0))
