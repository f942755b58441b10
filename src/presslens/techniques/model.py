"""A trained techniques model: span tagger + technique classifier + calibration, as one bundle.

A bundle is a folder (``models/techniques-<profile>/``) holding its members, each in its own
folder (``si/<name>/`` for span taggers, ``tc/<name>/`` for technique classifiers: LoRA adapters,
or the vocabulary and weights of the lexical classifier), ``model.json`` (each member's settings,
the ensemble weights, the decoding thresholds, the calibration points, and the sha256 of every
file) and a model card. Loading checks every file against its sha256, and each encoder against
its pinned weights.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from presslens.errors import PIPELINE, PresslensError
from presslens.techniques import calibration
from presslens.techniques.classifier import TechniqueClassifier
from presslens.techniques.ensemble import ClassifierEnsemble, SpanEnsemble
from presslens.techniques.finetune import FitConfig
from presslens.techniques.lexical import LexicalClassifier
from presslens.techniques.runtime import ENGINES, onnxruntime_available
from presslens.techniques.span_tagger import Decoding, SpanTagger

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"  # shipped inside the package
FORMAT = "presslens.techniques/2"
# Per-channel int8 ONNX: on the development set as accurate as torch (SI F1 0.411 against 0.407),
# at a quarter of the memory and several times the speed.
DEFAULT_ENGINE = "onnx-int8"


@dataclass
class Detection:
    """One technique span: offsets into the text, the label, and a calibrated score in [0, 1]."""

    start: int
    end: int
    technique: str
    score: float


@dataclass
class TechniquesModel:
    """Span identification then technique classification, with calibrated span scores.

    ``specs`` describes each member (``{"si": {name: spec}, "tc": {name: spec}}``, see
    ``member_spec``) so that ``load`` can rebuild it.
    """

    tagger: SpanEnsemble
    classifier: ClassifierEnsemble
    calibration_points: list[tuple[float, float]]
    info: dict[str, Any]
    specs: dict[str, dict[str, dict[str, Any]]]

    def detect(self, text: str) -> list[Detection]:
        spans = self.tagger.predict(text)
        labels = self.classifier.predict(text, [(s.start, s.end) for s in spans])
        return [
            Detection(s.start, s.end, label, round(calibration.apply(self.calibration_points, s.score), 4))
            for s, (label, _) in zip(spans, labels, strict=True)
        ]

    # --- persistence ----------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write ``model.json`` over the members already saved in ``folder`` (training saves each
        member as soon as it is fitted: ``si/<name>/``, ``tc/<name>/``)."""
        for part, names in (("si", self.tagger.taggers), ("tc", self.classifier.members)):
            for name in names:
                if not (folder / part / name).is_dir():
                    raise PresslensError(PIPELINE, f"member {part}/{name} is not saved in {folder}")
        # The files the model is made of; the card, metrics and training log describe it.
        described = ("model.json", "MODEL_CARD.md", "metrics.json", "train.log")
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in described)
        manifest = {
            "format": FORMAT,
            **self.info,
            "si": {"members": self.specs["si"], "weights": self.tagger.weights, "decoding": asdict(self.tagger.decoding)},
            "tc": {
                "members": self.specs["tc"], "weights": self.classifier.weights,
                "repetition_boost": self.classifier.repetition_boost,
            },
            "calibration": self.calibration_points,
            "sha256": {p.relative_to(folder).as_posix(): _sha256(p) for p in files},
        }  # fmt: skip
        (folder / "model.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, engine: str = "auto") -> TechniquesModel:
        """The bundle in ``folder``, its files checked; ``engine``: "onnx", "onnx-int8", "torch",
        or "auto" (each member's preferred ONNX engine where onnxruntime is installed, else torch)."""
        folder = Path(folder)
        manifest_path = folder / "model.json"
        if not manifest_path.is_file():
            raise PresslensError(PIPELINE, f"no techniques model in {folder} (train one: presslens train techniques)")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise PresslensError(PIPELINE, f"{folder} is not a {FORMAT} model (retrain it: presslens train techniques)")
        for name, digest in manifest["sha256"].items():
            if _sha256(folder / name) != digest:
                raise PresslensError(PIPELINE, f"{folder / name} does not match the sha256 in its model.json")
        si, tc = manifest["si"], manifest["tc"]
        default = manifest.get("engine", DEFAULT_ENGINE)
        specs = {"si": si["members"], "tc": tc["members"]}
        taggers = {n: load_member("si", spec, folder / "si" / n, engine, default) for n, spec in specs["si"].items()}
        members = {n: load_member("tc", spec, folder / "tc" / n, engine, default) for n, spec in specs["tc"].items()}
        tagger = SpanEnsemble(taggers, si["weights"], Decoding(**si["decoding"]))
        classifier = ClassifierEnsemble(members, tc["weights"], tc["repetition_boost"])
        info = {k: v for k, v in manifest.items() if k not in ("si", "tc", "calibration", "sha256", "format")}
        return cls(tagger, classifier, [tuple(p) for p in manifest["calibration"]], info, specs)


def member_spec(part: str, section: dict[str, Any], seed: int) -> dict[str, Any]:
    """What a member is, from its config section: ``kind`` ("encoder" or, for TC, "lexical"),
    its settings, and for an encoder the ONNX engine it prefers (None: the bundle's)."""
    if section.get("kind", "encoder") == "lexical":
        names = {f.name for f in fields(LexicalClassifier) if not f.name.endswith("_")}
        return {"kind": "lexical", "params": {k: v for k, v in section.items() if k in names}}
    names = {f.name for f in fields(FitConfig)}
    spec = {"kind": "encoder", "config": asdict(FitConfig(**{k: v for k, v in section.items() if k in names}, seed=seed))}
    spec["engine"] = section.get("engine")
    if part == "si":
        spec["positive_weight"] = float(section.get("positive_weight", 2.0))
    else:
        spec["weight_power"] = float(section.get("weight_power", 0.5))
    return spec


def new_member(part: str, spec: dict[str, Any]) -> Any:
    """An untrained member as ``spec`` describes it."""
    if spec["kind"] == "lexical":
        return LexicalClassifier(**spec["params"])
    config = FitConfig(**spec["config"])
    if part == "si":
        return SpanTagger(config=config, positive_weight=spec["positive_weight"])
    return TechniqueClassifier(config=config, weight_power=spec["weight_power"])


def load_member(part: str, spec: dict[str, Any], folder: Path, engine: str = "auto", default: str = DEFAULT_ENGINE) -> Any:
    """The trained member saved in ``folder``; ``engine`` as for ``TechniquesModel.load``."""
    if spec["kind"] == "lexical":
        return LexicalClassifier.load(folder, **spec["params"])
    config, chosen = FitConfig(**spec["config"]), _engine(engine, spec.get("engine") or default)
    if part == "si":
        return SpanTagger.load(folder, config, engine=chosen)
    return TechniqueClassifier.load(folder, config, engine=chosen, weight_power=spec["weight_power"])


def _engine(engine: str, preferred: str) -> str:
    if engine == "auto":
        return preferred if onnxruntime_available() else "torch"
    if engine not in ENGINES:
        raise PresslensError(PIPELINE, f"unknown engine {engine!r}; known: auto, {', '.join(ENGINES)}")
    return engine


def profile_path(profile: str) -> Path:
    """Where the committed model of ``profile`` ("fast", "accurate") lives, or a path given as is."""
    candidate = Path(profile)
    return candidate if candidate.is_dir() else MODELS_DIR / f"techniques-{profile}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
