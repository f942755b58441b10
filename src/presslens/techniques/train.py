"""``presslens train techniques``: train, tune, calibrate, evaluate and save a techniques model.

Steps: split the training articles (a seeded share held out); fit each span tagger and each
technique classifier the config lists on the rest; choose the ensemble weights, the SI decoding
and the Repetition boost, and fit the score calibration, on the held-out articles; evaluate on
the development articles when given (SI P/R/F1, TC micro-F1 on gold spans, per-technique F1,
calibration error); write the bundle, its metrics and model card.

Each member is saved as soon as it is fitted, with a stamp of what it was fitted on and how; a
run stopped part-way and started again with the same config reuses the members already fitted.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from presslens import __version__
from presslens.semeval import Span, score_si, score_tc
from presslens.techniques import calibration
from presslens.techniques.corpus import Article, holdout_split, load
from presslens.techniques.encoders import BASES
from presslens.techniques.ensemble import ClassifierEnsemble, SpanEnsemble
from presslens.techniques.model import DEFAULT_ENGINE, TechniquesModel, load_member, member_spec, new_member

STAMP = "member.json"

Progress = Callable[[str, int, int, float], None]


def read_config(path: str | Path) -> dict[str, Any]:
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def sections(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The members of a config part (``[si]``, ``[tc]``): its sub-tables by name, or the part
    itself, named for its base, where it describes a single encoder."""
    if "base" in part or "kind" in part:
        return {part.get("base", part.get("kind")): part}
    return {name: sub for name, sub in part.items() if isinstance(sub, dict)}


def train(config: dict[str, Any], data: Path, out: Path, progress: Progress, log: Callable[[str], None]) -> dict[str, Any]:
    """Train the model ``config`` describes on the PTC folder ``data``; save it to ``out``; return metrics."""
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    seed = int(config.get("seed", 13))
    articles = load(data, "train")
    fit, held = holdout_split(articles, float(config.get("holdout", 0.15)), seed)
    log(f"train articles {len(articles)}: fit {len(fit)}, held out {len(held)}")
    fitted_on = hashlib.sha256("\n".join(a.id for a in fit).encode()).hexdigest()
    engine = config.get("engine", DEFAULT_ENGINE)
    specs: dict[str, dict[str, dict[str, Any]]] = {"si": {}, "tc": {}}
    members: dict[str, dict[str, Any]] = {"si": {}, "tc": {}}
    fitting = 0.0  # seconds spent fitting members, in this run or the one that fitted them
    for part in ("si", "tc"):
        for name, section in sections(config[part]).items():
            spec = specs[part][name] = member_spec(part, section, seed)
            origin = {"seed": seed, "fit": fitted_on}
            members[part][name], seconds = _member(part, name, spec, fit, out, origin, engine, progress, log)
            fitting += seconds
    tuning_started = time.time()
    tagger = SpanEnsemble(members["si"])
    held_f1 = tagger.tune(held)
    log(f"SI weights {tagger.weights}, decoding {tagger.decoding} (held-out SI F1 {held_f1:.4f})")
    classifier = ClassifierEnsemble(members["tc"])
    held_tc = classifier.tune(held)
    log(f"TC weights {classifier.weights}, Repetition boost {classifier.repetition_boost} (held-out TC F1 {held_tc:.4f})")
    scores, right = _span_outcomes(tagger, held)
    points = calibration.fit_isotonic(scores, right) if scores else []
    info = {
        "profile": config.get("profile", "custom"),
        "engine": engine,
        "presslens": __version__,
        "bases": {part: {name: _describe(spec) for name, spec in specs[part].items()} for part in ("si", "tc")},
        "trained_on": f"PTC train ({len(articles)} articles: {len(fit)} to fit, {len(held)} held out to tune and calibrate)",
        "seconds": round(fitting + time.time() - tuning_started),
        "machine": f"{platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}",
        "config": config,
    }
    model = TechniquesModel(tagger, classifier, points, info, specs)
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


def _member(
    part: str, name: str, spec: dict[str, Any], fit: list[Article], out: Path, origin: dict[str, Any],
    engine: str, progress: Progress, log: Callable[[str], None],
) -> tuple[Any, float]:  # fmt: skip
    """The member ``spec`` describes, fitted on ``fit`` and saved under ``out``, or the one
    already saved there from the same spec, seed and articles; and the seconds its fitting took.
    It is returned as loaded from its folder, with the engine it ships with, so that tuning
    measures what users will run."""
    folder = out / part / name
    # What the member was fitted from; the engine it runs on is chosen later and changes nothing here.
    stamp = {"part": part, "spec": {k: v for k, v in spec.items() if k != "engine"}, **origin}
    saved = folder / STAMP
    recorded = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else {}
    if {k: v for k, v in recorded.items() if k != "seconds"} == stamp:
        log(f"{part} {name}: reusing the member fitted before in {folder}")
    else:
        started = time.time()
        task = f"{'span tagger' if part == 'si' else 'technique classifier'} {name}"
        member = new_member(part, spec).fit(fit, progress=lambda s, n, loss: progress(task, s, n, loss))
        member.save(folder)
        recorded = {**stamp, "seconds": round(time.time() - started)}
        saved.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
        log(f"{task} fitted in {recorded['seconds']}s")
    return load_member(part, spec, folder, "auto", engine), float(recorded["seconds"])


