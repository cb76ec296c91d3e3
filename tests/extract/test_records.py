"""Project records (``orken extract --records``) and the scorer (``orken extract eval --gold DIR``).

Sentences written for these tests (invented plants and companies, real places)."""
import json

import pytest
from typer.testing import CliRunner

from orken.cli import app
from orken.extract.evaluate import part_of
from orken.extract.pipeline import extract_all


def records(text, date=None):
    return extract_all(text, "auto", "t", date=date)["records"]


def test_kazakh_record_fields():
    text = ("Ақмола облысының Шортанды ауданында «Дала Агро» ЖШС мал азығын шығаратын зауыттың құрылысы басталды. "
            "Зауыттың қуаты жылына 60 мың тонна болады, жобаның құны 8 млрд теңге. Кәсіпорын 2027 жылдың "
            "үшінші тоқсанында іске қосылып, 140 тұрақты жұмыс орны ашылады.")
    [r] = records(text, "2025-06-01")
    assert r["project"] == "мал азығын шығаратын зауыт"
    assert r["investors"] == ["«Дала Агро» ЖШС"]
    assert r["product"] == "мал азығы"
    assert r["status"] == "under_construction"
    assert r["launch_planned"] == "2027-Q3"
    assert r["region"] == "Akmola" and r["district_or_city"] == "Шортанды ауданы"
    assert r["capacity"]["value"] == 60000 and r["investment"]["value"] == 8e9 and r["jobs"]["value"] == 140
    for a, b in r["evidence"].values():
        assert 0 <= a < b <= len(text)


def test_russian_record_with_foreign_investor_and_legal_form():
    text = ("В Павлодарской области стартовало строительство завода по производству медной катанки. "
            "Проект реализует ТОО «Ertis Cable» при участии китайской компании «Hunan Wire». Запуск "
            "предприятия намечен на IV квартал 2028 года.")
    [r] = records(text, "2026-02-10")
    assert r["project"].startswith("завод по производству")
    assert "ТОО «Ertis Cable»" in r["investors"] and "«Hunan Wire»" in r["investors"]
    assert "China" in r["investor_countries"]
    assert r["status"] == "under_construction" and r["launch_planned"] == "2028-Q4"
    assert r["region"] == "Pavlodar"


def test_the_plant_not_the_aggregate():
    text = "Облыста биыл 7 жаңа цех ашылды. Олардың ішінде Қостанай қаласындағы жылына 9 мың тонна ұн тартатын диірмен бар."
    assert not any(r["project"].startswith("7") or r["project"] == "цех" for r in records(text))


def test_latin_record_is_written_in_the_text_script():
    text = "Türkıstan oblysynda «Oñtüstık Tekstil» JŞS maqta ıiıretın fabrikasy ıske qosyldy."
    [r] = records(text)
    assert r["status"] == "launched" and r["region"] == "Turkestan"
    assert r["investors"] and r["investors"][0] in text
    assert r["project"] and all("\u0400" > c or c > "\u04ff" for c in r["project"])


def test_cli_records_flag(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Шымкентте «Оңтүстік Шыны» ЖШС шыны зауытын салып жатыр. Жобаның құны 30 млрд теңге.", encoding="utf-8")
    out = CliRunner().invoke(app, ["extract", "--records", str(p)])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.output.splitlines()]
    recs = [x for x in lines if x.get("record")]
    assert recs and recs[0]["status"] == "under_construction" and recs[0]["doc"] == str(p)
    plain = CliRunner().invoke(app, ["extract", str(p)])
    assert not [x for x in map(json.loads, plain.output.splitlines()) if x.get("record")]


