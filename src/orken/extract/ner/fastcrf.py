"""Fast inference for the shipped CRF (``kk.crfsuite``): the same model, read directly, scored in numpy.

python-crfsuite gives one marginal per Python call (``Tagger.marginal(label, pos)``), which cost
50 calls per token; here the model file's weights are read once (exact doubles: the file's
feature table, not the 6-decimal text dump) and every sentence's state scores and tag posteriors
come from a few array operations. The feature dicts are still made by ``features.sent2features``
(one definition of the features, shared with training); they are mapped to attributes the way
python-crfsuite maps them (``{"k": "v"}`` -> attribute ``k:v`` weight 1, ``{"k": x}`` -> ``k`` weight x).

``forward_backward`` is the batched exp-space forward-backward both the CRF and the neural tagger's
CRF use (per-token posteriors of a linear-chain CRF, float64)."""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


def _cqdb(buf: bytes, off: int) -> list[str | None]:
    """The strings of a CQDB string<->id database (crfsuite's label and attribute tables), by id."""
    if buf[off:off + 4] != b"CQDB":
        raise ValueError("not a crfsuite model (no CQDB chunk)")
    _size, _flag, _order, bwd_size, bwd_off = struct.unpack_from("<5I", buf, off + 4)
    refs = struct.unpack_from(f"<{bwd_size}I", buf, off + bwd_off)
    out: list[str | None] = []
    for i, roff in enumerate(refs):
        if roff == 0:
            out.append(None)
            continue
        rid, ksize = struct.unpack_from("<2I", buf, off + roff)
        if rid != i:
            raise ValueError("corrupt crfsuite string table")
        out.append(buf[off + roff + 8: off + roff + 8 + ksize - 1].decode("utf-8"))
    return out


_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")])


