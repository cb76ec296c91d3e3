"""Users, grants, API tokens, sessions and throttled sign-in, over the database."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from orken.auth import throttle
from orken.auth.guard import system_actor, writes_as_service
from orken.auth.models import ApiToken, LoginAttempt, SignInSession, User, UserGrant
from orken.auth.policy import Grant, PolicyError, Principal, Role, check_grant
from orken.db import changelog
from orken.errors import InvalidInput, NotFound, TooManyAttempts, Unauthorized

SESSION_LIFETIME = timedelta(hours=12)
#: an API token's lifetime unless ORKEN_TOKEN_DAYS says otherwise (it is also the longest one can ask for)
TOKEN_DAYS = 90
TOKEN_PREFIX = "ork_"
_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
#: auth's own rows (users, grants, tokens, sessions) are written only by these functions (``service_only``)
_writes = writes_as_service("auth")


def now() -> datetime:
    return datetime.now(timezone.utc)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


# --- users and grants ----------------------------------------------------------------------------

#: the change log's object type of an account
LOGGED_AS = "user"


def snapshot(session: Session, user: User) -> dict:
    """What the change log keeps of an account: its name, whether it is active, whether it has a password
    (a fingerprint that changes with it: 8 hex digits of a SHA-256 of the salted hash, which tells nothing
    about the password) and its grants; with the counts of its sessions and live API tokens."""
    tokens = session.scalar(select(func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked.is_(False), ApiToken.expires_at > now())) or 0
    sessions = session.scalar(select(func.count()).select_from(SignInSession)
                              .where(SignInSession.user_id == user.id)) or 0
    return {"display_name": user.display_name, "is_active": user.is_active,
            "password": digest(user.password_hash)[:8] if user.password_hash else None,
            "grants": sorted(({"role": str(g.role), **g.scope()} for g in map(_as_grant, user.grants)), key=str),
            "sessions": sessions, "tokens": tokens}


def _log(session: Session, user: User, action: str, before: dict | None) -> None:
    """One change-log entry for an administrator's (or the user's own) change to an account, by the
    session's acting principal or the system context (the command line)."""
    session.flush()
    after = snapshot(session, user)
    if before is not None and not changelog.diff(before, after):
        return
    principal = session.info.get("principal")
    actor = principal.audit_name if principal is not None else (system_actor(session) or "system")
    changelog.record(session, actor, action, "user", user.id, user.username, before, after)  # (LOGGED_AS)


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"there is no user {username!r}")
    return user


@_writes
def add_user(session: Session, username: str, password: str | None = None, display_name: str | None = None,
             grants: list[Grant] = ()) -> User:
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise InvalidInput.one("username", "a user name is 1-100 characters without spaces")
    if session.scalar(select(User.id).where(User.username == username)):
        raise InvalidInput.one("username", f"user {username!r} exists")
    if password is not None and len(password) < 10:
        raise InvalidInput.one("password", "a password has at least 10 characters")
    user = User(username=username, display_name=display_name,
                password_hash=_hasher.hash(password) if password else None)
    session.add(user)
    session.flush()
    for g in grants:
        _grant(session, user, g)
    _log(session, user, "create", None)
    return user


@_writes
def set_password(session: Session, user: User, password: str) -> None:
    """A new password; every session and API token of the user ends with the old one."""
    if len(password) < 10:
        raise InvalidInput.one("password", "a password has at least 10 characters")
    before = snapshot(session, user)
    user.password_hash = _hasher.hash(password)
    user.version += 1
    _end_credentials(session, user)
    _log(session, user, "update", before)


@_writes
def set_active(session: Session, user: User, active: bool) -> bool:
    """Activate or deactivate an account; a deactivated user's sessions and API tokens end at once (and
    ``principal_of`` gives them no grants). Whether anything changed."""
    if user.is_active == active:
        return False
    before = snapshot(session, user)
    user.is_active = active
    user.version += 1
    if not active:
        _end_credentials(session, user)
    _log(session, user, "update", before)
    return True