def test_eval_scores_a_gold_folder(tmp_path):
    passages = [
        {"id": "a-1", "lang": "kk", "script": "cyrl", "date": "2025-01-10",
         "text": "Жамбыл облысында цемент зауыты іске қосылды. Жобаның құны 12 млрд теңге, 200 жұмыс орны ашылды."},
        {"id": "b-1", "lang": "ru", "script": "cyrl", "date": "2025-01-10",
         "text": "В Атырауской области построен завод стоимостью 40 млрд тенге."},
    ]
    facts = [
        {"doc": "a-1", "measure": "investment", "value": 12e9, "unit": "KZT", "core": True},
        {"doc": "a-1", "measure": "jobs", "value": 200, "unit": "person", "core": True},
        {"doc": "a-1", "measure": "capacity", "value": 5, "unit": "t", "core": True},  # not in the text: a miss
        {"doc": "b-1", "measure": "investment", "value": 40e9, "unit": "KZT", "core": True},
    ]
    recs = [{"doc": "a-1", "project": "цемент зауыты", "investors": [], "product": "цемент", "status": "launched",
             "launch_planned": None, "launch_actual": None, "region": "Zhambyl", "district_or_city": None}]
    for name, rows in (("passages", passages), ("facts", facts), ("records", recs)):
        (tmp_path / f"{name}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                                encoding="utf-8")
    out = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path), "--json"])
    assert out.exit_code == 0, out.output
    rep = json.loads(out.output)
    allp = rep["facts"]["all/all"]["strict"]
    assert (allp["tp"], allp["fp"], allp["core"]) == (3, 0, 4) and allp["recall"] == 0.75
    assert rep["facts"]["kk-cyrl/all"]["strict"]["core"] == 3
    assert rep["records"]["all"]["status"] == {"right": 1, "total": 1, "accuracy": 1.0}
    assert rep["records"]["all"]["region"]["right"] == 1
    text = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path)])
    assert "strict P" in text.output and "record fields" in text.output
    missing = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path / "nothing")])
    assert missing.exit_code == 2
    # --errors lists what was wrong, per passage: the missed fact; a wrong product listed with both values
    (tmp_path / "records.jsonl").write_text(json.dumps({**recs[0], "product": "клинкер"}, ensure_ascii=False),
                                            encoding="utf-8")
    listed = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path), "--errors", "all", "--errors-part",
                                              "all", "--json"])
    errs = json.loads(listed.output)["errors"]
    assert {(e["doc"], e["kind"], e.get("field") or e["measure"]) for e in errs} == {
        ("a-1", "missed", "capacity"), ("a-1", "record", "product")}
    [wrong] = [e for e in errs if e["kind"] == "record"]
    assert wrong["gold"] == "клинкер" and wrong["pred"] == "цемент" and wrong["part"] in ("dev", "held")
    only = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path), "--errors", "product",
                                    "--errors-part", "all"])
    assert "клинкер" in only.output and "missed" not in only.output
    part = part_of("a-1")
    other = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path), "--errors", "product", "--errors-part",
                                     "held" if part == "dev" else "dev"])
    assert other.exit_code == 0 and "клинкер" not in other.output
    bad = CliRunner().invoke(app, ["extract", "eval", "--gold", str(tmp_path), "--errors", "colour"])
    assert bad.exit_code == 2


def test_held_out_split_is_stable_and_about_a_quarter():
    ids = [f"x-{i:03d}" for i in range(400)]
    held = [i for i in ids if part_of(i) == "held"]
    assert 60 < len(held) < 140 and held == [i for i in ids if part_of(i) == "held"]


def test_a_missing_ner_model_is_an_error_that_says_how_to_train(monkeypatch, tmp_path):
    import pytest

    from orken.extract.pipeline import Pipeline
    from orken.extract.ner import model as ner_model

    monkeypatch.setattr(ner_model, "default_model_dir", lambda: tmp_path)
    ner_model.shared_model.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="orken ner train"):
            Pipeline()("Жаңа кәсіпорында 120 адам жұмыс істейді.", "kk")
    finally:
        ner_model.shared_model.cache_clear()  # the next test loads the packaged model again


def test_launch_from_build_deadlines_quarter_words_and_next_month():
    [r] = records("До конца 2029 года в Костанае планируется построить завод по производству стекла.", "2026-01-15")
    assert r["launch_planned"] == "2029" and r["district_or_city"] == "Костанай"
    [r] = records("Запустить шинный завод в Карагандинской области планируется во втором квартале 2027 года.")
    assert r["launch_planned"] == "2027-Q2"
    [r] = records("Ақтөбеде тоқтатылған кірпіш зауыты келесі айда қайта іске қосылады.", "2025-12-03")
    assert r["launch_planned"] == "2026-01" and r["status"] == "restoring"


