"""Sharing rules: nothing is shared without a rule; audiences and approval decide who sees what;
every change is in the audit log; members act only on their own intel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.alliance.members import Alliance

from truemark.alliance import (
    IntelDraft,
    alliance_work,
    approve_item,
    confirm_item,
    retract_item,
    set_rule,
    visible_items,
)
from truemark.errors import InputError, NotFoundError, PermissionDenied
from truemark.store.alliance_records import SharingRuleRecord


def _sees(members: Alliance, slug: str) -> list[str]:
    with alliance_work(members.store) as alliance:
        items = visible_items(alliance, members.ids[slug], members.moment)
    return [item.origin for item in items]


def test_without_a_rule_nothing_is_shared(members: Alliance) -> None:
    members.confirm("brand-a")

    assert _sees(members, "brand-a") == ["brand-a"]
    assert _sees(members, "brand-b") == []
    assert _sees(members, "operator") == []


@pytest.mark.parametrize(
    ("audience", "named", "seen_by"),
    [
        ("all", (), {"brand-b", "brand-c", "operator"}),
        ("named", ("brand-b",), {"brand-b"}),
        ("operator", (), {"operator"}),
    ],
)
def test_the_audience_decides_who_sees_an_item(
    members: Alliance, audience: str, named: tuple[str, ...], seen_by: set[str]
) -> None:
    members.share("brand-a", "photo_hash", audience, *named)
    members.confirm("brand-a")
    members.confirm("brand-a", "counterfeit replica", kind="cue_term")  # no rule for cue terms

    seeing = {
        slug for slug in ("brand-b", "brand-c", "operator", "seller-x") if _sees(members, slug)
    }

    assert seeing == seen_by
    assert all(len(_sees(members, slug)) == 1 for slug in seen_by)


def test_a_rule_needing_approval_shares_only_approved_items(members: Alliance) -> None:
    members.share("brand-a", "photo_hash", "all", automatic=False)
    item = members.confirm("brand-a")
    assert _sees(members, "brand-b") == []

    with alliance_work(members.store) as alliance:
        approve_item(alliance, members.admin("brand-a"), members.ids["brand-a"], item.id)

    assert _sees(members, "brand-b") == ["brand-a"]


def test_expired_and_retracted_items_stop_matching(members: Alliance) -> None:
    members.share("brand-a", "photo_hash", "all")
    item = members.confirm("brand-a")
    with alliance_work(members.store) as alliance:
        retract_item(
            alliance, members.admin("brand-a"), members.ids["brand-a"], item.id, members.moment
        )

    assert _sees(members, "brand-b") == []
    assert _sees(members, "brand-a") == []

    draft = IntelDraft(
        "cue_term", "tribute grade", "case-3", 0.8, members.moment - timedelta(days=1)
    )
    lasting = IntelDraft(
        "cue_term", "1:1 replica", "case-4", 0.8, members.moment + timedelta(days=1)
    )
    with alliance_work(members.store) as alliance:
        for intel in (draft, lasting):
            confirm_item(
                alliance, members.admin("brand-a"), members.ids["brand-a"], intel, members.moment
            )
        assert [
            item.value for item in visible_items(alliance, members.ids["brand-a"], members.moment)
        ] == ["1:1 replica"]


def test_members_act_only_on_their_own_intel(members: Alliance) -> None:
    item = members.confirm("brand-a")
    with alliance_work(members.store) as alliance:
        with pytest.raises(PermissionDenied):
            retract_item(
                alliance, members.admin("brand-b"), members.ids["brand-a"], item.id, members.moment
            )
        with pytest.raises(NotFoundError):
            retract_item(
                alliance, members.admin("brand-b"), members.ids["brand-b"], item.id, members.moment
            )
    rule = SharingRuleRecord(members.ids["brand-a"], "photo_hash", "all", (), True)
    with alliance_work(members.store) as alliance, pytest.raises(PermissionDenied):
        set_rule(alliance, members.admin("brand-b"), members.ids["brand-a"], rule, members.moment)


def test_bad_rules_and_items_are_refused(members: Alliance) -> None:
    with pytest.raises(InputError, match="audience 'everyone' unknown"):
        members.share("brand-a", "photo_hash", "everyone")
    with pytest.raises(InputError, match="needs at least one member"):
        members.share("brand-a", "photo_hash", "named")
    with pytest.raises(NotFoundError, match="brand-z"):
        members.share("brand-a", "photo_hash", "named", "brand-z")
    with pytest.raises(InputError, match="not a PDQ hash"):
        members.confirm("brand-a", "abc")


def test_every_change_is_audited(members: Alliance) -> None:
    members.share("brand-a", "photo_hash", "all")
    item = members.confirm("brand-a")
    with alliance_work(members.store) as alliance:
        retract_item(
            alliance, members.admin("brand-a"), members.ids["brand-a"], item.id, members.moment
        )
        actions = [entry.action for entry in alliance.work.audit.entries()]

    assert actions == ["intel.rule_set", "intel.shared", "intel.retracted"]
