"""The alliance: intel items confirmed by members, sharing rules, signed bundles exchanged
between members or instances, and the banks the scan and the networks read from them."""

from truemark.alliance.banks import (
    BANKS,
    cue_terms_table,
    infringer_table,
    known_fakes_table,
    provenance,
    sellers_matching_intel,
    write_bank,
    write_known_fakes,
)
from truemark.alliance.exchange import bundle_for_recipient, export_bundle
from truemark.alliance.imports import ImportReport, import_bundle
from truemark.alliance.infringers import infringer_value, matching_sellers
from truemark.alliance.items import (
    KINDS,
    IntelDraft,
    approve_item,
    confirm_item,
    retract_item,
)
from truemark.alliance.rules import AUDIENCES, set_rule, visible_items
from truemark.alliance.trust import distrust_exporter, trust_exporter, trusted_exporters
from truemark.alliance.work import AllianceWork, alliance_work

__all__ = [
    "AUDIENCES",
    "BANKS",
    "KINDS",
    "AllianceWork",
    "ImportReport",
    "IntelDraft",
    "alliance_work",
    "approve_item",
    "bundle_for_recipient",
    "confirm_item",
    "cue_terms_table",
    "distrust_exporter",
    "export_bundle",
    "import_bundle",
    "infringer_table",
    "infringer_value",
    "known_fakes_table",
    "matching_sellers",
    "provenance",
    "retract_item",
    "sellers_matching_intel",
    "set_rule",
    "trust_exporter",
    "trusted_exporters",
    "visible_items",
    "write_bank",
    "write_known_fakes",
]
