"""Small news texts written for these tests (Kazakh and Russian), and helpers to ingest them."""

import pytest
from orken.auth.guard import system_session
from orken.news.ingest import DocumentIn, ingest

#: a Kazakh note on an aluminium plant under construction in Pavlodar region
KK = ("Павлодар облысында «Қазақстан Алюминий» зауыты салынуда. Жобаның инвестициясы 120 млрд теңгені "
      "құрайды. Кәсіпорында 450 жұмыс орны ашылады. Зауыттың қуаты жылына 50 мың тонна болады.")
#: a Russian note on a steel plant launched in Karaganda region
RU = ("В Карагандинской области в 2024 году запущен завод «Караганда Стил». Объем инвестиций составил "
      "45,5 млрд тенге. На предприятии создано 320 рабочих мест.")


@pytest.fixture
def ingest_text(engine):
    """Ingest a text as the CLI does (its own transaction); return the outcome."""

    def run(text: str, **meta):
        with system_session(engine, "tests") as s:
            return ingest(s, DocumentIn(text=text, **meta))

    return run


@pytest.fixture
def facts(client):
    """The review queue through the API, as {measure: fact} of one document."""

    def of(document_id: int, status: str | None = None) -> dict:
        params = {"document": document_id, **({"status": status} if status else {})}
        response = client.get("/api/v1/review", params=params)
        assert response.status_code == 200, response.text
        return {f["measure"]: f for f in response.json()["items"]}

    return of


@pytest.fixture
def aluminium(client):
    """A registry project named in Russian and English only, so the Kazakh news must match across languages."""
    response = client.post("/api/v1/projects", json={
        "name": {"ru": "Алюминиевый завод «Казахстан Алюминий»", "en": "Kazakhstan Aluminium smelter"},
        "region_kato": "550000000", "status": "planned"})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def steel(client):
    """A registry project named in Kazakh only, under construction, for the Russian news."""
    response = client.post("/api/v1/projects", json={
        "name": {"kk": "«Қарағанды Стил» болат зауыты"}, "region_kato": "350000000",
        "status": "under_construction"})
    assert response.status_code == 201, response.text
    return response.json()
