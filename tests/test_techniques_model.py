"""The committed techniques model through the public interfaces: the CLI and the pipeline.

These use the model shipped in the package (``src/presslens/models/techniques-fast``) on small
texts written for the tests, never the corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from presslens.api import analyze_text
from presslens.techniques.model import profile_path
from presslens.techniques.taxonomy import LABELS

pytestmark = pytest.mark.skipif(
    not (profile_path("fast") / "model.json").is_file(), reason="no techniques model is installed in the package"
)

PROPAGANDA = (
    "Our glorious nation will never bow to these corrupt traitors and their cowardly lies.\n"
    "Every true patriot knows that the so-called experts are destroying everything we love.\n"
    "Either you stand with us or you stand with the enemies of freedom.\n"
    "They want to flood our streets with criminals, and only we can stop them before it is too late.\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "presslens", *args], capture_output=True, text=True, timeout=300)


def test_analyze_adds_technique_spans(valid_analysis):
    page = analyze_text(PROPAGANDA)
    valid_analysis(page)
    assert page.layers["techniques"], "no technique found in plainly loaded text"
    for t in page.layers["techniques"]:
        assert t.technique in LABELS and 0.0 <= t.score <= 1.0
        assert t.document == "d1" and page.text[t.start : t.end].strip()


def test_min_score_and_model_options(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PROPAGANDA)
    every = json.loads(run("analyze", str(page), "-f", "json").stdout)["techniques"]
    some = json.loads(run("analyze", str(page), "-f", "json", "--min-score", "0.5").stdout)["techniques"]
    assert len(some) <= len(every) and all(t["score"] >= 0.5 for t in some)
    none = json.loads(run("analyze", str(page), "-f", "json", "--model", "none").stdout)["techniques"]
    assert none == []
    missing = run("analyze", str(page), "--model", str(tmp_path / "absent"))
    assert missing.returncode == 3 and "Traceback" not in missing.stderr


def test_semeval_commands_round_trip(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article1.txt").write_text(PROPAGANDA)
    si = tmp_path / "si.txt"
    res = run("semeval", "spans", str(articles), "-o", str(si))
    assert res.returncode == 0, res.stderr
    rows = [line.split("\t") for line in si.read_text().splitlines()]
    assert rows and all(r[0] == "1" and int(r[1]) < int(r[2]) <= len(PROPAGANDA) for r in rows)
    template = tmp_path / "template.txt"
    template.write_text("1\t?\t4\t12\n1\t?\t51\t78\n")
    tc = tmp_path / "tc.txt"
    res = run("semeval", "classify", str(articles), str(template), "-o", str(tc))
    assert res.returncode == 0, res.stderr
    labelled = [line.split("\t") for line in tc.read_text().splitlines()]
    assert [(r[2], r[3]) for r in labelled] == [("4", "12"), ("51", "78")] and all(r[1] in LABELS for r in labelled)
    score = run("semeval", "score", "--task", "tc", "-f", "json", str(tc), str(tc))
    assert json.loads(score.stdout)["f1"] == pytest.approx(1.0)


def test_html_report_explains_each_technique(tmp_path):
    import html as html_lib
    import re

    from presslens.techniques.taxonomy import definitions

    page = tmp_path / "page.txt"
    page.write_text(PROPAGANDA)
    found = json.loads(run("analyze", str(page), "-f", "json").stdout)["techniques"]
    report = run("analyze", str(page), "-f", "html").stdout
    marks = re.findall(r'<mark class="[^"]*\btech\b[^"]*" data-ids="([^"]+)"[^>]*data-definition="([^"]*)"', report)
    assert marks, "no highlighted technique in the report"
    by_id = {t["id"]: t for t in found}
    for ids, definition in marks:
        labels = {by_id[i]["technique"] for i in ids.split() if i in by_id}
        assert html_lib.unescape(definition) in {definitions()[label] for label in labels}


def test_onnx_engines_agree_with_torch(tmp_path, monkeypatch):
    """The exported networks give the torch network's detections: fp32 to rounding, int8 nearly."""
    from presslens.techniques.model import TechniquesModel

    monkeypatch.setenv("PRESSLENS_CACHE", str(tmp_path))  # a fresh cache: the export itself runs
    folder = profile_path("fast")
    torch_model = TechniquesModel.load(folder, engine="torch")
    fp32 = TechniquesModel.load(folder, engine="onnx")
    int8 = TechniquesModel.load(folder, engine="onnx-int8")
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "onnx").glob("*.onnx")) == ["si", "si", "tc", "tc"]
    reference = torch_model.tagger.taggers["minilm"].token_scores(PROPAGANDA)
    exact = fp32.tagger.taggers["minilm"].token_scores(PROPAGANDA)
    assert [t[:2] for t in exact] == [t[:2] for t in reference]
    assert max(abs(a[2] - b[2]) for a, b in zip(exact, reference, strict=True)) < 1e-4
    near = int8.tagger.taggers["minilm"].token_scores(PROPAGANDA)
    assert max(abs(a[2] - b[2]) for a, b in zip(near, reference, strict=True)) < 0.15
    spans = [(s.start, s.end) for s in torch_model.tagger.predict(PROPAGANDA)]
    assert spans, "the torch tagger found nothing to compare"
    for engine_model in (fp32, int8):
        got = engine_model.classifier.predict_proba(PROPAGANDA, spans)
        want = torch_model.classifier.predict_proba(PROPAGANDA, spans)
        tolerance = 1e-4 if engine_model is fp32 else 0.15
        assert max(abs(x - y) for g, w in zip(got, want, strict=True) for x, y in zip(g, w, strict=True)) < tolerance
    reloaded = TechniquesModel.load(folder, engine="onnx-int8")  # from the cache: no second export
    assert len(list((tmp_path / "onnx").glob("*.onnx"))) == 4
    assert reloaded.detect(PROPAGANDA) == int8.detect(PROPAGANDA)


