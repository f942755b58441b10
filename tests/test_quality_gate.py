"""CI's quality gate: extraction and segmentation figures stay at or above bench/baseline.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quality_is_not_below_the_pinned_floors():
    res = subprocess.run([sys.executable, str(ROOT / "bench" / "gate.py")], capture_output=True, text=True, timeout=1500)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "gate: passed" in res.stdout


def test_floors_are_pinned_to_data_that_exists():
    sets = json.loads((ROOT / "bench" / "baseline.json").read_text())["sets"]
    for name, spec in sets.items():
        if spec["kind"] != "techniques":  # the corpus lives outside the repository
            assert (ROOT / name).is_dir(), name
        assert len(spec["sha256"]) == 64 and spec["floors"]
        assert all(0.0 < floor <= 1.0 for floor in spec["floors"].values())


def _bench(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    return __import__(name)


def test_a_corpus_article_is_annotated_by_offsets_and_scored_from_its_source(tmp_path, capsys):
    corpus_gold, attribution_quality = _bench("corpus_gold"), _bench("attribution_quality")
    article = tmp_path / "corpus" / "article1.txt"
    article.parent.mkdir()
    article.write_text("Lee won.\n\n“We won 12 seats,” Lee said.\n", encoding="utf-8")
    text_form = tmp_path / "article1.text.json"
    text_form.write_text(
        json.dumps(
            {
                "style": "wire",
                "quotes": [{"text": "We won 12 seats,", "speaker": "Lee", "mention": "Lee", "cue": "said", "direct": True}],
                "figures": [{"text": "12 seats", "value": 12, "unit": "seat", "qualifier": None, "about": "seats"}],
                "claims": [],
            }
        ),
        encoding="utf-8",
    )
    gold = tmp_path / "gold"
    gold.mkdir()
    assert corpus_gold.main([str(text_form), str(article), str(gold / "article1.json")]) == 0
    stored = (gold / "article1.json").read_text(encoding="utf-8")
    assert "We won" not in stored and "seats," not in stored  # none of the article's words are kept
    (loaded,) = attribution_quality.load_gold(gold)
    (quote,) = loaded.quotes
    assert loaded.text[quote.start : quote.end] == "We won 12 seats," and quote.key == "lee"
    # the article's mention "Lee" is the one beside the quote, not the headline's
    at = article.read_text(encoding="utf-8").index("Lee said")
    assert json.loads(stored)["quotes"][0]["mention"] == [at, at + 3]
    article.unlink()  # the corpus is absent on this machine: the set is skipped, saying why
    assert attribution_quality.missing_sources(gold).endswith("is not here (the corpus is never committed)")
    assert attribution_quality.main(["--data", str(gold), "--no-baseline"]) == 1
    assert "skipped" in capsys.readouterr().out


def test_the_antecedent_ranker_is_fitted_on_labelled_pronoun_speakers(tmp_path):
    fit_antecedents = _bench("fit_antecedents")
    text = (
        "Union leader Maria Costa said the offer was an insult. “We will not sign this,” Costa said. Transport "
        "minister Paulo Reis met the drivers on Monday and Costa was also present at the meeting.\n\n"
        "“Nobody goes back to work until the pay is fixed,” she added."
    )
    quote = {"text": "Nobody goes back to work until the pay is fixed,", "speaker": "Maria Costa", "mention": "she",
             "cue": "added", "direct": True}  # fmt: skip
    for name in ("a1", "a2"):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.json").write_text(json.dumps({"quotes": [quote], "figures": [], "claims": []}), encoding="utf-8")
    items, unreachable = fit_antecedents.instances(tmp_path)
    assert len(items) == 2 and unreachable == 0
    assert [int(i.right.sum()) for i in items] == [1, 1] and all(len(i.right) == 2 for i in items)  # Costa, Reis
    assert sum(bool(i.right[i.default]) for i in items) == 0  # the rule takes Paulo Reis, the subject last
    assert fit_antecedents.right(items, fit_antecedents.fit([items], C=10.0)) == 2
