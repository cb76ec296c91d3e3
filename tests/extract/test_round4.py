"""Rules added in the fourth round of issue 18 (facts), each for a linguistic shape, not for a passage.

Every sentence here is written for these tests (invented plants, companies and figures)."""
import pytest

from tests.extract.helpers import absent, find, on_date

facts, records = on_date("2026-06-01")  # the news date these sentences are read on


# --- qualifiers: the longer phrase before the number decides -------------------------------------------

@pytest.mark.parametrize("text, value, qualifier", [
    ("Линия рассчитана на не более 900 тонн гранул в сутки.", 900, "up_to"),
    ("Мощность склада – не более 12 тыс. тонн.", 12000, "up_to"),
    ("Компания вложит более 3 млрд тенге.", 3_000_000_000, "more_than"),
    ("Зауыттың қуаты шамамен 40 мың тонна.", 40000, "about"),
])
def test_the_longest_qualifier_phrase_wins(text, value, qualifier):
    assert find(facts(text), value)["qualifier"] == qualifier


# --- a count of goods after a number, in a sentence about making them -----------------------------------

@pytest.mark.parametrize("text, value, measure", [
    ("За девять месяцев предприятие собрало 1,3 тыс. комбайнов.", 1300, "output_volume"),
    ("Фабрика рассчитана на выпуск 25 млн пластиковых флаконов в год.", 25_000_000, "capacity"),
    ("Мощность линии розлива – 90 млн банок в год.", 90_000_000, "capacity"),
    ("В прошлом году завод изготовил 640 лифтов.", 640, "output_volume"),
])
def test_russian_goods_counted_in_a_production_sentence(text, value, measure):
    f = find(facts(text), value, "unit")
    assert f["measure"] == measure


@pytest.mark.parametrize("text, value", [
    ("За 10 месяцев предприятие выпустило продукцию.", 10),          # time, not goods
    ("Завод экспортирует продукцию в 12 стран.", 12),                 # places
    ("Цех выпускает 40 видов колбас.", 40),                          # kinds
    ("В 30 городах открыты пункты выдачи.", 30),                      # no production in the sentence
])
def test_russian_numbers_of_time_kind_place_are_not_goods(text, value):
    absent(facts(text), value)


# --- a capacity noun governing the figure outweighs a production verb of the clause ------------------------

@pytest.mark.parametrize("text, cap, out", [
    ("Комбинат мощностью 1 200 вагонов в год в 2025 году выпустил 700 вагонов.", 1200, 700),
    ("Цех мощностью 150 тонн в сутки за полгода произвел 20 тыс. тонн муки.", 150, 20000),
    ("Мощность производства – 80 млн кирпичей в год, в 2025 году выпущено 52 млн кирпичей.", 80_000_000, 52_000_000),
])
def test_capacity_named_before_the_figure(text, cap, out):
    fs = facts(text)
    assert find(fs, cap)["measure"] == "capacity"
    assert find(fs, out)["measure"] == "output_volume"


# --- elliptical "до N" after a change verb, the goods named before ----------------------------------------

def test_goods_named_before_bare_figures_of_a_change():
    fs = facts("По прогнозу министерства, выпуск грузовиков должен увеличиться до 6 тыс. в 2027 году "
               "и до 9 тыс. к 2030 году.")
    for v in (6000, 9000):
        f = find(fs, v, "unit")
        assert f["measure"] == "output_volume" and f["qualifier"] == "exact"


def test_a_process_noun_counts_nothing():
    # "производство молока" is production, not a number of enterprises
    absent(facts("Производство молока в районе выросло до 35 тыс. за год."), 35000)


@pytest.mark.parametrize("text, value, measure", [
    ("Количество резидентов парка выросло до 48, а объем инвестиций составит 70 млрд тенге.", 48,
     "count_participants"),
    ("Қатысушылар саны 60-қа жетті, ал салынған инвестиция 9 млрд теңге болды.", 60, "count_participants"),
])
def test_a_bare_count_keeps_its_own_noun_not_the_next_figure_unit(text, value, measure):
    f = find(facts(text), value, "unit")
    assert f["measure"] == measure


