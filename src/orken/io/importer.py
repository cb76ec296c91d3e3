"""Importing projects, zones and monitoring reports from a spreadsheet: validate, write, report.

How it writes: every row goes through the registry services (``orken.registry.projects.create`` /
``update``, ``orken.registry.others.create_zone`` / ``update_zone``), so imported data gets the same
validation and change-log entries as data entered through the API. There is no second, bulk path.

Monitoring reports go through ``orken.monitoring.service`` (``create_report`` / ``update_report`` and,
with ``submit``, ``act(SUBMIT)``) acting as the importing user, so the workflow, the permissions and
the change log apply. An imported report is a *draft* (or *submitted*, with ``submit``), never
approved: approval is the curator's review of figures someone else wrote, and a file upload is not
that review; approved figures are what plan-vs-fact and the briefings count. A row for a quarter
that already has a draft or returned report updates it; a submitted or approved one is left alone
and the row is reported (an approved report is corrected in the app, as a new revision). A row that
repeats what is stored is counted as unchanged and writes nothing.

Transactions: the whole import is ONE database transaction, committed at the very end. A crash, an
exception or a kill before that leaves the database as it was. Each row is written inside a
savepoint, so that a row the service rejects is rolled back alone and reported. With
``all_or_nothing`` the file is first validated without writing; any problem stops the import before
anything is written. ``dry_run`` only validates.

Memory: the file is streamed row by row; ORM objects are flushed and dropped from the session every
few hundred rows, so memory stays bounded however long the sheet is. Rejected rows go to a CSV file
as they are found.
"""

from __future__ import annotations

import csv
import errno
import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from orken.auth.policy import Grant, Principal, Role
from orken.db.engine import session_factory
from orken.db.models import Organisation, Project, Zone
from orken.io import headers, readers
from orken.io.messages import state_name, t
from orken.io.models import HeaderMapping, ImportJob
from orken.io.parse import Reference, norm
from orken.io.report_rows import ProjectIndex, ReportReader, period_label
from orken.io.rows import Parsed, Problem, RowReader, row_kind
from orken.registry import others, projects
from orken.registry.errors import InvalidInput, RegistryError
from orken.registry.schemas import OrganisationCreate, ProjectUpdate

ENTITIES = ("projects", "zones", "reports")
HEADER_SCAN = 20
BATCH = 500
Progress = Callable[[int, int | None], None]


class ImportError_(Exception):
    """The file as a whole cannot be imported (unreadable, no header...)."""


class DiskFull(ImportError_):
    """A disk filled up during the import (the database's or the rejected rows'); nothing was written."""


class SystemPrincipal(Principal):
    """The command line acting without ``--as``: a trusted operator, logged under the import's name."""

    @property
    def audit_name(self) -> str:
        return self.username or "system"


def system_principal(actor: str) -> Principal:
    return SystemPrincipal(username=actor, grants=(Grant(Role.ADMINISTRATOR),))


@dataclass
class ImportReport:
    entity: str
    file: str
    sheet: str | None = None
    dry_run: bool = False
    all_or_nothing: bool = False
    rows: int = 0          # data rows read (not blank, totals or headings)
    created: int = 0
    updated: int = 0
    unchanged: int = 0     # rows that repeat what is stored (reports)
    submitted: int = 0     # reports submitted for review (reports, with ``submit``)
    rejected: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # header -> field
    unknown_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    committed: bool = False
    rejected_file: str | None = None

    @property
    def valid(self) -> int:
        return self.rows - self.rejected

    def as_dict(self) -> dict:
        return {"entity": self.entity, "file": self.file, "sheet": self.sheet, "dry_run": self.dry_run,
                "all_or_nothing": self.all_or_nothing, "rows": self.rows, "valid": self.valid,
                "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "submitted": self.submitted, "rejected": self.rejected,
                "skipped": self.skipped, "columns": self.columns, "unknown_columns": self.unknown_columns,
                "committed": self.committed, "rejected_file": self.rejected_file,
                "problems": [p.as_dict() for p in self.problems]}


def saved_mappings(session: Session, entity: str) -> dict[str, str]:
    return {m.header_key: m.field for m in session.scalars(select(HeaderMapping).where(HeaderMapping.entity == entity))}


def save_mapping(session: Session, entity: str, header: str, field_name: str) -> None:
    known = set(headers.CONCEPTS[entity]) | {f"{c}_{q}" for c in headers.QUALIFIED for q in ("planned", "actual")}
    if field_name not in known:
        raise InvalidInput.one("field", f"unknown field {field_name!r}; use one of {', '.join(sorted(known))}")
    key = norm(header)
    row = session.scalar(select(HeaderMapping).where(HeaderMapping.entity == entity, HeaderMapping.header_key == key))
    row = row or HeaderMapping(entity=entity, header_key=key)
    row.field = field_name
    session.add(row)


