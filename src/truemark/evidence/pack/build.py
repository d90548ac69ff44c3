"""Build a referral's evidence pack: gather, tabulate, draw, hash, sign, zip, keep."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import orjson
import polars as pl

from truemark.cases.access import WRITERS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import PermissionDenied
from truemark.evidence.keys import signer_for
from truemark.evidence.pack import photos as pack_photos
from truemark.evidence.pack import tables
from truemark.evidence.pack.gather import PackContents, gather
from truemark.evidence.pack.manifest import MANIFEST, sha256_hex, signed_manifest
from truemark.evidence.pack.pdf import summary_pdf
from truemark.evidence.pack.sources import PackSources, photo_root
from truemark.evidence.referrals import REFERRERS, get_referral
from truemark.store import UnitOfWork
from truemark.store.evidence_records import EvidencePackRecord

README = """Evidence pack of truemark referral {id}: {title}

summary.pdf        the summary for readers: figures, network, regions, link evidence, timeline
listings.csv/json  the referred sellers' listings, units sold, estimated revenue, ship-from
sellers.csv/json   seller identities (as registered on the marketplace) and their standing
links.csv/json     every link between two accounts with the shared attributes and values
sales.csv          per seller: listings, units sold, estimated revenue (USD)
ship_from.csv      per ship-from region: listings, sellers, units, revenue (USD)
cases.csv          flagged listings: risk, verdict, reasons, status
photo_matches.csv  listing photos matching brand reference photos or known fakes
photos/            listing photos, each beside the photo it matches (match-*)
test_buys.json     test buys; test_buys/<id>/ holds the photos of the item received
timeline.json      the audit log entries about these sellers, cases, listings and referral
referral.json      the referral and the outcomes reported back
manifest.json      SHA-256 of every file, signed (Ed25519) by the referring organization

Check it with: truemark evidence verify <this file>.zip [--public-key referrer.pem]
"""


def _json(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n"


def _csv(frame: pl.DataFrame) -> bytes:
    return tables.flat(frame).write_csv().encode()


def _table_files(
    contents: PackContents, listings: pl.DataFrame, matches: pl.DataFrame
) -> dict[str, bytes]:
    return {
        "listings.csv": _csv(listings),
        "listings.json": _json(listings.to_dicts()),
        "sellers.csv": _csv(contents.sellers),
        "sellers.json": _json(contents.sellers.to_dicts()),
        "links.csv": _csv(contents.links),
        "links.json": _json(contents.links.to_dicts()),
        "sales.csv": _csv(tables.sales_table(listings)),
        "ship_from.csv": _csv(tables.ship_from_table(listings)),
        "cases.csv": _csv(tables.cases_table(contents.cases)),
        "photo_matches.csv": _csv(matches),
        "test_buys.json": _json(tables.test_buy_values(contents.test_buys)),
        "timeline.json": _json(tables.timeline_values(contents.timeline)),
        "referral.json": _json(tables.referral_values(contents.referral)),
        "README.txt": README.format(
            id=contents.referral.id, title=contents.referral.title
        ).encode(),
    }


def _photo_files(
    contents: PackContents, listings: pl.DataFrame, sources: PackSources
) -> tuple[dict[str, bytes], pl.DataFrame]:
    found = pack_photos.listing_photos(listings, photo_root(sources))
    banks = pack_photos.photo_banks(contents.catalog, sources.known_fakes)
    matches, matched = pack_photos.match_files(
        pack_photos.photo_matches(found, banks), sources.known_fakes
    )
    files = {
        name: Path(path).read_bytes() for name, path in found.select("arcname", "path").iter_rows()
    }
    files.update({photo.arcname: photo.source.read_bytes() for photo in matched})
    for buy in contents.test_buys:
        files.update({tables.test_buy_photo_name(buy, p.filename): p.content for p in buy.photos})
    return files, matches


def _zip(files: dict[str, bytes], moment: datetime) -> bytes:
    buffer = io.BytesIO()
    stamp = moment.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            pack.writestr(info, files[name])
    return buffer.getvalue()


def build_pack(
    work: UnitOfWork,
    principal: Principal,
    referral_id: int,
    sources: PackSources,
    secret: str,
    moment: datetime,
) -> tuple[EvidencePackRecord, bytes]:
    """Build, sign and keep the pack of a referral; returns its record and the ZIP's bytes."""
    principal.require(REFERRERS, WRITERS, "build evidence packs")
    referral = get_referral(work, principal, referral_id)
    if not principal.is_operator and principal.organization_id != referral.organization_id:
        raise PermissionDenied("only the referring organization builds the referral's pack")
    contents = gather(work, referral, sources, moment)
    listings = tables.listings_table(contents.listings, contents.catalog)
    files, matches = _photo_files(contents, listings, sources)
    files |= _table_files(contents, listings, matches)
    regions = tables.ship_from_table(listings)
    files["summary.pdf"] = summary_pdf(contents, listings, regions, matches, files)
    signer = signer_for(work, principal, referral.organization_id, secret, moment)
    header = {
        "referral_id": referral.id,
        "referring_organization": contents.referrer.slug,
        "liaison_organization": contents.liaison.slug,
        "created_at": moment.isoformat(),
    }
    files[MANIFEST] = signed_manifest(files, header, signer)
    content = _zip(files, moment)
    record = work.referrals.add_pack(
        {
            "referral_id": referral.id,
            "key_id": signer.key.key_id,
            "sha256": sha256_hex(content),
            "size": len(content),
            "content": content,
            "created_by": principal.actor,
            "created_at": moment,
        }
    )
    details = (
        ("pack_id", record.id),
        ("sha256", record.sha256),
        ("key_id", record.key_id),
        ("manifest_sha256", sha256_hex(files[MANIFEST])),
    )
    Enforcer(work, principal.actor, referral.organization_id, moment).apply(
        [StateChange("evidence_pack.built", f"referral:{referral.id}", details)]
    )
    return record, content


def download_pack(
    work: UnitOfWork, principal: Principal, referral_id: int, log: bool = True
) -> tuple[EvidencePackRecord, bytes]:
    """The newest pack of a referral the caller may see (the liaison it was sent to included);
    each download is logged, for the chain of custody."""
    referral = get_referral(work, principal, referral_id)
    record, content = work.referrals.latest_pack(referral.id)
    if log:
        change = StateChange(
            "evidence_pack.downloaded", f"referral:{referral.id}", (("pack_id", record.id),)
        )
        Enforcer(work, principal.actor, principal.organization_id).apply([change])
    return record, content
