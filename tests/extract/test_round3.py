"""Rules added in the third round of issue 18 (facts and project records).

Every sentence here is written for these tests (invented plants, companies and figures), in the
genres of the development suite: akimat, ministry and agency releases, business news in ru and kk."""
import pytest

from tests.extract.helpers import find, on_date

facts, records = on_date("2026-06-01")  # the news date these sentences are read on


# --- facts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, measure", [
    # a present production verb with a rate per shift: what the plant can make (the period closes the noun phrase)
    ("Мельница ТОО «Дала Нан» в Шиелийском районе выпускает 40 тонн хлебобулочных изделий в смену.", 40, "t",
     "capacity"),
    ("В год здесь производят 7 тыс. тонн сыра и масла.", 7000, "t", "capacity"),
    # a past one: what was made
    ("В прошлом году комбинат произвел 7 тыс. тонн сыра.", 7000, "t", "output_volume"),
    ("За полугодие выпущено 3,4 тыс. тонн проката.", 3400, "t", "output_volume"),
])
def test_russian_tense_of_the_production_verb_decides_capacity_or_output(text, value, unit, measure):
    assert find(facts(text), value, unit)["measure"] == measure


def test_both_ends_of_a_change_measure_the_same_thing():
    fs = facts("Жаңғырту нәтижесінде цемент өндіру көлемі жылына 1,2 млн тоннадан 2 млн тоннаға дейін артады.")
    assert find(fs, 1_200_000, "t")["measure"] == find(fs, 2_000_000, "t")["measure"]


def test_the_end_of_a_change_counts_what_its_start_counts():
    fs = facts("Число резидентов индустриальной зоны выросло с 14 до 26, а объем инвестиций – до 310 млрд тенге.")
    assert find(fs, 26)["unit"] == "unit" and find(fs, 26)["measure"] == "count_participants"
    assert find(fs, 310_000_000_000, "KZT")["measure"] == "investment"


def test_money_put_into_production_is_investment_not_output():
    f = find(facts("Компания вложила в модернизацию производства 6,1 млрд тенге."), 6_100_000_000, "KZT")
    assert f["measure"] == "investment"
    f = find(facts("Холдинг направил на расширение производства 900 млн тенге собственных средств."), 900_000_000, "KZT")
    assert f["measure"] == "investment"
    # goods sold stay output value
    f = find(facts("За год предприятие реализовало продукции производства на 2,2 млрд тенге."), 2_200_000_000, "KZT")
    assert f["measure"] == "output_value"


@pytest.mark.parametrize("text, value", [
    ("Строительно-монтажные работы на объекте выполнены на 72%.", 72),
    ("Элеватордың құрылысы 80 пайызға орындалды.", 80),
])
def test_how_far_a_construction_is_done_is_a_share(text, value):
    assert find(facts(text), value, "%")["measure"] == "share_percent"


def test_growth_stays_growth():
    assert find(facts("Объем строительных работ вырос на 12%."), 12, "%")["measure"] == "growth_percent"


def test_a_dash_figure_does_not_count_the_place_noun():
    fs = facts("Число рабочих мест на заводе – 430, из них 90 – для выпускников колледжа.")
    assert find(fs, 430)["measure"] == "jobs" and find(fs, 430)["unit"] == "person"


@pytest.mark.parametrize("text, value", [
    ("Годовая выработка электроэнергии составит 180 млн кВт*ч.", 180_000),
    ("Станция будет вырабатывать 2,1 ГВт·ч в год.", 2_100),
])
def test_energy_written_with_a_star_or_in_gigawatt_hours(text, value):
    assert find(facts(text), value, "MWh")


def test_canning_industry_counts_conditional_cans():
    f = find(facts("Қостанайдағы консерві зауыты жылына 12 млн шартты банка өнім шығарады."), 12_000_000, "unit")
    assert f["measure"] == "capacity"


