"""Compact neural Kazakh NER tagger (PyTorch, CPU): character CNN + word BiLSTM + CRF.

Each token is represented by
  * a lower-cased word embedding (vocabulary: training words seen at least twice),
  * an embedding of its hand-written Kazakh stem (``lemma_kk``), which shares statistics
    between the inflected forms of a name ("Астана/Астанада/Астананың"),
  * a character CNN over the original spelling (case kept), which sees suffixes and
    capitalisation of words never seen in training,
  * small embeddings of the unsupervised word clusters (``clusters.py``), the case/shape
    class, the "inside «quotes»" flag and the gazetteer place type (``features.py``).
A one-layer BiLSTM reads the sentence and a linear-chain CRF with IOB2 constraints
decodes the best tag sequence.

Training is deterministic for a given seed and thread count; early stopping uses a
hash-split slice of the *training* sentences only, never the development data.
Everything needed to tag (vocabularies, clusters, weights) is stored in one file.
"""
from __future__ import annotations

import hashlib
import io
import math
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from orken.extract.lemma_kk import lemma_kk

from .features import _place_flags, _quote_flags

PAD, UNK = 0, 1
MAX_WORD_CHARS = 24

DEFAULT_HP = {
    "word_dim": 100, "stem_dim": 50, "char_dim": 32, "char_filters": 96, "cluster_dim": 16,
    "flag_dim": 8, "hidden": 160, "dropout": 0.5, "word_dropout": 0.05, "lr": 2e-3,
    "batch": 16, "max_epochs": 25, "patience": 4, "seed": 13, "threads": 2,
}


def case_class(tok: str) -> int:
    if tok.isdigit():
        return 2
    if any(c.isdigit() for c in tok):
        return 3
    if not any(c.isalpha() for c in tok):
        return 4
    if tok.isupper() and len(tok) > 1:
        return 5
    if tok[:1].isupper():
        return 6
    if tok.islower():
        return 7
    return 8


GAZ_TYPES = ["", "region", "district", "settlement", "country", "city", "place"]


