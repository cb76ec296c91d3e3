import json

import pytest
import typer
from typer.testing import CliRunner

from orken.extract import extract_facts
from orken.extract.cli import extract
from orken.extract.gazetteer import find_locations
from orken.extract.lemma_kk import lemma_kk
from orken.extract.sentences import split_spans
from orken.extract.tokenize import tokenize_text

KK = ("Қызылорда облысы Шиелі ауданында «Сыр Цемент» ЖШС жаңа зауыт салынуда. "
      "Жобаның құны 42 млрд теңге. Зауытта 226 адам жұмыспен қамтылатын болады. "
      "Зауыттың қуаты жылына 500 мың тонна цемент. 2023 жылы өңірде 11 жоба іске қосылды.")
RU = ("В Карагандинской области запущен завод ТОО «Темир Сервис». "
      "Стоимость проекта составила 3,5 млрд тенге, создано 120 рабочих мест. "
      "Мощность предприятия — 200 тысяч тонн в год.")

app = typer.Typer()
app.command()(extract)


def by_text(facts):
    return {f["text"]: f for f in facts}


def test_kazakh_article_facts():
    facts = extract_facts(KK, "kk", "t.txt")
    f = by_text(facts)
    inv = f["42 млрд теңге"]
    assert inv["measure"] == "investment" and inv["value"] == 42_000_000_000 and inv["unit"] == "KZT"
    jobs = f["226 адам"]
    assert jobs["measure"] == "jobs" and jobs["value"] == 226 and jobs["unit"] == "person"
    cap = f["500 мың тонна"]
    assert cap["measure"] == "capacity" and cap["value"] == 500_000 and cap["period"] == "year"
    proj = f["11 жоба"]
    assert proj["measure"] == "count_projects" and proj["year"] == 2023 and proj["status"] == "launched"
    for x in facts:
        a, b = x["span"]
        s0, s1 = x["sentence"]
        assert KK[a:b] == x["text"] and s0 <= a < b <= s1
        assert 0 < x["confidence"] <= 1
        assert x["location"]["kato"] in ("435200000", "430000000")
    assert inv["subject"]["text"] == "Сыр Цемент" and inv["subject"]["type"] == "enterprise"


def test_russian_article_facts():
    facts = extract_facts(RU, "auto", "r.txt")
    assert facts and all(x["lang"] == "ru" for x in facts)
    f = by_text(facts)
    assert f["3,5 млрд тенге"]["value"] == 3_500_000_000 and f["3,5 млрд тенге"]["measure"] == "investment"
    assert f["120 рабочих мест"]["measure"] == "jobs"
    cap = f["200 тысяч тонн"]
    assert cap["measure"] == "capacity" and cap["period"] == "year"
    assert all(x["location"]["kato"] == "350000000" for x in facts)
    assert f["3,5 млрд тенге"]["status"] == "launched"


def test_json_contract_keys():
    facts = extract_facts(KK, "kk", "t.txt")
    keys = {"doc", "lang", "sentence", "span", "text", "measure", "value", "unit", "qualifier", "period", "year",
            "subject", "location", "status", "confidence"}
    for x in facts:
        assert keys <= set(x)
        json.dumps(x)


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\x02", "%%%%----", "1" * 5000, "млрд " * 500])
def test_garbage_gives_no_crash(text):
    assert isinstance(extract_facts(text, "auto"), list)


def test_lemma_kk():
    assert lemma_kk("инвестициясы") == "инвестиция"
    assert lemma_kk("инвестицияға") == "инвестиция"
    assert lemma_kk("жобалардың") == "жоба"
    assert lemma_kk("теңгені") == "теңге"
    assert lemma_kk("зауытының") == "зауыт"


def test_gazetteer_case_forms():
    for text, kato in [("Қарағанды облысына", "350000000"), ("Солтүстік Қазақстан облысында", "590000000"),
                       ("Шымкентте", "790000000"), ("Чимкент", "790000000"), ("Карагандинской области", "350000000"),
                       ("Шиелі ауданындағы", "435200000")]:
        locs = find_locations(tokenize_text(text))
        assert locs and locs[0].kato == kato, text


def test_sentences_and_hyphenation():
    text = "Зауыт салын-\nды. Ол 2024 ж. ашылды. Н. Назарбаев келді.\n\nЖаңа тақырып"
    spans = split_spans(text)
    assert [text[a:b] for a, b in spans][1:] == ["Ол 2024 ж. ашылды.", "Н. Назарбаев келді.", "Жаңа тақырып"]
    toks = tokenize_text("салын-\nды")
    assert len(toks) == 1


