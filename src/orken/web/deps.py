"""Shared request dependencies: the database session, the acting user, the project filter."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Query, Request
from sqlalchemy.orm import Session

from orken.registry.query import ProjectFilter


def get_session(request: Request) -> Iterator[Session]:
    session = request.app.state.sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_actor(request: Request) -> str:
    """Who is writing. Until sign-in exists this is the client address, marked as anonymous."""
    host = request.client.host if request.client else "unknown"
    return f"anonymous@{host}"


def split(values: list[str] | None) -> list[str]:
    """Accept both ?status=a&status=b and ?status=a,b."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def project_filter(
    region: list[str] | None = Query(None, description="region or district KATO codes; a region includes its districts"),
    sector: list[str] | None = Query(None, description="OKED sections (letters) or divisions (two digits)"),
    status: list[str] | None = Query(None),
    programme: list[str] | None = Query(None),
    map_level: list[str] | None = Query(None, description="republican or regional"),
    zone: list[int] | None = Query(None),
    organisation: list[int] | None = Query(None),
    year_from: int | None = Query(None, ge=1990, le=2100, description="launch year (actual, else planned) from"),
    year_to: int | None = Query(None, ge=1990, le=2100),
    q: str | None = Query(None, max_length=200, description="text in any of kk, ru, en"),
    sample: bool | None = Query(None, description="only sample (true) or only real (false) records"),
) -> ProjectFilter:
    return ProjectFilter(
        region=split(region), sector=split(sector), status=split(status), programme=split(programme),
        map_level=split(map_level), zone=zone or [], organisation=organisation or [],
        year_from=year_from, year_to=year_to, q=q or None, sample=sample,
    )
