"""Queue pages: the total is right on every page, whether or not it had to be counted."""

from __future__ import annotations

import pytest

from truemark.cases.queue import list_cases
from truemark.errors import InputError
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter


@pytest.mark.parametrize(
    ("limit", "offset", "shown"),
    [(2, 0, 2), (2, 2, 2), (2, 4, 1), (2, 6, 0), (5, 0, 5), (10, 0, 5), (10, 5, 0)],
)
def test_every_page_reports_all_five_cases(imported, limit: int, offset: int, shown: int) -> None:
    with imported.store.unit_of_work() as work:
        page = list_cases(work, imported.operator, CaseFilter(), PageRequest(limit, offset))
    assert (page.total, len(page.items)) == (5, shown)


def test_an_empty_queue_has_no_cases(imported) -> None:
    with imported.store.unit_of_work() as work:
        none = list_cases(work, imported.operator, CaseFilter(brand="nobody"), PageRequest())
        past = list_cases(work, imported.kering, CaseFilter(brand="dior"), PageRequest(offset=3))
    assert (none.total, none.items) == (0, [])
    assert (past.total, past.items) == (0, [])


def test_sorts_and_filters_combine_and_the_same_shape_takes_new_values(imported) -> None:
    with imported.store.unit_of_work() as work:
        by_id = list_cases(work, imported.operator, CaseFilter(), PageRequest(sort="id"))
        ids = [case.id for case in by_id.items]
        assert ids == sorted(ids)
        newest = list_cases(work, imported.operator, CaseFilter(), PageRequest(sort="-id"))
        assert [case.id for case in newest.items] == ids[::-1]
        for brand, listings in (("gucci", {"l-1", "l-2", "l-5"}), ("dior", {"l-3", "l-4"})):
            page = list_cases(work, imported.operator, CaseFilter(brand=brand), PageRequest())
            assert {case.listing_id for case in page.items} == listings
            assert page.total == len(listings)
        with pytest.raises(InputError, match="cannot sort by 'title'"):
            list_cases(work, imported.operator, CaseFilter(), PageRequest(sort="title"))