# --- records: product --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, product", [
    # the noun phrase a capacity figure counts, in the nominative, adjectives agreeing with their noun
    ("В Талдыкоргане запущен завод мощностью 30 тыс. тонн оконного стекла в год.", "оконное стекло"),
    ("Птицефабрика ТОО «Zhas Kus» выпускает 12 тыс. тонн мяса индейки в год.", "мясо индейки"),
    ("Хлебозавод в Кентау выпускает 18 тонн кондитерских изделий в смену.", "кондитерские изделия"),
    # a counted noun inside the figure, and a counter word before the product
    ("Сборочный завод в Костанае в этом году выпустит 2 400 пассажирских вагонов.", "пассажирские вагоны"),
    ("Фабрика в Таразе шьет до 5 тысяч пар рабочей обуви в смену.", "рабочая обувь"),
    # a relational adjective names the material
    ("В Жезказгане запущен медный завод ТОО «Kazakh Copper».", "медь"),
    ("В Семее открылась мебельная фабрика ТОО «Ертіс Мебель».", "мебель"),
    ("В Сарани запущен угольный разрез ТОО «Saran Coal».", "уголь"),
    ("В Актобе построен зерноперерабатывающий комплекс ТОО «Ақтөбе Астық».", "зерно"),
    # a quality adjective names none
    ("В Экибастузе открылся крупный завод ТОО «Ekibastuz Steel».", None),
    # a production noun in the project's sentences
    ("На литейном комбинате в Балхаше возобновлен выпуск медной катанки.", "медная катанка"),
    # a power station makes electricity
    ("В Жамбылской области введена в эксплуатацию солнечная электростанция мощностью 50 МВт.", "электроэнергия"),
])
def test_russian_product_is_the_nominative_of_what_is_made(text, product):
    rs = records(text)
    assert rs and rs[0]["product"] == product, rs


@pytest.mark.parametrize("text, product", [
    ("Ақтөбе облысында «Жем Құс» ЖШС жылына 20 мың тонна тауық етін шығаратын құс фабрикасы ашылды.", "тауық еті"),
    ("Шымкентте жылына 3000 тонна қызанақ пен қияр өсіретін жылыжай кешені ашылды.", "қызанақ пен қияр"),
    ("Павлодарда мырыш балқыту зауытының құрылысы басталды.", "мырыш"),
    ("Қостанай облысында алтын кен орнын игеру жоспарлануда.", "алтын"),
    ("Жамбыл облысында резеңке аяқ киім шығаратын цех ашылды.", "резеңке аяқ киім"),
    ("Ақмола облысында жел электр станциясының құрылысы басталды.", "электр энергиясы"),
    ("Түркістанда жүгеріні терең өңдейтін зауыт салынады.", "жүгері өнімдері"),  # (the products of processing)
    ("Ұлытау облысында тәулігіне 2 тонна алтын өндіретін кеніш ашылды.", "алтын"),
])
def test_kazakh_product_is_the_nominative_of_what_is_made(text, product):
    rs = records(text)
    assert rs and rs[0]["product"] == product, rs


def test_a_later_bare_facility_noun_refers_back_to_the_plant_named():
    rs = records("В Алматинской области введена в эксплуатацию малая ГЭС мощностью 6 МВт. "
                 "Станция будет вырабатывать 30 млн кВт·ч электроэнергии в год. "
                 "Проект реализован за счет собственных средств ТОО «Or Hydro».")
    assert len(rs) == 1 and rs[0]["investors"] == ["ТОО «Or Hydro»"], rs


def test_an_enterprise_word_names_the_project_where_no_plant_noun_does():
    rs = records("Қызылорда облысының Жалағаш ауданындағы кварц өндіруші кәсіпорын биыл 40 мың тонна кварц өндірді.")
    assert rs and rs[0]["project"].endswith("кәсіпорын") and rs[0]["product"] == "кварц", rs
    rs = records("В Павловдаре запущено производство карбида кремния мощностью 60 тыс. тонн в год.")
    assert rs and rs[0]["product"] == "карбид кремния", rs


def test_a_latin_product_is_written_back_in_the_2018_spelling_of_ija():
    rs = records("Mańǵystaý oblysynda kún elektr stansııasynyń qurylysy bastaldy.")
    assert rs and rs[0]["product"] == "elektr energııasy", rs


def test_kazakh_letters_in_names_do_not_make_a_russian_text_kazakh():
    from orken.extract.langdetect import detect_lang
    assert detect_lang("В Семее открылась мебельная фабрика ТОО «Ертіс Мебель».") == "ru"
    assert detect_lang("Завод построен в селе Қарабұлақ Жамбылской области.") == "ru"
    assert detect_lang("Семейде «Ертіс Мебель» ЖШС жиһаз фабрикасы ашылды.") == "kk"
    assert detect_lang("ҚАРАҒАНДЫ ОБЛЫСЫНДА ЖАҢА ЗАУЫТ АШЫЛДЫ") == "kk"


