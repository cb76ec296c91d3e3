"""Who may act on a fact read from a document, and the flush guard's rule of ``news_facts``.

A fact is for those who may change what it is about: its project or zone (by their stored scope),
organisations, else the region it is placed in (a new project proposed there); a fact placed
nowhere is for those who edit everything. ``news.review`` decides with this before acting (with
the reason users see); the guard holds every write of a fact to it, by the fact's stored link."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.guard import place_subject, stored_project_subject, stored_zone_subject
from orken.auth.policy import Principal
from orken.auth.rules import SYSTEM_ONLY, Rule, register
from orken.news.models import NewsFact, WatchEcho


def may_act(session: Session, principal: Principal, project_id, zone_id, organisation_id, kato) -> bool:
    if project_id is not None:
        subject = stored_project_subject(session, project_id)
        return subject is not None and principal.can_edit_project(subject)
    if zone_id is not None:
        subject = stored_zone_subject(session, zone_id)
        return subject is not None and principal.can_edit_zone(subject)
    if organisation_id is not None:
        return principal.can_edit_organisation()
    return principal.can_edit_project(place_subject(session, kato))


def may_act_on(session: Session, principal: Principal, fact: NewsFact) -> bool:
    """May ``principal`` edit, accept, reject or re-link ``fact`` (as it is linked now)?"""
    return may_act(session, principal, fact.project_id, fact.zone_id, fact.organisation_id,
                   fact.region_kato or fact.location_kato)


class NewsFactRule(Rule):
    name = "news_fact"

    def check(self, flush, obj):
        session = flush.session
        if obj in session.new or obj.id is None:
            allowed = may_act_on(session, flush.principal, obj)
        else:  # as stored: whoever may act on the fact where it is linked (re-linking is an act on it)
            row = session.connection().execute(
                select(NewsFact.project_id, NewsFact.zone_id, NewsFact.organisation_id, NewsFact.region_kato,
                       NewsFact.location_kato).where(NewsFact.id == obj.id)).first()
            allowed = row is None or may_act(session, flush.principal, row[0], row[1], row[2], row[3] or row[4])
        if not allowed:
            flush.refuse(f"fact {obj.id}")


register(NewsFact, NewsFactRule())

# a reprint's echo of a queued fact is the watcher's (written in its system context)
register(WatchEcho, SYSTEM_ONLY)
