"""The ``presslens`` command line.

Exit codes are those of ``presslens.errors``: 0 when every input was analysed, the error's own
status when the only input (or every input) failed, 1 (E012_PARTIAL) when a batch had some
failures, 2 for a bad command line. Errors are one line each on standard error.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from presslens import __version__
from presslens.api import Result, analyze_item
from presslens.errors import BINARY, EMPTY, INTERNAL, NOT_FOUND, OUTPUT, PARTIAL, UNSUPPORTED, PresslensError
from presslens.ingest.item import Item
from presslens.ingest.sources import expand, items_of
from presslens.options import DEFAULT_MAX_BYTES, Options
from presslens.page import Source
from presslens.pipeline import Pipeline, default_pipeline
from presslens.techniques import DEFAULT_PROFILE, PROFILES

if TYPE_CHECKING:
    from presslens.techniques.model import TechniquesModel

FORMATS = ("json", "jsonl", "html", "text")
# Inputs with nothing to analyse are skipped, not failed: they are counted apart.
SKIPPED_CODES = {UNSUPPORTED.name, BINARY.name, EMPTY.name}


def parse_size(value: str) -> int:
    """ "50MB", "200M", "1.5G", "800k" or a number of bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", value.lower())
    if not m:
        raise click.BadParameter(f"{value!r} is not a size (try 50MB, 200M, 1G)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}[m.group(2)]
    return int(float(m.group(1)) * scale)


def _fail(error: PresslensError) -> None:
    click.echo(f"presslens: error: {error}", err=True)
    sys.exit(error.code.exit_status)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="presslens")