# --- records: status from the verb ---------------------------------------------------------------------

@pytest.mark.parametrize("text, status", [
    ("В Шымкенте будет введен в эксплуатацию фармацевтический завод ТОО «Pharma Plus».", "planned"),
    ("В Костанае состоялась церемония закладки капсулы на месте будущего завода по производству кормов.",
     "under_construction"),
    ("Открытие тепличного комплекса в Туркестане состоялось в пятницу.", "launched"),
    ("Проект завода по переработке пластика находится на стадии разработки проектно-сметной документации.", "planned"),
    ("Запуск сахарного завода в Жамбылской области состоится в сентябре следующего года.", "planned"),
    ("Медеплавильный завод приступит к выпуску продукции в 2027 году.", "planned"),
    ("Завод по производству кабеля в Павлодаре работает на полную мощность.", "at_design_capacity"),
    ("Мясокомбинат в Петропавловске возобновил работу после модернизации.", "restoring"),
    ("Қостанайда тракторлар құрастыратын зауыт жұмысын уақытша тоқтатты.", "suspended"),
    ("Семейде ет комбинатын салу жұмыстары басталды.", "under_construction"),
    ("Қарағандыда кірпіш зауыты жұмыс істей бастады.", "launched"),
    ("Жамбыл облысында қант зауыты өнім шығара бастады.", "launched"),
    ("Шымкентте тоқыма фабрикасының ашылу салтанаты өтті.", "launched"),
    ("Қостанай облысында элеватордың құрылысы 70 пайызға аяқталды.", "under_construction"),
    ("Павлодарда «Ертіс Құм» ЖШС шыны зауытын кеңейтіп, оның қуатын жылына 90 мың тоннаға жеткізді.", "launched"),
])
def test_record_status_from_the_verb(text, status):
    rs = records(text)
    assert rs and rs[0]["status"] == status, rs


def test_a_plant_being_built_by_its_investor_is_under_construction():
    rs = records("Хромтау ауданында хром кенін байыту фабрикасын салып жатқан «Хром Процесс» ЖШС ауданға мектеп салып "
                 "берді. Фабрика 2027 жылы пайдалануға беріледі.")
    assert rs and rs[0]["status"] == "under_construction", rs


def test_a_future_start_of_construction_is_a_plan():
    rs = records("Рудный қаласында болат құбыр шығаратын зауыттың жобасы сараптамадан өтті. Жобаны «Rudny Pipe» ЖШС "
                 "жүзеге асырады. Құрылыс келесі жылдың көктемінде басталады.")
    assert rs and rs[0]["status"] == "planned", rs
    rs = records("Проект завода по выпуску пеллет реализует ТОО «Wood Energy». Строительство начнется в мае.")
    assert rs and rs[0]["status"] == "planned", rs


@pytest.mark.parametrize("text, project", [
    ("Обувная фабрика в Шымкенте начала выпуск продукции.", "обувная фабрика"),
    ("Түркістан облысында мақта өңдейтін фабрика қайта іске қосылды.", "мақта өңдейтін фабрика"),
    ("Бурабай ауданында сүт өңдейтін шағын зауыт ашылды.", "сүт өңдейтін шағын зауыт"),
    ("Проект завода по переработке пластика находится на стадии согласования.", "завод по переработке пластика"),
])
def test_record_project_names(text, project):
    rs = records(text)
    assert rs and rs[0]["project"] == project, rs


@pytest.mark.parametrize("text, status, launch", [
    ("В Жамбылской области ТОО «Taraz Fertilizer» строит завод по производству селитры. Завод планируется ввести в "
     "эксплуатацию во втором полугодии 2027 года.", "under_construction", "2027-Q4"),  # a half: its last quarter
    ("В Павлодаре продолжается строительство завода по производству карбида кальция. Запуск намечен на конец "
     "2026 года.", "under_construction", "2026"),
])
def test_russian_ongoing_construction_and_launch_infinitive(text, status, launch):
    rs = records(text)
    assert rs and rs[0]["status"] == status and rs[0]["launch_planned"] == launch, rs