class FastCrf:
    """A crfsuite CRF1d model's weights: ``W[attribute, label]`` and ``trans[label, label]``."""

    def __init__(self, path: str | Path):
        buf = Path(path).read_bytes()
        magic, _size, kind, _ver, _nf, n_labels, n_attrs, off_f, off_l, off_a, _lr, _ar = \
            struct.unpack_from("<4sI4s9I", buf, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"{path}: not a crfsuite CRF1d model")
        self.labels = _cqdb(buf, off_l)[:n_labels]
        attrs = _cqdb(buf, off_a)[:n_attrs]
        self.attr_index = {a: i for i, a in enumerate(attrs) if a is not None}
        if buf[off_f:off_f + 4] != b"FEAT":
            raise ValueError(f"{path}: no feature table")
        _fsize, fnum = struct.unpack_from("<2I", buf, off_f + 4)
        feats = np.frombuffer(buf, dtype=_FEATURE, count=fnum, offset=off_f + 12)
        k = len(self.labels)
        self.W = np.zeros((n_attrs + 1, k))  # the last row: unknown attributes (zeros)
        st = feats[feats["type"] == 0]
        np.add.at(self.W, (st["src"].astype(np.int64), st["dst"].astype(np.int64)), st["w"])
        self.trans = np.zeros((k, k))
        tr = feats[feats["type"] == 1]
        np.add.at(self.trans, (tr["src"].astype(np.int64), tr["dst"].astype(np.int64)), tr["w"])
        self.unknown = n_attrs
        self._exp_trans = np.exp(self.trans)

    def state_scores(self, feats: list[dict]) -> np.ndarray:
        """len×K state scores of one sentence's feature dicts (``sent2features`` output)."""
        idx: list[int] = []
        val: list[float] = []
        starts: list[int] = []
        get, unknown = self.attr_index.get, self.unknown
        for f in feats:
            starts.append(len(idx))
            for key, v in f.items():
                if v.__class__ is str:
                    a = get(key + ":" + v, unknown)
                    x = 1.0
                else:
                    a = get(key, unknown)
                    x = float(v)
                idx.append(a)
                val.append(x)
        if not feats:
            return np.zeros((0, self.W.shape[1]))
        rows = self.W[idx]  # unknown attributes point at the zero row
        rows *= np.asarray(val)[:, None]
        if len(idx) == 0:
            return np.zeros((len(feats), self.W.shape[1]))
        out = np.add.reduceat(rows, np.minimum(starts, len(idx) - 1), axis=0)
        ends = starts[1:] + [len(idx)]
        empty = [i for i, (a, b) in enumerate(zip(starts, ends)) if a == b]
        if empty:
            out[empty] = 0.0
        return out

    # -- the cached scorer -------------------------------------------------------------------------
    # ``sent2features`` makes, per token, the token's own features (``token_features``: they depend on
    # the word alone), copies of a few of them from the +-2 neighbours, the quote and place flags,
    # BOS/EOS/pad marks and two word bigrams. The weight sum of a word's own features and of its
    # features as seen from each neighbour offset is computed once per word and kept in ``_rows``;
    # a sentence's scores are then one gather and sum. ``verify`` checks this against the generic
    # path on probe sentences when the model is loaded (a change to ``features.py`` that the
    # mirror does not follow switches it off, it never changes a tag).
    CTX_OFFSETS = (-2, -1, 1, 2)
    CTX_KEYS = ("w", "st", "ss", "s3", "c0", "c1", "c2", "t")  # of features.sent2features' keep_ctx, minus q/gz
    WIDTH = 20
    MAX_WORDS = 12_000

    def _init_cache(self, clusters: dict) -> None:
        self.clusters = clusters
        self._table = np.zeros((self.W.shape[0] * 2, self.W.shape[1]))  # W, then cached word rows
        self._table[:self.W.shape[0]] = self.W
        self._n = self.W.shape[0]
        self._word_rows: dict[str, tuple] = {}
        self._base: dict[str, dict] = {}
        a = self.attr_index.get
        u = self.unknown
        self._bias = a("bias", u)
        self._bos, self._eos, self._q = a("BOS", u), a("EOS", u), a("q", u)
        self._pad = {off: a(f"{off}:pad", u) for off in self.CTX_OFFSETS}
        self._ctx_q = {off: a(f"{off}:q", u) for off in self.CTX_OFFSETS}

    def _word(self, tok: str) -> tuple[int, str]:
        """(first of the word's 5 cached rows: own features + bias, then its features as seen from
        offsets -2, -1, 1, 2; its lower-cased form for the bigrams)."""
        got = self._word_rows.get(tok)
        if got is not None:
            return got
        from .features import token_features
        base = token_features(tok, self.clusters)
        get, unknown = self.attr_index.get, self.unknown
        idx: list[int] = []
        val: list[float] = []
        starts = []
        groups = [list(base.items()) + [("bias", 1.0)]]
        groups += [[(f"{off}:{k}", base[k]) for k in self.CTX_KEYS if k in base] for off in self.CTX_OFFSETS]
        for items in groups:
            starts.append(len(idx))
            idx.append(unknown)  # every group has at least the zero row
            val.append(0.0)
            for key, x in items:
                if x.__class__ is str:
                    idx.append(get(key + ":" + x, unknown))
                    val.append(1.0)
                else:
                    idx.append(get(key, unknown))
                    val.append(float(x))
        vecs = np.add.reduceat(self.W[idx] * np.asarray(val)[:, None], starts, axis=0)
        first = self._n
        if first + 5 > len(self._table):
            grown = np.zeros((len(self._table) * 2, self.W.shape[1]))
            grown[:first] = self._table[:first]
            self._table = grown
        self._table[first:first + 5] = vecs
        self._n = first + 5
        got = (first, base["w"])
        self._word_rows[tok] = got
        return got

    def fast_scores(self, tokens: list[str], places: list[str]) -> np.ndarray:
        """The same len×K state scores as ``state_scores(sent2features(tokens, clusters, places))``."""
        from .features import _quote_flags
        n = len(tokens)
        if not n:
            return np.zeros((0, self.W.shape[1]))
        if len(self._word_rows) > self.MAX_WORDS:  # bound the cache (5 rows of K doubles a word)
            self._init_cache(self.clusters)
        words = [self._word(t) for t in tokens]
        get, u = self.attr_index.get, self.unknown
        first = np.fromiter((w[0] for w in words), dtype=np.int64, count=n)
        quote = np.asarray(_quote_flags(tokens), dtype=bool)
        gz = np.asarray([get("gz:" + p, u) if p else u for p in places], dtype=np.int64)
        cols = [first, np.where(quote, self._q, u), gz]
        pos = np.arange(n)
        cols.append(np.where(pos == 0, self._bos, u))
        cols.append(np.where(pos == n - 1, self._eos, u))
        for k, off in enumerate(self.CTX_OFFSETS):
            j = pos + off
            ok = (j >= 0) & (j < n)
            jj = np.clip(j, 0, n - 1)
            cols.append(np.where(ok, first[jj] + 1 + k, self._pad[off]))
            cols.append(np.where(ok & quote[jj], self._ctx_q[off], u))
            gzc = np.asarray([get(f"{off}:gz:" + p, u) if p else u for p in places], dtype=np.int64)
            cols.append(np.where(ok, gzc[jj], u))
        low = [w[1] for w in words]
        pairs = [get("-1w|w:" + a + "|" + b, u) for a, b in zip(low, low[1:])]
        cols.append(np.asarray([u] + pairs, dtype=np.int64))
        cols.append(np.asarray([get("w|+1w:" + a + "|" + b, u) for a, b in zip(low, low[1:])] + [u], dtype=np.int64))
        return self._table[np.stack(cols, axis=1)].sum(1)

    def verify(self, probes: list[list[str]], clusters: dict) -> bool:
        """True when the cached scorer gives the generic path's scores on ``probes``."""
        from .features import sent2features
        self._init_cache(clusters)
        for toks in probes:
            places = [""] * len(toks)
            if len(toks) > 2:
                places[1] = "region"
            ref = self.state_scores(sent2features(toks, clusters, places))
            if ref.shape != (len(toks), self.W.shape[1]) or not np.allclose(self.fast_scores(toks, places), ref,
                                                                              rtol=0, atol=1e-9):
                return False
        return True

    def marginals_many(self, scores: list[np.ndarray]) -> list[np.ndarray]:
        """Per-token posteriors (len×K) of each sentence's state scores; empty sentences give 0×K."""
        return forward_backward(scores, self._exp_trans)