def end_sessions(session: Session, user: User) -> int:
    """End every sign-in session of the user."""
    return session.execute(delete(SignInSession).where(SignInSession.user_id == user.id)).rowcount


@_writes
def revoke_credentials(session: Session, user: User) -> tuple[int, int]:
    """End every sign-in session and revoke every API token of the user: (sessions, tokens)."""
    before = snapshot(session, user)
    ended = _end_credentials(session, user)
    _log(session, user, "update", before)
    return ended


def _end_credentials(session: Session, user: User) -> tuple[int, int]:
    sessions = end_sessions(session, user)
    tokens = session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                             .values(revoked=True)).rowcount
    return sessions, tokens


@_writes
def grant(session: Session, user: User, g: Grant) -> UserGrant:
    """Give the user a role over a scope (nothing changes if they hold that grant already)."""
    before = snapshot(session, user)
    row = _grant(session, user, g)
    _log(session, user, "update", before)
    return row


def _grant(session: Session, user: User, g: Grant) -> UserGrant:
    try:
        check_grant(g)
    except PolicyError as exc:
        raise InvalidInput.one("role", str(exc)) from None
    for existing in user.grants:
        if _as_grant(existing) == g:
            return existing
    row = UserGrant(user_id=user.id, role=str(g.role), **g.scope())
    user.grants.append(row)
    session.flush()
    return row


@_writes
def revoke(session: Session, user: User, role: Role, scope: dict | None = None) -> int:
    """Remove the user's grants of ``role`` (only those with exactly ``scope`` if it is given)."""
    before = snapshot(session, user)
    removed = 0
    for row in list(user.grants):
        g = _as_grant(row)
        if g.role == role and (scope is None or g.scope() == scope):
            user.grants.remove(row)
            removed += 1
    session.flush()
    if removed:  # what was signed in with the role must sign in again
        _end_credentials(session, user)
        _log(session, user, "update", before)
    return removed


def _as_grant(row: UserGrant) -> Grant:
    return Grant(role=Role(row.role), region=row.region, sector=row.sector, programme=row.programme,
                 project_id=row.project_id, organisation_id=row.organisation_id)


def principal_of(user: User, via: str | None = None, csrf: str | None = None) -> Principal:
    grants = tuple(_as_grant(g) for g in user.grants) if user.is_active else ()
    return Principal(user_id=user.id, username=user.username, grants=grants, via=via, csrf=csrf)


# --- API tokens --------------------------------------------------------------------------------------


def token_lifetime() -> timedelta:
    """``ORKEN_TOKEN_DAYS`` (1-3650; 90 by default): how long a new API token lives, at most."""
    raw = os.environ.get("ORKEN_TOKEN_DAYS", "").strip()
    try:
        days = int(raw) if raw else TOKEN_DAYS
    except ValueError:
        days = 0
    if not 1 <= days <= 3650:
        raise InvalidInput.one("ORKEN_TOKEN_DAYS", "ORKEN_TOKEN_DAYS is a whole number of days, 1 to 3650")
    return timedelta(days=days)


@_writes
def create_token(session: Session, user: User, name: str = "api", days: int | None = None) -> str:
    """A new bearer token; the secret is returned once and only its hash is kept. It expires after
    ``days`` (at most, and by default, ``token_lifetime()``)."""
    longest = token_lifetime()
    if days is not None and not 1 <= days <= longest.days:
        raise InvalidInput.one("days", f"a token lives 1 to {longest.days} days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name[:100], token_hash=digest(secret),
                         expires_at=now() + (timedelta(days=days) if days else longest)))
    session.flush()
    return secret


def list_tokens(session: Session, user: User) -> list[dict]:
    """The user's API tokens, newest first (never their secrets)."""
    t = now()
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                           .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    out = []
    for r in rows:
        expires = _aware(r.expires_at) if r.expires_at else None
        state = "revoked" if r.revoked else "expired" if expires is None or expires <= t else "active"
        out.append({"id": r.id, "name": r.name, "created_at": _aware(r.created_at).isoformat(),
                    "expires_at": expires.isoformat() if expires else None, "state": state})
    return out


