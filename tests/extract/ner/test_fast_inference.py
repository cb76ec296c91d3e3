"""The fast inference path of the Kazakh NER model gives the same tags as the reference path.

Reference: the CRF's marginals from python-crfsuite (one ``marginal`` call per label and token),
the neural tagger's from its own torch CRF (``CRF.marginals``), one sentence at a time, decoded by
``model.viterbi``: what tagging did before the fast path. The fast path batches sentences into one
padded forward pass, scores the CRF in numpy (``fastcrf.py``) and decodes all sentences together."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch

from orken.extract.ner import features as ner_features
from orken.extract.ner.conll import read_conll
from orken.extract.ner.fastcrf import FastCrf
from orken.extract.ner.features import sent2features
from orken.extract.ner.model import NEURAL_WEIGHT, default_model_dir, load_model, viterbi

DATA = Path(__file__).resolve().parents[3] / "data" / "kaznerd" / "IOB2_valid.txt"  # the repository's copy


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def sentences():
    if not DATA.exists():
        pytest.skip("the repository's KazNERD copy (data/kaznerd) is not present")
    sents = [[t for t, _ in s] for s in read_conll(DATA)]
    rng = random.Random(7)
    picked = sents[:150] + rng.sample(sents, 250)
    # places as the pipeline passes them (a few tokens flagged), and sentences of one token
    return picked + [["Астана"], ["."], ["Қазақстан", "Республикасы"]]


def _places(sents):
    rng = random.Random(3)
    return [[rng.choice(["", "", "", "region", "city"]) for _ in s] for s in sents]


def _reference_tags(m, toks, places):
    """Tags the way the model tagged one sentence before the fast path."""
    nn_ = m.neural
    tags = nn_.tags
    x = nn_.batch([nn_.encode(toks, places)])
    with torch.no_grad():
        pn = nn_.net.crf.marginals(nn_.net.emissions(x), x["mask"])[0, :len(toks)].numpy()
    crf = m._crf_marginals(toks, tags, places)  # python-crfsuite, one marginal per call
    p = NEURAL_WEIGHT * pn + (1 - NEURAL_WEIGHT) * crf
    path = viterbi(np.log(p + 1e-9), nn_.net.crf.bad.numpy(), nn_.net.crf.bad_start.numpy())
    return [tags[k] for k in path]


def test_batched_tags_equal_per_sentence_and_reference(model, sentences):
    places = _places(sentences)
    batched = model.tag_many(sentences, places=places)  # all at once: padded batches of 64
    alone = [model.tag_many([s], places=[p])[0] for s, p in zip(sentences, places)]
    assert batched == alone
    reference = [_reference_tags(model, s, p) for s, p in zip(sentences, places)]
    assert batched == reference
    # and with the gazetteer run on the tokens (no places given), as `orken ner tag` does
    assert model.tag_many(sentences[:60]) == [model.tag(s) for s in sentences[:60]]


def test_batch_order_and_empty_sentences(model, sentences):
    sents = sentences[:80]
    mixed = [[]] + sents[::-1] + [[]]
    tags = model.tag_many(mixed)
    assert tags[0] == [] and tags[-1] == []
    assert tags[1:-1] == model.tag_many(sents)[::-1]


def test_fastcrf_marginals_match_crfsuite(model, sentences):
    fc = FastCrf(default_model_dir() / "kk.crfsuite")
    assert fc.labels == list(model.tagger.labels())
    sents = sentences[:120]
    feats = [sent2features(s, model.clusters) for s in sents]
    post = fc.marginals_many([fc.state_scores(f) for f in feats])
    for f, p in zip(feats, post):
        model.tagger.set(f)
        ref = np.array([[model.tagger.marginal(y, i) for y in fc.labels] for i in range(len(f))])
        assert np.abs(ref - p).max() < 1e-9


def test_cached_scorer_mirrors_sent2features(model, sentences):
    fc = FastCrf(default_model_dir() / "kk.crfsuite")
    assert fc.verify(sentences[:5], model.clusters)
    fc._init_cache(model.clusters)
    for s, p in zip(sentences, _places(sentences)):
        ref = fc.state_scores(sent2features(s, model.clusters, p))
        assert np.allclose(fc.fast_scores(s, p), ref, rtol=0, atol=1e-9)


def test_a_feature_change_switches_the_cached_scorer_off(model, sentences, monkeypatch):
    """If features.py gains a feature the cached scorer does not know, the model notices at load
    and tags through the generic path: the tags stay the reference's."""
    real = ner_features.sent2features

    def more(tokens, clusters, places=None):
        out = real(tokens, clusters, places)
        for f in out:
            f["w"] = f["w"] + "x"  # a changed feature
        return out

    monkeypatch.setattr(ner_features, "sent2features", more)
    fc = FastCrf(default_model_dir() / "kk.crfsuite")
    assert not fc.verify(sentences[:5], model.clusters)
    m = load_model()
    assert m._fast_crf() is None
    monkeypatch.setattr("orken.extract.ner.model.sent2features", more)
    sents = sentences[:20]
    places = _places(sents)
    got = m.tag_many(sents, places=places)
    m2 = load_model()
    m2.fast = False  # force the python-crfsuite path with the changed features
    assert got == m2.tag_many(sents, places=places)


def test_emissions_mirror_equals_the_network(model, sentences):
    """The character CNN run once per distinct word gives the network's own emissions."""
    nn_ = model.neural
    with torch.inference_mode():
        for a in range(0, 256, 64):
            batch = sentences[a:a + 64]
            x = nn_._batch_fast(batch, _places(batch))
            assert torch.allclose(nn_._emissions_mirror(x), nn_.net.emissions(x), rtol=0, atol=1e-6)


def test_a_network_the_mirror_does_not_know_is_run_as_it_is(sentences, monkeypatch):
    from orken.extract.ner.neural import NeuralNer
    monkeypatch.setattr(NeuralNer, "_emissions_mirror", lambda self, x: self.net.emissions(x) + 1.0)
    m = load_model()
    sents = sentences[:30]
    got = m.tag_many(sents)
    assert m.neural._fast_emissions_ok is False
    assert got == [_reference_tags(m, s, ner_features._place_flags(s)) for s in sents]
