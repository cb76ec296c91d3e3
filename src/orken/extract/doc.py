"""The ``Doc`` data object passed through the extraction pipeline components."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str = "word"  # word | num | punct | suffix ("-ға" after a number)
    lemma: str = ""
    ner: str = "O"


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tok_start: int = 0  # index of the first token in Doc.tokens
    tok_end: int = 0  # one past the last token


@dataclass(slots=True)
class Span:
    """A stretch of the text over ``Doc.tokens``: character offsets, token range, a label, attributes.

    Components put their results in ``Doc.spans[name]`` (a list of spans); a subclass adds typed
    attributes (``Entity``, ``Quantity``, ``Year``, ``Fact``), ``attrs`` holds anything else, so a
    new component needs no new field on ``Doc``."""
    start: int
    end: int
    label: str = ""
    text: str = ""
    tok_start: int = field(default=0, kw_only=True)  # index of the first token in Doc.tokens
    tok_end: int = field(default=0, kw_only=True)  # one past the last token
    attrs: dict[str, Any] = field(default_factory=dict, kw_only=True)


@dataclass(slots=True)
class Entity(Span):
    """A name: a KazNERD / natasha label, QUOTED, or a gazetteer place (label LOC, with ``kato``)."""
    kato: str | None = None
    type: str | None = None  # subject type from the contract (project, enterprise, region, ...)


@dataclass(kw_only=True, slots=True)
class Quantity(Span):
    label: str = "QUANTITY"
    value: Decimal  # exact: digits and scale words read as Decimal
    unit: str | None
    qualifier: str = "exact"
    value_max: Decimal | None = None
    is_word_number: bool = False
    percent_suffix: str = ""  # Kazakh case ending after "%" ("-ға")
    hint: str | None = None  # measure suggested by the unit ("жұмыс орны" -> jobs)
    suffix: str = ""  # case/possessive ending written after the number ("ы" in "10-ы", "дан" in "29-дан")
    mult: Decimal = Decimal(1)  # unit multiplier already applied to value


@dataclass(kw_only=True, slots=True)
class Year(Span):
    """A year expression ("2024 жылы", "2023-2025 годы"); never a quantity."""
    label: str = "YEAR"
    year: int
    year_to: int


@dataclass(kw_only=True, slots=True)
class Fact(Span):
    """A figure with its measure and context; ``start``/``end`` are the figure's span."""
    sentence: tuple[int, int]
    measure: str
    value: Decimal
    unit: str | None
    qualifier: str
    period: str | None
    year: int | None
    subject: dict | None
    location: dict | None
    status: str | None
    confidence: float
    value_max: Decimal | None = None
    status_cue: Span | None = None  # the words that state ``status`` (this or an earlier sentence)
    status_sentence: tuple[int, int] | None = None  # the sentence of ``status_cue``

    def __post_init__(self):
        self.label = self.label or self.measure

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @span.setter
    def span(self, value: tuple[int, int]) -> None:
        self.start, self.end = value

    def to_dict(self, doc_id: str, lang: str, *, exact: bool = False) -> dict[str, Any]:
        """The fact in the extraction contract: JSON-ready (values as int, or the float whose shortest
        text is the exact decimal), or with ``exact=True`` values as the exact ``Decimal`` parsed."""
        num = exact_value if exact else _clean_number
        out = {
            "doc": doc_id, "lang": lang, "sentence": list(self.sentence), "span": [self.start, self.end],
            "text": self.text, "measure": self.measure, "value": num(self.value), "unit": self.unit,
            "qualifier": self.qualifier, "period": self.period, "year": self.year,
            "subject": self.subject, "location": self.location, "status": self.status,
            "confidence": round(self.confidence, 3),
        }
        if self.value_max is not None:
            out["value_max"] = num(self.value_max)
        if self.status_cue is not None:
            out["status_cue"] = {"sentence": list(self.status_sentence or self.sentence),
                                 "span": [self.status_cue.start, self.status_cue.end], "text": self.status_cue.text}
        return out


def exact_value(v) -> Decimal:
    """A value as a normalised Decimal without an exponent (``Decimal("1.6E+12")`` -> 1600000000000)."""
    v = v if isinstance(v, Decimal) else Decimal(str(v))
    if v == v.to_integral_value():
        return v.quantize(Decimal(1))
    return Decimal(format(v.normalize(), "f"))


def to_json(obj):
    """``json.dumps(default=...)``: a Decimal as a JSON number (int when whole), as the CLI writes it."""
    if isinstance(obj, Decimal):
        return _clean_number(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


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
    """The text, its tokens and sentences, and what the components found: ``spans[name]`` (lists of
    spans over ``tokens``) and ``data[name]`` (anything else, e.g. the project records)."""
    text: str
    lang: str = "kk"
    doc_id: str = "-"
    date: Any = None  # datetime.date of publication, or None
    script: str = "cyrl"  # cyrl | latn (Latin Kazakh is read through a Cyrillic transliteration)
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def facts(self) -> list[Fact]:
        """The pipeline's result: ``spans["facts"]``."""
        return self.spans.get("facts", [])  # type: ignore[return-value]

    @property
    def records(self) -> list[dict]:
        """Project records (``data["records"]``, see records.py)."""
        return self.data.get("records", [])

    def sent_tokens(self, s: Sentence) -> list[Token]:
        return self.tokens[s.tok_start:s.tok_end]

    def sentence_of_token(self, i: int) -> int:
        for k, s in enumerate(self.sentences):
            if s.tok_start <= i < s.tok_end:
                return k
        return -1
