"""Unsupervised word clusters learned from the text at hand (no labels used).

Distributional vectors: each frequent word is described by positive PMI counts of
its left and right neighbours, reduced with a randomised SVD, then grouped with
k-means at several granularities. Cluster ids become CRF features, which helps the
model generalise to rare and unseen inflected forms of names. Pure numpy.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np


def _norm(tok: str) -> str:
    return tok.lower()


def learn_clusters(sentences: Iterable[list[str]], *, min_count: int = 3, n_context: int = 2000,
                   dims: int = 60, ks: tuple[int, ...] = (32, 128, 512), seed: int = 13
                   ) -> dict[str, tuple[int, ...]]:
    sents = [[_norm(t) for t in s] for s in sentences]
    freq = Counter(t for s in sents for t in s)
    vocab = sorted((w for w, c in freq.items() if c >= min_count), key=lambda w: (-freq[w], w))
    ctx = vocab[:n_context]
    vi = {w: i for i, w in enumerate(vocab)}
    ci = {w: i for i, w in enumerate(ctx)}
    nc = len(ctx)
    m = np.zeros((len(vocab), 2 * nc + 2), dtype=np.float32)
    for s in sents:
        padded = ["<s>"] + s + ["</s>"]
        for j in range(1, len(padded) - 1):
            w = vi.get(padded[j])
            if w is None:
                continue
            left, right = padded[j - 1], padded[j + 1]
            if left in ci:
                m[w, ci[left]] += 1
            elif left == "<s>":
                m[w, 2 * nc] += 1
            if right in ci:
                m[w, nc + ci[right]] += 1
            elif right == "</s>":
                m[w, 2 * nc + 1] += 1
    # PPMI
    total = m.sum()
    row = m.sum(1, keepdims=True) + 1e-9
    col = m.sum(0, keepdims=True) + 1e-9
    with np.errstate(divide="ignore"):
        pmi = np.log(m * total / (row * col) + 1e-12)
    ppmi = np.maximum(pmi, 0).astype(np.float32)
    ppmi[m == 0] = 0
    rng = np.random.default_rng(seed)
    omega = rng.standard_normal((ppmi.shape[1], dims + 10)).astype(np.float32)
    q, _ = np.linalg.qr(ppmi @ omega)
    b = q.T @ ppmi
    ub, s, _ = np.linalg.svd(b, full_matrices=False)
    vecs = (q @ ub[:, :dims]) * np.sqrt(s[:dims])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    labels = [kmeans(vecs, k, rng) for k in ks]
    return {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(vocab)}


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iters: int = 25) -> np.ndarray:
    k = min(k, len(x))
    cent = x[rng.choice(len(x), k, replace=False)].copy()
    lab = np.zeros(len(x), dtype=np.int64)
    for _ in range(iters):
        lab = np.argmax(x @ cent.T, axis=1)  # cosine similarity on unit vectors
        for c in range(k):
            members = x[lab == c]
            if len(members):
                v = members.mean(0)
                cent[c] = v / (np.linalg.norm(v) + 1e-9)
    return lab


def save_clusters(clusters: dict[str, tuple[int, ...]], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for w, ids in clusters.items():
            f.write(w + "\t" + " ".join(map(str, ids)) + "\n")


def load_clusters(path: str | Path) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    p = Path(path)
    if not p.exists():
        return out
    for line in p.read_text(encoding="utf-8").splitlines():
        w, _, ids = line.partition("\t")
        if ids:
            out[w] = tuple(int(x) for x in ids.split())
    return out
