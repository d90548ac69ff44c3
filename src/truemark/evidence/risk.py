"""Confirmed fakes from test buys, per seller, as evidence for network scoring.

``fakes_per_seller`` is what ``truemark testbuys fakes --out FILE`` writes and ``truemark
networks --test-buys FILE`` reads (:mod:`truemark.networks.test_buys`): each network with a
confirmed fake among its accounts has its risk raised, and the scan reads that risk back
through ``--networks``.
"""

from __future__ import annotations

import polars as pl

from truemark.networks.test_buys import TEST_BUY_FAKES_SCHEMA
from truemark.store import UnitOfWork


def fakes_per_seller(work: UnitOfWork) -> pl.DataFrame:
    """seller_id -> test_buy_fakes (confirmed fakes bought from the seller), one row per seller."""
    rows = work.test_buys.fakes_per_seller()
    return pl.DataFrame(rows, schema=TEST_BUY_FAKES_SCHEMA, orient="row")