def test_cli_extract_files_and_stdin(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(KK, encoding="utf-8")
    r = CliRunner().invoke(app, ["--lang", "kk", str(p)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert rows and all(x["doc"] == str(p) for x in rows)
    r = CliRunner().invoke(app, ["-"], input=RU)
    assert r.exit_code == 0
    assert any(json.loads(x)["doc"] == "-" for x in r.output.splitlines())


def test_cli_missing_and_binary(tmp_path):
    b = tmp_path / "b.txt"
    b.write_bytes(b"\x00" * 1000)
    r = CliRunner().invoke(app, [str(tmp_path / "nope.txt"), str(b)])
    assert r.exit_code == 0
    assert "no such file" in r.output and "binary" in r.output


def test_batch_jsonl_resume_and_workers(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": KK}) for i in range(3)) + "\nnot json\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(app, ["--workers", "2", "-o", str(out), str(corpus)])
    assert r.exit_code == 0, r.output
    first = out.read_text(encoding="utf-8").splitlines()
    assert {json.loads(x)["doc"] for x in first} == {f"{corpus}#{i}" for i in range(3)}
    r = CliRunner().invoke(app, ["-o", str(out), str(corpus)])  # resume: nothing new
    assert out.read_text(encoding="utf-8").splitlines() == first


def test_dask_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    from orken.extract.batch import run_batch
    d = tmp_path / "docs"
    d.mkdir()
    for i in range(2):
        (d / f"{i}.txt").write_text(KK, encoding="utf-8")
    got = []
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        n = run_batch([str(d)], lang="kk", scheduler=client, on_result=lambda i, f, e: got.append((i, f)))
    assert n > 0 and len(got) == 2
    assert {i for i, _ in got} == {str(d / "0.txt"), str(d / "1.txt")}


@pytest.mark.parametrize("text,lang,expr,measure,value,unit", [
    ("Облыста екі жүз адам жұмысқа орналасты.", "kk", "екі жүз адам", "jobs", 200, "person"),
    ("Ауданда үш зауыт салынды.", "kk", "үш зауыт", "count_enterprises", 3, "unit"),
    ("На строительство выделено два миллиарда тенге из бюджета.", "ru", "два миллиарда тенге", "spending", 2e9, "KZT"),
    ("Создано шесть тысяч рабочих мест.", "ru", "шесть тысяч рабочих мест", "jobs", 6000, "person"),
    ("Экспорт вырос на 12,5 процента.", "ru", "12,5 процента", "growth_percent", 12.5, "%"),
    ("Өнеркәсіп өндірісі 7,3%-ға өсті.", "kk", "7,3%", "growth_percent", 7.3, "%"),
    ("Өңірдің үлесі 25%-ын құрады.", "kk", "25%", "share_percent", 25, "%"),
    ("Жер аумағы 1,5 мың шаршы метрді құрайды.", "kk", "1,5 мың шаршы метрді", "area", 1500, "m2"),
    ("Кен орнының қоры 2 млн тонна.", "kk", "2 млн тонна", "resources", 2e6, "t"),
])
def test_measures(text, lang, expr, measure, value, unit):
    f = by_text(extract_facts(text, lang))
    assert expr in f, list(f)
    assert (f[expr]["measure"], f[expr]["unit"]) == (measure, unit)
    assert f[expr]["value"] == pytest.approx(value)


def test_russian_press_release():
    from pathlib import Path
    text = (Path(__file__).parent / "ru_press_release.txt").read_text(encoding="utf-8")
    f = by_text(extract_facts(text, "auto", "ru.txt"))
    assert f["5 тыс. единиц"]["measure"] == "capacity" and f["5 тыс. единиц"]["period"] == "year"
    inv = f["45,2 млрд тенге"]
    assert inv["measure"] == "investment" and inv["value"] == 45_200_000_000 and inv["period"] is None
    assert inv["subject"] == {"text": "СарыаркаАвтоПром", "type": "enterprise", "id": None}
    # "в индустриальной зоне Костаная": the city (its genitive without -й-), inside Kostanay region
    assert inv["status"] == "under_construction" and inv["location"]["kato"] == "391000000"
    assert f["450 постоянных рабочих мест"]["measure"] == "jobs"
    tmp = f["800 человек"]
    assert tmp["measure"] == "jobs_temporary" and tmp["qualifier"] == "more_than"
    assert f["8,4%"]["measure"] == "growth_percent" and f["8,4%"]["year"] == 2024
    assert f["1,2 трлн тенге"]["measure"] == "output_value"
    assert f["140 гектаров"]["value"] == 140 and f["23 предприятия"]["measure"] == "count_enterprises"
