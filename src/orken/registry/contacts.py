"""Contacts: the desks and people of a zone's management company, whom an investor calls.

The whole entity is this spec plus its model (``orken.db.models.Contact``) and migration
(``0016_contact``): the one write path gives it the version check and the change log, the API
mounts its routes from the spec, and editing it needs the right to edit its zone (a zone child).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.rules import zone_child
from orken.db.models import Contact, Zone
from orken.errors import InvalidInput
from orken.i18n import N_
from orken.registry import entities
from orken.registry.outputs import Out
from orken.registry.projects import search_text
from orken.registry.schemas import DbInt, Model

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class ContactFields(Model):
    position: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=100, pattern=r"^[0-9+()\-.\s]{3,100}$")
    email: str | None = Field(None, max_length=200, pattern=EMAIL)
    note: str | None = Field(None, max_length=5000)


class ContactCreate(ContactFields):
    zone_id: DbInt
    name: str = Field(min_length=1, max_length=300)
    is_sample: bool = False


class ContactUpdate(ContactFields):
    name: str | None = Field(None, min_length=1, max_length=300)
    version: DbInt | None = Field(None, description="the version you edited; a stale one gets 409")


class ContactOut(Out):
    id: int
    zone_id: int
    name: str
    position: str | None = None
    phone: str | None = None
    email: str | None = None
    note: str | None = None
    is_sample: bool
    version: int


class ContactPage(Out):
    items: list[ContactOut]
    total: int
    next: str | None = None


#: the fields of a contact, in the order exports show them
FIELDS = ("name", "position", "phone", "email", "note")


def contact_dict(c: Contact, principal=None) -> dict[str, Any]:
    return {"id": c.id, "zone_id": c.zone_id, "name": c.name, "position": c.position, "phone": c.phone,
            "email": c.email, "note": c.note, "is_sample": c.is_sample, "version": c.version}


def _write(session: Session, contact: Contact | None, data) -> Contact:
    if contact is None:
        if session.get(Zone, data.zone_id) is None:
            raise InvalidInput.one("zone_id", f"there is no zone {data.zone_id}", N_("This record does not exist."))
        contact = Contact(zone_id=data.zone_id, is_sample=data.is_sample)
    if "name" in data.model_fields_set and data.name is None:
        raise InvalidInput.one("name", "a contact has a name; leave the field out to keep it",
                               N_("A contact has a name."))
    for field in FIELDS:
        if field in data.model_fields_set:
            setattr(contact, field, getattr(data, field))
    contact.search_text = search_text(contact.name, contact.position, contact.email, contact.phone)
    session.add(contact)
    return contact


CONTACT = entities.Entity(
    name="contact", model=Contact, create_in=ContactCreate, update_in=ContactUpdate, out=ContactOut,
    state=lambda session, c, principal=None: contact_dict(c, principal), label=lambda c: c.name,
    write=_write, path="/contacts", id_param="contact_id", policy=zone_child(),
    label_msgid="Contact", plural_msgid="Contacts", filters=("zone",),
)


def of_zone(session: Session, zone_id: int) -> list[Contact]:
    return list(session.scalars(select(Contact).where(Contact.zone_id == zone_id).order_by(Contact.name, Contact.id)))


def listing(session: Session, zone: list[int] | None = None) -> list[Contact]:
    stmt = select(Contact).order_by(Contact.zone_id, Contact.name, Contact.id)
    if zone:
        stmt = stmt.where(Contact.zone_id.in_(zone))
    return list(session.scalars(stmt))
