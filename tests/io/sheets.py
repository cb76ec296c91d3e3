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