class Vocab:
    def __init__(self, items: list[str]):
        self.itos = ["<pad>", "<unk>"] + items
        self.stoi = {s: i for i, s in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def get(self, s: str) -> int:
        return self.stoi.get(s, UNK)


class CRF(nn.Module):
    """Linear-chain CRF over emission scores, with forbidden IOB2 transitions."""

    def __init__(self, tags: list[str]):
        super().__init__()
        k = len(tags)
        self.trans = nn.Parameter(torch.zeros(k, k))
        self.start = nn.Parameter(torch.zeros(k))
        self.end = nn.Parameter(torch.zeros(k))
        bad = torch.zeros(k, k)
        bad_start = torch.zeros(k)
        for j, t in enumerate(tags):
            if t.startswith("I-"):
                bad_start[j] = -1e4
                for i, s in enumerate(tags):
                    if s[2:] != t[2:] or s == "O":
                        bad[i, j] = -1e4
        self.register_buffer("bad", bad)
        self.register_buffer("bad_start", bad_start)

    def _tr(self):
        return self.trans + self.bad, self.start + self.bad_start

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood; em B×T×K, tags B×T, mask B×T (bool, prefix)."""
        trans, start = self._tr()
        b, t, _ = em.shape
        ar = torch.arange(b)
        gold = start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
        alpha = start + em[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            gold = gold + torch.where(m, trans[tags[:, i - 1], tags[:, i]] + em[ar, i, tags[:, i]], 0.0)
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, i]
            alpha = torch.where(m.unsqueeze(1), nxt, alpha)
        lengths = mask.sum(1)
        last = tags[ar, lengths - 1]
        gold = gold + self.end[last]
        logz = torch.logsumexp(alpha + self.end, dim=1)
        return (logz - gold).mean()

    @torch.no_grad()
    def marginals(self, em: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Per-token tag posteriors (forward-backward), B×T×K; padding rows are 0."""
        trans, start = self._tr()
        b, t, k = em.shape
        alphas = [start + em[:, 0]]
        for i in range(1, t):
            nxt = torch.logsumexp(alphas[-1].unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, i]
            alphas.append(torch.where(mask[:, i].unsqueeze(1), nxt, alphas[-1]))
        lengths = mask.sum(1)
        betas = [None] * t
        beta = self.end.expand(b, k).clone()
        for i in range(t - 1, -1, -1):
            last = (lengths - 1 == i).unsqueeze(1)
            if i < t - 1:
                step = torch.logsumexp(trans.unsqueeze(0) + (em[:, i + 1] + beta).unsqueeze(1), dim=2)
                beta = torch.where(mask[:, i + 1].unsqueeze(1), step, beta)
            beta = torch.where(last, self.end.expand(b, k), beta)
            betas[i] = beta
        a = torch.stack(alphas, 1)
        bb = torch.stack(betas, 1)
        logz = torch.logsumexp(a[torch.arange(b), lengths - 1] + self.end, dim=1)
        post = torch.exp(a + bb - logz.view(b, 1, 1))
        return post * mask.unsqueeze(2)

    @torch.no_grad()
    def decode(self, em: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        trans, start = self._tr()
        b, t, _ = em.shape
        score = start + em[:, 0]
        back = []
        for i in range(1, t):
            s = score.unsqueeze(2) + trans.unsqueeze(0)
            best, idx = s.max(1)
            nxt = best + em[:, i]
            m = mask[:, i].unsqueeze(1)
            score = torch.where(m, nxt, score)
            back.append(torch.where(m, idx, torch.arange(em.shape[2]).expand_as(idx)))
        score = score + self.end
        out = []
        lengths = mask.sum(1).tolist()
        last = score.argmax(1).tolist()
        for bi in range(b):
            seq = [last[bi]]
            for i in range(lengths[bi] - 2, -1, -1):
                seq.append(int(back[i][bi, seq[-1]]))
            out.append(seq[::-1])
        return out


class Tagger(nn.Module):
    def __init__(self, n_words: int, n_stems: int, n_chars: int, cluster_sizes: list[int],
                 tags: list[str], hp: dict):
        super().__init__()
        self.hp = hp
        self.word = nn.Embedding(n_words, hp["word_dim"], padding_idx=PAD)
        self.stem = nn.Embedding(n_stems, hp["stem_dim"], padding_idx=PAD)
        self.char = nn.Embedding(n_chars, hp["char_dim"], padding_idx=PAD)
        self.conv = nn.Conv1d(hp["char_dim"], hp["char_filters"], kernel_size=3, padding=1)
        self.clus = nn.ModuleList([nn.Embedding(n + 2, hp["cluster_dim"]) for n in cluster_sizes])
        self.case = nn.Embedding(10, hp["flag_dim"])
        self.quote = nn.Embedding(2, 4)
        self.gaz = nn.Embedding(len(GAZ_TYPES), hp["flag_dim"])
        d_in = (hp["word_dim"] + hp["stem_dim"] + hp["char_filters"] + len(cluster_sizes) * hp["cluster_dim"]
                + 2 * hp["flag_dim"] + 4)
        self.drop = nn.Dropout(hp["dropout"])
        self.lstm = nn.LSTM(d_in, hp["hidden"], batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hp["hidden"], len(tags))
        self.crf = CRF(tags)

    def emissions(self, x: dict[str, torch.Tensor]) -> torch.Tensor:
        b, t = x["word"].shape
        ch = self.char(x["chars"].view(b * t, -1)).transpose(1, 2)  # (B·T)×C×L
        ch = torch.relu(self.conv(ch))
        ch = ch.masked_fill((x["chars"].view(b * t, 1, -1) == PAD), -1e4).max(2).values
        ch = torch.where(ch < -1e3, torch.zeros_like(ch), ch).view(b, t, -1)
        parts = [self.word(x["word"]), self.stem(x["stem"]), ch]
        parts += [emb(x["clus"][:, :, i]) for i, emb in enumerate(self.clus)]
        parts += [self.case(x["case"]), self.quote(x["quote"]), self.gaz(x["gaz"])]
        h = self.drop(torch.cat(parts, dim=2))
        lengths = x["mask"].sum(1).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=t)
        return self.out(self.drop(out))


class NeuralNer:
    """Vocabularies + network; ``tag(tokens)`` returns IOB2 tags."""

    def __init__(self, net: Tagger, words: Vocab, stems: Vocab, chars: Vocab, clusters: dict,
                 tags: list[str]):
        self.net, self.words, self.stems, self.chars = net, words, stems, chars
        self.clusters, self.tags = clusters, tags
        self.n_levels = len(net.clus)

    # -- featurisation -------------------------------------------------------------
    def encode(self, tokens: list[str], places: list[str] | None = None) -> dict[str, list]:
        gz = places if places is not None else _place_flags(tokens)
        q = _quote_flags(tokens)
        enc: dict[str, list] = {"word": [], "stem": [], "chars": [], "clus": [], "case": [], "quote": [], "gaz": []}
        for tok, qf, g in zip(tokens, q, gz):
            low = tok.lower()
            enc["word"].append(self.words.get(low))
            enc["stem"].append(self.stems.get(lemma_kk(tok)))
            cs = [self.chars.get(c) for c in tok]
            if len(cs) > MAX_WORD_CHARS:  # keep the start and the suffixes
                half = MAX_WORD_CHARS // 2
                cs = cs[:half] + cs[-half:]
            enc["chars"].append(cs)
            c = self.clusters.get(low)
            enc["clus"].append([x + 2 for x in c] if c else [UNK] * self.n_levels)
            enc["case"].append(case_class(tok))
            enc["quote"].append(int(qf))
            enc["gaz"].append(GAZ_TYPES.index(g) if g in GAZ_TYPES else len(GAZ_TYPES) - 1)
        return enc

    def batch(self, encs: list[dict]) -> dict[str, torch.Tensor]:
        b = len(encs)
        t = max(len(e["word"]) for e in encs)
        lmax = max(len(c) for e in encs for c in e["chars"])
        x = {k: torch.zeros(b, t, dtype=torch.long) for k in ("word", "stem", "case", "quote", "gaz")}
        x["chars"] = torch.zeros(b, t, lmax, dtype=torch.long)
        x["clus"] = torch.zeros(b, t, self.n_levels, dtype=torch.long)
        x["mask"] = torch.zeros(b, t, dtype=torch.bool)
        for i, e in enumerate(encs):
            n = len(e["word"])
            for k in ("word", "stem", "case", "quote", "gaz"):
                x[k][i, :n] = torch.tensor(e[k])
            x["clus"][i, :n] = torch.tensor(e["clus"])
            for j, cs in enumerate(e["chars"]):
                x["chars"][i, j, :len(cs)] = torch.tensor(cs)
            x["mask"][i, :n] = True
        return x

    # -- inference -----------------------------------------------------------------
    @torch.no_grad()
    def tag_encoded(self, encs: list[dict]) -> list[list[str]]:
        self.net.eval()
        x = self.batch(encs)
        paths = self.net.crf.decode(self.net.emissions(x), x["mask"])
        return [[self.tags[k] for k in p] for p in paths]

    def marginals_many(self, sents: list[list[str]], batch_size: int = 64,
                       places: list[list[str]] | None = None) -> list[torch.Tensor]:
        """Tag posteriors (len×K, columns in ``self.tags`` order) for each sentence."""
        return [torch.from_numpy(p).float() for p in self.marginals64(sents, batch_size, places)]

    def marginals64(self, sents: list[list[str]], batch_size: int = 64,
                    places: list[list[str]] | None = None) -> list[np.ndarray]:
        """Tag posteriors (len×K float64 numpy arrays, columns in ``self.tags`` order) for each sentence.

        Inference only: the sentences are sorted by length and run ``batch_size`` at a time through
        one padded forward pass each (the packed BiLSTM reads each sentence alone, so the padding and
        the batch's other sentences change nothing); the words' encodings are cached, and the CRF's
        forward-backward is ``fastcrf.forward_backward`` (float64)."""
        from .fastcrf import forward_backward
        self.net.eval()
        k = len(self.tags)
        out: list = [np.zeros((0, k))] * len(sents)
        order = sorted((i for i in range(len(sents)) if sents[i]), key=lambda i: len(sents[i]))
        crf = self.net.crf
        if not hasattr(self, "_exp_trans"):
            trans, start = crf._tr()
            self._exp_trans = np.exp(trans.detach().double().numpy())
            self._start = start.detach().double().numpy()
            self._end = crf.end.detach().double().numpy()
        with torch.inference_mode():
            for a in range(0, len(order), batch_size):
                idx = order[a:a + batch_size]
                x = self._batch_fast([sents[i] for i in idx], [places[i] if places is not None else None for i in idx])
                em = self._emissions(x).double().numpy()
                post = forward_backward([em[r, :len(sents[i])] for r, i in enumerate(idx)], self._exp_trans,
                                        self._start, self._end)
                for r, i in enumerate(idx):
                    out[i] = post[r]
        return out

    def _emissions(self, x: dict[str, torch.Tensor]) -> torch.Tensor:
        """``net.emissions(x)`` at inference, with the character CNN run once per distinct word of the
        batch and over groups of words of similar length (not every padded position of every token).
        Checked against ``net.emissions`` on a probe batch first; if the network is not the one this
        mirrors (a changed architecture), ``net.emissions`` is used."""
        if getattr(self, "_fast_emissions_ok", None) is None:
            self._fast_emissions_ok = False
            try:
                probe = self._batch_fast([["Қарағанды", "облысында", "«", "Сыр", "Цемент", "»", "ЖШС", "42", "млрд"],
                                          ["Тоқаев", "Астанада", "болды", "."], ["Жоба"]], [None, None, None])
                ref = self.net.emissions(probe)
                self._fast_emissions_ok = bool(torch.allclose(self._emissions_mirror(probe), ref, rtol=0, atol=1e-4))
            except Exception:  # noqa: BLE001 - any mismatch of the mirror means: use the network's own
                self._fast_emissions_ok = False
        return self._emissions_mirror(x) if self._fast_emissions_ok else self.net.emissions(x)

    def _emissions_mirror(self, x: dict[str, torch.Tensor]) -> torch.Tensor:
        net = self.net
        b, t = x["word"].shape
        chars = x["chars"].view(b * t, -1)
        real = x["mask"].view(-1).nonzero().squeeze(1)
        uniq, inverse = torch.unique(chars[real], dim=0, return_inverse=True)
        lens = (uniq != PAD).sum(1)
        order = torch.argsort(lens, stable=True)
        vecs = torch.zeros(len(uniq), net.conv.out_channels)
        width = chars.shape[1]
        for a in range(0, len(order), 256):
            rows = order[a:a + 256]
            n = min(width, int(lens[rows].max()) + 1)  # one PAD column after the longest word, as in the batch
            c = uniq[rows, :n]
            h = torch.relu(net.conv(net.char(c).transpose(1, 2)))
            h = h.masked_fill((c == PAD).unsqueeze(1), -1e4).max(2).values
            vecs[rows] = torch.where(h < -1e3, torch.zeros_like(h), h)
        ch = torch.zeros(b * t, net.conv.out_channels)
        ch[real] = vecs[inverse]
        ch = ch.view(b, t, -1)
        parts = [net.word(x["word"]), net.stem(x["stem"]), ch]
        parts += [emb(x["clus"][:, :, i]) for i, emb in enumerate(net.clus)]
        parts += [net.case(x["case"]), net.quote(x["quote"]), net.gaz(x["gaz"])]
        h = torch.cat(parts, dim=2)
        lengths = x["mask"].sum(1).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        out, _ = net.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=t)
        return net.out(out)

    def _word_code(self, tok: str) -> tuple:
        """(word id, stem id, character ids, cluster ids, case class) of a token: what ``encode``
        computes for it, cached (inference only)."""
        cache = self.__dict__.setdefault("_codes", {})
        got = cache.get(tok)
        if got is None:
            if len(cache) > 200_000:
                cache.clear()
            low = tok.lower()
            cs = [self.chars.get(c) for c in tok]
            if len(cs) > MAX_WORD_CHARS:  # keep the start and the suffixes
                half = MAX_WORD_CHARS // 2
                cs = cs[:half] + cs[-half:]
            c = self.clusters.get(low)
            got = (self.words.get(low), self.stems.get(lemma_kk(tok)), cs,
                   [x + 2 for x in c] if c else [UNK] * self.n_levels, case_class(tok))
            cache[tok] = got
        return got

    def _batch_fast(self, sents: list[list[str]], places: list) -> dict[str, torch.Tensor]:
        """``batch([encode(s, p) ...])`` built with numpy from cached word codes (same tensors)."""
        b = len(sents)
        t = max(len(s) for s in sents)
        codes = [[self._word_code(tok) for tok in s] for s in sents]
        lmax = max(len(c[2]) for cs in codes for c in cs)
        ints = np.zeros((5, b, t), dtype=np.int64)  # word, stem, case, quote, gaz
        chars = np.zeros((b, t, lmax), dtype=np.int64)
        clus = np.zeros((b, t, self.n_levels), dtype=np.int64)
        mask = np.zeros((b, t), dtype=bool)
        n_gaz = len(GAZ_TYPES)
        for i, (s, cs, pl) in enumerate(zip(sents, codes, places)):
            n = len(s)
            gz = pl if pl is not None else _place_flags(s)
            ints[0, i, :n] = [c[0] for c in cs]
            ints[1, i, :n] = [c[1] for c in cs]
            ints[2, i, :n] = [c[4] for c in cs]
            ints[3, i, :n] = _quote_flags(s)
            ints[4, i, :n] = [GAZ_TYPES.index(g) if g in GAZ_TYPES else n_gaz - 1 for g in gz]
            if self.n_levels:
                clus[i, :n] = [c[3] for c in cs]
            for j, c in enumerate(cs):
                chars[i, j, :len(c[2])] = c[2]
            mask[i, :n] = True
        x = {k: torch.from_numpy(ints[n]) for n, k in enumerate(("word", "stem", "case", "quote", "gaz"))}
        x["chars"] = torch.from_numpy(chars)
        x["clus"] = torch.from_numpy(clus)
        x["mask"] = torch.from_numpy(mask)
        return x

    def tag_many(self, sents: list[list[str]], batch_size: int = 64) -> list[list[str]]:
        out: list[list[str] | None] = [None] * len(sents)
        order = sorted((i for i in range(len(sents)) if sents[i]), key=lambda i: len(sents[i]))
        for a in range(0, len(order), batch_size):
            idx = order[a:a + batch_size]
            for i, tags in zip(idx, self.tag_encoded([self.encode(sents[i]) for i in idx])):
                out[i] = tags
        return [o if o is not None else [] for o in out]

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.tag_many([tokens])[0]

    # -- persistence ---------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        state = {k: v.half() if v.is_floating_point() and k != "crf.bad" and k != "crf.bad_start" else v
                 for k, v in self.net.state_dict().items()}
        blob = {"format": 1, "hp": self.net.hp, "tags": self.tags, "words": self.words.itos[2:],
                "stems": self.stems.itos[2:], "chars": self.chars.itos[2:],
                "clusters": self.clusters, "cluster_sizes": [m.num_embeddings - 2 for m in self.net.clus],
                "state": state}
        buf = io.BytesIO()
        torch.save(blob, buf)
        Path(path).write_bytes(buf.getvalue())


