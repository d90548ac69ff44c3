"""Issue codes: record the next serial range of a SKU, sign it, write codes, QR images, labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from truemark.errors import InputError
from truemark.serial.codec import group, sku_tag
from truemark.serial.keys import KeyVault
from truemark.serial.labels import Label, write_label_sheet
from truemark.serial.qr import write_qr
from truemark.serial.signing import sign_range
from truemark.store import Scope, Store
from truemark.store.serial_records import IssuedRangeRecord
from truemark.store.serial_store import serial_work

MAX_COUNT = 1_000_000


@dataclass(frozen=True, slots=True)
class IssueReport:
    """What an issue wrote: the recorded range and the files."""

    range: IssuedRangeRecord
    codes_file: Path
    label_sheet: Path | None
    qr_folder: Path | None


def issue_codes(
    store: Store,
    vault: KeyVault,
    brand: str,
    sku: str,
    count: int,
    out: Path,
    batch: int | None = None,
    images: bool = True,
    on_codes: Callable[[int], None] | None = None,
) -> IssueReport:
    """Issue ``count`` codes for the brand's SKU with its live key and write them under ``out``.

    ``codes.csv`` (serial, batch, sku, key_id, code, grouped), and unless ``images`` is False
    ``qr/<serial>.png|svg`` and ``labels.pdf``. The range is recorded only if signing succeeds.
    """
    if not 1 <= count <= MAX_COUNT:
        raise InputError(f"--count must be between 1 and {MAX_COUNT:,}, not {count}")
    scope = Scope.everything()
    out.mkdir(parents=True, exist_ok=True)
    with serial_work(store) as work:
        signing = work.keys.signing_key(scope, brand)
        issued = work.codes.allocate(scope, brand, sku, signing.key.key_id, count, batch)
        private = vault.open(signing.key.key_id, signing.sealed_private_key)
        tag = sku_tag(brand, sku)
        serials, codes = [], []
        for serial, code in sign_range(
            private, issued.key_id, tag, issued.batch, issued.first_serial, count
        ):
            serials.append(serial)
            codes.append(code)
            if on_codes is not None and len(codes) % 1000 == 0:
                on_codes(1000)
        codes_file = _write_codes(out, issued, serials, codes)
    qr_folder = label_sheet = None
    if images:
        qr_folder, label_sheet = _write_images(out, issued, serials, codes)
    return IssueReport(issued, codes_file, label_sheet, qr_folder)


def _write_codes(
    out: Path, issued: IssuedRangeRecord, serials: list[int], codes: list[str]
) -> Path:
    path = out / "codes.csv"
    pl.DataFrame(
        {
            "serial": serials,
            "batch": [issued.batch] * len(codes),
            "brand": [issued.brand_slug] * len(codes),
            "sku": [issued.sku] * len(codes),
            "key_id": [issued.key_id] * len(codes),
            "code": codes,
            "grouped": [group(code) for code in codes],
        }
    ).write_csv(path)
    return path


def _write_images(
    out: Path, issued: IssuedRangeRecord, serials: list[int], codes: list[str]
) -> tuple[Path, Path]:
    folder = out / "qr"
    folder.mkdir(exist_ok=True)
    labels = []
    for serial, code in zip(serials, codes, strict=True):
        write_qr(code, folder / f"{serial}")
        labels.append(Label(code, issued.brand_slug, issued.sku, issued.batch, serial))
    sheet = out / "labels.pdf"
    write_label_sheet(labels, sheet)
    return folder, sheet
