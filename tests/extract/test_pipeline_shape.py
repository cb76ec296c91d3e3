"""The pipeline's shape: named components with requirements, spans on the Doc, exact values,
the status cue in the output, NER on the pipeline's own tokens and places, a loud missing model."""
from decimal import Decimal

import pytest

from orken.extract.doc import Doc
from orken.extract.pipeline import Pipeline, extract_all, extract_facts

KK = ("Түркістан облысында «Оңтүстік Тас» ЖШС жаңа кірпіш зауытын салып жатыр. Жобаның құны 2 трлн 340 млрд теңге. "
      "Кәсіпорын 1,05 млрд теңге салық төлейді.")


def PipelineError():  # imported late, so that each test fails on its own on code without a registry
    from orken.extract.components import PipelineError
    return PipelineError


def test_the_default_pipeline_is_a_named_list_of_registered_components():
    from orken.extract.pipeline import DEFAULT_PIPELINE
    pipe = Pipeline()
    assert pipe.names == list(DEFAULT_PIPELINE) == ["sentences", "tokenizer", "lemmatizer", "quantities",
                                                     "gazetteer", "ner", "facts", "records"]
    info = {c.name: c for c in pipe.components}
    assert info["tokenizer"].requires == ("doc.sentences",) and info["tokenizer"].assigns == ("doc.tokens",)
    assert "spans.places" in info["gazetteer"].assigns and "spans.places" in info["ner"].requires
    assert {"spans.quantities", "spans.places"} <= set(info["facts"].requires)
    assert info["records"].assigns == ("data.records",)
    for c in pipe.components:  # every requirement is assigned by a component before it
        before = {a for d in pipe.components[:pipe.components.index(c)] for a in d.assigns}
        assert set(c.requires) <= before, c.name


def test_components_are_disabled_by_name():
    pipe = Pipeline(disable=["ner"])
    assert "ner" not in pipe.names and pipe.names[-1] == "records"
    assert Pipeline(ner=False).names == pipe.names
    doc = pipe("Зауыттың құны 5 млрд теңге.", "kk")
    assert "entities" not in doc.spans  # nobody assigned them
    assert [f.value for f in doc.facts] == [Decimal("5000000000")]
    with pytest.raises(PipelineError(), match="no pipeline component named 'nerr'"):
        Pipeline(disable=["nerr"])


def test_a_missing_requirement_is_an_error_when_the_pipeline_is_built():
    with pytest.raises(PipelineError(), match="'ner' requires spans.quantities"):
        Pipeline(disable=["quantities"])
    with pytest.raises(PipelineError(), match="'facts' requires .*spans.quantities"):
        Pipeline(disable=["ner", "quantities"])
    with pytest.raises(PipelineError(), match="requires doc.sentences"):
        Pipeline(["tokenizer"])
    with pytest.raises(PipelineError(), match="no pipeline component named"):
        Pipeline(["sentences", "no-such-thing"])


def test_a_new_component_adds_spans_without_a_new_doc_field():
    from orken.extract import components
    from orken.extract.components import component
    from orken.extract.doc import Span

    @component("test_money_words", requires=("doc.tokens",), assigns=("spans.money_words",))
    def money_words(doc: Doc) -> Doc:
        doc.spans["money_words"] = [Span(t.start, t.end, "MONEY_WORD", t.text, tok_start=k, tok_end=k + 1)
                                    for k, t in enumerate(doc.tokens) if t.text.lower() == "теңге"]
        return doc
    try:
        pipe = Pipeline(["sentences", "tokenizer", "test_money_words"])
        doc = pipe(KK, "kk")
        assert [s.text for s in doc.spans["money_words"]] == ["теңге", "теңге"]
        latin = pipe("Jobanyñ qūny 5 mlrd teñge.", "kk")  # offsets of any component's spans map back
        assert [s.text for s in latin.spans["money_words"]] == ["teñge"]
    finally:
        components.REGISTRY.pop("test_money_words")


def test_places_quantities_years_and_entities_are_spans_over_the_tokens():
    doc = Pipeline()(KK + " 2024 жылы іске қосылады.", "kk")
    for name in ("places", "quantities", "years", "entities", "facts"):
        assert doc.spans[name], name
        for sp in doc.spans[name]:
            assert doc.text[sp.start:sp.end] == sp.text
            if name != "entities":  # NER and gazetteer spans start on a token
                assert doc.tokens[sp.tok_start].start == sp.start, (name, sp)
    place = doc.spans["places"][0]
    assert place.text == "Түркістан облысында" and doc.tokens[place.tok_end - 1].end == place.end
    assert [y.year for y in doc.spans["years"]] == [2024]


def test_values_are_exact_decimals_from_the_first_number_parsed():
    facts = {f["text"]: f for f in extract_facts(KK, "kk", exact=True)}
    assert facts["2 трлн 340 млрд теңге"]["value"] == Decimal("2340000000000")
    assert facts["1,05 млрд теңге"]["value"] == Decimal("1050000000")
    assert all(type(f["value"]) is Decimal for f in facts.values())
    ru = extract_all("Стоимость проекта составит 0,1 млрд тенге, мощность — 1,1–1,3 млн тонн в год.", "ru",
                     exact=True)["facts"]
    assert {(f["value"], f.get("value_max")) for f in ru} == {(Decimal("100000000"), None),
                                                             (Decimal("1100000"), Decimal("1300000"))}
    # the JSON contract still writes plain numbers
    assert {f["text"]: f["value"] for f in extract_facts(KK, "kk")}["1,05 млрд теңге"] == 1050000000