def revoke_token(session: Session, token_id: int, owner: User | None = None) -> bool:
    """Revoke one token (of ``owner`` only, when given); False if there is no such token."""
    query = update(ApiToken).where(ApiToken.id == token_id)
    if owner is not None:
        query = query.where(ApiToken.user_id == owner.id)
    return bool(session.execute(query.values(revoked=True)).rowcount)


def principal_for_token(session: Session, secret: str) -> Principal | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret), ApiToken.revoked.is_(False)))
    if row is None or row.expires_at is None or _aware(row.expires_at) <= now():
        return None
    user = session.get(User, row.user_id)
    return principal_of(user, via="token") if user and user.is_active else None


# --- password sign-in and sessions ----------------------------------------------------------------


def verify_password(user: User | None, password: str) -> bool:
    if user is None or not user.password_hash or not user.is_active:
        _hasher.hash(password)  # same work whether or not the user exists
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def reserve_attempt(engine: Engine, username: str, address: str) -> int:
    """Take one attempt out of the user's and the address's budgets, atomically, or raise
    ``TooManyAttempts``. The attempt is written as a failure *before* the password is checked (and
    marked a success after, ``settle_attempt``), in its own short transaction that holds a lock
    while it counts: on PostgreSQL advisory locks on the user name and the address, on SQLite the
    database's write lock (the INSERT comes first). So concurrent guesses cannot all read the same
    count, and the state lives in the database, shared by every worker process."""
    t = now()
    since = t - throttle.WINDOW
    username, address = username[:100], address[:100]
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for key in sorted({f"orken-login-user:{username}", f"orken-login-address:{address}"}):
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
        attempt_id = conn.execute(insert(LoginAttempt).values(
            time=t, username=username, address=address, success=False)).inserted_primary_key[0]
        failed = select(LoginAttempt.time).where(LoginAttempt.success.is_(False), LoginAttempt.time > since,
                                                 LoginAttempt.id != attempt_id)
        by_user = [_aware(x) for x in conn.scalars(failed.where(LoginAttempt.username == username))]
        by_address = [_aware(x) for x in conn.scalars(failed.where(LoginAttempt.address == address))]
        decision = throttle.decide(t, by_user, by_address)
        if not decision.allowed:
            raise TooManyAttempts(decision.retry_after)  # rolls the reservation back: refusals do not count
    return attempt_id


def settle_attempt(engine: Engine, attempt_id: int) -> None:
    """The password was right: the reserved attempt is a success, not a failure."""
    with engine.begin() as conn:
        conn.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(success=True))


def check_password_throttled(session: Session, username: str, password: str, address: str) -> User:
    """The user, if the password is right; throttled like sign-in (``TooManyAttempts``), else
    ``Unauthorized``."""
    engine = session.get_bind()
    attempt = reserve_attempt(engine, username, address)
    user = session.scalar(select(User).where(User.username == username))
    if not verify_password(user, password):
        raise Unauthorized("the user name or password is wrong")
    settle_attempt(engine, attempt)
    return user


@_writes
def sign_in(session: Session, username: str, password: str, address: str) -> tuple[User, str, str]:
    """Check the password under the rate limit; return the user, a session key and its CSRF token."""
    user = check_password_throttled(session, username, password, address)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    key, csrf = new_session(session, user)
    return user, key, csrf


@_writes
def new_session(session: Session, user: User) -> tuple[str, str]:
    key, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    session.add(SignInSession(user_id=user.id, key_hash=digest(key), csrf=csrf, expires_at=now() + SESSION_LIFETIME))
    session.flush()
    return key, csrf


def principal_for_session(session: Session, key: str) -> Principal | None:
    row = session.scalar(select(SignInSession).where(SignInSession.key_hash == digest(key)))
    if row is None or _aware(row.expires_at) <= now():
        return None
    user = session.get(User, row.user_id)
    return principal_of(user, via="session", csrf=row.csrf) if user and user.is_active else None


@_writes
def sign_out(session: Session, key: str) -> None:
    row = session.scalar(select(SignInSession).where(SignInSession.key_hash == digest(key)))
    if row is not None:
        session.delete(row)
