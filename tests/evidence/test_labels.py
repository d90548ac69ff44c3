"""Test-buy results become labels for training and evaluation, over reviewers' decisions."""

from __future__ import annotations

from decimal import Decimal

from tests.evidence.conftest import T0, Racket

from truemark.cases import queue
from truemark.cases.access import Principal
from truemark.evidence import test_buys


def _buy(listing: str, result: test_buys.TestBuyResult) -> test_buys.Purchase:
    return test_buys.Purchase(
        listing, f"ORD-{listing}", T0, Decimal("45"), "USD", result, "investigator A", "a bag"
    )


def test_a_test_buy_labels_its_listing_and_outweighs_a_decision(racket: Racket) -> None:
    with racket.store.unit_of_work() as work:
        before = dict(queue.labels(work, Principal.system("test")).iter_rows())
        test_buys.record_test_buy(
            work, racket.brand, _buy("l-1", test_buys.TestBuyResult.GENUINE), T0
        )
        test_buys.record_test_buy(work, racket.brand, _buy("l-3", test_buys.TestBuyResult.FAKE), T0)
    with racket.store.unit_of_work() as work:
        after = dict(queue.labels(work, Principal.system("test")).iter_rows())
    assert before["l-1"] == "counterfeit"  # confirmed by policy on import
    assert "l-3" not in before  # only queued, never decided
    assert after["l-1"] == "genuine"
    assert after["l-3"] == "counterfeit"
    assert after["l-2"] == before["l-2"]
