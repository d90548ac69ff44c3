"""The in-process cache of verified API keys: served for a few seconds, forgotten on revocation."""

from __future__ import annotations

from truemark.api.key_cache import VerifiedKeyCache
from truemark.cases.access import Principal
from truemark.store import OrganizationKind, Role

READER = Principal(1, OrganizationKind.BRAND, Role.REVIEWER, "key:tm_a")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_served_until_its_seconds_are_up() -> None:
    clock = Clock()
    cache = VerifiedKeyCache(seconds=5.0, clock=clock)
    assert cache.principal("tm_a_secret") is None
    cache.remember("tm_a_secret", READER, cache.generation)
    clock.now += 4.9
    assert cache.principal("tm_a_secret") == READER
    assert cache.principal("tm_a_other") is None
    clock.now += 0.2
    assert cache.principal("tm_a_secret") is None


def test_forgetting_drops_every_key_and_any_check_under_way() -> None:
    cache = VerifiedKeyCache()
    cache.remember("tm_a_secret", READER, cache.generation)
    started = cache.generation  # a check reads the database ...
    cache.forget_all()  # ... while a key is revoked
    assert cache.principal("tm_a_secret") is None
    cache.remember("tm_b_secret", READER, started)
    assert cache.principal("tm_b_secret") is None
    cache.remember("tm_b_secret", READER, cache.generation)
    assert cache.principal("tm_b_secret") == READER


def test_a_full_cache_starts_over_instead_of_growing() -> None:
    cache = VerifiedKeyCache(capacity=2)
    for number in range(3):
        cache.remember(f"tm_{number}_secret", READER, cache.generation)
    assert cache.principal("tm_0_secret") is None
    assert cache.principal("tm_2_secret") == READER


def test_another_process_revoking_a_key_is_seen_when_the_entry_expires(http) -> None:
    clock = Clock()
    http.client.app.state.key_cache = VerifiedKeyCache(seconds=5.0, clock=clock)
    headers = http.as_("kering")
    assert http.client.get("/cases", headers=headers).status_code == 200
    with http.store.unit_of_work() as work:  # as `truemark keys revoke` would, elsewhere
        work.api_keys.revoke(http.orgs["kering"], http.key_ids["kering"])
    clock.now += 1.0
    assert http.client.get("/cases", headers=headers).status_code == 200
    clock.now += 5.0
    assert http.client.get("/cases", headers=headers).status_code == 401


def test_revoking_through_the_api_takes_effect_at_once(http) -> None:
    headers = http.as_("kering")
    assert http.client.get("/cases", headers=headers).status_code == 200
    revoked = http.client.delete(
        f"/keys/{http.key_ids['kering']}", headers=http.as_("kering_admin")
    )
    assert revoked.status_code == 200
    assert http.client.get("/cases", headers=headers).status_code == 401
