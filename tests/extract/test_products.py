"""What a project makes (the record's ``product``), by the shape of the sentence that says it.

Sentences written for these tests (invented plants and figures, real places), in Kazakh Cyrillic, Kazakh
Latin (2021 and 2018 alphabets) and Russian. The product is a nominative noun phrase."""
import pytest

from orken.extract.pipeline import extract_all


def product(text, date="2026-06-01"):
    rs = extract_all(text, "auto", "t", date=date)["records"]
    assert rs, text
    return rs[0]["product"]


@pytest.mark.parametrize("text, expected", [
    # a processing plant makes the products of what it processes (the figure of what goes in is no product)
    ("Жамбыл облысында жылына 50 мың тонна жеміс өңдейтін зауыт ашылды.", "жеміс өнімдері"),
    ("Атырауда мұнай өңдеу зауыты жаңғыртылды.", "мұнай өнімдері"),
    ("Soltüstık Qazaqstanda tәulıgıne 40 tonna et öñdeitın keşen salynady.".replace("ә", "ä"), "et önımderı"),
    ("Pavlodar oblysynda kúnbaǵys óńdeıtin zaýyt iske qosyldy.", "kúnbaǵys ónimderi"),
    # ... unless an output figure names what comes out
    ("Жамбыл облысында сүт өңдейтін зауыт ашылды. Зауыт жылына 5 мың тонна ірімшік шығарады.", "ірімшік"),
])
def test_a_processing_plant_makes_products_of_its_input(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, expected", [
    # enrichment makes a concentrate of the metal; the ore word goes, and a lone "-сын" is no ending ("қорғасын")
    ("Шығыс Қазақстан облысында қорғасын байыту фабрикасы іске қосылды. Фабрика тәулігіне 2 мың тонна кен өңдейді.",
     "қорғасын концентраты"),
    ("Қарағанды облысында мыс кенін байытатын фабриканың құрылысы басталды.", "мыс концентраты"),
    ("Abai oblysynda altyn baıytý fabrıkasy salynyp jatyr, onyń qýaty jylyna 2 mln tonna ken.", "altyn konsentraty"),
    ("Qostanai oblysynda temır kenın baiytatyn fabrika ıske qosyldy, onda 300 jūmys orny aşyldy.", "temır konsentraty"),
    # purifying: the treated thing ("суды": the accusative of "су")
    ("Атырау қаласында тәулігіне 40 мың текше метр суды тазартатын құрылғылар кешені салынып жатыр.",
     "тазартылған су"),
    ("Aqtóbede aǵyndy sýdy tazartý stansııasy iske qosyldy.", "tazartylǵan aǵyndy sý"),
])
def test_a_plant_that_changes_its_input_makes_the_changed_thing(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, expected", [
    # items are named in the plural, with their possessive; materials stay singular
    ("Павлодарда жылына 12 мың тонна болат құбыр шығаратын зауыт салынады.", "болат құбырлар"),
    ("Ақтөбе облысында жаңа зауыт ашылды. Кәсіпорын тәулігіне 20 тонна кондитер өнімін шығарады.",
     "кондитер өнімдері"),
    ("Türkıstanda jylyna 8 myñ tonna temır beton konstruksiasyn şyğaratyn zauyt aşyldy.",
     "temır beton konstruksialary"),
    ("Qaraǵandy oblysynda jylyna 30 myń dana aýyl sharýashylyǵy qosalqy bólshegin shyǵaratyn zaýyt ashyldy.",
     "aýyl sharýashylyǵy qosalqy bólshekteri"),
    ("Шымкентте жылына 40 мың тонна цемент шығаратын зауыт іске қосылды.", "цемент"),
])
def test_kazakh_items_are_named_in_the_plural(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, expected", [
    # two bare nouns after a figure, closed by a verb or a comma, are one name ("құрама жем")
    ("Орал қаласында қуаты ауысымына 80 тонна құрама жем болатын зауыт ашылды.", "құрама жем"),
    ("Қостанайда жаңа зауыт ашылды, қуаты – тәулігіне 200 тонна аралас жем, мұнда 50 адам жұмыс істейді.",
     "аралас жем"),
    ("Aqmola oblysynda jaña zauyt aşyldy, quaty – jylyna 15 myñ tonna qūrama jem.", "qūrama jem"),
])
def test_a_compound_of_bare_nouns_after_a_figure(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a mine's figure of "кен" (ore) is the ore of the mine's material
    ("Қостанай облысындағы темір кенішінде өндіріс қайта басталды. Кеніш жылына 900 мың тонна кен береді.",
     "темір кені"),
    ("Ulytaý oblysyndaǵy mys kenishi jylyna 400 myń tonna ken beredi.", "mys keni"),
])
def test_the_ore_of_a_mine_is_of_its_material(text, expected):
    assert product(text) == expected


