"""The ``Doc`` data object passed through the extraction pipeline components."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class Token:
    text: str
    start: int
    end: int
    kind: str = "word"  # word | num | punct | suffix ("-ға" after a number)
    lemma: str = ""
    ner: str = "O"


@dataclass
class Sentence:
    start: int
    end: int
    tok_start: int = 0  # index of the first token in Doc.tokens
    tok_end: int = 0  # one past the last token


@dataclass
class Entity:
    start: int
    end: int
    label: str  # KazNERD / natasha label, or a gazetteer/zone/quote type
    text: str
    kato: str | None = None
    type: str | None = None  # subject type from the contract (project, enterprise, ...)


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: Decimal  # exact: digits and scale words read as Decimal
    unit: str | None
    qualifier: str = "exact"
    value_max: Decimal | None = None
    tok_start: int = 0
    tok_end: int = 0
    is_word_number: bool = False
    percent_suffix: str = ""  # Kazakh case ending after "%" ("-ға")
    hint: str | None = None  # measure suggested by the unit ("жұмыс орны" -> jobs)
    suffix: str = ""  # case/possessive ending written after the number ("ы" in "10-ы", "дан" in "29-дан")
    mult: Decimal = Decimal(1)  # unit multiplier already applied to value


@dataclass
class Fact:
    sentence: tuple[int, int]
    span: tuple[int, int]
    text: str
    measure: str
    value: float
    unit: str | None
    qualifier: str
    period: str | None
    year: int | None
    subject: dict | None
    location: dict | None
    status: str | None
    confidence: float
    value_max: float | None = None

    def to_dict(self, doc_id: str, lang: str) -> dict[str, Any]:
        value = _clean_number(self.value)
        out = {
            "doc": doc_id, "lang": lang, "sentence": list(self.sentence), "span": list(self.span),
            "text": self.text, "measure": self.measure, "value": value, "unit": self.unit,
            "qualifier": self.qualifier, "period": self.period, "year": self.year,
            "subject": self.subject, "location": self.location, "status": self.status,
            "confidence": round(self.confidence, 3),
        }
        if self.value_max is not None:
            out["value_max"] = _clean_number(self.value_max)
        return out


def _clean_number(v) -> int | float:
    """A JSON number: an int when whole, else the float whose shortest text is the exact decimal."""
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return int(v)
        return float(format(v.normalize(), "f"))
    r = round(v)
    if abs(v - r) <= 1e-6 * max(1.0, abs(v)):
        return int(r)
    return float(f"{v:.10g}")


@dataclass
class Doc:
    text: str
    lang: str = "kk"
    doc_id: str = "-"
    date: Any = None  # datetime.date of publication, or None
    script: str = "cyrl"  # cyrl | latn (Latin Kazakh is read through a Cyrillic transliteration)
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    locations: list[Entity] = field(default_factory=list)
    years: list[tuple[int, int, int, int]] = field(default_factory=list)  # (tok_i, tok_j, year, year_to)
    quantities: list[Quantity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)  # project records (see records.py)

    def sent_tokens(self, s: Sentence) -> list[Token]:
        return self.tokens[s.tok_start:s.tok_end]

    def sentence_of_token(self, i: int) -> int:
        for k, s in enumerate(self.sentences):
            if s.tok_start <= i < s.tok_end:
                return k
        return -1
