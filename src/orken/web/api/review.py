"""/api/v1/review: the queue of facts read from the news, and the analyst's actions on them."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from orken.news import lookup, review
from orken.domain import codes
from orken.auth.policy import Principal
from orken.web.api.review_access import review_reader, reviewing
from orken.news.schemas import AcceptIn, FactEdit, LinkIn, RejectIn
from orken.news.serialize import document_dict, fact_dict, for_viewer
from orken.web.deps import get_principal, get_session, split
from orken.web.params import Id, IdList
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1", tags=["review"], dependencies=[Depends(review_reader)])
#: the lookup by name: names and places are public, so anyone may ask
lookup_router = APIRouter(prefix="/api/v1", tags=["review"])
Kind = Literal[lookup.KINDS]
State = Literal[codes.FACT_REVIEW_STATES.codes]


@router.get("/review", responses={200: {"model": O.FactPage}})
def list_facts(
    status: list[State] | None = Query(None, description="pending, accepted, rejected"),
    measure: list[str] | None = Query(None, description="investment, jobs, capacity, status, ..."),
    document: IdList = Query(None, description="document ids"),
    project: IdList = Query(None, description="linked project ids"),
    zone: IdList = Query(None, description="linked zone ids"),
    organisation: IdList = Query(None, description="linked organisation ids"),
    region: list[str] | None = Query(None, description="linked region or district KATO codes"),
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=500),
    session: Session = Depends(get_session),
    viewer: Principal = Depends(get_principal),
):
    f = review.ReviewFilter(status=list(status or []), measure=split(measure), document=document or [],
                            project=project or [], zone=zone or [], organisation=organisation or [],
                            region=split(region))
    items, total, next_cursor = review.page(session, f, cursor, limit)
    labels = review.labels(session, items)
    return {"items": [for_viewer(fact_dict(i, labels), viewer) for i in items], "total": total, "next": next_cursor}


@router.get("/review/{fact_id}", responses={200: {"model": O.FactOut}})
def get_fact(fact_id: Id, session: Session = Depends(get_session), viewer: Principal = Depends(get_principal)):
    """One fact with its sentence split around the span, its link, candidates and what accepting changes."""
    return review.as_dict(session, review.get(session, fact_id), current=True, viewer=viewer)


@router.patch("/review/{fact_id}", responses={200: {"model": O.FactOut}})
def edit_fact(fact_id: Id, data: FactEdit, session: Session = Depends(get_session),
              principal: Principal = Depends(reviewing)):
    return review.as_dict(session, review.edit(session, fact_id, data, principal), current=True, viewer=principal)


@router.post("/review/{fact_id}/accept", responses={200: {"model": O.FactOut}})
def accept_fact(fact_id: Id, data: AcceptIn, session: Session = Depends(get_session),
                principal: Principal = Depends(reviewing)):
    """Accept, with any edits: the registry is updated (with ``version``) and the document becomes a source."""
    return review.as_dict(session, review.accept(session, fact_id, data, principal), viewer=principal)


@router.post("/review/{fact_id}/reject", responses={200: {"model": O.FactOut}})
def reject_fact(fact_id: Id, data: RejectIn, session: Session = Depends(get_session),
                principal: Principal = Depends(reviewing)):
    return review.as_dict(session, review.reject(session, fact_id, data, principal), viewer=principal)


@router.post("/review/{fact_id}/link", responses={200: {"model": O.FactOut}})
def link_fact(fact_id: Id, data: LinkIn, session: Session = Depends(get_session),
              principal: Principal = Depends(reviewing)):
    return review.as_dict(session, review.relink(session, fact_id, data, principal), current=True,
                          viewer=principal)


@router.get("/documents/{document_id}", responses={200: {"model": O.DocumentOut}})
def get_document(document_id: Id, session: Session = Depends(get_session)):
    doc = review.documents(session, document_id)
    return {**document_dict(doc), "text": doc.text}


@lookup_router.get("/lookup", responses={200: {"model": O.Lookup}})
def find(q: str = Query(..., min_length=1, max_length=200, description="a name in kk, ru or en (or a KATO code)"),
         kind: list[Kind] | None = Query(None, description="project, zone, organisation, region (default: all)"),
         limit: int = Query(lookup.LIMIT, ge=1, le=50), session: Session = Depends(get_session)):
    """Projects, zones, organisations, regions and districts by name, best first: what a fact may be linked to.
    Whatever the case, look-alike Latin/Cyrillic letters, case endings or a typo; public fields only."""
    return {"query": q, "items": lookup.as_dicts(session, lookup.search(session, q, tuple(kind or lookup.KINDS),
                                                                          limit))}