def test_the_object_of_a_producing_participle_is_no_project():
    rs = extract_all("Павлодарда жылына 12 мың тонна болат құбыр шығаратын зауыт салынады.", "auto", "t")["records"]
    assert [r["project"] for r in rs] == ["болат құбыр шығаратын зауыт"]


@pytest.mark.parametrize("text, expected", [
    # a genitive complement of the plant noun names what it makes (a quality or kind does not)
    ("В Костанае открыт завод сельхозтехники ТОО «Агромаш».", "сельхозтехника"),
    ("В Усть-Каменогорске запущен завод металлоконструкций мощностью 20 тыс. тонн в год.", "металлоконструкции"),
    ("В Павлодаре стартовало строительство завода ферросплавов мощностью 240 тыс. тонн в год.", "ферросплавы"),
    ("В Шымкенте открыт кирпичный завод полного цикла.", "кирпич"),
    # a plant named inside another's complement is no project of its own
    ("В Темиртау модернизирован цех металлургического комбината.", None),
])
def test_russian_genitive_complement_names_the_product(text, expected):
    rs = extract_all(text, "auto", "t")["records"]
    assert len(rs) == 1 and rs[0]["product"] == expected, rs


@pytest.mark.parametrize("text, expected", [
    # an enrichment plant makes a concentrate of its metal
    ("В Жезказгане запущена фабрика по обогащению медной руды мощностью 3 млн тонн в год.", "медный концентрат"),
    ("В Экибастузе построена медно-обогатительная фабрика.", "медный концентрат"),
    # a figure of generic products takes the plant's material adjective
    ("В Атырау открылся рыбоперерабатывающий цех на 5 тонн продукции в сутки.", "рыбная продукция"),
    ("В Семее открылся молочный завод на 50 тонн продукции в сутки.", "молочная продукция"),
    # a production noun with an adjective names a product ("продукции" alone names none)
    ("Компания «Steppe Foods» разместила производство в Кокшетау. Выпуск молочной продукции составит 20 тыс. "
     "тонн в год.", "молочная продукция"),
])
def test_russian_plants_that_change_their_input(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the object of a finite producing verb, past its figure (genitive) or without one (accusative)
    ("В Алматы открыт фармацевтический завод, который будет выпускать 300 млн таблеток в год.", "таблетки"),
    ("В Таразе открыт новый завод. Предприятие выпускает аккумуляторы для автомобилей.", "аккумуляторы"),
    ("В Таразе открыт новый завод. Предприятие будет ежегодно выпускать около 2 млн пластиковых окон.",
     "пластиковые окна"),
    ("Алматы облысында жаңа зауыт ашылды. Зауыт жылына 300 млн таблетка шығарады.", "таблеткалар"),
    ("Алматы облысында жаңа зауыт ашылды. Кәсіпорын аккумулятор шығарады.", "аккумуляторлар"),
    ("Almaty oblysynda jaña zauyt aşyldy. Käsıporyn jylyna 300 mln tabletka şyğarady.", "tabletkalar"),
    # a unit is no product, nor the verb after it
    ("Алматы облысында жаңа зауыт ашылды. Кәсіпорын жылына 20 тонна шығарады.", None),
])
def test_the_object_of_a_finite_producing_verb(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, project, expected", [
    # a word right before the plant noun is its modifier, even when it ends like an accusative ("шыны")
    ("Qyzylorda oblysynda şyny zauytynyñ qūrylysy bastaldy.", "şyny zauyty", "şyny"),
    ("Қызылорда облысында шыны зауытының құрылысы басталды.", "шыны зауыты", "шыны"),
    # an adjective in -ды/-ты before a noun is no object, and names the product with it
    ("Jambyl oblysynda mineraldy tyñaitqyştar zauyty salynady, onyñ qūny 200 mlrd teñge.",
     "mineraldy tyñaitqyştar zauyty", "mineraldy tyñaitqyştar"),
    ("Жамбыл облысында химиялық тыңайтқыштар зауыты салынады.", "химиялық тыңайтқыштар зауыты",
     "химиялық тыңайтқыштар"),
    # an adverb between an object and its participle keeps the object in the name
    ("Түркістанда жүгеріні терең өңдейтін зауыт салынады.", "жүгеріні терең өңдейтін зауыт", "жүгері өнімдері"),
    # a Kazakh coal mine ("разрез")
    ("Қарағанды облысында көмір разрезі ашылды.", "көмір разрезі", "көмір"),
    # a possessive after a figure before a passive producing verb ("құс еті өндіріледі")
    ("Ақмола облысында құс фабрикасы іске қосылды, жылына 10 мың тонна құс еті өндіріледі.", "құс фабрикасы",
     "құс еті"),
])
def test_kazakh_modifiers_of_the_plant_noun(text, project, expected):
    [r] = extract_all(text, "auto", "t")["records"]
    assert (r["project"], r["product"]) == (project, expected)