def load_neural(path: str | Path, threads: int | None = None) -> NeuralNer:
    blob = torch.load(io.BytesIO(Path(path).read_bytes()), map_location="cpu", weights_only=True)
    if threads:
        torch.set_num_threads(threads)
    words, stems, chars = Vocab(blob["words"]), Vocab(blob["stems"]), Vocab(blob["chars"])
    net = Tagger(len(words), len(stems), len(chars), blob["cluster_sizes"], blob["tags"], blob["hp"])
    net.load_state_dict({k: v.float() for k, v in blob["state"].items()})
    net.eval()
    clusters = {w: tuple(c) for w, c in blob["clusters"].items()}
    return NeuralNer(net, words, stems, chars, clusters, blob["tags"])


def _stable_bucket(sent: list[tuple[str, str]], salt: str = "es") -> int:
    key = (salt + " ".join(t for t, _ in sent)).encode("utf-8")
    return int(hashlib.sha1(key).hexdigest()[:8], 16) % 10


def train_neural(train_sents: list[list[tuple[str, str]]], clusters: dict, path: str | Path, *,
                 hp: dict | None = None, verbose: bool = False, log=print) -> dict:
    """Train on ``train_sents`` (1 in 10 of them, by a salted hash, is held out for early
    stopping) and save the best epoch's model to ``path``. Returns a summary dict."""
    from .metrics import score

    hp = {**DEFAULT_HP, **(hp or {})}
    torch.manual_seed(hp["seed"])
    random.seed(hp["seed"])
    torch.set_num_threads(hp["threads"])
    t0 = time.time()
    stop = [s for s in train_sents if _stable_bucket(s) == 0]
    fit = [s for s in train_sents if _stable_bucket(s) != 0] or list(train_sents)
    if not stop:
        stop = fit[: max(1, len(fit) // 10)]
    wc = Counter(t.lower() for s in fit for t, _ in s)
    sc = Counter(lemma_kk(t) for s in fit for t, _ in s)
    cc = Counter(c for s in fit for t, _ in s for c in t)
    tags = ["O"] + sorted({g for s in train_sents for _, g in s} - {"O"})
    words = Vocab(sorted(w for w, c in wc.items() if c >= 2))
    stems = Vocab(sorted(w for w, c in sc.items() if c >= 2))
    chars = Vocab(sorted(c for c, n in cc.items() if n >= 2))
    n_levels = len(next(iter(clusters.values()))) if clusters else 0
    sizes = [max((c[i] for c in clusters.values()), default=0) + 1 for i in range(n_levels)]
    net = Tagger(len(words), len(stems), len(chars), sizes, tags, hp)
    model = NeuralNer(net, words, stems, chars, clusters, tags)
    ti = {t: i for i, t in enumerate(tags)}
    fit_enc = [(model.encode([t for t, _ in s]), [ti.get(g, 0) for _, g in s]) for s in fit]
    stop_enc = [model.encode([t for t, _ in s]) for s in stop]
    stop_gold = [[g for _, g in s] for s in stop]
    opt = torch.optim.Adam(net.parameters(), lr=hp["lr"])
    best, best_state, bad_epochs, history = -1.0, None, 0, []
    rng = random.Random(hp["seed"])
    for epoch in range(hp["max_epochs"]):
        net.train()
        # length-bucketed shuffled batches
        idx = list(range(len(fit_enc)))
        rng.shuffle(idx)
        chunks = [sorted(idx[a:a + hp["batch"] * 50], key=lambda i: len(fit_enc[i][1]))
                  for a in range(0, len(idx), hp["batch"] * 50)]
        batches = [c[a:a + hp["batch"]] for c in chunks for a in range(0, len(c), hp["batch"])]
        rng.shuffle(batches)
        total = 0.0
        for bt in batches:
            x = model.batch([fit_enc[i][0] for i in bt])
            if hp["word_dropout"]:
                drop = torch.rand(x["word"].shape) < hp["word_dropout"]
                x["word"] = x["word"].masked_fill(drop & x["mask"], UNK)
                drop = torch.rand(x["stem"].shape) < hp["word_dropout"]
                x["stem"] = x["stem"].masked_fill(drop & x["mask"], UNK)
            y = torch.zeros_like(x["word"])
            for r, i in enumerate(bt):
                y[r, :len(fit_enc[i][1])] = torch.tensor(fit_enc[i][1])
            loss = net.crf.nll(net.emissions(x), y, x["mask"])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        pred = []
        for a in range(0, len(stop_enc), 64):
            pred.extend(model.tag_encoded(stop_enc[a:a + 64]))
        f1 = score(stop_gold, pred)["micro"]["f1"]
        history.append(round(f1, 4))
        if verbose:
            log(f"epoch {epoch + 1}: loss {total / max(1, len(batches)):.3f} early-stop F1 {f1:.4f} "
                f"({time.time() - t0:.0f}s)")
        if f1 > best:
            best, bad_epochs = f1, 0
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            bad_epochs += 1
            if bad_epochs >= hp["patience"]:
                break
    if best_state is not None:
        net.load_state_dict(best_state)
    model.save(path)
    return {"early_stop_f1": best, "epochs": len(history), "history": history,
            "seconds": time.time() - t0, "fit": len(fit), "stop": len(stop),
            "best_epoch": history.index(max(history)) + 1 if history else 0, "isfinite": math.isfinite(best)}
