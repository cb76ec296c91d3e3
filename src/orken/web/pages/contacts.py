"""A contact's page (``/contacts/{id}``, JSON twin ``.json``) and a zone's contacts as CSV or XLSX
(``/zones/{id}/contacts.csv|xlsx``). The data is the API's (``orken.registry.contacts``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from orken.errors import NotFound
from orken.io.contacts_export import write_contacts
from orken.registry import contacts, entities, others
from orken.registry.serialize import names
from orken.web.deps import get_session
from orken.web.pages import i18n
from orken.web.pages.render import page
from orken.web.params import Id

router = APIRouter(include_in_schema=False)
MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def contact_view(session: Session, contact_id: int) -> dict:
    c = entities.get(session, contacts.CONTACT, contact_id)
    zone = others.get_zone(session, c.zone_id)
    return {"page": "contact", "contact": contacts.contact_dict(c),
            "zone": {"id": zone.id, "name": names(zone), "kind": zone.kind}}


@router.get("/contacts/{contact_id}")
@router.get("/contacts/{contact_id}.json")
def contact_page(contact_id: Id, request: Request, session: Session = Depends(get_session)):
    try:
        return page(request, "contact.html", contact_view(session, contact_id))
    except NotFound as exc:
        from orken.web.errors import page_not_found

        return page_not_found(request)


@router.get("/zones/{zone_id}/contacts.{fmt}")
def zone_contacts_download(zone_id: Id, fmt: str, request: Request, session: Session = Depends(get_session)):
    """The zone's contacts as CSV or XLSX, headers in the page's language."""
    if fmt not in MEDIA:
        raise NotFound(f"no download as {fmt!r}; use csv or xlsx")
    zone = others.get_zone(session, zone_id)
    lang = i18n.choose(request)
    zone_name = i18n.pick(names(zone), lang)
    records = [{**contacts.contact_dict(c), "zone": zone_name} for c in contacts.of_zone(session, zone_id)]
    handle, name = tempfile.mkstemp(suffix=f".{fmt}", prefix="orken-contacts-")
    os.close(handle)
    path = Path(name)
    write_contacts(records, path, fmt, i18n.translator(lang))
    return FileResponse(path, media_type=MEDIA[fmt], filename=f"orken-zone-{zone_id}-contacts.{fmt}",
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)))
