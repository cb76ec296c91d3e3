"""A project record's status from the verbs of its sentences (sentences written for these tests)."""
import pytest

from orken.extract.pipeline import extract_all


def status(text):
    rs = extract_all(text, "auto", "t", date="2026-06-01")["records"]
    assert rs, text
    return rs[0]["status"]


@pytest.mark.parametrize("text, expected", [
    # ceremonies and events
    ("В Таразе состоялся запуск кирпичного завода.", "launched"),
    ("Кирпичный завод в Таразе выпустил первую продукцию.", "launched"),
    ("Тараздағы кірпіш зауыты алғашқы өнімін шығарды.", "launched"),
    # agreements, land, expertise and the industrialisation map come before building
    ("Подписано соглашение о строительстве кирпичного завода в Таразе.", "planned"),
    ("Таразда кірпіш зауытын салу туралы меморандумға қол қойылды.", "planned"),
    ("Для строительства завода в Таразе выделен земельный участок.", "planned"),
    ("Таразда зауыт салу үшін жер телімі бөлінді.", "planned"),
    ("Проект завода в Таразе прошел государственную экспертизу.", "planned"),
    ("Tarazdağy zauyt jobasy memlekettık saraptamadan öttı, onda 200 jūmys orny aşylady.", "planned"),
    ("Проект по строительству завода в Таразе включен в карту индустриализации.", "planned"),
    ("В Таразе появится кирпичный завод.", "planned"),
    ("Акимат предложил инвесторам построить в Таразе кирпичный завод.", "planned"),
    ("Тараздағы зауытты 2027 жылы іске қосу жоспарда бар.", "planned"),
    # a future start however far from its subject; a modal auxiliary makes a plan
    ("Строительство завода по производству алюминиевых профилей в Таразе начнется в 2026 году.", "planned"),
    ("Завод в Таразе должен быть запущен в 2027 году.", "planned"),
    # construction under way
    ("В Таразе продолжается возведение завода по производству ПВХ-профиля.", "under_construction"),
    ("В Таразе в разгаре строительство завода.", "under_construction"),
    ("Завод в Таразе находится в стадии строительства.", "under_construction"),
    ("На строительной площадке завода в Таразе работают 300 человек.", "under_construction"),
    ("Таразда кірпіш зауыты бой көтеруде.", "under_construction"),
    # stops and restarts
    ("Проект завода в Таразе отложен.", "suspended"),
    ("Тараздағы кірпіш зауыты жұмысын қайта бастады.", "restoring"),
    ("Tarazdağy kırpış zauyty jūmysyn qaita bastady, onda 120 adam eñbek etedı.", "restoring"),
])
def test_record_status_from_the_verb(text, expected):
    assert status(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a stop told first and a restart after it: the latest stage
    ("Тараздағы зауыт 2022 жылы тоқтатылған еді. Биыл кәсіпорын қайта іске қосылды.", "restoring"),
    ("Завод в Таразе был остановлен в 2022 году. В этом году предприятие возобновило работу.", "restoring"),
    # a restart that may happen is no stage
    ("Тараздағы зауыттың құрылысы тоқтатылды. Қаражат табылса, жоба 2027 жылы қайта жандануы мүмкін.", "suspended"),
    ("Строительство завода в Таразе остановлено. Возможно, проект возобновят в 2027 году.", "suspended"),
])
def test_the_latest_stage_of_a_stopped_project(text, expected):
    assert status(text) == expected
