"""Scan results into cases: queue or takedown by policy, de-duplicated across re-scans."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from truemark.cases.importing import import_results
from truemark.cases.queue import list_cases
from truemark.errors import PermissionDenied
from truemark.store import Scope
from truemark.store.enforcement_records import CaseStatus, ListingStatus
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter

from .conftest import LISTINGS, RESULTS, T0, World  # type: ignore[import-not-found]