def test_a_zone_being_built_is_a_project_an_existing_one_is_not():
    rs = records("В Алматинской области идет строительство индустриального парка. Там разместятся 15 предприятий.")
    assert rs and rs[0]["project"] == "индустриальный парк" and rs[0]["status"] == "under_construction", rs
    rs = records("Almaty oblysynyń Qarasaı aýdanynda jańa ındýstrııalyq aımaq qurylady.")
    assert rs and rs[0]["status"] == "planned", rs
    assert records("В индустриальной зоне Кокшетау работают 30 предприятий.") == []


def test_a_city_named_like_its_region_is_named_as_the_city():
    rs = records("В Павлодаре продолжается строительство завода по производству кормов.")
    assert rs and rs[0]["district_or_city"] == "Павлодар" and rs[0]["region"] == "Pavlodar", rs


def test_a_state_participle_is_not_part_of_the_name_and_dates_the_launch():
    rs = records("Қарағанды облысында былтыр іске қосылған мырыш балқыту зауыты биыл жобалық қуатына шықты.",
                 date="2026-06-01")
    assert rs and rs[0]["project"] == "мырыш балқыту зауыты" and rs[0]["product"] == "мырыш", rs
    assert rs[0]["status"] == "at_design_capacity" and rs[0]["launch_actual"] == "2025", rs


@pytest.mark.parametrize("text, status", [
    ("Қызылорда облысында күн электр станциясы салынды.", "launched"),
    ("Қызылорда облысында күн электр станциясына 20 млрд теңге инвестиция салынды.", None),
    ("Батыс Қазақстан облысында газ-химия кешенінің құрылысы 2025 жылы басталды.", "under_construction"),
    ("Солтүстік Қазақстан облысында ұн тарту кешені жаңғыртылды.", "launched"),
    ("В Темиртау модернизирован сталеплавильный цех.", "launched"),
])
def test_kazakh_built_and_modernised(text, status):
    rs = records(text)
    assert rs and rs[0]["status"] == status, rs


def test_an_adjective_and_its_noun_after_a_figure():
    rs = records("Балқаштағы мыс зауыты жылына 90 мың тонна катодты мыс шығарады.")
    assert rs and rs[0]["product"] == "катодты мыс", rs
    assert records("Ақтөбеде жел электр станциясы салынып жатыр.")[0]["project"] == "жел электр станциясы"
    from orken.extract.langdetect import detect_lang
    assert detect_lang("Ақтөбеде жел электр станциясы салынып жатыр.") == "kk"


def test_a_verbless_part_measures_what_its_whole_does():
    fs = facts("На заводе планируется трудоустроить около 600 человек, из них 450 – жители района.")
    assert find(fs, 450)["measure"] == "jobs"
    # a part with a verb of its own keeps its own measure
    fs = facts("Облыста 1 200 маман қайта даярлаудан өтті. Олардың 700-і зауыттарға жұмысқа орналасты.")
    assert find(fs, 1200)["measure"] == "count_people" and find(fs, 700)["measure"] != "count_people"


def test_entrepreneurs_are_counted_participants():
    f = find(facts("Поддержку по программе получили 2 315 предпринимателей области."), 2315)
    assert f["measure"] == "count_participants"


def test_an_enterprise_word_in_a_case_of_place_names_no_project():
    assert records("На предприятии работают 120 человек.") == []


def test_a_postposed_anaphor_and_a_part_of_a_sum():
    fs = facts("По программе построено 60 зданий, в них разместятся 22 предприятия. На сегодня 15 из них уже запущены.")
    assert find(fs, 15)["measure"] == "count_enterprises"
    fs = facts("На реализацию проекта из бюджета выделено 75 млрд тенге, из них освоено 41 млрд.")
    f = find(fs, 41_000_000_000)
    assert f["unit"] == "KZT" and f["measure"] == "spending"


def test_kazakh_amounted_to_is_no_plan():
    fs = facts("Өнеркәсіп өнімінің көлемі 2,4 трлн теңгеге жетті, нақты көлем индексі 104,8 пайызды құрады.")
    assert all(f["status"] is None for f in fs), fs