# --- a figure inside a report that the sentence denies is not a fact ---------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Министерство опровергло сообщения о вложении 12 млрд тенге в новый металлургический завод.", 12_000_000_000),
    ("В компании не подтвердили данные о создании 800 рабочих мест.", 800),
    ("Ақтөбе облысында шина зауытына 40 млрд теңге бөлінді деген ақпаратты әкімдік жоққа шығарды.", 40_000_000_000),
    ("Зауытта 500 жұмыс орны ашылады деген хабар расталмады.", 500),
])
def test_a_denied_report_gives_no_fact(text, value):
    absent(facts(text), value)


@pytest.mark.parametrize("text, value", [
    ("Компания опровергла слухи о закрытии, но вложит 5 млрд тенге в модернизацию.", 5_000_000_000),
    ("Слухи опровергнуты. Завод вложит 3 млрд тенге в новую линию.", 3_000_000_000),   # another sentence
    ("Жабылады деген ақпарат расталмады, ал зауыт биыл 2 млрд теңге инвестиция салады.", 2_000_000_000),
    ("Положение сложное, однако компания вложит 4 млрд тенге.", 4_000_000_000),       # "сложное" is no denial
])
def test_figures_outside_the_denied_report_stay(text, value):
    find(facts(text), value)


# --- an audience is not a count of people employed ---------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Трансляцию открытия фабрики посмотрели 15 тыс. человек.", 15000),
    ("Зауыттың ашылу салтанатын 2 мың адам тамашалады.", 2000),
    ("Жаңа цех туралы бейнені 900 адам көрді.", 900),
])
def test_viewers_are_not_people_facts(text, value):
    absent(facts(text), value)


def test_people_working_are_still_jobs():
    assert find(facts("На новой фабрике работают 320 человек."), 320, "person")["measure"] == "jobs"


# --- reserves named as the clause's subject, far from the figure -------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Запасы медной руды на участке к северу от рудника оцениваются в 45 млн тонн.", 45_000_000),
    ("Разведанные запасы угля Восточного блока месторождения составляют 310 млн тонн.", 310_000_000),
])
def test_russian_reserves_as_the_subject_of_the_clause(text, value):
    assert find(facts(text), value, "t")["measure"] == "resources"


def test_spare_parts_are_not_reserves():
    f = find(facts("В прошлом году цех выпустил 1,2 тыс. тонн запасных частей."), 1200, "t")
    assert f["measure"] == "output_volume"


# --- Kazakh: a noun the number counts, told by the verb after it --------------------------------------------

@pytest.mark.parametrize("text, value, unit, measure", [
    ("Кәсіпорын биыл 1 800 тоңазытқыш шығарды.", 1800, "unit", "output_volume"),
    ("Зауыт алты айда 420 лифт құрастырды.", 420, "unit", "output_volume"),
    ("Жаңа зертханаға 36 химик жұмысқа қабылданды.", 36, "person", "jobs"),
    ("Зауытқа 120 дәнекерлеуші жұмысқа алынды.", 120, "person", "jobs"),
])
def test_kazakh_noun_counted_by_the_verb(text, value, unit, measure):
    f = find(facts(text), value, unit)
    assert f["measure"] == measure


@pytest.mark.parametrize("text, value", [
    ("Зауыт 3 жыл шығарды.", 3),
    ("Цех 40 түрлі өнім шығарады.", 40),
])
def test_kazakh_time_and_kinds_are_not_goods(text, value):
    absent(facts(text), value)


# --- complexes are enterprises; a rate of service is a capacity --------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Биыл облыста 4 құс өсіру кешені іске қосылды.", 4),
    ("Bıyl oblysta 2 jylyjaı kesheni iske qosyldy.", 2),
    ("В регионе запущены 3 животноводческих комплекса.", 3),
])
def test_complexes_are_counted_as_enterprises(text, value):
    assert find(facts(text), value, "unit")["measure"] == "count_enterprises"


def test_an_adjective_of_complex_counts_nothing():
    absent(facts("Кешенді жоспар 5 жылға арналған."), 5)


