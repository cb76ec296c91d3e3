"""The watcher in the web app: /api/v1/sources (administrators), stories, corroboration and
conflicts (the review queue's readers), and the /sources page for administrators."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from orken.auth.policy import PROJECT_EDITORS, Principal, Role
from orken.web.api.review_access import review_reader
from orken.errors import NotFound
from orken.watch import corroborate, poll, reprints
from orken.web.deps import get_actor, get_session, require_writer, signed_in
from orken.web.params import Id, IdList
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1", tags=["watch"])
pages = APIRouter(include_in_schema=False)


ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
administrator = signed_in(ADMINISTRATORS, who="the news sources", refusal="the news sources are for administrators")
#: the pages: the public is sent to the sign-in form
administrator_page = signed_in(ADMINISTRATORS, page=True, who="the news sources",
                               refusal="the news sources are for administrators")
review_reader_page = signed_in(PROJECT_EDITORS, page=True, who="the review queue",
                               refusal="the review queue is for analysts and curators")


class SourceIn(BaseModel):
    url: str = Field(max_length=2000)
    kind: str = "rss"
    lang: str = "auto"
    every: str = "1h"


@router.get("/sources", responses={200: {"model": O.WatchSourceList}})
def list_sources(session: Session = Depends(get_session), _: Principal = Depends(administrator)):
    """The watched sources with their last success, last error and items seen (administrators)."""
    return {"items": [poll.source_dict(s) for s in poll.list_sources(session)]}


@router.post("/sources", status_code=201, dependencies=[Depends(get_actor)],
             responses={201: {"model": O.WatchSourceOut}})  # CSRF before the body
def add_source(data: SourceIn, session: Session = Depends(get_session),
               principal: Principal = Depends(administrator)):
    require_writer(principal)
    return poll.source_dict(poll.add_source(session, data.url, data.kind, data.lang, data.every))


@router.get("/stories/{story_id}", dependencies=[Depends(review_reader)], responses={200: {"model": O.Story}})
def get_story(story_id: Id, session: Session = Depends(get_session)):
    """A story: the documents that reprint one text (its outlets) and its facts, each queued once."""
    found = reprints.story(session, story_id)
    if found is None:
        raise NotFound(f"no story {story_id}")
    return found


@router.get("/conflicts", dependencies=[Depends(review_reader)], responses={200: {"model": O.Conflicts}})
def list_conflicts(project: IdList = Query(None, description="project ids"), session: Session = Depends(get_session)):
    """Figures about one project and measure that disagree, with both sentences side by side."""
    return {"items": corroborate.conflicts(session, project or None)}


@router.get("/corroboration", dependencies=[Depends(review_reader)], responses={200: {"model": O.Corroboration}})
def corroboration(project: IdList = Query(None, description="project ids"), session: Session = Depends(get_session)):
    """Fact id -> the number of independent stories reporting the same figure about the same project."""
    return {"items": {str(k): v for k, v in corroborate.corroboration(session, project or None).items()}}


@pages.get("/sources")
@pages.get("/sources.json")
def sources_page(request: Request, session: Session = Depends(get_session),
                 principal: Principal = Depends(administrator_page)):
    from orken.web.pages.render import page

    return page(request, "watch/sources.html", {
        "page": "sources", "items": [poll.source_dict(s) for s in poll.list_sources(session)]})


#: English msgids of the measures a conflict is about (translated through the catalogs)
MEASURE_TEXT = {"investment": "Investment", "jobs": "Jobs", "jobs_temporary": "Temporary jobs",
                "capacity": "Capacity", "output_value": "Output value", "output_volume": "Output volume",
                "area": "Area"}


@pages.get("/conflicts")
@pages.get("/conflicts.json")
def conflicts_page(request: Request, session: Session = Depends(get_session),
                   principal: Principal = Depends(review_reader_page)):
    """Figures of the review queue that disagree, per project and measure, with their sentences side by side."""
    from sqlalchemy import select

    from orken.db.models import Project
    from orken.web.pages.render import page

    items = corroborate.conflicts(session)
    names = {p.id: {"kk": p.name_kk, "ru": p.name_ru, "en": p.name_en} for p in session.scalars(select(Project).where(
        Project.id.in_({c["project_id"] for c in items})))} if items else {}
    for c in items:
        c["project_name"] = names.get(c["project_id"])
    return page(request, "watch/conflicts.html", {"page": "review", "items": items},
                measure_label=lambda m: MEASURE_TEXT.get(m, m))
