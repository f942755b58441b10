"""``presslens train techniques``: train, tune, calibrate, evaluate and save a techniques model.

Steps: split the training articles (a seeded share held out); fit the span tagger and the
technique classifier on the rest; tune the SI threshold and fit the score calibration on the
held-out articles; evaluate on the development articles when given (SI P/R/F1, TC micro-F1 on
gold spans, per-technique F1, calibration error); write the bundle, its metrics and model card.
"""

from __future__ import annotations

import json
import platform
import time
import tomllib
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from presslens import __version__
from presslens.semeval import Span, score_si, score_tc
from presslens.techniques import calibration
from presslens.techniques.classifier import TechniqueClassifier
from presslens.techniques.corpus import Article, holdout_split, load
from presslens.techniques.encoders import BASES
from presslens.techniques.finetune import FitConfig
from presslens.techniques.model import DEFAULT_ENGINE, TechniquesModel
from presslens.techniques.span_tagger import SpanTagger

Progress = Callable[[str, int, int, float], None]


def read_config(path: str | Path) -> dict[str, Any]:
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def _fit_config(section: dict[str, Any], seed: int) -> FitConfig:
    names = {f.name for f in fields(FitConfig)}
    return FitConfig(**{k: v for k, v in section.items() if k in names}, seed=seed)


def train(config: dict[str, Any], data: Path, out: Path, progress: Progress, log: Callable[[str], None]) -> dict[str, Any]:
    """Train the model ``config`` describes on the PTC folder ``data``; save it to ``out``; return metrics."""
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    seed = int(config.get("seed", 13))
    started = time.time()
    articles = load(data, "train")
    fit, held = holdout_split(articles, float(config.get("holdout", 0.15)), seed)
    log(f"train articles {len(articles)}: fit {len(fit)}, held out {len(held)}")
    si, tc = config["si"], config["tc"]
    tagger = SpanTagger(config=_fit_config(si, seed), positive_weight=float(si.get("positive_weight", 2.0)))
    tagger.fit(fit, progress=lambda s, n, loss: progress("span tagger", s, n, loss))
    held_f1 = tagger.tune(held)
    log(f"SI decoding {tagger.decoding} (held-out SI F1 {held_f1:.4f}) after {time.time() - started:.0f}s")
    tagger.save(out / "si")  # a checkpoint: the span tagger survives a run stopped while the classifier trains
    classifier = TechniqueClassifier(
        config=_fit_config(tc, seed), weight_power=float(tc.get("weight_power", 0.5)),
        repetition_boost=float(tc.get("repetition_boost", 0.3)),
    )  # fmt: skip
    classifier.fit(fit, progress=lambda s, n, loss: progress("technique classifier", s, n, loss))
    held_tc = classifier.tune(held)
    log(f"Repetition boost {classifier.repetition_boost} (held-out TC F1 {held_tc:.4f})")
    scores, right = _span_outcomes(tagger, held)
    points = calibration.fit_isotonic(scores, right) if scores else []
    info = {
        "profile": config.get("profile", "custom"),
        "engine": config.get("engine", DEFAULT_ENGINE),
        "presslens": __version__,
        "bases": {name: BASES[config[part]["base"]].description for part, name in (("si", "si"), ("tc", "tc"))},
        "trained_on": f"PTC train ({len(fit)} articles; {len(held)} held out for threshold and calibration)",
        "seconds": round(time.time() - started),
        "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}",
        "config": config,
    }
    model = TechniquesModel(tagger, classifier, points, info)
    metrics: dict[str, Any] = {"held_out_si_f1": round(held_f1, 4), "held_out_tc_f1": round(held_tc, 4)}
    dev_dir = data / "dev-articles"
    if dev_dir.is_dir():
        metrics.update(evaluate(model, load(data, "dev")))
        log(f"dev: {json.dumps({k: v for k, v in metrics.items() if k != 'per_technique'})}")
    model.info["metrics"] = metrics
    model.save(out)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(model_card(out, json.loads((out / "model.json").read_text())), encoding="utf-8")
    return metrics


