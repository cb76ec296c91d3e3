"""Entity-level precision/recall/F1 computed the seqeval way (IOB2, exact span and type)."""
from __future__ import annotations

from collections import Counter


def spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """Entity chunks (type, start, end_exclusive). An I- without a matching B- starts
    a chunk, as in seqeval's default (non-strict) mode."""
    out: set[tuple[str, int, int]] = set()
    typ, start = None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, t = tag.partition("-") if tag != "O" else ("O", "", "")
        if typ is not None and (prefix in ("O", "B") or t != typ):
            out.add((typ, start, i))
            typ = None
        if prefix == "B" or (prefix == "I" and typ is None):
            typ, start = t, i
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Return {"per_class": {cls: {p, r, f1, support}}, "micro": {...}, "macro_f1": x}."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        gs, ps = spans(g), spans(p)
        for c in gs:
            n_gold[c[0]] += 1
        for c in ps:
            n_pred[c[0]] += 1
        for c in gs & ps:
            tp[c[0]] += 1

    def prf(t: int, np_: int, ng: int) -> dict:
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "support": ng}

    classes = sorted(set(n_gold) | set(n_pred))
    per = {c: prf(tp[c], n_pred[c], n_gold[c]) for c in classes}
    micro = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    macro = sum(v["f1"] for c, v in per.items() if n_gold[c]) / max(1, len([c for c in classes if n_gold[c]]))
    return {"per_class": per, "micro": micro, "macro_f1": macro}


def format_report(rep: dict) -> str:
    lines = [f"{'class':<16}{'prec':>8}{'rec':>8}{'f1':>8}{'support':>9}"]
    for c, v in rep["per_class"].items():
        lines.append(f"{c:<16}{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}{v['support']:>9d}")
    m = rep["micro"]
    lines.append(f"{'micro avg':<16}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>9d}")
    lines.append(f"{'macro f1':<16}{rep['macro_f1']:>24.3f}")
    return "\n".join(lines)
