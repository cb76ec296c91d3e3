from pathlib import Path

import pytest
from typer.testing import CliRunner

from orken.extract.cli import ner_app
from orken.extract.ner.conll import parse_conll, read_conll, split_train_dev
from orken.extract.ner.metrics import score, spans
from orken.extract.ner.model import default_model_dir, load_model, train

DATA = Path(__file__).resolve().parents[3] / "data" / "kaznerd" / "IOB2_valid.txt"
SMALL = """Қасым-Жомарт B-PERSON
Тоқаев I-PERSON
Астанада B-GPE
болды O
. O

Қарағанды B-GPE
облысында I-GPE
100 B-CARDINAL
жоба O
бар O
. O
"""


def test_spans_and_score():
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == {("PER", 0, 2), ("LOC", 3, 4)}
    assert spans(["I-PER", "I-PER"]) == {("PER", 0, 2)}
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    rep = score(gold, pred)
    assert rep["per_class"]["LOC"]["f1"] == 1.0
    assert rep["per_class"]["PER"]["f1"] == 0.0
    assert rep["micro"]["precision"] == pytest.approx(0.5)
    assert rep["micro"]["recall"] == pytest.approx(0.5)


def test_parse_and_split_deterministic():
    sents = parse_conll(SMALL.splitlines())
    assert len(sents) == 2 and sents[0][0] == ("Қасым-Жомарт", "B-PERSON")
    a = split_train_dev(sents * 5)
    b = split_train_dev(sents * 5)
    assert a == b


def test_train_tiny_model(tmp_path):
    sents = parse_conll(SMALL.splitlines()) * 10
    train(sents, tmp_path, params={"max_iterations": 30}, use_clusters=False)
    m = load_model(tmp_path)
    assert m.tag(["Қарағанды", "облысында", "100", "жоба"])[:2] == ["B-GPE", "I-GPE"]


def test_train_tiny_neural_model(tmp_path):
    import torch
    sents = parse_conll(SMALL.splitlines()) * 10
    train(sents, tmp_path, params={"max_iterations": 30}, use_clusters=False, neural=True,
          neural_hp={"max_epochs": 3, "hidden": 16, "word_dim": 16, "stem_dim": 8, "char_filters": 16,
                     "threads": 1})
    assert (tmp_path / "kk_nn.bin").exists()
    m = load_model(tmp_path)
    assert m.neural is not None
    post = m.neural.marginals_many([["Қарағанды", "облысында", "100", "жоба"], []])
    assert torch.allclose(post[0].sum(1), torch.ones(4), atol=1e-4) and len(post[1]) == 0
    tags = m.tag_many([["Қарағанды", "облысында", "100", "жоба"], [], ["Тоқаев"]])
    assert len(tags[0]) == 4 and tags[1] == [] and len(tags[2]) == 1
    # IOB2-constrained decoding never starts an entity with I-
    assert all(not t.startswith("I-") for t in (tags[0][0], tags[2][0]))
    # training the CRF alone into the same folder removes the stale neural file
    train(sents, tmp_path, params={"max_iterations": 5}, use_clusters=False)
    assert not (tmp_path / "kk_nn.bin").exists() and load_model(tmp_path).neural is None


def test_shipped_model_small_and_tags():
    d = default_model_dir()
    size = sum(f.stat().st_size for f in d.iterdir())
    assert size < 50e6
    m = load_model()
    assert m.neural is not None
    tags = m.tag("Президент Қасым-Жомарт Тоқаев Алматы қаласында 5 миллиард теңге бөлді .".split())
    assert tags[1] == "B-PERSON" and tags[2] == "I-PERSON"
    assert tags[3] == "B-GPE"
    assert "B-MONEY" in tags
    assert m.tag([]) == []


@pytest.mark.skipif(not DATA.exists(), reason="KazNERD copy not present")
def test_shipped_model_dev_quality():
    dev = split_train_dev(read_conll(DATA))[1][:300]
    m = load_model()
    rep = score([[g for _, g in s] for s in dev], [m.tag([t for t, _ in s]) for s in dev])
    assert rep["micro"]["f1"] > 0.85


def test_cli_tag_and_eval(tmp_path):
    f = tmp_path / "x.conll"
    f.write_text(SMALL, encoding="utf-8")
    r = CliRunner().invoke(ner_app, ["tag", "--conll", str(f)])
    assert r.exit_code == 0, r.output
    lines = [ln for ln in r.output.splitlines() if ln]
    assert [ln.split()[0] for ln in lines] == [t for s in parse_conll(SMALL.splitlines()) for t, _ in s]
    assert all(ln.split()[1] == "O" or ln.split()[1][:2] in ("B-", "I-") for ln in lines)
    r = CliRunner().invoke(ner_app, ["eval", "--conll", str(f)])
    assert r.exit_code == 0 and "micro avg" in r.output


def test_cli_train_small(tmp_path):
    f = tmp_path / "x.conll"
    f.write_text(SMALL * 20, encoding="utf-8")
    r = CliRunner().invoke(ner_app, ["train", "--data", str(f), "--model-dir", str(tmp_path / "m"),
                                     "--iterations", "10", "--epochs", "1"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "m" / "kk.crfsuite").exists() and (tmp_path / "m" / "kk_nn.bin").exists()


def test_block_split():
    sents = [[(str(i), "O")] for i in range(20)]
    tr, dev = split_train_dev(sents, mode="block")
    assert len(dev) == 2 and dev[-1] == sents[-1] and len(tr) == 18
