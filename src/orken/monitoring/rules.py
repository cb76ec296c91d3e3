"""The write rules of monitoring's tables (``orken.auth.rules``): targets by their scope, portfolios
for their keepers, reports for the authors and reviewers of their project. The services decide
first (with the reasons users see); the flush guard holds every write to the same rules."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.guard import stored_project_subject
from orken.auth.policy import Subject
from orken.auth.rules import Rule, register
from orken.db.models import AdminUnit, Sector
from orken.monitoring.models import Portfolio, PortfolioProject, Report, Target


def target_subject(session: Session, t) -> Subject:
    """A target's scope as the policy sees it: a district target also lies in its region, a division in its section."""
    region = district = t.kato
    if t.kato:
        unit = session.get(AdminUnit, t.kato)
        if unit is not None and unit.level == 2:
            region = unit.parent_kato
    section = division = None
    if t.sector:
        if t.sector.isalpha():
            section = t.sector.upper()
        else:
            division = t.sector
            sector = session.get(Sector, t.sector)
            section = sector.parent_code if sector else None
    return Subject(region=region, district=district, sector_section=section, sector_division=division,
                   programmes=frozenset([t.programme]) if t.programme else frozenset())


class _Stored:
    """The stored (before) scope columns of a target: a target moved needs both sides."""

    def __init__(self, kato, sector, programme):
        self.kato, self.sector, self.programme = kato, sector, programme


class TargetRule(Rule):
    """A target is set by whoever may set targets for its scope, before and after the edit."""

    name = "target"

    def check(self, flush, obj):
        session = flush.session
        if obj not in session.new and obj.id is not None:
            row = session.connection().execute(select(Target.kato, Target.sector, Target.programme)
                                               .where(Target.id == obj.id)).first()
            if row is not None and not flush.principal.can_set_target(target_subject(session, _Stored(*row))):
                flush.refuse(f"target {obj.id}")
        if obj not in session.deleted and not flush.principal.can_set_target(target_subject(session, obj)):
            flush.refuse("targets of this scope")


class PortfolioRule(Rule):
    """Portfolios (and their members) are kept by unscoped administrators and centre analysts."""

    name = "portfolio"

    def check(self, flush, obj):
        if not flush.principal.can_keep_portfolios():
            flush.refuse("portfolios")


class ReportRule(Rule):
    """A report is written by an author or a reviewer of its project (by the project's stored scope);
    which of them may take which step is the workflow's (``monitoring.service``)."""

    name = "report"

    def check(self, flush, obj):
        subject = stored_project_subject(flush.session, obj.project_id)
        if subject is None or not (flush.principal.can_author_report(subject)
                                   or flush.principal.can_review_report(subject)):
            flush.refuse(f"the reports of project {obj.project_id}")


TARGET_RULE, PORTFOLIO_RULE = TargetRule(), PortfolioRule()  # the entity specs name them (monitoring.service)
register(Target, TARGET_RULE)
register(Portfolio, PORTFOLIO_RULE)
register(PortfolioProject, PORTFOLIO_RULE)
register(Report, ReportRule())
