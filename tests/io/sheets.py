"""Real-looking messy spreadsheets, written with openpyxl the way regional offices send them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

UPPER = ["№", "Код проекта", "Наименование проекта", "Регион", "Район / город", "ОКЭД", "Статус",
         "Инвестиции, млн тенге", None, "Рабочие места", None, "Срок ввода", "Инвестор", "Примечание"]
LOWER = [None, None, None, None, None, None, None, "план", "факт", "план", "факт", None, None, None]

GOOD = [
    # Russian, numbers stored as text in local format, district by Russian name
    [1, "KRG-001", "Завод по производству кирпича", "Карагандинская область", "Темиртау", "23.32", "строительство",
     "1 234,5", "572,9", "120", None, "2025", "ТОО «Кирпич Темиртау»", None],
    # Kazakh, real numbers, a date as text
    [2, "KRG-002", "Қарағанды шыны зауыты", "Қарағанды облысы", None, 23, "іске қосылды", 15000, 14000.5, 85, 80,
     "15.03.2024", None, "жұмыс істеп тұр"],
    # English, region by KATO code, sector by division name, amount with its own scale word
    [3, "KRG-003", "Steel wire plant", "350000000", "Бухар-Жырауский район", "Manufacture of basic metals",
     "planned", "2,5 млрд", None, " 40 ", None, date(2027, 6, 1), None, None],
]
BAD = [
    # four problems on one row
    [4, "KRG-004", "Цех по ремонту", "Марсианская область", None, "23", "в процессе ремонта", "много", None, 10,
     None, "32.13.2024", None, None],
    # the external id of row 7 again
    [5, "KRG-001", "Повтор кирпичного завода", "Карагандинская область", None, "23", "planned", 1, None, 1, None,
     None, None, None],
    # no name at all
    [6, "KRG-006", None, "Карагандинская область", None, "23", "planned", 5, None, 3, None, None, None, None],
]


def messy_projects(path: Path, good=GOOD, bad=BAD) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Проекты"
    ws.append(["Перечень проектов Карты индустриализации (Карагандинская область) на 01.01.2025"])
    ws.merge_cells("A1:N1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(UPPER)
    ws.append(LOWER)
    for col in "ABCDEFGLMN":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("H3:I3")
    ws.merge_cells("J3:K3")
    for cell in ws[3]:
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    ws.append(list(range(1, 15)))  # the column numbering row of official forms
    ws.append(["Карагандинская область"])  # a region heading over its rows
    rows = [good[0], good[1], None, bad[0], good[2], bad[1], bad[2]]
    for r in rows:
        ws.append(r or [])
    ws.append([None, None, "Итого", None, None, None, None, "=SUM(H7:H13)", None, "=SUM(J7:J13)"])
    ws.append([])
    wb.save(path)
    return path


R_UPPER = ["№ п/п", "Код проекта", "Наименование проекта", "Отчётный период", "Инвестиции, млн тенге", None,
           "Рабочие места", None, "Объём производства, млн тенге", "Загрузка мощности, %", "Экспорт, млн тенге",
           "Проблемные вопросы"]
R_LOWER = [None, None, None, None, "за квартал", "с начала реализации", "постоянные", "временные", None, None, None,
           None]
REPORTS_GOOD = [
    # by external id; Russian quarter with a Roman numeral; numbers as text; a percentage as text
    [1, "KRG-001", "Завод по производству кирпича", "III кв. 2024", "120,5", "980,3", "45", "110", None, "85%", None,
     "задержка поставки оборудования"],
    # by Kazakh name only; Kazakh quarter; real numbers; an Excel percentage cell (0.92)
    [2, None, "Қарағанды шыны зауыты", "3-тоқсан 2024", 500, 14500.5, 80, None, "1 200", 0.92, "35,5", None],
    # by external id, English period
    [3, "KRG-003", "Steel wire plant", "2024 Q3", "0", "10", None, 40, None, None, None, None],
]
REPORTS_BAD = [
    # a project nobody knows
    [4, "KRG-404", "Неизвестный завод", "III кв. 2024", 1, 1, 1, None, None, None, None, None],
    # the period of row 8 again (same project)
    [5, "KRG-001", None, "III квартал 2024 г.", 2, 3, 4, None, None, None, None, None],
    # three problems: no such quarter, jobs not a number, utilisation over 200 %
    [6, "KRG-002", None, "5 кв 2024", 1, 2, "много", None, None, "250%", None, None],
    # no project at all
    [7, None, None, "2024 Q3", 1, 1, 1, None, None, None, None, None],
]


def messy_reports(path: Path, good=REPORTS_GOOD, bad=REPORTS_BAD) -> Path:
    """Quarterly monitoring reports the way a regional office sends them (rows 8, 9, 11 good; 10, 12-14 bad)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Мониторинг"
    ws.append(["Мониторинг проектов Карты индустриализации за III квартал 2024 года"])
    ws.merge_cells("A1:L1")
    ws.append([])
    ws.append(R_UPPER)
    ws.append(R_LOWER)
    for col in "ABCDIJKL":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:F3")
    ws.merge_cells("G3:H3")
    ws.append(list(range(1, 13)))
    ws.append([])
    ws.append(["Карагандинская область"])
    for r in [good[0], good[1], bad[0], good[2], bad[1], bad[2], bad[3]]:
        ws.append(r)
    ws.append([None, None, "Итого", None, "=SUM(E8:E14)"])
    wb.save(path)
    return path