def model_card(folder: Path, manifest: dict[str, Any]) -> str:
    """A model card: what it is, the data, the command that reproduces it, figures, checksums."""
    m = manifest.get("metrics", {})
    profile = manifest.get("profile", "custom")
    rows = "\n".join(f"| {k} | {v:.3f} |" for k, v in sorted(m.get("per_technique", {}).items(), key=lambda kv: -kv[1]))
    sums = "\n".join(f"| `{name}` | `{digest}` |" for name, digest in manifest["sha256"].items())
    return f"""# presslens techniques model: `{profile}`

Finds spans that use one of the 14 persuasion techniques of SemEval-2020 Task 11 and names the
technique: a span tagger (span identification) and a technique classifier, each a LoRA adapter
with its head on a pinned encoder, plus a calibration of span scores. Only the adapters are here;
the encoders come from their packages (`requirements-models.txt`) and are checked by sha256.

- Span tagger: {manifest["bases"]["si"]}; decision threshold {manifest["si"]["decoding"]["threshold"]}.
- Technique classifier: {manifest["bases"]["tc"]}.
- Trained on: {manifest["trained_on"]} of the Propaganda Techniques Corpus (Da San Martino et al.,
  EMNLP 2019; SemEval-2020 Task 11). The 75 development articles were used only to measure.
- Machine: {manifest["machine"]}; training took {manifest["seconds"] / 60:.0f} minutes.
- presslens {manifest["presslens"]}.

## Reproduce

    presslens train techniques --data ../shared/data/ptc --out {folder.as_posix()} \\
        --config configs/techniques-{profile}.toml

Seeds are fixed in the config; the run on the same machine kind reproduces these figures.

## Figures on the 75 development articles

| measure | value |
| --- | --- |
| SI precision | {m.get("si_precision", float("nan")):.4f} |
| SI recall | {m.get("si_recall", float("nan")):.4f} |
| SI F1 | {m.get("si_f1", float("nan")):.4f} |
| TC micro-F1 (gold spans) | {m.get("tc_micro_f1", float("nan")):.4f} |
| calibration error of span scores, raw | {m.get("ece_raw", float("nan")):.4f} |
| calibration error, calibrated | {m.get("ece_calibrated", float("nan")):.4f} |
| held-out training articles, SI F1 (threshold tuning) | {m.get("held_out_si_f1", float("nan")):.4f} |

F1 per technique:

| technique | F1 |
| --- | --- |
{rows}

## Files (checked at load)

| file | sha256 |
| --- | --- |
{sums}
"""


def _span_outcomes(tagger: SpanTagger, articles: list[Article]) -> tuple[list[float], list[bool]]:
    scores, right = [], []
    for a in articles:
        spans = tagger.predict(a.text)
        scores += [s.score for s in spans]
        right += calibration.correctness([(s.start, s.end) for s in spans], [(g.start, g.end) for g in a.spans])
    return scores, right


def evaluate(model: TechniquesModel, articles: list[Article]) -> dict[str, Any]:
    """SI P/R/F1 of the detections, TC micro-F1 on gold spans, per-technique F1, ECE of span scores."""
    gold_si = [Span(a.id, s.start, s.end) for a in articles for s in a.spans]
    pred_si, pred_tc, raw, calibrated, right = [], [], [], [], []
    for a in articles:
        spans = model.tagger.predict(a.text)
        pred_si += [Span(a.id, s.start, s.end) for s in spans]
        ok = calibration.correctness([(s.start, s.end) for s in spans], [(g.start, g.end) for g in a.spans])
        raw += [s.score for s in spans]
        calibrated += [calibration.apply(model.calibration_points, s.score) for s in spans]
        right += ok
        gold_spans = [(s.start, s.end) for s in a.spans]
        for (start, end), (label, _) in zip(gold_spans, model.classifier.predict(a.text, gold_spans), strict=True):
            pred_tc.append(Span(a.id, start, end, label))
    si = score_si(gold_si, pred_si)
    micro, per = score_tc([s for a in articles for s in a.spans], pred_tc)
    return {
        "si_precision": round(si.precision, 4), "si_recall": round(si.recall, 4), "si_f1": round(si.f1, 4),
        "tc_micro_f1": round(micro.f1, 4),
        "ece_raw": round(calibration.expected_calibration_error(raw, right), 4),
        "ece_calibrated": round(calibration.expected_calibration_error(calibrated, right), 4),
        "per_technique": {k: round(v.f1, 4) for k, v in per.items()},
    }  # fmt: skip
