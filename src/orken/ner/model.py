"""Kazakh NER model: a linear-chain CRF (python-crfsuite) over rich features.

Files shipped in ``orken/ner/model/``: ``kk.crfsuite`` (the CRF) and
``kk_clusters.tsv`` (word clusters learned from the training text).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from .clusters import learn_clusters, load_clusters, save_clusters
from .conll import Sentence, read_conll, split_train_dev
from .features import sent2features

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "data" / "kaznerd" / "IOB2_valid.txt"
MODEL_FILE = "kk.crfsuite"
CLUSTER_FILE = "kk_clusters.tsv"

TRAIN_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150,
                "feature.possible_transitions": True}


def default_model_dir() -> Path:
    return Path(str(resources.files("orken.ner") / "model"))


@dataclass
class NerModel:
    tagger: pycrfsuite.Tagger
    clusters: dict = field(default_factory=dict)

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return list(self.tagger.tag(sent2features(tokens, self.clusters)))

    def tag_many(self, sents: list[list[str]]) -> list[list[str]]:
        return [self.tag(s) for s in sents]


def load_model(model_dir: str | Path | None = None) -> NerModel:
    d = Path(model_dir) if model_dir else default_model_dir()
    path = d / MODEL_FILE
    if not path.exists():
        raise FileNotFoundError(f"NER model not found: {path} (run `orken ner train`)")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return NerModel(tagger, load_clusters(d / CLUSTER_FILE))


@lru_cache(maxsize=2)
def shared_model(model_dir: str | None = None) -> NerModel:
    return load_model(model_dir)


def train(train_sents: list[Sentence], model_dir: str | Path, *, params: dict | None = None,
          cluster_text: list[list[str]] | None = None, use_clusters: bool = True,
          verbose: bool = False) -> Path:
    """Train and save a CRF (and its clusters) into ``model_dir``. Deterministic."""
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
        print(f"trained in {time.time() - t0:.0f}s -> {out}")
    return out


def train_from_file(path: str | Path = DEFAULT_DATA, model_dir: str | Path | None = None, *,
                    dev_bucket: int = 0, params: dict | None = None, verbose: bool = False,
                    limit: int | None = None, split: str = "hash") -> tuple[Path, list[Sentence]]:
    """Reproducible training: hash split of ``path`` (10 % dev), clusters learned from
    the tokens of the training part only. Returns (model path, dev sentences)."""
    sents = read_conll(path)
    train_s, dev_s = split_train_dev(sents, dev_bucket, mode=split)
    if limit:
        train_s = train_s[:limit]
    out = train(train_s, model_dir or default_model_dir(), params=params, verbose=verbose)
    return out, dev_s