# --- issue 17: a regional sheet as the Karaganda HQ sends it, and a Kazakh one ------------------------

KRG_UPPER = ["№", "Наименование проекта", "Инициатор", "БИН", "Район / город", "ОКЭД", "Статус",
             "Инвестиции, млн тенге", None, "Рабочие места", None, "Срок ввода", "Мощность"]
KRG_LOWER = [None, None, None, None, None, None, None, "план", "факт", "постоянные", "временные", None, None]
#: (heading rows are one-cell rows; None is a blank row); the comment says what must happen
KRG_ROWS = [
    ["г. Караганда"],
    # the city comes from the heading; "реализуется"; a quarter; an OKED name worded differently
    [1, "Завод газобетонных блоков", "ТОО «Газоблок»", "180340012346", None,
     "Производство прочих неметаллических минеральных продуктов", "реализуется", "4 500,0", "1 200", 150, 300,
     "IV кв. 2025", "120 тыс. м3"],
    ["г. Темиртау"],
    # the city from the heading; sector words; a year alone
    [2, "Цех оцинкованного проката", "АО «Темир Болат»", None, None, "металлургия", "введен в эксплуатацию",
     "12 000", "11 500", 200, 450, "2025", "50 тыс. тонн"],
    ["Районы"],
    # Абайский район exists in Karaganda and Abai regions: the title decides
    [3, "Тепличный комплекс", "ТОО «Абай Агро»", None, "Абайский район", "АПК", "на стадии ПСД", "3 000", None,
     80, 120, "12.2026", "5 га"],
    # Нуринский район; "СМР"
    [4, "Молочно-товарная ферма", "ТОО «Нура Сут»", None, "Нуринский район", "10.51", "СМР", "1 500", "300", 60,
     90, "декабрь 2026", None],
    # Актогайский район exists in Karaganda and Pavlodar regions; a Latin "a" in it
    [5, "Обогатительная фабрика", "ТОО «Актогай Майнинг»", None, "Актогайский рaйон", "07", "планируется",
     "25 000", None, 400, 900, "2027", None],
    # Жезказган moved to Ulytau region in 2022: mapped with a note, not refused
    [6, "Медеплавильный цех", "ТОО «Жезказган Мыс»", None, "Жезказган", "24.44", "строительство", "8 000",
     "2 000", 300, 500, "2026", None],
    # Экибастуз is in Pavlodar region: flagged, not moved
    [7, "Угольный разрез", "ТОО «Экибастуз Комир»", None, "Экибастуз", "05", "планируется", "9 000", None, 100,
     200, "2028", None],
    # negative money: rejected, its column named
    [8, "Кирпичный завод", "ТОО «Кирпич»", None, "Осакаровский район", "23.32", "строительство", "-5", None, 30,
     40, "2026", None],
    # a name that is not a place anywhere: suggestions
    [9, "Мельница", "ТОО «Ун»", None, "Шетскй район", "10.61", "запущен", "700", "700", 20, None,
     "15.03.2024", None],
    [None, "Итого по районам", None, None, None, None, None, "=SUM(H13:H19)", "=SUM(I13:I19)", None, None, None,
     None],
]