def test_kazakh_rate_of_service_is_a_capacity():
    f = find(facts("Жаңа орталық жылына 1 200-ге дейін құрылғыға жөндеу қызмет көрсете алады."), 1200, "unit")
    assert f["measure"] == "capacity" and f["period"] == "year"


# --- goods measured in square metres -------------------------------------------------------------------

@pytest.mark.parametrize("text, value, measure", [
    ("Годовой выпуск керамической плитки составит 4 млн кв. м.", 4_000_000, "capacity"),
    ("Зауыт жылына 2 млн шаршы метр әйнек шығарады.", 2_000_000, "capacity"),
    ("В прошлом году фабрика произвела 1,5 млн кв. м ламината.", 1_500_000, "output_volume"),
])
def test_goods_in_square_metres_are_output_not_area(text, value, measure):
    assert find(facts(text), value, "m2")["measure"] == measure


def test_a_plant_area_stays_area_next_to_output():
    f = find(facts("Завод площадью 20 тыс. кв. м будет выпускать трубы."), 20000, "m2")
    assert f["measure"] == "area"


# --- an elliptical list member measures what its parallel figure measures ----------------------------------

@pytest.mark.parametrize("text, first, second, measure", [
    ("Мощность первой линии – 80 тыс. тонн в год, второй – еще 120 тыс. тонн.", 80000, 120000, "capacity"),
    ("Бірінші цехтың қуаты – жылына 40 мың тонна, екінші цехтікі – 60 мың тонна.", 40000, 60000, "capacity"),
    ("В 2025 году рудник добыл 2 млн тонн руды, в 2024-м – 1,6 млн тонн.", 2_000_000, 1_600_000, "output_volume"),
])
def test_elliptical_list_member_takes_the_parallel_measure(text, first, second, measure):
    fs = facts(text)
    assert find(fs, first)["measure"] == measure
    assert find(fs, second)["measure"] == measure


def test_a_list_member_with_its_own_verb_keeps_its_own_measure():
    fs = facts("Мощность завода – 500 тыс. тонн в год, в прошлом году выпущено 310 тыс. тонн.")
    assert find(fs, 500000)["measure"] == "capacity"
    assert find(fs, 310000)["measure"] == "output_volume"


def test_kazakh_pairs_are_counted_goods():
    f = find(facts("Фабрика жарты жылда 700 мыңнан астам жұп аяқ киім шығарды."), 700000, "unit")
    assert f["measure"] == "output_volume" and f["qualifier"] == "more_than"


# --- a difference between two figures, a yield per hectare: no fact of their own --------------------------

@pytest.mark.parametrize("text, kept, dropped", [
    ("За год завод выпустил 640 тыс. тонн стали, что на 90 тыс. тонн больше, чем годом ранее.", 640000, 90000),
    ("Биыл 3,2 млн тонна астық жиналды, бұл былтырғыдан 400 мың тоннаға көп.", 3_200_000, 400000),
    ("В районе собрали 410 тыс. тонн зерна при урожайности 16 центнеров с гектара.", 410000, 1.6),
    ("Ауданда 380 мың тонна астық жиналды, орташа өнімділік гектарынан 15 центнер болды.", 380000, 1.5),
])
def test_differences_and_yields_are_not_figures(text, kept, dropped):
    fs = facts(text)
    find(fs, kept, "t")
    absent(fs, dropped)


def test_a_daily_adverb_is_a_period():
    f = find(facts("Ежедневно цех будет перерабатывать до 45 тонн рыбы."), 45, "t")
    assert f["period"] == "day" and f["measure"] == "capacity"


@pytest.mark.parametrize("text, value", [
    ("Өнімнің жартысы төрт облыста өндіріледі.", 4),        # a place in the locative
    ("Тел.: 932-52-25\nЖаңа шығарылым", 25),                 # a line of its own
    ("Кәсіпорын 5 Қытай серіктесімен бірге шығарады.", 5),    # a name, and the instrumental
])
def test_kazakh_places_and_names_are_not_counted_goods(text, value):
    absent(facts(text), value)


