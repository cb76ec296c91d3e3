"""Kazakh NER model: a linear-chain CRF (python-crfsuite) over rich features, averaged
with a compact neural tagger (char-CNN + BiLSTM + CRF, ``neural.py``).

Files shipped in ``orken/extract/ner/model/``: ``kk.crfsuite`` (the CRF), ``kk_clusters.tsv``
(word clusters learned from the training text) and ``kk_nn.bin`` (the neural tagger).
When ``kk_nn.bin`` is present, the two models' per-token tag posteriors are averaged
with equal weights and decoded with IOB2-constrained Viterbi; otherwise the CRF tags alone
(``orken ner train --crf-only``). The model is read from package data; a missing CRF file is a
:class:`NerModelMissing` error that says how to train it. Training data is always given
explicitly (``orken ner train --data FILE``): nothing is read from a repository checkout.
"""
from __future__ import annotations

import time
from struct import error as struct_error
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from .clusters import learn_clusters, load_clusters, save_clusters
from .conll import Sentence, read_conll, split_train_dev
from .features import sent2features

MODEL_FILE = "kk.crfsuite"
CLUSTER_FILE = "kk_clusters.tsv"
NEURAL_FILE = "kk_nn.bin"
NEURAL_WEIGHT = 0.5  # equal-weight average of the two posteriors (not tuned on dev data)

TRAIN_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150,
                "feature.possible_transitions": True}


TRAIN_HINT = "orken ner train --data KAZNERD_IOB2.txt"  # KazNERD's IOB2_valid.txt (ISSAI, CC BY 4.0)


class NerModelMissing(FileNotFoundError):
    """The Kazakh NER model file is not there; the message says how to train it."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"Kazakh NER model not found: {path}. Train it with `{TRAIN_HINT}` "
                         f"(add --model-dir DIR to write it elsewhere)")


class TrainingDataMissing(FileNotFoundError):
    def __init__(self, path: Path | None):
        self.path = path
        super().__init__("no NER training data given: pass the KazNERD IOB2 file with --data FILE" if path is None
                         else f"NER training data not found: {path} (a CoNLL/IOB2 file, e.g. KazNERD's IOB2_valid.txt)")


def default_model_dir() -> Path:
    """The model shipped as package data (``orken/extract/ner/model/``)."""
    return Path(str(resources.files("orken.extract.ner") / "model"))


def require_model(model_dir: str | Path | None = None) -> Path:
    """The CRF file of the model in ``model_dir`` (default: package data); raise NerModelMissing if absent."""
    path = (Path(model_dir) if model_dir else default_model_dir()) / MODEL_FILE
    if not path.is_file():
        raise NerModelMissing(path)
    return path


@dataclass
class NerModel:
    tagger: pycrfsuite.Tagger
    clusters: dict = field(default_factory=dict)
    neural: object | None = None  # orken.extract.ner.neural.NeuralNer
    path: Path | None = None  # the CRF file (read again by the fast scorer, ``fastcrf.py``)
    fast: object | None = field(default=None, repr=False)  # FastCrf, False when unavailable

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.tag_many([tokens])[0]

    def tag_many(self, sents: list[list[str]], places: list[list[str]] | None = None) -> list[list[str]]:
        """IOB2 tags per sentence; ``places``: the gazetteer type per token, when the caller has it
        (else the gazetteer runs on the tokens)."""
        pl = places if places is not None else [None] * len(sents)
        if self.neural is None:
            return [list(self.tagger.tag(sent2features(s, self.clusters, p))) if s else [] for s, p in zip(sents, pl)]
        return self._ensemble(sents, places)

    def _crf_marginals(self, tokens: list[str], tags: list[str], places: list[str] | None = None):
        import numpy as np
        self.tagger.set(sent2features(tokens, self.clusters, places))
        known = set(self.tagger.labels())
        m = np.zeros((len(tokens), len(tags)))
        for j, t in enumerate(tags):
            if t in known:
                for i in range(len(tokens)):
                    m[i, j] = self.tagger.marginal(t, i)
        return m

    def _ensemble(self, sents: list[list[str]], places: list[list[str]] | None = None) -> list[list[str]]:
        """Average the two models' posteriors and decode. Inference only: the CRF's posteriors come
        from ``fastcrf`` (the same weights, read from the model file; python-crfsuite's per-label
        ``marginal`` calls when the fast scorer is unavailable), the neural tagger's from one padded
        forward pass per batch of sentences, and all sentences are decoded together."""
        import numpy as np
        nn_ = self.neural
        tags = nn_.tags
        bad = nn_.net.crf.bad.numpy()
        bad_start = nn_.net.crf.bad_start.numpy()
        if places is None:
            from .features import _place_flags
            places = [_place_flags(s) if s else [] for s in sents]
        post = nn_.marginals64(sents, places=places)
        fast = self._fast_crf()
        if fast is not None:
            from .fastcrf import forward_backward
            cols = np.asarray([fast.labels.index(t) if t in fast.labels else len(fast.labels) for t in tags])
            crf_post = forward_backward([fast.fast_scores(toks, pl) for toks, pl in zip(sents, places)],
                                        fast._exp_trans)
            crf_post = [np.concatenate([c, np.zeros((len(c), 1))], axis=1)[:, cols] for c in crf_post]
        else:
            crf_post = [self._crf_marginals(toks, tags, pl) if toks else None for toks, pl in zip(sents, places)]
        logps = [np.log(NEURAL_WEIGHT * pn + (1 - NEURAL_WEIGHT) * crf + 1e-9) if len(toks) else None
                 for toks, pn, crf in zip(sents, post, crf_post)]
        paths = viterbi_many(logps, bad, bad_start)
        return [[tags[k] for k in p] for p in paths]

    def _fast_crf(self):
        """The numpy scorer of this CRF (``fastcrf.FastCrf``), or None when it does not reproduce
        python-crfsuite's scores on probe sentences (then the slow path is used)."""
        if self.fast is None:
            self.fast = False
            if self.path is not None:
                from .fastcrf import FastCrf
                try:
                    fc = FastCrf(self.path)
                except (OSError, ValueError, struct_error):
                    fc = None
                if fc is not None and fc.labels == list(self.tagger.labels()) and fc.verify(_PROBES, self.clusters):
                    self.fast = fc
        return self.fast or None


