"""Scoring of the extractor against a gold set (``orken extract eval --gold DIR``).

The gold set is a folder in the format of the extraction development suite:

- ``passages.jsonl``: ``id, lang, script, date, text`` per passage;
- ``facts.jsonl``: gold facts ``doc, measure, value, unit, value_max?, core``;
- ``records.jsonl`` (optional): gold project records;
- ``distractors.jsonl`` (optional): number-bearing strings that must not become facts.

Matching follows the suite's rules: a predicted fact matches a gold fact of the same passage when
the units are equal, the values (and ``value_max``) agree within 0.5 %, and the measures are equal
(strict) or of one family (lenient). A prediction matching only a non-core gold fact is neutral;
recall is over core facts. Record fields are scored on the predicted record whose project name is
most similar to the gold one.

Passages are split by a hash of their id into a *dev* part and a *held-out* part (one in four), so
that a change tuned on the dev part can be checked on text it was not tuned on.
"""
from __future__ import annotations

import collections
import difflib
import hashlib
import json
import re
from pathlib import Path
from typing import Callable, Iterable

FAMILY = {
    **dict.fromkeys(["investment", "spending", "output_value"], "money"),
    **dict.fromkeys(["count_projects", "count_enterprises", "count_participants", "count_facilities"], "count"),
    **dict.fromkeys(["jobs", "jobs_temporary", "count_people", "population"], "people"),
    **dict.fromkeys(["growth_percent", "share_percent"], "percent"),
    **dict.fromkeys(["capacity", "output_volume", "resources"], "physical"),
    "area": "area", "length": "length",
}
RECORD_FIELDS = ("project", "investors", "product", "status", "launch_planned", "launch_actual", "region",
                 "district_or_city")
_NORM = re.compile(r"[«»\"“”'`]+|\s+")


def part_of(passage_id: str) -> str:
    """'held' for one passage in four (by a hash of its id), else 'dev'."""
    h = int(hashlib.sha1(passage_id.encode("utf-8")).hexdigest()[:8], 16)
    return "held" if h % 4 == 0 else "dev"


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)


def score_facts(gold: list[dict], pred: list[dict], lenient: bool) -> tuple[int, int, int]:
    """(true positives, false positives, core gold facts)."""
    same = (lambda g, p: FAMILY.get(g) == FAMILY.get(p)) if lenient else (lambda g, p: g == p)
    by_doc: dict[str, list[int]] = collections.defaultdict(list)
    for i, g in enumerate(gold):
        by_doc[g["doc"]].append(i)
    tp = fp = 0
    hit: set[int] = set()
    for p in pred:
        if p.get("measure") not in FAMILY:
            continue
        try:
            v = float(p.get("value"))
            vm = float(p["value_max"]) if p.get("value_max") is not None else None
        except (TypeError, ValueError):
            fp += 1
            continue
        cands = [i for i in by_doc.get(p["doc"], []) if gold[i]["unit"] == p.get("unit")
                 and _close(gold[i]["value"], v) and _close(gold[i].get("value_max"), vm)
                 and same(gold[i]["measure"], p["measure"])]
        core = [i for i in cands if gold[i].get("core", True) and i not in hit]
        if core:
            hit.add(core[0])
            tp += 1
        elif not cands:
            fp += 1
    return tp, fp, sum(1 for g in gold if g.get("core", True))


def _norm(s) -> str:
    return _NORM.sub(" ", str(s or "")).strip().lower()


def region_keys() -> dict[str, str]:
    """Region names (en/kk/ru) and KATO codes of the packaged boundaries -> KATO code."""
    from importlib import resources
    keys: dict[str, str] = {}
    try:
        with resources.files("orken.reference").joinpath("data/geo/adm1.geojson").open(encoding="utf-8") as f:
            for ft in json.load(f)["features"]:
                p = ft["properties"]
                for k in (p.get("KATO"), p.get("ADM1_EN"), p.get("ADM1_KK"), p.get("ADM1_RU")):
                    if k:
                        keys[str(k).strip().lower()] = str(p["KATO"])
    except (OSError, ModuleNotFoundError, KeyError, ValueError):
        pass
    return keys