def karaganda_sheet(path: Path, rows=None) -> Path:
    """A Russian regional sheet: title rows naming the region, a two-row merged header over план | факт
    and постоянные | временные, a numbering row, city/district heading rows, a subtotal and a total
    with formulas, footnotes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Проекты"
    ws.append(["Перечень инвестиционных проектов Карагандинской области на 2024–2028 годы"])
    ws.merge_cells("A1:M1")
    ws.append(["(по состоянию на 1 октября 2025 года)"])
    ws.append([])
    ws.append(KRG_UPPER)
    ws.append(KRG_LOWER)
    for col in "ABCDEFGLM":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("H4:I4")
    ws.merge_cells("J4:K4")
    ws.append(list(range(1, 14)))
    for r in rows if rows is not None else KRG_ROWS:
        ws.append(r or [])
    ws.append([None, "ВСЕГО по области", None, None, None, None, None, "=SUM(H7:H20)", "=SUM(I7:I20)"])
    ws.append([])
    ws.append(["* по данным управления предпринимательства и индустриально-инновационного развития"])
    ws.append(["Примечание: суммы в млн тенге"])
    wb.save(path)
    return path


KK_HEADER = ["Р/с", "Жобаның атауы", "Облыс", "Аудан", "Бастамашы", "Инвестиция көлемі, млн теңге",
             "Жұмыс орындары", "Іске қосу мерзімі", "Мәртебесі"]
KK_ROWS = [
    [1, "Құс фабрикасы", "Қарағанды облысы", "Нұра ауданы", "«Нұра Құс» ЖШС", "2 400", 70, "4 тоқсан 2025",
     "салынуда"],
    [2, "Жылыжай кешені", "Қарағанды облысы", "Шет ауданы", "«Шет Агро» ЖШС", "1 100", 35, "2026",
     "жоспарланған"],
    # no region in this row: the region column of the other rows decides between the two Абай districts
    [3, "Кірпіш зауыты", None, "Абай ауданы", "«Абай Кірпіш» ЖШС", "900", 25, "желтоқсан 2026",
     "іске асырылуда"],
    [4, "Ет өңдеу цехы", "Қарағанды облысы", "Осакаров ауданы", "«Ет» ЖШС", "650", 20, "15.06.2024",
     "іске қосылды"],
]


def kazakh_sheet(path: Path, rows=KK_ROWS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Жобалар"
    ws.append(["Индустрияландыру картасының жобалары"])
    ws.append(KK_HEADER)
    for r in rows:
        ws.append(r)
    ws.append([None, "Барлығы", None, None, None, "=SUM(F3:F6)"])
    wb.save(path)
    return path


#: a Kazakh sheet of another region laid out another way: a title naming the region, a two-row header
#: (cost over "of which disbursed", jobs over permanent/temporary), a numbering row, heading rows, sector
#: words instead of OKED names, launch dates as months with endings, half-years and year spans
TURKISTAN_ROWS = [
    [None, "Түркістан қаласы"],
    [1, "Мақта-тоқыма кластері", "«Turkistan Textile» ЖШС", "Түркістан қ.", "Тоқыма өнеркәсібі", "45,6", "12,0", 1200,
     800, "2026 ж. IV тоқсан", "іске асырылуда", "жылына 20 мың тонна мақта талшығы"],
    [2, "Кірпіш зауыты", "«Кірпіш-Құрылыс» ЖШС", "Түркістан қаласы", "құрылыс материалдары", 3.2, None, 85, 40,
     "2025 жыл", "пайдалануға берілді", None],
    [None, "Аудандар"],
    [3, "Жылыжай кешені", "«Сайрам Агро» ЖШС", "Сайрам ауданы", "АӨК", "7,5", "2,1", 150, 60,
     "2025 жылдың желтоқсаны", "құрылыс-монтаж жұмыстары жүргізілуде", "10 га"],
    [4, "Күн электр станциясы", "«Solar Kentau» ЖШС", "Кентау қ.", "электр энергиясы", "25,0", "25,0", 30, 200,
     "2026 жылдың бірінші жартысы", "іске асыру кезеңінде", "50 МВт"],
    [5, "Цемент зауыты", "«Түлкібас Цемент» АҚ", "Түлкібас ауданы", "металл емес минералдық өнімдер өндірісі", "90",
     "10,5", 400, 1000, "2026-2027 жж.", "жоспарлануда", "жылына 1 млн тонна"],
    [6, "Сүт зауыты", "«Қазығұрт Сүт» ЖШС", "Казыгуртский район", "сүт өнімдерін өндіру", "2,8", "0,5", 60, 25,
     "2026 жылғы наурыз", "құрылыс басталды", "тәулігіне 50 тонна сүт"],
]


def _titled(sheet: str, title: str, *header_rows: list, blank: bool = True):
    """A workbook whose one sheet has a title row, a blank row (``blank``) and the header rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    if blank:
        ws.append([])
    for row in header_rows:
        ws.append(row)
    return wb, ws