def forward_backward(scores: list[np.ndarray], exp_trans: np.ndarray, start: np.ndarray | None = None,
                     end: np.ndarray | None = None) -> list[np.ndarray]:
    """Posteriors p(y_t = k | x) of a linear-chain CRF for a batch of sentences, in float64.

    ``scores``: one len×K array of emission (state) scores per sentence; ``exp_trans``: exp of the
    K×K transition scores; ``start``/``end``: optional K start/end scores. Computed in exp space with
    a per-row shift and per-step normalisation (as crfsuite does), all sentences padded into one
    B×T×K array, so the cost is T small matrix products whatever the batch size."""
    k = exp_trans.shape[0]
    lens = [len(s) for s in scores]
    live = [i for i, n in enumerate(lens) if n]
    out = [np.zeros((0, k)) for _ in scores]
    if not live:
        return out
    b, t = len(live), max(lens[i] for i in live)
    em = np.zeros((b, t, k))
    for r, i in enumerate(live):
        em[r, :lens[i]] = scores[i]
    em -= em.max(axis=2, keepdims=True)  # a per-token constant does not change the posteriors
    ex = np.exp(em)
    n = np.asarray([lens[i] for i in live])
    alpha = np.empty((b, t, k))
    a = ex[:, 0] * (np.exp(start - start.max()) if start is not None else 1.0)
    alpha[:, 0] = a / a.sum(1, keepdims=True)
    for i in range(1, t):
        a = (alpha[:, i - 1] @ exp_trans) * ex[:, i]
        alpha[:, i] = a / a.sum(1, keepdims=True)
    beta = np.empty((b, t, k))
    last = np.exp(end - end.max()) if end is not None else np.ones(k)
    bcur = np.broadcast_to(last, (b, k)).copy()
    beta[:, t - 1] = bcur
    for i in range(t - 2, -1, -1):
        step = (ex[:, i + 1] * bcur) @ exp_trans.T
        step /= step.sum(1, keepdims=True)
        bcur = np.where((i >= n - 1)[:, None], last, step)
        beta[:, i] = bcur
    post = alpha * beta
    post /= post.sum(2, keepdims=True)
    for r, i in enumerate(live):
        out[i] = post[r, :lens[i]]
    return out