def score_records(gold: list[dict], pred: list[dict], errors: list[dict] | None = None) -> dict[str, tuple[int, int]]:
    """Per field (right, total) over the gold records; each wrong field is appended to ``errors`` (when
    given) as ``{doc, field, gold, pred, project}``."""
    regions = region_keys()
    by_doc: dict[str, list[dict]] = collections.defaultdict(list)
    for r in pred:
        by_doc[r["doc"]].append(r)
    right: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    for g in gold:
        cands = by_doc.get(g["doc"], [])
        best = max(cands, key=lambda r: difflib.SequenceMatcher(None, _norm(r.get("project")),
                                                                  _norm(g["project"])).ratio(), default=None)
        for f in RECORD_FIELDS:
            gv = g.get(f)
            if gv in (None, [], ""):
                continue
            total[f] += 1
            pv = best.get(f) if best else None
            if f == "project":
                ok = best is not None and difflib.SequenceMatcher(None, _norm(pv), _norm(gv)).ratio() >= 0.6
            elif f == "investors":
                gs = {_norm(x) for x in gv}
                ps = {_norm(x) for x in (pv or [])}
                ok = any(difflib.SequenceMatcher(None, a, b).ratio() >= 0.7 for a in gs for b in ps)
            elif f.startswith("launch"):
                ok = pv is not None and (str(pv).startswith(str(gv)) or str(gv).startswith(str(pv)))
            elif f == "region":
                ok = pv is not None and regions.get(_norm(pv), _norm(pv)) == regions.get(_norm(gv), _norm(gv))
            else:
                ok = _norm(pv) == _norm(gv) or bool(f in ("product", "district_or_city") and pv
                                                    and _norm(gv) in _norm(pv))
            right[f] += bool(ok)
            if not ok and errors is not None:
                errors.append({"doc": g["doc"], "field": f, "gold": gv, "pred": pv,
                               "project": best.get("project") if best else None})
    return {f: (right[f], total[f]) for f in RECORD_FIELDS if total[f]}


def predict(passages: Iterable[dict]) -> tuple[list[dict], list[dict]]:
    """Run the extractor over the passages -> (facts, records), ``doc`` = passage id."""
    from .pipeline import extract_all
    facts, records = [], []
    for p in passages:
        out = extract_all(p["text"], "auto", p["id"], date=p.get("date"))  # as a user would
        facts.extend(out["facts"])
        records.extend(out["records"])
    return facts, records


