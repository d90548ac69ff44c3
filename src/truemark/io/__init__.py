"""Data files: read, validate and quarantine listings and sellers; write results and networks.

Formats (taken from the file name): ``.jsonl``, ``.jsonl.gz``, ``.csv``, ``.parquet`` or a
folder of ``.parquet`` files — see spec/DATA.md.
"""

from truemark.io.formats import Format, format_of
from truemark.io.quarantine import quarantine_path_for
from truemark.io.reader import ReadSummary, TableReader, read_listings, read_sellers
from truemark.io.schema import LISTING_SCHEMA, SELLER_SCHEMA, json_field
from truemark.io.writers import TableWriter, open_writer, write_table

__all__ = [
    "LISTING_SCHEMA",
    "SELLER_SCHEMA",
    "Format",
    "ReadSummary",
    "TableReader",
    "TableWriter",
    "format_of",
    "json_field",
    "open_writer",
    "quarantine_path_for",
    "read_listings",
    "read_sellers",
    "write_table",
]
