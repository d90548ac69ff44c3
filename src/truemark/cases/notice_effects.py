"""The effects of a notice's stages: takedown and word to each seller; strikes once upheld."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from truemark.cases.actions import strike
from truemark.enforce.config import EnforcementConfig
from truemark.enforce.effects import Effect, NotifySeller, Reinstate, TakeDown
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import NoticeItemRecord, NoticeRecord


def by_seller(items: Sequence[NoticeItemRecord]) -> dict[str, list[NoticeItemRecord]]:
    """A notice's items grouped by seller, in seller order."""
    grouped: dict[str, list[NoticeItemRecord]] = defaultdict(list)
    for item in items:
        grouped[item.seller_id].append(item)
    return dict(sorted(grouped.items()))


def accepted_effects(
    notice: NoticeRecord, items: Sequence[NoticeItemRecord], deadline: datetime
) -> list[Effect]:
    """Take the listings down and tell each seller which, why, and until when to counter."""
    effects: list[Effect] = [
        TakeDown(tuple(item.listing_id for item in items), f"notice {notice.id}")
    ]
    mark = f" (trademark {notice.trademark})" if notice.trademark else ""
    for seller, mine in by_seller(items).items():
        listed = ", ".join(item.listing_id for item in mine)
        effects.append(
            NotifySeller(
                seller,
                f"Takedown notice {notice.id}: {len(mine)} listing(s) removed",
                f"{notice.brand_slug}{mark} filed a takedown notice against your listings "
                f"{listed}; they have been removed.\nEvidence: {notice.evidence}\n"
                f"If you believe this is a mistake, file a counter-notice with evidence before "
                f"{deadline.isoformat()} (notice {notice.id}).",
                notice.id,
            )
        )
    return effects


def upheld_effects(
    work: UnitOfWork,
    notice: NoticeRecord,
    items: Sequence[NoticeItemRecord],
    config: EnforcementConfig,
    moment: datetime,
) -> list[Effect]:
    """One strike per seller per notice (not per listing), and word that the notice stands."""
    effects: list[Effect] = []
    for seller, mine in by_seller(items).items():
        reason = f"notice {notice.id} upheld ({notice.brand_slug}, {len(mine)} listing(s))"
        effects += strike(
            work,
            seller,
            config.strikes.upheld_notice,
            reason,
            config,
            moment,
            notice_item_id=mine[0].id,
        )
        effects.append(
            NotifySeller(seller, f"Takedown notice {notice.id} upheld", reason, notice.id)
        )
    return effects


def reinstated_effects(
    notice: NoticeRecord, items: Sequence[NoticeItemRecord], seller_id: str
) -> list[Effect]:
    """Put the listings back up and tell the seller."""
    listed = tuple(item.listing_id for item in items)
    return [
        Reinstate(listed, f"counter-notice on notice {notice.id} accepted"),
        NotifySeller(
            seller_id,
            f"Listings reinstated (notice {notice.id})",
            f"Your counter-notice was accepted; listings {', '.join(listed)} are live again.",
            notice.id,
        ),
    ]
