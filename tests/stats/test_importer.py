"""The official statistics importer, on sheets built here (regions as rows, periods as columns)."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from orken.stats import periods, service
from orken.stats.importer import SheetError, import_rows, read_sheet


@pytest.mark.parametrize("text, expected", [
    ("2024", (2024, 12, None)), ("2024 г.", (2024, 12, None)), ("9 месяцев 2025", (2025, 9, None)),
    ("январь-сентябрь 2025", (2025, 9, None)), ("2025 жылдың 9 айы", (2025, 9, None)),
    ("2025 жылғы қаңтар-қазан", (2025, 10, None)), ("I квартал 2024", (2024, 3, None)),
    ("2016-2022", (2022, None, "2016-2022")), ("Январь-май 2024 г.", (2024, 5, None)),
])
def test_periods(text, expected):
    assert periods.parse(text) == expected


def _sheet(path, rows):
    book = Workbook()
    ws = book.active
    for r in rows:
        ws.append(r)
    book.save(path)
    return path


def test_import_ru_table_with_years_and_months(session, tmp_path):
    path = _sheet(tmp_path / "ifc.xlsx", [
        ["Инвестиции в основной капитал, млн тенге"],
        [None, "2023 г.", "2024 г.", "9 месяцев 2025"],
        ["Республика Казахстан", "18 073 412,5", 19500000, "15 100 000"],
        ["Карагандинская область¹", "1 012 345,6", "1 100 000", "—"],
        ["г. Алматы", 1500000.5, "x", 1200000],
        ["Жетісу облысы", None, "250 000", "180 000,1"],
        ["Неизвестная территория", 1, 2, 3],
    ])
    result = import_rows(session, read_sheet(path), "investment_fixed_capital", source_url="https://stat.gov.kz/t",
                         as_of=date(2025, 11, 14), scale=Decimal(10**6))
    assert result.added == 9 and result.unknown_rows == ["Неизвестная территория"]
    kar = {(v.year, v.months): v.value for v in service.values(session, "350000000", "investment_fixed_capital")}
    assert kar == {(2023, 12): Decimal("1012345600000"), (2024, 12): Decimal("1100000000000")}  # "—" is no value
    nat = service.values(session, None, "investment_fixed_capital", 2025, national=True)
    assert [(v.months, v.value) for v in nat] == [(9, Decimal("15100000000000"))]
    almaty = service.values(session, "750000000", "investment_fixed_capital")
    assert [v.year for v in almaty] == [2023, 2025]  # "x" (confidential) is skipped, not zero
    assert all(v.source_url == "https://stat.gov.kz/t" and v.as_of == date(2025, 11, 14) for v in almaty)
    # importing the same table again adds nothing
    again = import_rows(session, read_sheet(path), "investment_fixed_capital", source_url="https://stat.gov.kz/t",
                        scale=Decimal(10**6))
    assert again.added == 0 and again.skipped_existing == 9


def test_import_kk_csv_table(session, tmp_path):
    path = tmp_path / "io.csv"
    path.write_text("Өнеркәсіп өнімінің көлем индексі, %;;\n;2024 жыл;2025 жылдың 9 айы\n"
                    "Қазақстан Республикасы;102,8;106,1\nАқмола облысы;104,2;107,3\nШымкент қаласы;99,1;\n",
                    encoding="utf-8")
    result = import_rows(session, read_sheet(path), "industrial_output_index", lang="kk")
    assert result.added == 5
    akm = service.values(session, "110000000", "industrial_output_index")
    assert [(v.year, v.months, v.value, v.unit) for v in akm] == [(2024, 12, Decimal("104.2"), "%"),
                                                                   (2025, 9, Decimal("107.3"), "%")]


def test_a_sheet_without_periods_is_refused(session):
    with pytest.raises(SheetError):
        import_rows(session, [["Регион", "Значение"], ["Акмолинская область", 5]], "industrial_output")
    with pytest.raises(SheetError):
        import_rows(session, [[None, "2024"]], "no_such_indicator")