def turkistan_sheet(path: Path, rows=TURKISTAN_ROWS) -> Path:
    wb, ws = _titled("Жобалар", "Түркістан облысы бойынша 2025-2027 жылдары іске асырылатын инвестициялық жобалар тізімі", ["№ р/с", "Жобаның атауы", "Бастамашы", "Орналасқан жері", "Салалық тиесілігі", "Жоба құны", None,
               "Жұмыс орындары", None, "Іске қосу мерзімі", "Жобаның мәртебесі", "Қуаты"],
        [None, None, None, None, None, "млрд теңге", "оның ішінде игерілгені, млрд теңге", "тұрақты", "уақытша"])
    for merged in ("F3:G3", "H3:I3"):
        ws.merge_cells(merged)
    ws.append(list(range(1, 13)))
    for r in rows:
        ws.append(r)
    ws.append([None, "Барлығы", None, None, None, "=SUM(F6:F13)", "=SUM(G6:G13)", "=SUM(H6:H13)"])
    ws.append(["* 2025 жылғы 1 қазандағы жағдай бойынша"])
    wb.save(path)
    return path


#: an East Kazakhstan workbook as an akimat sends it: a summary sheet first, the projects on the second
#: under an "Приложение" line and a title, one header row with line breaks and shortened words, a location
#: column written "district, settlement", an amount in dollars in a tenge column, jobs with the
#: construction jobs in brackets, a totals row and the name of who prepared it
VKO_ROWS = [
    [1, "Завод литий-ионных аккумуляторов", "ТОО «ВК Батарея»", "г. Усть-Каменогорск", "C.27", 12.5, 350,
     "2024-2026", "В работе", "ГЧП"],
    [2, "Модернизация обогатительной фабрики", "АО «Риддер Металл»", "г.Риддер", "С 07", "45,2", "150 (врем. 300)",
     "12.2025", "Завершен", None],
    [3, "Ветровая электростанция", "ТОО «Wind Ulan»", "Уланский район", "энергетика", "$80 млн", 25, "2027 г.",
     "проектирование", None],
    [4, "Рыбоперерабатывающий цех", "ИП Ахметов", "Курчумский р-н, с. Курчум", "пищевая промышленность", "0,35",
     "12 (в т.ч. 4 местных)", "III квартал 2025", "введен", None],
]


def vko_workbook(path: Path, rows=VKO_ROWS) -> Path:
    wb = Workbook()
    summary = wb.active
    summary.title = "Свод"
    summary.append(["Свод по районам"])
    summary.append(["Район", "Кол-во проектов", "Сумма, млрд тенге"])
    summary.append(["г. Усть-Каменогорск", 1, 12.5])
    summary.append(["Итого", 4, 58.05])
    ws = wb.create_sheet("Проекты")
    ws.append([None] * 8 + ["Приложение 1"])
    ws.append(["Реестр инвестиционных проектов Восточно-Казахстанской области"])
    ws.append([])
    ws.append(["№\nп/п", "Наименование\nпроекта", "Инициатор\n(компания)", "Месторасположение", "Отрасль",
               "Стоимость\nпроекта,\nмлрд. тенге", "Кол-во\nраб. мест", "Срок\nреализации", "Состояние",
               "Примечание"])
    for r in rows:
        ws.append(r)
    ws.append([None, "ИТОГО", None, None, None, "=SUM(F5:F8)", "=SUM(G5:G8)"])
    ws.append(["Исп.: Иванова А., тел. 8 (7232) 00-00-00"])
    wb.save(path)
    return path


