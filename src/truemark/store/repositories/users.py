"""Users: people who sign in with an e-mail address and a password hashed with argon2."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truemark.errors import InputError, NotFoundError
from truemark.store.models import User
from truemark.store.records import Role, UserRecord

MIN_PASSWORD_LENGTH = 12


def _user_record(row: User) -> UserRecord:
    return UserRecord(
        id=row.id,
        organization_id=row.organization_id,
        email=row.email,
        role=row.role,
        is_active=row.is_active,
        created_at=row.created_at,
    )


def normalize_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


class UserRepository:
    """Create users, check their passwords, find them by e-mail or organization."""

    def __init__(self, session: Session, hasher: PasswordHasher | None = None) -> None:
        self._session = session
        self._hasher = hasher or PasswordHasher()

    def create(self, organization_id: int, email: str, password: str, role: Role) -> UserRecord:
        """A new active user; only the argon2 hash of ``password`` is stored."""
        address = normalize_email(email)
        if "@" not in address:
            raise InputError(f"not an e-mail address: {email!r}")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        if self._find(address) is not None:
            raise InputError(f"a user with e-mail {address} already exists")
        row = User(
            organization_id=organization_id,
            email=address,
            password_hash=self._hasher.hash(password),
            role=role,
        )
        self._session.add(row)
        self._session.flush()
        return _user_record(row)

    def verify_password(self, email: str, password: str) -> UserRecord | None:
        """The active user with these credentials, or None; upgrades an outdated hash."""
        row = self._find(normalize_email(email))
        if row is None or not row.is_active:
            self._hasher.hash(password)  # same work as a real check: no timing oracle on e-mails
            return None
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if self._hasher.check_needs_rehash(row.password_hash):
            row.password_hash = self._hasher.hash(password)
        return _user_record(row)

    def by_email(self, email: str) -> UserRecord:
        """The user with this e-mail address; NotFoundError when there is none."""
        row = self._find(normalize_email(email))
        if row is None:
            raise NotFoundError(f"no user with e-mail {email!r}")
        return _user_record(row)

    def in_organization(self, organization_id: int) -> list[UserRecord]:
        """The users of one organization, by e-mail."""
        query = select(User).where(User.organization_id == organization_id).order_by(User.email)
        return [_user_record(row) for row in self._session.scalars(query)]

    def _find(self, address: str) -> User | None:
        return self._session.scalar(select(User).where(func.lower(User.email) == address))
