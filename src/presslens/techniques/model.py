"""A trained techniques model: span tagger + technique classifier + calibration, as one bundle.

A bundle is a folder (``models/techniques-<profile>/``) holding the two adapters, ``model.json``
(settings, decoding threshold, calibration points, and the sha256 of every file) and a model
card. Loading checks every file against its sha256, and the encoder against its pinned weights.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from presslens.errors import PIPELINE, PresslensError
from presslens.techniques import calibration
from presslens.techniques.classifier import TechniqueClassifier
from presslens.techniques.finetune import FitConfig
from presslens.techniques.runtime import ENGINES, onnxruntime_available
from presslens.techniques.span_tagger import Decoding, SpanTagger

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"  # shipped inside the package
FORMAT = "presslens.techniques/1"
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
    """Span identification then technique classification, with calibrated span scores."""

    tagger: SpanTagger
    classifier: TechniqueClassifier
    calibration_points: list[tuple[float, float]]
    info: dict[str, Any]

    def detect(self, text: str) -> list[Detection]:
        spans = self.tagger.predict(text)
        labels = self.classifier.predict(text, [(s.start, s.end) for s in spans])
        return [
            Detection(s.start, s.end, label, round(calibration.apply(self.calibration_points, s.score), 4))
            for s, (label, _) in zip(spans, labels, strict=True)
        ]

    # --- persistence ----------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.tagger.save(folder / "si")
        self.classifier.save(folder / "tc")
        # The files the model is made of; the card, metrics and training log describe it.
        described = ("model.json", "MODEL_CARD.md", "metrics.json", "train.log")
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in described)
        manifest = {
            "format": FORMAT,
            **self.info,
            "si": {"config": asdict(self.tagger.config), "decoding": asdict(self.tagger.decoding)},
            "tc": {
                "config": asdict(self.classifier.config),
                "weight_power": self.classifier.weight_power,
                "repetition_boost": self.classifier.repetition_boost,
            },
            "calibration": self.calibration_points,
            "sha256": {p.relative_to(folder).as_posix(): _sha256(p) for p in files},
        }
        (folder / "model.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, engine: str = "auto") -> TechniquesModel:
        """The bundle in ``folder``, its files checked; ``engine``: "onnx", "onnx-int8", "torch",
        or "auto" (the bundle's preferred ONNX engine where onnxruntime is installed, else torch)."""
        folder = Path(folder)
        manifest_path = folder / "model.json"
        if not manifest_path.is_file():
            raise PresslensError(PIPELINE, f"no techniques model in {folder} (train one: presslens train techniques)")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise PresslensError(PIPELINE, f"{folder} is not a {FORMAT} model")
        for name, digest in manifest["sha256"].items():
            if _sha256(folder / name) != digest:
                raise PresslensError(PIPELINE, f"{folder / name} does not match the sha256 in its model.json")
        engine = _engine(engine, manifest)
        si_config = FitConfig(**manifest["si"]["config"])
        tagger = SpanTagger.load(folder / "si", si_config, Decoding(**manifest["si"]["decoding"]), engine=engine)
        tc = manifest["tc"]
        classifier = TechniqueClassifier.load(
            folder / "tc", FitConfig(**tc["config"]), engine=engine, weight_power=tc["weight_power"],
            repetition_boost=tc["repetition_boost"],
        )  # fmt: skip
        info = {k: v for k, v in manifest.items() if k not in ("si", "tc", "calibration", "sha256", "format")}
        return cls(tagger, classifier, [tuple(p) for p in manifest["calibration"]], info)


def _engine(engine: str, manifest: dict[str, Any]) -> str:
    if engine == "auto":
        return manifest.get("engine", DEFAULT_ENGINE) if onnxruntime_available() else "torch"
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