def main() -> None:
    """presslens: find the reports in news pages, the techniques they use, who they quote,
    the figures and claims they carry, and compare them across outlets."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS),
    help="Output format. Default: text on a terminal; otherwise json for one input, jsonl for several.",
)  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
@click.option(
    "--max-size", default=str(DEFAULT_MAX_BYTES), show_default="50MB", metavar="SIZE",
    help="Largest input read (e.g. 50MB, 200M, 1G); larger ones fail with E005_TOO_LARGE.",
)  # fmt: skip
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: for batches on a terminal).")
@click.option(
    "--model", default=DEFAULT_PROFILE, show_default=True, metavar="PROFILE|DIR",
    help="Techniques model: a profile (fast, accurate) or a trained model folder; 'none' skips techniques.",
)  # fmt: skip
@click.option(
    "--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True, help="Hide technique spans scoring below this."
)
@click.option(
    "--attribution/--no-attribution", default=True, show_default=True,
    help="Find quotes and speakers, figures, claims and denials.",
)  # fmt: skip
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def analyze(
    paths: tuple[str, ...], fmt: str | None, output: str | None, max_size: str, progress: bool | None,
    model: str, min_score: float, attribution: bool, debug: bool,
) -> None:  # fmt: skip
    """Analyse news pages: files, folders (recursive), JSON Lines, WARC, RSS/Atom, or - for stdin.

    Prints one presslens.analysis/1 object per page (JSON Lines for several), a text summary,
    or one self-contained HTML report.
    """
    options = Options(max_bytes=parse_size(max_size))
    entries = list(expand(paths, options))
    batch = len(entries) > 1
    fmt = fmt or ("text" if output is None and sys.stdout.isatty() else "jsonl" if batch else "json")
    counts: Counter[str] = Counter()
    errors: list[PresslensError] = []
    with _open_output(output) as out:
        writer = _Writer(fmt, out)
        pipeline = _pipeline(model, min_score, attribution)
        for result in _run(entries, options, pipeline, progress, debug):
            if result.page is not None:
                counts["analysed"] += 1
                writer.add(result)
            else:
                assert result.error is not None
                kind = "skipped" if result.error.code.name in SKIPPED_CODES else "failed"
                counts[kind] += 1
                errors.append(result.error)
                click.echo(f"presslens: {kind if batch else 'error'}: {result.item.label}: {result.error}", err=True)
        writer.close()
    if batch:
        click.echo(f"presslens: analysed {counts['analysed']}, skipped {counts['skipped']}, failed {counts['failed']}", err=True)
    if errors and not counts["analysed"]:
        sys.exit(errors[0].code.exit_status)
    if counts["failed"]:
        sys.exit(PARTIAL.exit_status)


def _pipeline(model: str, min_score: float, attribution: bool = True) -> Pipeline:
    from presslens.techniques.model import profile_path

    if model == "none":
        return default_pipeline(None, attribution=attribution)
    if model not in PROFILES and not Path(model).is_dir():
        _fail(PresslensError(NOT_FOUND, f"no techniques model {model!r} (a profile: {', '.join(PROFILES)}; or a model folder)"))
    if not (profile_path(model) / "model.json").is_file():
        where = profile_path(model)
        _fail(PresslensError(NOT_FOUND, f"techniques model {model!r} is not installed at {where} (see docs/techniques.md)"))
    return default_pipeline(model, min_score, attribution=attribution)


def _run(entries: list[str | Item], options: Options, pipeline: Pipeline, progress: bool | None, debug: bool) -> Iterator[Result]:
    with _progress(len(entries), progress) as advance:
        for entry in entries:
            yield from _run_entry(entry, options, pipeline, debug)
            advance()


@contextmanager
def _progress(total: int, wanted: bool | None) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error: rich's on a terminal, plain lines (each tenth) when
    ``--progress`` is asked for elsewhere, nothing for a single input or ``--no-progress``."""
    terminal = sys.stderr.isatty()
    if wanted is False or (wanted is None and (total < 2 or not terminal)):
        yield lambda: None
        return
    if terminal:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True)) as bar:
            task = bar.add_task("analyse", total=total)
            yield lambda: bar.advance(task)
        return
    done = 0
    step = max(1, total // 10)

    def advance() -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            click.echo(f"presslens: analysing {done}/{total}", err=True)

    yield advance


def _run_entry(entry: str | Item, options: Options, pipeline: Pipeline, debug: bool) -> Iterator[Result]:
    item = entry if isinstance(entry, Item) else Item(source=Source(path=entry, media_type=""))
    try:
        for item in items_of(entry, options):
            yield analyze_item(item, pipeline)
    except Exception as exc:  # a bug must not stop the batch or show a traceback
        if debug:
            traceback.print_exc()
        yield Result(item, error=PresslensError(INTERNAL, f"{type(exc).__name__}: {exc}"))


class _Writer:
    """Writes results as they come (json/jsonl/text) or all at the end (html)."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.fmt, self.out = fmt, out
        self.pages: list = []
        self.count = 0

    def add(self, result: Result) -> None:
        page = result.page
        self.count += 1
        if self.fmt == "html":
            self.pages.append(page)
        elif self.fmt == "text":
            from presslens.report.text import render_text

            if self.count > 1:
                self.out.write("\n")
            self.out.write(render_text(page, color=self.out.isatty()))
            self.out.write("\n")
        elif self.fmt == "json" and self.count == 1:
            self._pending = page  # held back: a second page turns the output into JSON Lines
        else:
            if self.fmt == "json" and self.count == 2:
                self.out.write(self._pending.to_json() + "\n")
            self.out.write(page.to_json() + "\n")
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "json" and self.count == 1:
            self.out.write(self._pending.to_json(indent=2) + "\n")
        elif self.fmt == "html" and self.pages:
            from presslens.report.html import render_html
            from presslens.techniques.taxonomy import definitions

            self.out.write(render_html(self.pages, definitions=definitions()))


@contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = Path(path).open("w", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        _fail(PresslensError(OUTPUT, f"cannot write {path}: {exc.strerror or exc}"))
    with handle:
        yield handle


@main.command("techniques")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def techniques_command(fmt: str) -> None:
    """List the 14 persuasion techniques (SemEval-2020 Task 11): definition, example, cues."""
    from presslens.techniques.taxonomy import TECHNIQUES

    if fmt == "json":
        rows = [vars(t) for t in TECHNIQUES]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for t in TECHNIQUES:
        click.echo(f"{t.label}  ({t.name})")
        click.echo(f"  definition: {t.definition}")
        click.echo(f"  example:    {t.example}")
        click.echo(f"  looks at:   {t.cues}\n")


@main.group()
def semeval() -> None:
    """SemEval-2020 Task 11 formats and scorer (span identification, technique classification)."""


@semeval.command("spans")
@click.argument("articles_dir", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="SI predictions file to write.")
@click.option("--model", default=DEFAULT_PROFILE, show_default=True, metavar="PROFILE|DIR", help="Techniques model.")
def semeval_spans(articles_dir: str, output: str, model: str) -> None:
    """Write span identification predictions (id<TAB>start<TAB>end) for article<ID>.txt files."""
    from presslens import semeval as sem

    detector = _techniques_model(model)
    articles = _read_articles(articles_dir)
    spans = [sem.Span(aid, d.start, d.end) for aid, text in _progress_items(articles) for d in detector.tagger.predict(text)]
    click.echo(f"presslens: wrote {sem.write_spans(spans, output, task='si')} spans for {len(articles)} articles", err=True)


@semeval.command("classify")
@click.argument("articles_dir", type=click.Path(file_okay=False, exists=True))
@click.argument("template", type=click.Path(exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="TC predictions file to write.")
@click.option("--model", default=DEFAULT_PROFILE, show_default=True, metavar="PROFILE|DIR", help="Techniques model.")
def semeval_classify(articles_dir: str, template: str, output: str, model: str) -> None:
    """Label the spans of a TC template (id<TAB>?<TAB>start<TAB>end) with their technique."""
    from presslens import semeval as sem

    detector = _techniques_model(model)
    articles = _read_articles(articles_dir)
    try:
        wanted = sem.read_spans(template, task="tc")
    except PresslensError as exc:
        _fail(exc)
    by_article: dict[str, list[sem.Span]] = {}
    for span in wanted:
        by_article.setdefault(span.article, []).append(span)
    missing = sorted(set(by_article) - set(articles))
    if missing:
        _fail(PresslensError(NOT_FOUND, f"template names {len(missing)} articles not in {articles_dir} (first: {missing[0]})"))
    labelled = []
    for aid, spans in _progress_items({a: by_article[a] for a in sorted(by_article)}):
        labels = detector.classifier.predict(articles[aid], [(s.start, s.end) for s in spans])
        labelled += [sem.Span(aid, s.start, s.end, label) for s, (label, _) in zip(spans, labels, strict=True)]
    click.echo(f"presslens: wrote {sem.write_spans(labelled, output, task='tc')} labelled spans", err=True)


def _techniques_model(model: str) -> TechniquesModel:
    from presslens.techniques.stage import load_model

    try:
        return load_model(model)
    except PresslensError as exc:
        _fail(exc)


def _read_articles(folder: str) -> dict[str, str]:
    from presslens import semeval as sem

    try:
        return sem.read_articles(folder)
    except PresslensError as exc:
        _fail(exc)


def _progress_items(mapping: dict) -> Iterator[tuple]:
    """``mapping.items()`` with a progress bar on standard error."""
    from rich.console import Console
    from rich.progress import track

    yield from track(list(mapping.items()), description="articles", console=Console(stderr=True), transient=True)


@semeval.command("score")
@click.option(
    "--task", type=click.Choice(["si", "tc"]), required=True, help="si: span identification; tc: technique classification."
)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.argument("gold")
@click.argument("pred")
def semeval_score(task: str, fmt: str, gold: str, pred: str) -> None:
    """Score predictions PRED against GOLD (labels files or folders of *.labels) with the task's metrics."""
    from presslens import semeval as sem

    try:
        gold_spans, pred_spans = sem.read_spans(gold, task=task), sem.read_spans(pred, task=task)
    except PresslensError as exc:
        _fail(exc)
    if task == "si":
        micro, per = sem.score_si(gold_spans, pred_spans), {}
    else:
        micro, per = sem.score_tc(gold_spans, pred_spans)
    if fmt == "json":
        out = {"task": task, **vars(micro), "per_technique": {k: vars(v) for k, v in per.items()}}
        click.echo(json.dumps(out, indent=2))
        return
    click.echo(
        f"task {task}: precision {micro.precision:.4f}  recall {micro.recall:.4f}  F1 {micro.f1:.4f}"
        f"  ({micro.predicted} predicted, {micro.gold} gold spans)"
    )
    for label, sc in per.items():
        click.echo(f"  {label:<40} P {sc.precision:.3f}  R {sc.recall:.3f}  F1 {sc.f1:.3f}  (gold {sc.gold})")


@main.group("train")
def train_group() -> None:
    """Train presslens models."""


@train_group.command("techniques")
@click.option(
    "--data",
    required=True,
    type=click.Path(file_okay=False),
    help="PTC folder (train-articles/, train-task-flc-tc.labels; dev-* to evaluate).",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write the model bundle to.")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(dir_okay=False, exists=True),
    help="TOML config (configs/techniques-*.toml).",
)
def train_techniques(data: str, out: str, config_path: str) -> None:
    """Train the techniques model (span identification + technique classification) reproducibly."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from presslens.techniques.train import read_config, train

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    log_file = (out_dir / "train.log").open("a", encoding="utf-8")

    def log(line: str) -> None:
        click.echo(f"presslens: {line}", err=True)
        log_file.write(line + "\n")
        log_file.flush()

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("loss {task.fields[loss]:.3f}"),
               TimeElapsedColumn(), TimeRemainingColumn())  # fmt: skip
    tasks: dict[str, int] = {}
    with Progress(*columns, console=Console(stderr=True)) as bar:

        def progress(stage: str, step: int, total: int, loss: float) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, loss=loss)
            bar.update(tasks[stage], completed=step, loss=loss)
            if step % 50 == 0 or step == total:
                log_file.write(f"{stage} step {step}/{total} loss {loss:.4f}\n")
                log_file.flush()

        try:
            metrics = train(read_config(config_path), Path(data), out_dir, progress, log)
        except PresslensError as exc:
            _fail(exc)
    click.echo(json.dumps({k: v for k, v in metrics.items() if k != "per_technique"}, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
