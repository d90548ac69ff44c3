"""The members of a test alliance and what they do: share rules, confirm items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import skimage.data

from truemark.alliance import IntelDraft, alliance_work, confirm_item, set_rule
from truemark.cases.access import Principal
from truemark.io.images import pdq_hash_array
from truemark.store import OrganizationKind, Role, Store
from truemark.store.alliance_records import IntelItemRecord, SharingRuleRecord

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SECRET = "alliance-tests-secret"
FAKE_PHOTO_PDQ = pdq_hash_array(skimage.data.chelsea())[0]


@dataclass(frozen=True)
class Alliance:
    store: Store
    ids: dict[str, int]
    moment: datetime = T0
    secret: str = SECRET
    fake_pdq: str = FAKE_PHOTO_PDQ

    def admin(self, slug: str) -> Principal:
        kind = OrganizationKind.OPERATOR if slug == "operator" else OrganizationKind.BRAND
        return Principal(self.ids[slug], kind, Role.ADMIN, f"admin@{slug}")

    def share(
        self, slug: str, kind: str, audience: str, *members: str, automatic: bool = True
    ) -> None:
        with alliance_work(self.store) as alliance:
            rule = SharingRuleRecord(self.ids[slug], kind, audience, members, automatic)
            set_rule(alliance, self.admin(slug), self.ids[slug], rule, T0)

    def confirm(
        self, slug: str, value: str = FAKE_PHOTO_PDQ, kind: str = "photo_hash"
    ) -> IntelItemRecord:
        with alliance_work(self.store) as alliance:
            draft = IntelDraft(kind, value, "case-17", 0.95)
            return confirm_item(alliance, self.admin(slug), self.ids[slug], draft, T0)
