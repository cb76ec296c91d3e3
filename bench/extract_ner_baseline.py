"""Reference point for the Kazakh NER model: a plain CRF (word, affixes of 3, shape,
+-1 window) trained on the same hash split as ``orken ner train``. Prints its dev scores.

    .venv/bin/python bench/extract_ner_baseline.py [hash|block] [DATA]   (DATA: data/kaznerd/IOB2_valid.txt)
"""
from __future__ import annotations

import tempfile
import time

import pycrfsuite

from orken.extract.ner.conll import read_conll, split_train_dev
from orken.extract.ner.features import shape
from orken.extract.ner.metrics import format_report, score


def plain_features(toks: list[str]) -> list[dict]:
    out = []
    for i, t in enumerate(toks):
        f = {"w": t.lower(), "p3": t[:3].lower(), "s3": t[-3:].lower(), "sh": shape(t), "t": t[:1].isupper(),
             "bias": 1.0}
        if i:
            f["-1w"] = toks[i - 1].lower()
        else:
            f["BOS"] = True
        if i + 1 < len(toks):
            f["+1w"] = toks[i + 1].lower()
        else:
            f["EOS"] = True
        out.append(f)
    return out


def main() -> None:
    import sys
    mode = sys.argv[1] if len(sys.argv) > 1 else "hash"  # "hash" or "block"
    data = sys.argv[2] if len(sys.argv) > 2 else "data/kaznerd/IOB2_valid.txt"
    train, dev = split_train_dev(read_conll(data), mode=mode)
    tr = pycrfsuite.Trainer(verbose=False)
    for s in train:
        tr.append(plain_features([t for t, _ in s]), [g for _, g in s])
    tr.set_params({"c1": 0.1, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as d:
        t0 = time.time()
        tr.train(f"{d}/plain.crfsuite")
        tagger = pycrfsuite.Tagger()
        tagger.open(f"{d}/plain.crfsuite")
        pred = [list(tagger.tag(plain_features([t for t, _ in s]))) for s in dev]
    print(f"plain CRF ({mode} split), trained in {time.time() - t0:.0f}s")
    print(format_report(score([[g for _, g in s] for s in dev], pred)))


if __name__ == "__main__":
    main()