def test_kazakh_heaters_are_goods_not_years():
    assert find(facts("Зауыт биыл 1 200 жылытқыш шығарды."), 1200, "unit")["measure"] == "output_volume"


# --- sizes are not lengths; a part of a sum named by "из этой суммы" ---------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Проект включает бурение 4 скважин глубиной до 2,5 тыс. метров.", 2.5),
    ("Мұнараның биіктігі 120 метр.", 0.12),
    ("Резервуар диаметром 40 метров построят к осени.", 0.04),
])
def test_a_size_is_not_a_length(text, value):
    absent(facts(text), value)


def test_a_road_length_stays():
    assert find(facts("Построена дорога длиной 30 км."), 30, "km")["measure"] == "length"


def test_a_part_of_a_sum_named_back():
    fs = facts("Инвестор вложил 24 млрд тенге. Из этой суммы 9 млрд – заемные средства.")
    f = find(fs, 9_000_000_000, "KZT")
    assert f["measure"] == "investment"


# --- a count reached by a change keeps its noun's measure; permanence makes people jobs -------------------

@pytest.mark.parametrize("text, value", [
    ("Холдинг намерен до конца года довести выпуск до 2 тыс. единиц техники.", 2000),
    ("Завод увеличит производство до 900 вагонов в год.", 900),
])
def test_a_count_reached_by_a_change_is_a_measure_not_a_level(text, value):
    f = find(facts(text), value, "unit")
    assert f["measure"] in ("output_volume", "capacity") and f["qualifier"] == "exact"


def test_permanent_specialists_are_jobs():
    fs = facts("На стройке будут заняты до 900 человек, на постоянной основе – 180 специалистов.")
    assert find(fs, 900, "person")["measure"] == "jobs_temporary"
    assert find(fs, 180, "person")["measure"] == "jobs"


def test_permanent_residents_are_not_jobs():
    f = find(facts("В поселке постоянно проживают 12 тыс. человек."), 12000, "person")
    assert f["measure"] != "jobs"


def test_latin_budget_is_spending():
    # бюджет in both Latin alphabets reads back as "биюджет" (ю after a consonant is written ıý / iu)
    for text in ("Óńirge respýblıkalyq bıýdjetten 40 mlrd teńge qarastyryldy. Qurylys jalǵasýda.",
                 "Öñırge respublikalyq biudjetten 40 mlrd teñge qarastyryldy. Qūrylys jalğasuda."):
        assert find(facts(text), 40_000_000_000, "KZT")["measure"] == "spending"


# --- Kazakh goods of a capacity; assembling is making ----------------------------------------------------

@pytest.mark.parametrize("text, value, measure", [
    ("Фабриканың жобалық қуаты – жылына 800 мың плита.", 800000, "capacity"),
    ("Цехтың өнімділігі тәулігіне 200 бөлшек, ал 2025 жылы 15 мың бөлшек шығарылды.", 200, "capacity"),
    ("Зауыт алғашқы тоқсанда 640 автобус және 120 жүк көлігін құрастырды.", 640, "output_volume"),
])
def test_kazakh_goods_of_a_capacity_and_assembled_goods(text, value, measure):
    assert find(facts(text), value, "unit")["measure"] == measure


@pytest.mark.parametrize("text, value", [
    ("Жобаның қуаты 3 кезеңнен тұрады.", 3),   # an ablative: stages, not goods
    ("Қуаты жоғары 4 Қытай агрегаты.", 4),      # a name
])
def test_kazakh_capacity_context_needs_a_plain_noun(text, value):
    absent(facts(text), value)


@pytest.mark.parametrize("text, value", [
    ("Инвестиции в комбинат составят 4 с половиной миллиарда тенге.", 4_500_000_000),
    ("Инвестиции составят три с половиной миллиарда тенге.", 3_500_000_000),
])
def test_russian_and_a_half(text, value):
    assert find(facts(text), value, "KZT")["measure"] == "investment"


# --- the kind of a count from the counted noun: lines, mines, power plants, farms ---------------------------