_PROBES = [["Қарағанды", "облысында", "«", "Сыр", "Цемент", "»", "ЖШС", "2024", "жылы", "42", "млрд", "теңге",
            "инвестиция", "салды", "."],
           ["Президент", "Қасым-Жомарт", "Тоқаев", "Астанада", "болды"], ["Жоба"], ["ОК", "жоқ"]]


def viterbi(logp, trans, start) -> list[int]:
    """Best path through per-token log scores with fixed transition scores (numpy)."""
    score = logp[0] + start
    back = []
    for i in range(1, len(logp)):
        s = score[:, None] + trans
        back.append(s.argmax(0))
        score = s.max(0) + logp[i]
    seq = [int(score.argmax())]
    for idx in reversed(back):
        seq.append(int(idx[seq[-1]]))
    return seq[::-1]


def viterbi_many(logps: list, trans, start, batch_size: int = 32) -> list[list[int]]:
    """``viterbi`` of each sentence (None or empty: ``[]``), sentences of similar length stepped
    together: the same additions and the same first-index argmax per sentence, so the same paths."""
    import numpy as np
    live = sorted((i for i, lp in enumerate(logps) if lp is not None and len(lp)), key=lambda i: len(logps[i]))
    out: list[list[int]] = [[] for _ in logps]
    k = trans.shape[0]
    for c in range(0, len(live), batch_size):
        idx = live[c:c + batch_size]
        lens = np.asarray([len(logps[i]) for i in idx])
        b, t = len(idx), int(lens.max())
        lp = np.zeros((b, t, k))
        for r, i in enumerate(idx):
            lp[r, :lens[r]] = logps[i]
        score = lp[:, 0] + start
        final = score.copy()
        back = np.zeros((b, t, k), dtype=np.int64)
        for i in range(1, t):
            s = score[:, :, None] + trans
            arg = s.argmax(1)
            back[:, i] = arg
            score = np.take_along_axis(s, arg[:, None, :], 1)[:, 0] + lp[:, i]
            done = lens - 1 == i
            final[done] = score[done]
        best = final.argmax(1)
        for r, i in enumerate(idx):
            seq = [int(best[r])]
            row = back[r]
            for j in range(lens[r] - 1, 0, -1):
                seq.append(int(row[j, seq[-1]]))
            out[i] = seq[::-1]
    return out


