"""Typer commands: ``orken extract`` and ``orken ner train|eval|tag``."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

ner_app = typer.Typer(help="Kazakh named-entity recognition (KazNERD classes).", no_args_is_help=True)


def extract(
    paths: list[str] = typer.Argument(..., help="UTF-8 text files, folders, .jsonl corpora, or - for stdin; "
                                               "`eval --gold DIR` scores the extractor on a gold set"),
    lang: str = typer.Option("auto", "--lang", help="kk, ru or auto"),
    fmt: str = typer.Option("jsonl", "--format", help="output format (jsonl)"),
    workers: int = typer.Option(1, "--workers", help="parallel processes (0 = all cores)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="append facts here; resumes a previous run"),
    progress: bool = typer.Option(False, "--progress", help="show a progress bar (stderr)"),
    records: bool = typer.Option(False, "--records", help="also print one project record per project "
                                                          "(lines with \"record\": true)"),
    gold: Optional[Path] = typer.Option(None, "--gold", help="with `eval`: the gold folder (passages.jsonl, "
                                                             "facts.jsonl, records.jsonl)"),
    as_json: bool = typer.Option(False, "--json", help="with `eval`: print the figures as JSON"),
    errors: Optional[str] = typer.Option(None, "--errors", help="with `eval`: list each error, per passage: a "
                                         "record field (product, status, ...), facts, or all"),
    errors_part: str = typer.Option("dev", "--errors-part", help="with `--errors`: the passages whose errors are "
                                    "listed: dev (default; keeps the held-out part an honest check), held or all"),
) -> None:
    """Extract figures (investment, jobs, capacity, ...) from news text as JSON Lines."""
    from .batch import run_batch
    from .doc import to_json
    from .pipeline import MAX_CHARS, extract_all

    if paths and paths[0] == "eval":
        if gold is None or len(paths) > 1:
            raise typer.BadParameter("usage: orken extract eval --gold DIR")
        from .evaluate import evaluate
        try:
            rep = evaluate(gold, echo=(lambda s: None) if as_json else typer.echo, errors=errors, errors_part=errors_part)
        except (FileNotFoundError, ValueError, KeyError) as exc:
            typer.echo(f"orken extract eval: {exc}", err=True)
            raise typer.Exit(2)
        if as_json:
            typer.echo(json.dumps(rep, indent=1))
        return

    if lang not in ("kk", "ru", "auto"):
        raise typer.BadParameter("--lang must be kk, ru or auto")
    if fmt != "jsonl":
        raise typer.BadParameter("only --format jsonl is supported")
    sink = open(output, "a", encoding="utf-8") if output else None

    def emit(facts: list[dict]) -> None:
        for f in facts:
            if f.get("record") and not records:
                continue
            line = json.dumps(f, ensure_ascii=False, default=to_json)  # exact Decimal values as JSON numbers
            if sink:
                sink.write(line + "\n")
            else:
                typer.echo(line)

    def on_result(doc_id: str, facts: list[dict], err: str | None) -> None:
        if err:
            typer.echo(f"orken extract: {doc_id}: {err}", err=True)
        emit(facts)

    try:
        rest = []
        for p in paths:
            if p == "-":
                text = sys.stdin.read()
                if len(text) > MAX_CHARS:
                    typer.echo(f"orken extract: stdin: input cut to {MAX_CHARS} characters", err=True)
                out = extract_all(text, lang, "-")
                emit(out["facts"] + [{**r, "record": True} for r in out["records"]])
            elif not os.path.exists(p):
                typer.echo(f"orken extract: {p}: no such file or directory", err=True)
            else:
                rest.append(p)
        if rest:
            n = workers if workers > 0 else (os.cpu_count() or 1)
            run_batch(rest, lang=lang, workers=n, scheduler=scheduler, out=output,
                      on_result=on_result, progress=progress)
    finally:
        if sink:
            sink.close()


@ner_app.command("train")
def ner_train(
    data: Optional[Path] = typer.Option(None, "--data", help="the training data: a CoNLL/IOB2 file (KazNERD's "
                                        "IOB2_valid.txt; in the repository: data/kaznerd/IOB2_valid.txt)"),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir", help="where to write the model"),
    limit: Optional[int] = typer.Option(None, "--limit", help="train on the first N sentences only"),
    iterations: Optional[int] = typer.Option(None, "--iterations", help="L-BFGS iterations"),
    dev_out: Optional[Path] = typer.Option(None, "--dev-out", help="write the dev split here (CoNLL)"),
    split: str = typer.Option("hash", "--split", help="hash (1 in 10 sentences) or block (last 10 %)"),
    crf_only: bool = typer.Option(False, "--crf-only", help="train the CRF alone (no neural tagger)"),
    epochs: Optional[int] = typer.Option(None, "--epochs", help="most epochs for the neural tagger (default 25)"),
    verbose: bool = typer.Option(False, "--verbose", help="print training progress"),
) -> None:
    """Train the Kazakh NER model (CRF + neural tagger) on the training part (90 %) of the data."""
    from orken.extract.ner.model import TrainingDataMissing, train_from_file

    if data is None or not data.is_file():
        typer.echo(f"orken ner train: {TrainingDataMissing(data)}", err=True)
        raise typer.Exit(2)
    src = data
    params = {"max_iterations": iterations} if iterations else None
    hp = {"max_epochs": epochs} if epochs else None
    path, dev = train_from_file(src, model_dir, params=params, limit=limit, split=split,
                                neural=not crf_only, neural_hp=hp, verbose=verbose)
    if dev_out:
        with open(dev_out, "w", encoding="utf-8") as f:
            for s in dev:
                f.write("\n".join(f"{t} {g}" for t, g in s) + "\n\n")
    size = sum(f.stat().st_size for f in path.parent.glob("kk*"))
    typer.echo(f"model written to {path.parent} ({size / 1e6:.1f} MB); dev sentences: {len(dev)}")


@ner_app.command("eval")
def ner_eval(
    conll: Path = typer.Option(..., "--conll", help="gold CoNLL file"),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir"),
    dev_split: bool = typer.Option(False, "--dev-split", help="score only the dev split of the file"),
    split: str = typer.Option("hash", "--split", help="which dev split: hash or block"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Per-class precision, recall and F1 (seqeval-style, exact spans) and micro/macro averages."""
    from orken.extract.ner.conll import read_conll, split_train_dev
    from orken.extract.ner.metrics import format_report, score

    sents = read_conll(conll)
    if dev_split:
        sents = split_train_dev(sents, mode=split)[1]
    model = _model(model_dir)
    pred = model.tag_many([[t for t, _ in s] for s in sents])
    rep = score([[g for _, g in s] for s in sents], pred)
    typer.echo(json.dumps(rep, indent=1) if as_json else format_report(rep))


@ner_app.command("tag")
def ner_tag(
    conll: Path = typer.Option(..., "--conll", help="CoNLL input; first column is the token"),
    model_dir: Optional[Path] = typer.Option(None, "--model-dir"),
) -> None:
    """Print `token tag` lines (blank line between sentences), same order as the input."""
    from orken.extract.ner.conll import read_conll

    model = _model(model_dir)
    out = []
    sents = [[t for t, _ in s] for s in read_conll(conll, with_tags=False)]
    for toks, tags in zip(sents, model.tag_many(sents)):
        out.extend(f"{t} {g}" for t, g in zip(toks, tags))
        out.append("")
    typer.echo("\n".join(out), nl=False)


def _model(model_dir: Optional[Path]):
    from orken.extract.ner.model import NerModelMissing, load_model

    try:
        return load_model(model_dir)
    except NerModelMissing as exc:
        typer.echo(f"orken ner: {exc}", err=True)
        raise typer.Exit(2)