def _describe(spec: dict[str, Any]) -> str:
    if spec["kind"] == "lexical":
        return "logistic regression on the words, character n-grams and shape of the span and its line (no encoder)"
    return BASES[spec["config"]["base"]].description


def model_card(folder: Path, manifest: dict[str, Any]) -> str:
    """A model card: what it is, the data, the command that reproduces it, figures, checksums."""
    m = manifest.get("metrics", {})
    profile = manifest.get("profile", "custom")
    rows = "\n".join(f"| {k} | {v:.3f} |" for k, v in sorted(m.get("per_technique", {}).items(), key=lambda kv: -kv[1]))
    sums = "\n".join(f"| `{name}` | `{digest}` |" for name, digest in manifest["sha256"].items())
    d = manifest["si"]["decoding"]
    return f"""# presslens techniques model: `{profile}`

Finds spans that use one of the 14 persuasion techniques of SemEval-2020 Task 11 and names the
technique: span taggers (span identification) and technique classifiers, averaged with weights
chosen on held-out training articles, plus a calibration of span scores. The encoder members are
LoRA adapters with their heads; only the adapters are here, the encoders come from their packages
(`requirements-models.txt`) and are checked by sha256.

Members, each with its weight in its ensemble:

| part | member | weight | what it is |
| --- | --- | --- | --- |
{_members_rows(manifest)}

- Span identification: a span starts at a word scoring {d["threshold"]} and extends over words
  scoring {d.get("extend") or d["threshold"]}; technique classification: Repetition boost {manifest["tc"]["repetition_boost"]}.
- Trained on: {manifest["trained_on"]} of the Propaganda Techniques Corpus (Da San Martino et al.,
  EMNLP 2019; SemEval-2020 Task 11). The 75 development articles were used only to measure.
- Machine: {manifest["machine"]}; training took {manifest["seconds"] / 60:.0f} minutes.
- presslens {manifest["presslens"]}.

## Reproduce

    presslens train techniques --data ../shared/data/ptc --out {_shown(folder)} \\
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


def _shown(folder: Path) -> str:
    """``folder`` as the card's command should name it: relative to the working folder where it can be."""
    try:
        return folder.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return folder.as_posix()


def _members_rows(manifest: dict[str, Any]) -> str:
    rows = []
    for part, title in (("si", "span tagger"), ("tc", "technique classifier")):
        weights = manifest[part]["weights"]
        rows += [f"| {title} | `{name}` | {weights.get(name, 0):g} | {desc} |" for name, desc in manifest["bases"][part].items()]
    return "\n".join(rows)


def _span_outcomes(tagger: SpanEnsemble, articles: list[Article]) -> tuple[list[float], list[bool]]:
    scores, right = [], []
    for a in articles:
        spans = tagger.predict(a.text)
        scores += [s.score for s in spans]
        right += calibration.correctness([(s.start, s.end) for s in spans], [(g.start, g.end) for g in a.spans])
    return scores, right


def evaluate(model: TechniquesModel, articles: Iterable[Article]) -> dict[str, Any]:
    """SI P/R/F1 of the detections, TC micro-F1 on gold spans, per-technique F1, ECE of span scores.
    ``articles`` may be a progress bar's iterator over them."""
    gold_tc: list[Span] = []
    pred_si, pred_tc, raw, calibrated, right = [], [], [], [], []
    for a in articles:
        gold_tc += a.spans
        spans = model.tagger.predict(a.text)
        pred_si += [Span(a.id, s.start, s.end) for s in spans]
        ok = calibration.correctness([(s.start, s.end) for s in spans], [(g.start, g.end) for g in a.spans])
        raw += [s.score for s in spans]
        calibrated += [calibration.apply(model.calibration_points, s.score) for s in spans]
        right += ok
        gold_spans = [(s.start, s.end) for s in a.spans]
        for (start, end), (label, _) in zip(gold_spans, model.classifier.predict(a.text, gold_spans), strict=True):
            pred_tc.append(Span(a.id, start, end, label))
    si = score_si([Span(s.article, s.start, s.end) for s in gold_tc], pred_si)
    micro, per = score_tc(gold_tc, pred_tc)
    return {
        "si_precision": round(si.precision, 4), "si_recall": round(si.recall, 4), "si_f1": round(si.f1, 4),
        "tc_micro_f1": round(micro.f1, 4),
        "ece_raw": round(calibration.expected_calibration_error(raw, right), 4),
        "ece_calibrated": round(calibration.expected_calibration_error(calibrated, right), 4),
        "per_technique": {k: round(v.f1, 4) for k, v in per.items()},
    }  # fmt: skip