def test_status_completed_and_name_of_a_bare_noun_compound():
    [r] = records("Атырау облысында «Qazaq Polymer» компаниясы полиэтилен зауытын салады.")
    assert r["project"] == "полиэтилен зауыты" and r["product"] == "полиэтилен" and r["status"] == "planned"
    [r] = records("Шымкентте май зауытын жаңғырту жобасы аяқталды.")
    assert r["status"] == "launched"


def test_the_projects_own_participle_states_its_stage():
    [r] = records("Ақсу ауданында салынып жатқан шыны зауыты келесі жылы іске қосылады.", "2025-02-01")
    assert r["status"] == "under_construction" and r["launch_planned"] == "2026"


def test_the_totals_of_a_sentence_that_counts_projects_are_not_one_projects_figures():
    """"27 projects launched, 1,800 jobs" are the totals of the 27; a plant named in the next sentence
    does not take them (its own capacity it does); where the counting sentence names the plant, its
    figures stay the plant's."""
    kk = records("Биыл облыста 27 жоба іске қосылып, 1,8 мыңнан астам жаңа жұмыс орны ашылды. Олардың ішінде "
                 "Шу ауданындағы қант зауыты бар, оның қуаты тәулігіне 3 мың тонна қызылшаны өңдеуге мүмкіндік береді.")
    assert [(r["project"], r["jobs"], r["capacity"]["value"]) for r in kk] == [("қант зауыты", None, 3000)]
    ru = records("В области запущены 12 проектов на 80 млрд тенге. Среди них кирпичный завод в Темиртау "
                 "мощностью 60 млн штук кирпича в год.")
    assert [(r["project"], r["investment"]) for r in ru] == [("кирпичный завод", None)]
    named = records("Кирпичный завод стоимостью 5 млрд тенге стал одним из 12 проектов, запущенных в области.")
    assert [r["investment"]["value"] for r in named] == [5_000_000_000]


@pytest.mark.parametrize("text, project, status, launch", [
    # a half-year is its last quarter, as the import records one
    ("Запуск завода по выпуску стекла в Караганде запланирован на второе полугодие 2027 года.",
     "завод по выпуску стекла", "planned", "2027-Q4"),
    ("Шыны зауытын 2027 жылдың бірінші жартыжылдығында іске қосу жоспарланған.", "шыны зауыты", "planned", "2027-Q2"),
    # the modifier that opens the sentence is part of the name, written in lower case; a time word is not
    ("Шыны зауыты 2027 жылы іске қосылады.", "шыны зауыты", "planned", "2027"),
    ("Кеше зауыт іске қосылды.", "зауыт", "launched", None),
    ("Кирпичный завод запустят в 2026 году.", "кирпичный завод", "planned", "2026"),
    # building begun, said with the verbal noun
    ("Облыста қант зауытын салу басталды.", "қант зауыты", "under_construction", None),
    ("Компания құс фабрикасын салуға кірісті.", "құс фабрикасы", "under_construction", None),
])
def test_record_shapes_of_new_sentences(text, project, status, launch):
    rs = records(text)
    assert [(r["project"], r["status"], r["launch_planned"]) for r in rs] == [(project, status, launch)], rs


@pytest.mark.parametrize("text, investor", [
    ("В индустриальной зоне Актобе турецкая компания Kastamonu Entegre построит деревообрабатывающий комбинат.",
     "Kastamonu Entegre"),
    ("Компания BI Group построит завод по выпуску бетона в Астане.", "BI Group"),
    ("Astana Motors компаниясы Қостанайда автомобиль зауытын салады.", "Astana Motors"),
])
def test_a_company_named_in_latin_letters_without_quotes_is_the_investor(text, investor):
    assert [r["investors"] for r in records(text)] == [[investor]]


def test_the_country_of_a_currency_is_not_the_subject_of_the_amount():
    """(With the NER, which finds США and АҚШ as places.)"""
    for text in ("Объем инвестиций оценивается в 150 млн долларов США.", "Инвестиция көлемі 80 млн АҚШ долларын құрайды."):
        got = [(f["measure"], f["unit"], f["subject"]) for f in extract_all(text, "auto", "t")["facts"]]
        assert got and all(s is None or "США" not in s["text"] and "АҚШ" not in s["text"] for _, _, s in got), got