def test_a_number_of_jobs_before_the_plant_is_not_its_name():
    [r] = extract_all("Aqtóbe oblysynda eki júz jumys orny bar hımııa zaýyty paıdalanýǵa berildi.", "auto", "t")["records"]
    assert r["project"] == "hımııa zaýyty"


@pytest.mark.parametrize("text, expected", [
    # the accusative object of a producing verb with its adjectives
    ("В Актобе запущен завод «KazGlass», который будет выпускать листовое стекло.", "листовое стекло"),
    ("В Таразе открыт новый завод. Предприятие будет производить сухие строительные смеси.",
     "сухие строительные смеси"),
])
def test_russian_accusative_object_with_adjectives(text, expected):
    assert product(text) == expected


@pytest.mark.parametrize("text, project, expected", [
    # a bare plant noun before another modifies it ("-мен" of "диірмен" is no case ending): one project, and
    # a plant noun is no product — the figure's noun is
    ("Қостанай облысында диірмен кешені іске қосылды. Кешен тәулігіне 300 тонна ұн тартады.", "диірмен кешені", "ұн"),
    ("Солтүстік Қазақстан облысында жылына 50 мың тонна ұн шығаратын диірмен кешенінің құрылысы басталды.",
     "ұн шығаратын диірмен кешені", "ұн"),
    ("Qostanai oblysynda diırmen keşenı ıske qosyldy, onda 40 jūmys orny aşyldy.", "diırmen keşenı", None),
    ("Шымкентте жылыжай кешені ашылды, онда жылына 2 мың тонна қызанақ өсіріледі.", "жылыжай кешені", "қызанақ"),
    ("В Акмолинской области строится элеваторный комплекс.", "элеваторный комплекс", None),
    ("В Костанае запущен мукомольный комплекс.", "мукомольный комплекс", "мука"),
])
def test_a_plant_noun_modifying_another_is_one_project(text, project, expected):
    rs = extract_all(text, "auto", "t")["records"]
    assert [(r["project"], r["product"]) for r in rs] == [(project, expected)]