#: a Pavlodar list: the BIN in the initiator's cell, a two-row header of "всего / освоено" and jobs kinds,
#: terms as year ranges and half-years, stages of works as statuses, sectors in words
PAVLODAR_ROWS = [
    [1, "Строительство завода по производству ферросилиция", "ТОО «Silicon Metal» (БИН 190740012342)",
     "г. Экибастуз", "120,5", "35,2", 450, 1200, "2024-2026", "на стадии СМР", "металлургия"],
    [2, "Модернизация ТЭЦ-3", "АО «Павлодарэнерго»", "г. Павлодар", 85, 10, "50", "300", "2025-2027", "реализуется",
     "Электроэнергетика"],
    [3, "Тепличный комплекс 10 га", "КХ «Береке»", "Павлодарский р-н, с. Мичурино", "4,8", None, 60, 80,
     date(2026, 12, 1), "ПСД", "АПК"],
    [4, "Завод по производству кирпича", "ТОО «Кирпич-Аксу», БИН: 051040008717", "г. Аксу", "2.3", "2.3", 45, None,
     "2025", "введен в эксплуатацию", "стройматериалы"],
    [5, "Птицефабрика", "ТОО «Құс-Ертіс»", "Иртышский район", "12", "0", 150, 200, "II полугодие 2027",
     "поиск инвестора", "АПК"],
]


def pavlodar_sheet(path: Path, rows=PAVLODAR_ROWS) -> Path:
    wb, ws = _titled("Проекты", "Перечень инвестиционных проектов Павлодарской области, реализуемых в 2025-2027 годах",
                     ["№ п/п", "Наименование проекта", "Инициатор проекта (БИН)", "Местоположение",
                      "Стоимость проекта, млрд тенге", None, "Рабочие места", None, "Срок реализации",
                      "Текущее состояние", "Отрасль"],
                     [None, None, None, None, "всего", "освоено", "постоянные", "на период строительства"])
    ws.merge_cells("E3:F3")
    ws.merge_cells("G3:H3")
    for r in rows:
        ws.append(r)
    end = 4 + len(rows)
    ws.append([None, f"ВСЕГО: {len(rows)} проектов", None, None, f"=SUM(E5:E{end})", f"=SUM(F5:F{end})"])
    ws.append([])
    ws.append(["Примечание: СМР – строительно-монтажные работы"])
    wb.save(path)
    return path


#: a Kazakh list: "Іске асыру мерзімі" (the term of implementation) as the launch, stages in Kazakh verbs,
#: names without Kazakh letters ("Цемент зауыты"), the BIN in the initiator's cell
KAZAKH_LIST_ROWS = [
    [1, "Мақта өңдеу зауыты", "«Altyn Dala» ЖШС (БСН 051040008729)", "Мақтаарал ауданы", "15,5", 300,
     "2026 жылдың IV тоқсаны", "құрылыс-монтаж жұмыстары жүргізілуде"],
    [2, "Күн электр станциясы 50 МВт", "«Green Energy KZ» ЖШС", "Отырар ауданы", "22", 40, "2027 ж.", "ЖСҚ әзірленуде"],
    [3, "Жылыжай кешені", "«Береке» ШҚ", "Сайрам ауданы, Ақсу ауылы", "3,2", 50, "2025", "пайдалануға берілді"],
    [4, "Цемент зауыты", "«Turkistan Cement» АҚ", "Кентау қ.", "48", 450, "2027 жылғы желтоқсан",
     "инвестор іздестірілуде"],
    [5, "Тоқыма фабрикасы", "«Textile» ЖШС", "Түркістан қ.", "7,4", "120", "2026-2027", "жобалау сатысында"],
]


def kazakh_list(path: Path, rows=KAZAKH_LIST_ROWS) -> Path:
    wb, ws = _titled("Жобалар", "Түркістан облысы бойынша 2025-2027 жылдарға арналған инвестициялық жобалар тізбесі",
                     ["Р/с", "Жобаның атауы", "Бастамашы", "Орналасқан жері", "Жоба құны, млрд теңге", "Жұмыс орны",
                      "Іске асыру мерзімі", "Ағымдағы жағдайы"], blank=False)
    for r in rows:
        ws.append(r)
    ws.append([None, "Барлығы", None, None, f"=SUM(E3:E{2 + len(rows)})", f"=SUM(F3:F{2 + len(rows)})"])
    wb.save(path)
    return path
