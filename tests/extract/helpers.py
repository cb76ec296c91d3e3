"""What the extraction tests ask of the pipeline: the facts and records of one sentence, and a fact by
its value. (The sentences live in the test files; each is written for its test.)"""
from orken.extract.pipeline import Pipeline, extract_all

PIPE = Pipeline(ner=False)


def facts(text, date=None):
    doc = PIPE(text, "auto", "t", date)
    return [f.to_dict("t", doc.lang) for f in doc.facts]


def records(text, date=None):
    return extract_all(text, "auto", "t", date=date)["records"]


def _same(f, value) -> bool:
    return abs(float(f["value"]) - value) <= 1e-9 * max(1, abs(value))


def find(fs, value, unit=None):
    """The first fact of ``value`` (and ``unit``); the facts found are the failure's message."""
    got = [f for f in fs if _same(f, value) and (unit is None or f["unit"] == unit)]
    assert got, [(f["measure"], f["value"], f["unit"], f["text"]) for f in fs]
    return got[0]


def absent(fs, value):
    assert not [f for f in fs if _same(f, value)], fs


def on_date(date):
    """``facts`` and ``records`` of sentences read as news of ``date``."""
    return (lambda text, date=date: facts(text, date)), (lambda text, date=date: records(text, date))