def test_scale_words_are_one_decimal_table_for_the_extractor_and_the_import():
    from orken.domain import scales
    from orken.extract.numbers import scale_of
    from orken.io.parse import parse_decimal, unit_multiplier

    assert all(isinstance(w.value, Decimal) for w in scales.SCALE_WORDS)
    for w in scales.SCALE_WORDS:
        if "en" not in w.langs:
            assert scale_of(w.text) == w.value, w
    assert scale_of("мыңнан") == Decimal(1000) and scale_of("миллиардқа") == Decimal(10**9)
    assert unit_multiplier("млрд тенге") == Decimal(10**9) and unit_multiplier("тыс. тонн") == Decimal(1000)
    assert parse_decimal("3,5 bn") == Decimal("3500000000") and parse_decimal("572,9 млрд") == Decimal("572900000000")


def test_the_status_cue_span_is_in_the_output():
    text = "Шиелі ауданында «Сыр Цемент» ЖШС зауытының іргетасы қаланды. Жобаның құны 42 млрд теңге."
    [f] = extract_facts(text, "kk")
    cue = f["status_cue"]
    assert f["status"] == "under_construction" and cue["text"] == "іргетасы қаланды"
    assert text[cue["span"][0]:cue["span"][1]] == cue["text"]
    assert cue["sentence"] == [0, text.index(".") + 1] != f["sentence"]  # stated in the sentence before


def test_news_status_facts_use_the_extractors_cue():
    from orken.news.statuses import status_facts

    text = "Шиелі ауданында «Сыр Цемент» ЖШС зауытының іргетасы қаланды. Жобаның құны 42 млрд теңге."
    [st] = status_facts(text, extract_facts(text, "kk"))
    assert st["measure"] == "status" and st["text"] == "іргетасы қаланды"
    assert st["sentence"] == [0, text.index(".") + 1]


def test_latin_text_maps_the_status_cue_back():
    [f] = extract_facts("Qarağandy oblysynda jaña zauyt ıske qosyldy, onyñ qūny 5 mlrd teñge.", "kk")
    assert f["status"] == "launched" and f["status_cue"]["text"] == "ıske qosyldy"


def test_ner_reads_the_pipelines_tokens_and_place_spans(monkeypatch):
    from orken.extract.ner import features, neural, tagging

    def no_second_gazetteer(tokens):
        raise AssertionError("NER re-tokenised the sentence and ran the gazetteer again")
    monkeypatch.setattr(features, "_place_flags", no_second_gazetteer)
    monkeypatch.setattr(neural, "_place_flags", no_second_gazetteer)
    text = "Түркістан облысында Сайрам ауданында биыл 450 жұмыс орны ашылды."
    doc = Pipeline()(text, "kk")
    assert any(t.ner != "O" for t in doc.tokens)  # the tagger read this sentence
    flags = tagging.place_flags(doc)
    assert [doc.tokens[k].text for k, f in enumerate(flags) if f] == ["Түркістан", "облысында", "Сайрам", "ауданында"]


def test_place_flags_from_spans_equal_the_gazetteer_on_the_tokens():
    from orken.extract.ner.features import _place_flags
    from orken.extract.ner.tagging import place_flags
    from orken.extract.tokenize import clean_word

    doc = Pipeline(disable=["ner"])("Ақмола облысы Целиноград ауданында және Қостанай қаласында 3 зауыт салынды.", "kk")
    words = [clean_word(t.text) for t in doc.tokens]
    assert place_flags(doc) == _place_flags(words)


def test_a_missing_ner_model_fails_when_the_pipeline_is_built(monkeypatch, tmp_path):
    from orken.extract.ner import model as ner_model

    monkeypatch.setattr(ner_model, "default_model_dir", lambda: tmp_path)
    with pytest.raises(ner_model.NerModelMissing, match=r"orken ner train --data"):
        Pipeline()
    assert Pipeline(disable=["ner"]).names[-1] == "records"  # without NER nothing needs the model


def test_ner_training_data_is_an_explicit_path(tmp_path):
    from typer.testing import CliRunner

    from orken.cli import app
    from orken.extract.ner import model as ner_model

    assert not hasattr(ner_model, "DEFAULT_DATA")  # nothing is read from a repository checkout
    with pytest.raises(ner_model.TrainingDataMissing, match="--data FILE"):
        ner_model.train_from_file(None)
    with pytest.raises(ner_model.TrainingDataMissing, match="not found"):
        ner_model.train_from_file(tmp_path / "nope.txt", tmp_path)
    out = CliRunner().invoke(app, ["ner", "train", "--model-dir", str(tmp_path)])
    assert out.exit_code == 2 and "--data FILE" in out.output


def test_extract_all_says_which_language_it_read():
    assert extract_all("Завод стоимостью 5 млрд тенге запущен.")["lang"] == "ru"
    assert extract_all("Зауыттың құны 5 млрд теңге.")["lang"] == "kk"
