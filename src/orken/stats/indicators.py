"""The indicator vocabulary of the regional statistics: code -> unit and English label (the msgid
translated through the gettext catalogs), and how reported indicator names map onto it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Indicator:
    code: str
    unit: str  # KZT, %, unit (a count), person
    label: str  # English msgid (kk/ru in the .po catalogs)
    national: str = "sum"  # how regions add up to the country: sum, or none (indices and shares do not add)


VOCABULARY: dict[str, Indicator] = {i.code: i for i in [
    Indicator("industrial_output", "KZT", "Industrial output"),
    Indicator("industrial_output_index", "%", "Industrial output index (same period of the previous year = 100)",
              "none"),
    Indicator("manufacturing_output", "KZT", "Manufacturing output"),
    Indicator("manufacturing_output_index", "%", "Manufacturing output index (previous year = 100)", "none"),
    Indicator("manufacturing_share_industry", "%", "Share of manufacturing in industrial output", "none"),
    Indicator("investment_fixed_capital", "KZT", "Investment in fixed capital"),
    Indicator("investment_fixed_capital_index", "%", "Investment in fixed capital, index (previous year = 100)",
              "none"),
    Indicator("investment_attracted", "KZT", "Investment attracted (as reported by the akimat)"),
    Indicator("enterprises_total", "unit", "Industrial enterprises"),
    Indicator("enterprises_large", "unit", "Large industrial enterprises"),
    Indicator("enterprises_medium", "unit", "Medium industrial enterprises"),
    Indicator("enterprises_small", "unit", "Small industrial enterprises"),
    Indicator("employment_industry", "person", "Employment in industry"),
    Indicator("industry_share_grp", "%", "Share of industry in GRP", "none"),
    Indicator("grp", "KZT", "Gross regional product"),
    Indicator("grp_index", "%", "GRP index (previous year = 100)", "none"),
    Indicator("projects_launched", "unit", "Projects launched"),
    Indicator("projects_planned", "unit", "Projects planned"),
    Indicator("projects_in_pool", "unit", "Projects in the investment pool"),
    Indicator("pool_investment", "KZT", "Investment of the project pool"),
    Indicator("jobs_created", "person", "Jobs created"),
]}

#: reported name -> (code, transform); growth percents become indices (+7.3 % -> 107.3)
REPORTED: dict[str, tuple[str, str]] = {
    "industrial_output_kzt": ("industrial_output", "same"),
    "industrial_output_growth_percent": ("industrial_output_index", "growth"),
    "industrial_output_index_percent": ("industrial_output_index", "same"),
    "manufacturing_output_kzt": ("manufacturing_output", "same"),
    "manufacturing_output_growth_percent": ("manufacturing_output_index", "growth"),
    "manufacturing_growth_percent": ("manufacturing_output_index", "growth"),
    "manufacturing_index_percent": ("manufacturing_output_index", "same"),
    "manufacturing_share_percent": ("manufacturing_share_industry", "same"),
    "investment_fixed_capital_kzt": ("investment_fixed_capital", "same"),
    "investment_fixed_capital_growth_percent": ("investment_fixed_capital_index", "growth"),
    "investment_kzt": ("investment_attracted", "same"),
    "investment_attracted_kzt": ("investment_attracted", "same"),
    "enterprises_total": ("enterprises_total", "same"),
    "enterprises_large": ("enterprises_large", "same"),
    "enterprises_medium": ("enterprises_medium", "same"),
    "enterprises_small": ("enterprises_small", "same"),
    "employment_industry": ("employment_industry", "same"),
    "industry_share_grp_percent": ("industry_share_grp", "same"),
    "grp_kzt": ("grp", "same"),
    "grp_growth_percent": ("grp_index", "growth"),
    "projects_launched": ("projects_launched", "same"),
    "projects_planned": ("projects_planned", "same"),
    "projects_in_pool": ("projects_in_pool", "same"),
    "pool_investment_kzt": ("pool_investment", "same"),
    "jobs_created": ("jobs_created", "same"),
}


def map_reported(name: str, value) -> tuple[str, Decimal, str | None] | None:
    """(code, value, note) for a reported indicator name, or None when it is not in the vocabulary."""
    found = REPORTED.get(name)
    if found is None:
        return None
    code, how = found
    value = Decimal(str(value))
    if how == "growth":
        return code, value + 100, f"reported as growth of {value} %"
    return code, value, None