@pytest.mark.parametrize("text, product", [
    # a processing plant makes the products of what it processes
    ("Завод по глубокой переработке кукурузы в Туркестанской области запустят в 2027 году.",
     "продукты глубокой переработки кукурузы"),
    ("Завод по переработке отходов в Астане мощностью 550 тыс. тонн в год запущен.", "продукты переработки отходов"),
    # what a plant takes in is not what it makes: the plant's own word names the product
    ("Новый сахарный завод в Жамбылской области будет перерабатывать 3 тыс. тонн сахарной свеклы в сутки.", "сахар"),
    # a Kazakh figure's noun is more specific than the plant's generic modifier
    ("Ақсу қаласында ферроқорытпа зауыты іске қосылды. Зауыттың қуаты жылына 240 мың тонна ферросилиций.",
     "ферросилиций"),
    ("Талдықорғандағы консерві зауыты жылына 8 млн шартты банка өнім шығарады.", "консерві"),
])
def test_product_of_processing_and_specific_nouns(text, product):
    rs = records(text)
    assert rs and rs[0]["product"] == product, rs


@pytest.mark.parametrize("phrase, lang, name", [
    ("ферросплавов", "ru", "ферросплавы"), ("медной катанки", "ru", "медная катанка"),
    ("листового стекла", "ru", "листовое стекло"), ("сливочного масла", "ru", "сливочное масло"),
    ("мяса птицы", "ru", "мясо птицы"), ("газобетонных блоков", "ru", "газобетонные блоки"),
    ("мақта талшығы", "kk", "мақта талшығы"),
])
def test_the_product_a_figure_is_of_in_the_nominative(phrase, lang, name):
    from orken.extract.records import product_name

    assert product_name(phrase, lang) == name


@pytest.mark.parametrize("text, qualifier", [
    ("Зауыттың қуаты жылына 120 мың тоннадан жоғары болады.", "more_than"),
    ("Жылына 120 мың тонна жоғары көміртекті ферроқорытпа шығарылады.", "exact"),  # an adjective, not "over"
    ("Жұмыс орындары 300-ден көп.", "more_than"),
    ("Жұмыс орындары 300-ден кем.", "less_than"),
    ("Инвестиция көлемі 5 млрд теңгеден кем емес.", "more_than"),  # not less than
    ("Жұмыс орындары 300-ден кем емес.", "more_than"),
])
def test_a_kazakh_comparative_qualifies_a_figure_only_after_the_ablative(text, qualifier):
    from orken.extract import extract_facts

    facts = extract_facts(text, lang="kk")
    assert [f["qualifier"] for f in facts] == [qualifier], facts


@pytest.mark.parametrize("text, zone", [
    ("В индустриальной зоне «Оңтүстік» Шымкента введен в эксплуатацию завод по выпуску труб.", "Оңтүстік"),
    ("На территории СЭЗ «Хоргос – Восточные ворота» запущен сухой порт.", "Хоргос – Восточные ворота"),
    ("«Оңтүстік» индустриялық аймағында зауыт салынып жатыр.", "Оңтүстік"),
    ("ТОО «Beta» построит завод в Костанае.", None),
])
def test_the_zone_a_record_is_in_whichever_side_its_noun_stands(text, zone):
    rs = records(text)
    assert rs and rs[0]["zone"] == zone, rs


@pytest.mark.parametrize("text, countries", [
    ("В Шымкенте введен завод ТОО «Shymkent Polymer». Проект реализован с участием турецкого инвестора.", ["Turkey"]),
    ("Завод построен ТОО «Gamma» с участием китайской компании.", ["China"]),
    ("В Актобе открыт завод ТОО «Delta»; турецкий рынок станет основным для экспорта.", []),
])
def test_a_country_adjective_before_an_investor_noun_is_the_investors_country(text, countries):
    rs = records(text)
    assert rs and rs[0]["investor_countries"] == countries, rs


def test_a_place_name_inside_a_quoted_company_name_is_not_the_projects_place():
    rs = records("Қостанай облысында жылына 50 мың тонна ұн шығаратын диірмен кешенінің құрылысы басталды. "
                 "Жобаны «Агро Қостанай» ЖШС жүзеге асырып отыр.")
    assert rs and all(r["region"] == "Kostanay" and r["district_or_city"] is None for r in rs), rs