def test_int8_scores_do_not_depend_on_the_batch():
    """Each token is quantised by its own range: a line scores the same alone and padded in a
    batch of longer lines, so batching is free to change (per-batch ranges moved scores by up to 0.26)."""
    from presslens.techniques.model import TechniquesModel
    from presslens.techniques.runtime import softmax

    tagger = TechniquesModel.load(profile_path("fast"), engine="onnx-int8").tagger.taggers["minilm"]
    rows = [e["input_ids"] for e in tagger._encode(PROPAGANDA * 3, None)]
    assert len({len(r) for r in rows}) > 1, "the lines must differ in length, so that the batch pads"
    together = softmax(tagger.engine_(tagger.tokens_.pad(rows)))
    for i, row in enumerate(rows):
        alone = softmax(tagger.engine_(tagger.tokens_.pad([row])))[0]
        assert abs(together[i, : len(row)] - alone).max() < 1e-5
    halves = [tagger.tokens_.pad(rows[:2]), tagger.tokens_.pad(rows[2:])]
    in_order = tagger.engine_.map(halves)  # side by side on the thread pool, returned in order
    assert [a.shape[:2] for a in in_order] == [h["input_ids"].shape for h in halves]
    assert all(abs(a - tagger.engine_(b)).max() < 1e-6 for a, b in zip(in_order, halves, strict=True))


def test_analyze_runs_without_importing_torch(tmp_path):
    """Inference needs ONNX Runtime only: a CLI run on a warm cache never imports torch."""
    page = tmp_path / "page.txt"
    page.write_text(PROPAGANDA)
    run("analyze", str(page), "-f", "json")  # warms the export cache
    probe = (
        "import sys, runpy; sys.argv = ['presslens', 'analyze', sys.argv[1], '-f', 'json', '-o', sys.argv[2]];\n"
        "try:\n    runpy.run_module('presslens', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(page), str(tmp_path / "out.json")], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr[-500:]
    assert json.loads((tmp_path / "out.json").read_text())["techniques"]


def test_unknown_engine_is_a_clear_error():
    from presslens.errors import PresslensError
    from presslens.techniques.model import TechniquesModel

    with pytest.raises(PresslensError, match="unknown engine"):
        TechniquesModel.load(profile_path("fast"), engine="tpu")


def _accurate_installed() -> bool:
    from presslens.errors import PresslensError
    from presslens.techniques.encoders import base_path

    try:
        base_path("mpnet")
    except PresslensError:
        return False
    return (profile_path("accurate") / "model.json").is_file()


@pytest.mark.skipif(
    not _accurate_installed(), reason="the accurate profile's MPNet base is not installed (make test installs it)"
)
def test_accurate_profile_through_the_cli(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PROPAGANDA)
    out = run("analyze", str(page), "-f", "json", "--model", "accurate", "--no-attribution")
    assert out.returncode == 0, out.stderr[-500:]
    techniques = json.loads(out.stdout)["techniques"]
    assert techniques and all(t["technique"] in LABELS and 0 <= t["score"] <= 1 for t in techniques)