def estimate_rows(path: Path, sheet: str | None) -> int | None:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            ws = wb[sheet] if sheet else wb.worksheets[0]
            return ws.max_row
        except KeyError:
            return None
        finally:
            wb.close()
    if suffix in (".csv", ".txt", ".tsv"):
        with path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return None


class _Rejects:
    """Rejected rows, with their original cells and the reasons, written as they come."""

    def __init__(self, path: Path | None, header: list[str]):
        self.path, self.header, self.file, self.writer = path, header, None, None

    def add(self, row: int, values: list, problems: list[Problem]) -> None:
        if self.path is None:
            return
        if self.writer is None:
            self.file = self.path.open("w", newline="", encoding="utf-8-sig")
            self.writer = csv.writer(self.file)
            self.writer.writerow(["row", "errors", *self.header])
        reasons = "; ".join(f"{p.column}: {p.message}" if p.column else p.message for p in problems)
        self.writer.writerow([row, reasons, *["" if v is None else v for v in values]])

    def close(self) -> None:
        if self.file:
            self.file.close()

    def discard(self) -> None:
        """Remove what was written of the file (closing a file on a full disk may fail too)."""
        if self.file:
            try:
                self.file.close()
            except OSError:
                pass
            self.file = self.writer = None
            self.path.unlink(missing_ok=True)


def _begin(session: Session, job: ImportJob) -> None:
    """Open the transaction with a write, so that row savepoints nest inside it on SQLite too."""
    session.add(job)
    session.flush()


