"""CRF features for Kazakh NER: word, hand-written stem, affixes, shape, unsupervised
clusters, and a +-2 token window."""
from __future__ import annotations

import re

from orken.extract.lemma_kk import lemma_kk

_SHAPE_SUBS = [(re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]"), "X"), (re.compile(r"[a-zа-яёәғқңөұүһі]"), "x"),
               (re.compile(r"\d"), "d")]


def shape(tok: str) -> str:
    s = tok
    for rx, rep in _SHAPE_SUBS:
        s = rx.sub(rep, s)
    return s


def short_shape(tok: str) -> str:
    return re.sub(r"(.)\1+", r"\1", shape(tok))


def token_features(tok: str, clusters: dict) -> dict[str, float | str]:
    low = tok.lower()
    f: dict = {
        "w": low,
        "st": lemma_kk(tok),
        "ss": short_shape(tok),
        "sh": shape(tok)[:8],
        "t": tok[:1].isupper(),
        "u": tok.isupper() and len(tok) > 1,
        "d": tok.isdigit(),
        "hd": any(c.isdigit() for c in tok),
        "len": str(min(len(tok), 10)),
    }
    for n in (1, 2, 3, 4, 5):
        if len(low) > n:
            f[f"p{n}"] = low[:n]
            f[f"s{n}"] = low[-n:]
    c = clusters.get(low)
    if c:
        for i, cid in enumerate(c):
            f[f"c{i}"] = str(cid)
    return f


_OPEN = {"«", "“", "„"}
_CLOSE = {"»", "”"}


def _quote_flags(tokens: list[str]) -> list[bool]:
    """True for tokens inside «...» (names of works, companies, projects)."""
    flags, inside = [], False
    for t in tokens:
        if t in _OPEN or (t == '"' and not inside):
            inside = True
            flags.append(False)
            continue
        if t in _CLOSE or (t == '"' and inside):
            inside = False
            flags.append(False)
            continue
        flags.append(inside)
    return flags


def _place_flags(tokens: list[str]) -> list[str]:
    """Gazetteer type (region/district/settlement/country) of tokens that name a place."""
    from orken.extract.gazetteer import find_locations
    from orken.extract.tokenize import tokenize_text
    flags = [""] * len(tokens)
    offs, pos = [], 0
    for t in tokens:
        offs.append(pos)
        pos += len(t) + 1
    toks = tokenize_text(" ".join(tokens))
    if len(toks) != len(tokens):
        return flags
    for e in find_locations(toks):
        for k, o in enumerate(offs):
            if e.start <= o < e.end:
                flags[k] = e.type or "place"
    return flags


def sent2features(tokens: list[str], clusters: dict, places: list[str] | None = None) -> list[dict]:
    """CRF features of a sentence; ``places`` is the gazetteer type per token when the caller has the
    places already (the pipeline's ``spans["places"]``), else the gazetteer is run on ``tokens``."""
    base = [token_features(t, clusters) for t in tokens]
    for f, q, pl in zip(base, _quote_flags(tokens), places if places is not None else _place_flags(tokens)):
        if q:
            f["q"] = True
        if pl:
            f["gz"] = pl
    n = len(tokens)
    out = []
    keep_ctx = ("w", "st", "ss", "s3", "c0", "c1", "c2", "t", "q", "gz")
    for i in range(n):
        f = dict(base[i])
        f["bias"] = 1.0
        if i == 0:
            f["BOS"] = True
        if i == n - 1:
            f["EOS"] = True
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                for k in keep_ctx:
                    if k in base[j]:
                        f[f"{off}:{k}"] = base[j][k]
            else:
                f[f"{off}:pad"] = True
        if i > 0:
            f["-1w|w"] = base[i - 1]["w"] + "|" + base[i]["w"]
        if i < n - 1:
            f["w|+1w"] = base[i]["w"] + "|" + base[i + 1]["w"]
        out.append(f)
    return out