@pytest.mark.parametrize("text, value", [
    ("В этом году запущены 4 новые технологические линии.", 4),
    ("В области действуют 9 угольных шахт и 3 рудника.", 9),
    ("В области действуют 9 угольных шахт и 3 рудника.", 3),
    ("До 2030 года построят 5 ветровых электростанций и 2 СЭС.", 5),
    ("До 2030 года построят 5 ветровых электростанций и 2 СЭС.", 2),
    ("Ауданда 6 тауық фермасы ашылды.", 6),
    ("Зауытта 2 жаңа өндірістік желі іске қосылды.", 2),
])
def test_facility_kinds_from_the_counted_noun(text, value):
    assert find(facts(text), value, "unit")["measure"] == "count_facilities"


def test_farmers_stay_participants_and_a_production_adjective_is_no_verb():
    assert find(facts("Программой охвачены 40 фермеров."), 40, "unit")["measure"] == "count_participants"
    fs = facts("Іске 3 жаңа өндірістік цех қосылды.")
    assert find(fs, 3, "unit")["measure"] == "count_facilities"


# --- number-word order, quarters, compound goods, residents hired -------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Бірінші тоқсанда 4 кәсіпорын іске қосылды.", 90),
    ("Екі тоқсанда зауыт 300 вагон шығарды.", 92),
    ("Үш тоқсанда кәсіпорын 500 лифт шығарды.", 93),
])
def test_a_quarter_is_not_ninety(text, value):
    absent(facts(text), value)


def test_tens_before_units_still_read():
    assert find(facts("Тоқсан үш адам жұмысқа алынды."), 93, "person")["measure"] == "jobs"


def test_kazakh_compound_goods_before_a_making_verb():
    f = find(facts("Кәсіпорын жарты жылда 1 900 темір жол вагонын шығарды."), 1900, "unit")
    assert f["measure"] == "output_volume"
    f = find(facts("Зауыт биыл 3 500 су жылытқыш қазандығын шығарды."), 3500, "unit")
    assert f["measure"] == "output_volume"


@pytest.mark.parametrize("text, value", [
    ("Новые рабочие места получат 420 жителей района.", 420),
    ("Жаңа жұмыс орындарына ауданның 420 тұрғыны орналасады.", 420),
])
def test_residents_taking_the_new_jobs_are_jobs(text, value):
    assert find(facts(text), value, "person")["measure"] == "jobs"


# --- throughput, levels reached, a frequency adverb over coordinated verbs, interest rates -------------------

@pytest.mark.parametrize("text, value, measure", [
    ("За полгода через сухой порт прошло 640 тыс. контейнеров.", 640000, "output_volume"),
    ("Пропускная способность погранперехода – 1,5 тыс. грузовиков в сутки.", 1500, "capacity"),
    ("Өткен жылы хаб арқылы 640 мың контейнер өтті.", 640000, "output_volume"),
    ("Порттың өткізу қабілеті – жылына 900 мың контейнер.", 900000, "capacity"),
    ("Цехта жылдық шығарылым 30 мың есікке жетеді.", 30000, "capacity"),
])
def test_throughput_and_levels_of_goods(text, value, measure):
    assert find(facts(text), value, "unit")["measure"] == measure


@pytest.mark.parametrize("text, value", [
    ("Фабрика будет ежегодно перерабатывать 80 тыс. тонн хлопка и выпускать 25 тыс. тонн пряжи.", 25000),
    ("Зауыт жыл сайын 90 мың тонна кенді өңдеп, 12 мың тонна мыс шығарады.", 12000),
])
def test_a_frequency_adverb_governs_coordinated_figures(text, value):
    f = find(facts(text), value, "t")
    assert f["measure"] == "capacity" and f["period"] == "year"


@pytest.mark.parametrize("text, value", [
    ("Заем на 9 млрд тенге предоставлен под 4% годовых.", 4),
    ("Несие жылдық 5%-бен 7 жылға берілді.", 5),
])
def test_an_interest_rate_is_not_a_share(text, value):
    absent(facts(text), value)