class Importer:
    def __init__(self, engine: Engine, entity: str, path: Path, *, sheet: str | None = None, dry_run: bool = False,
                 all_or_nothing: bool = False, lang: str = "ru", actor: str | None = None,
                 rejected_path: Path | None = None, progress: Progress | None = None,
                 mapping: dict[str, str] | None = None, max_problems: int = 10000, principal=None,
                 submit: bool = False):
        if entity not in ENTITIES:
            raise ImportError_(f"unknown entity {entity!r}; use projects, zones or reports")
        self.engine, self.entity, self.path, self.sheet = engine, entity, Path(path), sheet
        self.dry_run, self.all_or_nothing, self.lang = dry_run, all_or_nothing, lang
        self.actor = actor or f"import:{self.path.name}"
        self.rejected_path = rejected_path
        self.progress = progress or (lambda done, total: None)
        self.mapping = {norm(k): v for k, v in (mapping or {}).items()}
        self.max_problems = max_problems
        # the acting user of a web upload: the registry's flush guard checks each row against their scope
        self.principal = principal
        # reports: the monitoring service decides with this principal (the command line's operator without one)
        self.report_principal = principal or system_principal(self.actor)
        self.submit = submit

    def run(self) -> ImportReport:
        try:
            return self._run()
        except (OSError, DBAPIError) as exc:
            if not disk_full(exc):
                raise
            where = t("the_database", self.lang)
            if isinstance(exc, OSError):  # the only file an import writes is its rejected rows
                where = Path(exc.filename or self._rejected_file()).name  # a name, not the server's folders
            raise DiskFull(t("disk_full", self.lang, where=where)) from exc

    def _run(self) -> ImportReport:
        report = ImportReport(self.entity, self.path.name, self.sheet, self.dry_run, self.all_or_nothing)
        Session_ = session_factory(self.engine)
        with Session_() as session:
            if self.principal is not None:
                session.info["principal"] = self.principal
            layout = self._layout(session)
            report.columns = {c.header: c.field for c in layout.columns}
            report.unknown_columns = layout.unknown
            if self.dry_run or self.all_or_nothing:
                # a trial: every valid row is written as confirming would write it (so the registry's checks,
                # the acting user's scope among them, refuse what confirming would refuse), then rolled back
                self._pass(session, layout, report, write=False, trial=True)
                session.rollback()
                report.created = report.updated = report.submitted = 0
                report.unchanged = 0
                if self.dry_run or report.problems:
                    return report
                report = ImportReport(self.entity, self.path.name, self.sheet, False, True,
                                      columns=report.columns, unknown_columns=report.unknown_columns)
            try:
                job = ImportJob(token=f"run-{secrets.token_hex(16)}", entity=self.entity,
                                filename=self.path.name[:300], sheet=self.sheet, status="running", actor=self.actor)
                _begin(session, job)
                self._pass(session, layout, report, write=True)
                if self.all_or_nothing and report.problems:
                    session.rollback()
                    report.created = report.updated = report.submitted = 0
                    return report
                job.status, job.rows = "done", report.rows
                job.report = {k: v for k, v in report.as_dict().items() if k != "problems"}
                session.commit()
                report.committed = True
            except BaseException:
                session.rollback()
                raise
        return report

    def _layout(self, session: Session) -> headers.HeaderLayout:
        saved = {**saved_mappings(session, self.entity), **self.mapping}
        try:
            first = list(itertools.islice(readers.rows(self.path, self.sheet), HEADER_SCAN))
        except readers.FileError as exc:
            raise ImportError_(exc.message(self.lang)) from None
        layout = headers.detect(first, self.entity, saved) if first else None
        if layout is None:
            raise ImportError_(t("no_header", self.lang))
        return layout

    def _pass(self, session: Session, layout: headers.HeaderLayout, report: ImportReport, write: bool,
              trial: bool = False) -> None:
        """Read every row; write the valid ones (``write``), or write them to be rolled back (``trial``)."""
        ref = Reference(session)
        if self.entity == "reports":
            reader = ReportReader(layout.columns, ref, self.lang, ProjectIndex(session))
        else:
            reader = RowReader(self.entity, layout.columns, ref, self.lang)
        model = Project if self.entity == "projects" else Zone
        last_header = max(layout.header_rows)
        width = max((c.index for c in layout.columns), default=0) + 1
        header_texts = [""] * width
        for c in layout.columns:
            header_texts[c.index] = c.header
        rejects = _Rejects(self._rejected_file() if write or self.dry_run else None, header_texts)
        seen: dict[str, int] = {}
        total = estimate_rows(self.path, self.sheet)
        done = 0
        try:
            for number, values in readers.rows(self.path, self.sheet):
                done += 1
                if done % 200 == 0:
                    self.progress(done, total)
                if number <= last_header:
                    continue
                kind = row_kind(values, layout.columns)
                if kind == "heading" and reader.heading(values):
                    kind = "region heading"
                elif kind == "heading":
                    kind = "data"
                if kind != "data":
                    report.skipped[kind] = report.skipped.get(kind, 0) + 1
                    continue
                report.rows += 1
                parsed = self._parse(session, reader, model, number, values, seen)
                if not parsed.problems and (write or trial):
                    self._write(session, parsed, report)
                if parsed.problems:
                    report.rejected += 1
                    if len(report.problems) < self.max_problems:
                        report.problems.extend(parsed.problems)
                    rejects.add(number, values[:width], parsed.problems)
                    if write and self.all_or_nothing:
                        break
                if (write or trial) and report.rows % BATCH == 0:
                    session.flush()
                    session.expunge_all()  # memory stays flat however long the file
                    ref.attach(session)  # the services' look-ups of places and sectors stay in memory
            self.progress(done, done)
        except BaseException as exc:
            rejects.discard()  # the import did not happen: its rejected rows would mislead
            if isinstance(exc, readers.FileError):
                raise ImportError_(exc.message(self.lang)) from None
            raise
        finally:
            rejects.close()
        if rejects.writer is not None:
            report.rejected_file = str(rejects.path)

    def _rejected_file(self) -> Path:
        return self.rejected_path or self.path.with_name(self.path.stem + ".rejected.csv")

    def _parse(self, session, reader: RowReader, model, number: int, values: list, seen: dict) -> Parsed:
        if self.entity == "reports":
            parsed = reader.report(number, values)
            key = (parsed.extra["project_id"], parsed.extra["period"])
            if None not in key:
                if key in seen:
                    col = reader.by_field.get("period")
                    parsed.problems.insert(0, Problem(number, f"{col.letter} ({col.header})" if col else "", "period",
                                                      t("duplicate_period", self.lang, period=period_label(key[1]),
                                                        row=seen[key])))
                else:
                    seen[key] = number
            return parsed
        external_id = reader._text(values, "external_id")
        existing = None
        if external_id:
            existing = session.execute(
                select(model.id, model.status if model is Project else model.kind).where(model.external_id == external_id)
            ).first()
        if self.entity == "projects":
            parsed = reader.project(number, values, existing[1] if existing else None)
        else:
            parsed = reader.zone(number, values, existing is not None)
        if external_id:
            if external_id in seen:
                col = reader.by_field["external_id"]
                parsed.problems.insert(0, Problem(number, f"{col.letter} ({col.header})", "external_id",
                                                  t("duplicate", self.lang, value=external_id, row=seen[external_id])))
            else:
                seen[external_id] = number
        parsed.extra["existing_id"] = existing[0] if existing else None
        return parsed

    def _write(self, session: Session, parsed: Parsed, report: ImportReport) -> None:
        if self.entity == "reports":
            return self._write_report(session, parsed, report)
        existing = parsed.extra.get("existing_id")
        try:
            with session.begin_nested():
                data = parsed.payload
                if self.entity == "projects":
                    investor = parsed.extra.get("investor")
                    if investor:
                        org_id = self._organisation(session, *investor)
                        data = type(data).model_validate({**data.model_dump(exclude_unset=True), "organisations": [
                            {"organisation_id": org_id, "role": "investor"}]})
                    if existing:
                        update = ProjectUpdate.model_validate(data.model_dump(exclude_unset=True))
                        projects.update(session, existing, update, self.actor)
                    else:
                        projects.create(session, data, self.actor)
                elif existing:
                    others.update_zone(session, existing, data, self.actor)
                else:
                    others.create_zone(session, data, self.actor)
            if existing:
                report.updated += 1
            else:
                report.created += 1
        except InvalidInput as exc:
            for e in exc.errors:
                parsed.problems.append(Problem(parsed.row, "", e["field"], t("invalid", self.lang, detail=e["message"])))
        except RegistryError as exc:  # e.g. the acting user may not write this project (auth flush guard)
            parsed.problems.append(Problem(parsed.row, "", "", t("invalid", self.lang, detail=str(exc))))

    def _write_report(self, session: Session, parsed: Parsed, report: ImportReport) -> None:
        """One report through the monitoring service: create, update a draft, or leave it as it is."""
        from orken.monitoring import service
        from orken.monitoring.models import Report
        from orken.monitoring.schemas import ReportIn, ReportUpdate
        from orken.monitoring.workflow import Action, State

        principal = self.report_principal
        project_id, (year, quarter) = parsed.extra["project_id"], parsed.extra["period"]
        given = parsed.payload.model_dump(exclude_unset=True)
        latest = session.scalar(select(Report).where(Report.project_id == project_id, Report.year == year,
                                                     Report.quarter == quarter).order_by(Report.revision.desc()))
        outcome = None
        try:
            with session.begin_nested():
                if latest is None:
                    written = service.create_report(session, principal, ReportIn(
                        project_id=project_id, year=year, quarter=quarter, **given))
                    outcome = "created"
                elif all(getattr(latest, k) == v for k, v in given.items()):
                    written, outcome = latest, "unchanged"
                elif latest.state in (State.DRAFT, State.RETURNED):
                    written = service.update_report(session, principal, latest.id,
                                                    ReportUpdate(**given, version=latest.version))
                    outcome = "updated"
                else:
                    parsed.problems.append(Problem(parsed.row, "", "period", t(
                        "report_locked", self.lang, period=period_label((year, quarter)),
                        state=state_name(latest.state, self.lang))))
                    return
                if self.submit and written.state in (State.DRAFT, State.RETURNED):
                    service.act(session, principal, written.id, Action.SUBMIT, version=written.version)
                    report.submitted += 1
        except InvalidInput as exc:
            for e in exc.errors:
                parsed.problems.append(Problem(parsed.row, "", e["field"], t("invalid", self.lang, detail=e["message"])))
            return
        except RegistryError as exc:  # not an author of this project, a state the workflow refuses...
            parsed.problems.append(Problem(parsed.row, "", "", t("invalid", self.lang, detail=str(exc))))
            return
        setattr(report, outcome, getattr(report, outcome) + 1)

    def _organisation(self, session: Session, name: str | None, bin_: str | None) -> int:
        """The investor by BIN, else by name; a new organisation (through the service) when unknown."""
        if bin_:
            found = session.scalar(select(Organisation.id).where(Organisation.bin == bin_))
            if found:
                return found
        if name:
            key = name.casefold()
            found = session.scalar(select(Organisation.id).where(or_(
                Organisation.name_kk == name, Organisation.name_ru == name, Organisation.name_en == name,
                Organisation.search_text == key)).limit(1))
            if found:
                return found
        from orken.io.parse import name_language

        label = name or bin_
        org = others.create_organisation(
            session, OrganisationCreate(name={name_language(label): label}, kind="investor", bin=bin_), self.actor)
        return org.id


def disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or the error it arose from, says that a disk (of the database or of a file)
    is full. (SQLite rolls the whole transaction back on SQLITE_FULL, so what reaches us may be the
    failure of the savepoint's rollback that followed.)"""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return True
        orig = getattr(exc, "orig", None)
        if getattr(orig, "sqlstate", None) == "53100" or getattr(orig, "sqlite_errorcode", None) == 13:
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def run_import(engine: Engine, entity: str, path: Path, **options) -> ImportReport:
    return Importer(engine, entity, path, **options).run()