def evaluate(gold_dir: Path, echo: Callable[[str], None] = print, errors: str | None = None,
             errors_part: str = "dev") -> dict:
    """Score the extractor on the gold folder; print a table; return the figures. ``errors`` (a record
    field name, ``facts`` or ``all``) also lists each wrong record field and each missed or spurious fact
    with its passage, part and group (in the report under ``errors``), of the dev part only by default
    (``errors_part`` 'held' or 'all' lists the others: held-out errors read while developing are no longer
    an honest check)."""
    if errors is not None and errors not in (*RECORD_FIELDS, "facts", "all"):
        raise ValueError(f"--errors {errors}: one of {', '.join((*RECORD_FIELDS, 'facts', 'all'))}")
    if errors_part not in ("dev", "held", "all"):
        raise ValueError(f"--errors-part {errors_part}: dev, held or all")
    gold_dir = Path(gold_dir)
    passages = load_jsonl(gold_dir / "passages.jsonl")
    if not passages:
        raise FileNotFoundError(f"{gold_dir / 'passages.jsonl'}: no passages")
    gold = load_jsonl(gold_dir / "facts.jsonl")
    gold_rec = load_jsonl(gold_dir / "records.jsonl")
    distractors = {(d["doc"], d["cue"]) for d in load_jsonl(gold_dir / "distractors.jsonl")}
    facts, records = predict(passages)
    info = {p["id"]: p for p in passages}

    def group(pid: str) -> str:
        p = info.get(pid, {})
        return f"{p.get('lang', '?')}-{p.get('script', '?')}"

    groups = ["all"] + sorted({group(i) for i in info})
    report: dict = {"facts": {}, "records": {}, "distractor_hits": {}}
    echo(f"{'group':16} {'part':5} {'strict P':>8} {'strict R':>8} {'lenient P':>9} {'lenient R':>9} {'core':>5}")
    for part in ("all", "dev", "held"):
        in_part = (lambda d: True) if part == "all" else (lambda d, part=part: part_of(d) == part)
        for gname in groups:
            keep = (lambda d: in_part(d)) if gname == "all" else (lambda d, g=gname: in_part(d) and group(d) == g)
            g = [x for x in gold if keep(x["doc"])]
            pr = [x for x in facts if keep(x["doc"])]
            row = {}
            for mode in ("strict", "lenient"):
                tp, fp, n = score_facts(g, pr, mode == "lenient")
                row[mode] = {"precision": tp / (tp + fp) if tp + fp else 0.0,
                             "recall": tp / n if n else 0.0,
                             "tp": tp, "fp": fp, "core": n}
            report["facts"][f"{gname}/{part}"] = row
            echo(f"{gname:16} {part:5} {row['strict']['precision']:8.3f} {row['strict']['recall']:8.3f} "
                 f"{row['lenient']['precision']:9.3f} {row['lenient']['recall']:9.3f} {row['strict']['core']:5d}")
        hits = sum(1 for p in facts if in_part(p["doc"]) and (p["doc"], p.get("text")) in distractors)
        report["distractor_hits"][part] = hits
    if errors in ("facts", "all"):
        report["errors"] = report.get("errors", []) + fact_errors(gold, facts)
    echo("predictions on listed distractors: " + ", ".join(f"{k} {v}" for k, v in report["distractor_hits"].items()))
    if gold_rec:
        for part in ("all", "dev", "held"):
            keep = (lambda d: True) if part == "all" else (lambda d, part=part: part_of(d) == part)
            res = score_records([r for r in gold_rec if keep(r["doc"])], [r for r in records if keep(r["doc"])])
            report["records"][part] = {f: {"right": r, "total": t, "accuracy": r / t} for f, (r, t) in res.items()}
            echo(f"record fields ({part}): " + ", ".join(f"{f} {r}/{t} = {r / t:.2f}" for f, (r, t) in res.items()))
        if errors and errors != "facts":
            errs: list[dict] = []
            score_records(gold_rec, records, errs)
            report["errors"] = report.get("errors", []) + [
                {**e, "kind": "record"} for e in errs if errors == "all" or e["field"] == errors]
    for e in report.get("errors", []):
        e["part"], e["group"] = part_of(e["doc"]), group(e["doc"])
    if errors:
        report["errors"] = [e for e in report.get("errors", []) if errors_part == "all" or e["part"] == errors_part]
    for e in report.get("errors", []):
        if e["kind"] == "record":
            echo(f"{e['doc']:9} {e['part']:4} {e['field']:16} gold {json.dumps(e['gold'], ensure_ascii=False)}"
                 f"  pred {json.dumps(e['pred'], ensure_ascii=False)}  (record: {e['project']})")
        else:
            echo(f"{e['doc']:9} {e['part']:4} fact {e['kind']:8} {e['measure']} {e['value']} {e['unit']}"
                 f"  {json.dumps(e.get('text') or e.get('cue'), ensure_ascii=False)}")
    return report


def fact_errors(gold: list[dict], pred: list[dict]) -> list[dict]:
    """Strict fact errors: core gold facts no prediction matched ("missed") and predictions matching no
    gold fact ("spurious"), by the rules of :func:`score_facts`."""
    out = []
    for doc in sorted({g["doc"] for g in gold} | {p["doc"] for p in pred}):
        g = [x for x in gold if x["doc"] == doc]
        for p in (x for x in pred if x["doc"] == doc):
            if p.get("measure") in FAMILY and score_facts(g, [p], False)[:2] == (0, 1):
                out.append({"doc": doc, "kind": "spurious", "measure": p["measure"], "value": p.get("value"),
                            "unit": p.get("unit"), "text": p.get("text")})
        prs = [x for x in pred if x["doc"] == doc]
        for x in g:
            if x.get("core", True) and score_facts([x], prs, False)[0] == 0:
                out.append({"doc": doc, "kind": "missed", "measure": x["measure"], "value": x["value"],
                            "unit": x["unit"], "cue": x.get("cue")})
    return out

