"""The quality gate: measured figures against the floors pinned in bench/baseline.json.

    python bench/gate.py            # prints each figure beside its floor; exit 1 if any is below
    python bench/gate.py --record   # prints the sha256 of each data set, to pin with new floors

As trafilatura's evaluation gate, the floors live in one file and only ever go up. The data sets
are hashed so that a floor is never silently compared against a different set.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import attribution_quality  # noqa: E402
import extraction_quality  # noqa: E402
import segment_quality  # noqa: E402
import techniques_quality  # noqa: E402

BASELINE = ROOT / "bench" / "baseline.json"
TOLERANCE = 1e-9


def data_hash(folder: Path) -> str:
    """sha256 over the names and bytes of every file in ``folder``, in name order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _figures(line: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)(?=\s|$)", line)}


def measure(name: str, spec: dict) -> dict[str, float]:
    """The figures of one data set, measured now."""
    logging.disable(logging.WARNING)
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet):
        if spec["kind"] == "segmentation":
            return _figures(segment_quality.run_folder(ROOT / name, verbose=False))
        if spec["kind"] == "attribution":
            attribution_quality.main(["--data", str(ROOT / name), "--no-baseline"])
            last = [x for x in quiet.getvalue().splitlines() if x.startswith("attribution_quality")][-1]
            return {k: v for k, v in _figures(last).items() if k != "seconds"}
        if spec["kind"] == "techniques":
            techniques_quality.main(["--model", spec["model"], "--data", str(_data_root(name))])
            last = [x for x in quiet.getvalue().splitlines() if x.startswith("techniques_quality")][-1]
            return _figures(last)
        extraction_quality.main(["--data", str(ROOT / name)])
    last = [x for x in quiet.getvalue().splitlines() if x.startswith("extraction_f1")][-1]
    return {"presslens_f1": _figures(last)["presslens"]}


def _data_root(name: str) -> Path:
    """A set's folder: the part before "#" (one corpus can hold several sets), relative to the repo."""
    return (ROOT / name.split("#")[0]).resolve()


def _hashed(name: str, spec: dict) -> Path:
    return _data_root(name) / spec.get("hashed", "")


def _not_measurable(name: str, spec: dict) -> str | None:
    """Why a set cannot be measured here, or None: a corpus its gold annotates by offsets is
    absent, or a techniques model's encoder package is not installed."""
    if spec["kind"] == "attribution":
        return attribution_quality.missing_sources(ROOT / name)
    if spec["kind"] != "techniques":
        return None
    from presslens.errors import PresslensError
    from presslens.techniques.encoders import base_path
    from presslens.techniques.model import profile_path

    manifest = json.loads((profile_path(spec["model"]) / "model.json").read_text(encoding="utf-8"))
    try:
        for part in ("si", "tc"):
            for member in manifest[part]["members"].values():
                if member["kind"] == "encoder":
                    base_path(member["config"]["base"])
    except PresslensError as exc:
        return str(exc)
    return None


def check(sets: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(report lines, failures): each figure beside its floor; a changed set or a low figure fails."""
    lines, failures = [], []
    for name, spec in sets.items():
        if not _hashed(name, spec).is_dir():
            lines.append(f"{name:<36} skipped: {_hashed(name, spec)} is not here (the corpus is never committed)")
            continue
        missing = _not_measurable(name, spec)
        if missing:
            lines.append(f"{name:<36} skipped: {missing}")
            continue
        digest = data_hash(_hashed(name, spec))
        if digest != spec["sha256"]:
            failures.append(f"{name}: data changed (sha256 {digest[:12]}, pinned {spec['sha256'][:12]}); re-pin with --record")
            continue
        measured = measure(name, spec)
        for figure, floor in spec["floors"].items():
            got = measured.get(figure)
            lines.append(f"{name:<36} {figure:<14} {got if got is not None else float('nan'):.3f}  (floor {floor:.3f})")
            if got is None or got + TOLERANCE < floor:
                failures.append(f"{name} {figure}: {got} < floor {floor}")
    return lines, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", action="store_true", help="print each data set's sha256")
    args = ap.parse_args(argv)
    sets = json.loads(BASELINE.read_text(encoding="utf-8"))["sets"]
    if args.record:
        for name, spec in sets.items():
            if _hashed(name, spec).is_dir():
                print(f"{name} sha256={data_hash(_hashed(name, spec))}")
        return 0
    lines, failures = check(sets)
    print("\n".join(lines))
    for failure in failures:
        print(f"BELOW FLOOR: {failure}")
    print("gate: " + ("failed" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
