"""Who is acting: organization, kind, role; and what each may see and do."""

from __future__ import annotations

from dataclasses import dataclass

from truemark.errors import PermissionDenied
from truemark.store import OrganizationKind, Role, Scope, UnitOfWork
from truemark.store.repositories import NoticeScope

WRITERS = frozenset({Role.ADMIN, Role.REVIEWER})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a service; ``organization_id`` is None only for the system (the CLI)."""

    organization_id: int | None
    kind: OrganizationKind
    role: Role
    actor: str
    user_id: int | None = None

    @classmethod
    def system(cls, actor: str = "system") -> Principal:
        """The platform itself (CLI jobs): the operator's rights over everything."""
        return cls(None, OrganizationKind.OPERATOR, Role.ADMIN, actor)

    @property
    def is_operator(self) -> bool:
        return self.kind is OrganizationKind.OPERATOR

    def require(
        self,
        kinds: frozenset[OrganizationKind] | None = None,
        roles: frozenset[Role] | None = None,
        action: str = "do this",
    ) -> None:
        """Raise PermissionDenied unless the caller's kind and role are among those given."""
        if kinds is not None and self.kind not in kinds:
            names = ", ".join(sorted(kind.value for kind in kinds))
            raise PermissionDenied(f"only {names} organizations may {action}")
        if roles is not None and self.role not in roles:
            names = ", ".join(sorted(role.value for role in roles))
            raise PermissionDenied(f"only the roles {names} may {action}")

    def case_scope(self) -> Scope:
        """Cases and decisions: the operator sees all, a brand its own, nobody else any."""
        self.require(
            frozenset({OrganizationKind.OPERATOR, OrganizationKind.BRAND}), None, "see cases"
        )
        if self.is_operator:
            return Scope.everything()
        assert self.organization_id is not None
        return Scope.of(self.organization_id)

    def notice_scope(self, work: UnitOfWork) -> NoticeScope:
        """Notices: the operator all, a brand those it filed, a seller those naming its stores."""
        if self.is_operator:
            return NoticeScope()
        if self.kind is OrganizationKind.BRAND:
            return NoticeScope(organization_id=self.organization_id)
        if self.kind is OrganizationKind.SELLER and self.organization_id is not None:
            return NoticeScope(
                seller_ids=work.strikes.sellers_of_organization(self.organization_id)
            )
        raise PermissionDenied("law-enforcement organizations see referrals, not notices")

    def seller_ids(self, work: UnitOfWork) -> tuple[str, ...] | None:
        """Sellers whose strikes and standing the caller may see: all (None) or its own."""
        if self.is_operator:
            return None
        if self.kind is OrganizationKind.SELLER and self.organization_id is not None:
            return work.strikes.sellers_of_organization(self.organization_id)
        raise PermissionDenied("only the operator and the seller itself see a seller's record")