def load_model(model_dir: str | Path | None = None) -> NerModel:
    path = require_model(model_dir)
    d = path.parent
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    neural = None
    if (d / NEURAL_FILE).exists():
        from .neural import load_neural
        neural = load_neural(d / NEURAL_FILE, threads=1)
    return NerModel(tagger, load_clusters(d / CLUSTER_FILE), neural, path)


@lru_cache(maxsize=2)
def shared_model(model_dir: str | None = None) -> NerModel:
    return load_model(model_dir)


def train(train_sents: list[Sentence], model_dir: str | Path, *, params: dict | None = None,
          cluster_text: list[list[str]] | None = None, use_clusters: bool = True,
          verbose: bool = False, neural: bool = False, neural_hp: dict | None = None) -> Path:
    """Train and save a CRF (and its clusters) into ``model_dir``, and with ``neural=True``
    the neural tagger as well (otherwise a stale ``kk_nn.bin`` there is removed).
    Deterministic for a given thread count."""
    d = Path(model_dir)
    d.mkdir(parents=True, exist_ok=True)
    clusters: dict = {}
    if use_clusters:
        text = cluster_text if cluster_text is not None else [[t for t, _ in s] for s in train_sents]
        clusters = learn_clusters(text)
    save_clusters(clusters, d / CLUSTER_FILE)
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for s in train_sents:
        trainer.append(sent2features([t for t, _ in s], clusters), [g for _, g in s])
    trainer.set_params({**TRAIN_PARAMS, **(params or {})})
    out = d / MODEL_FILE
    t0 = time.time()
    trainer.train(str(out))
    if verbose:
        print(f"CRF trained in {time.time() - t0:.0f}s -> {out}")
    nn_path = d / NEURAL_FILE
    if neural:
        from .neural import train_neural
        info = train_neural(train_sents, clusters, nn_path, hp=neural_hp, verbose=verbose)
        if verbose:
            print(f"neural tagger trained in {info['seconds']:.0f}s ({info['epochs']} epochs, best "
                  f"{info['best_epoch']}, early-stopping F1 {info['early_stop_f1']:.3f}) -> {nn_path}")
    elif nn_path.exists():
        nn_path.unlink()
    return out


def train_from_file(path: str | Path, model_dir: str | Path | None = None, *,
                    dev_bucket: int = 0, params: dict | None = None, verbose: bool = False,
                    limit: int | None = None, split: str = "hash", neural: bool = True,
                    neural_hp: dict | None = None) -> tuple[Path, list[Sentence]]:
    """Reproducible training: hash split of ``path`` (10 % dev), clusters learned from
    the tokens of the training part only, CRF plus (by default) the neural tagger.
    Returns (model path, dev sentences). ``path`` is required: a missing file is TrainingDataMissing."""
    if path is None or not Path(path).is_file():
        raise TrainingDataMissing(Path(path) if path is not None else None)
    sents = read_conll(path)
    train_s, dev_s = split_train_dev(sents, dev_bucket, mode=split)
    if limit:
        train_s = train_s[:limit]
    out = train(train_s, model_dir or default_model_dir(), params=params, verbose=verbose,
                neural=neural, neural_hp=neural_hp)
    return out, dev_s
