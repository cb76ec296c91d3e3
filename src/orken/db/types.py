"""Column types that keep numbers exact on SQLite and PostgreSQL alike."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Numeric, String
from sqlalchemy.types import TypeDecorator

from orken.domain.money import from_tiyn, to_tiyn


class Tenge(TypeDecorator):
    """A KZT (or any currency) amount stored as integer minor units, so sums stay exact."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else to_tiyn(Decimal(value))

    def process_result_value(self, value, dialect):
        return from_tiyn(value)


class ExactDecimal(TypeDecorator):
    """A Decimal: NUMERIC on PostgreSQL, text on SQLite (whose NUMERIC is a float)."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(28, 8))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        return format(value.normalize(), "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return Decimal(value).normalize() if not isinstance(value, Decimal) else value.normalize()
