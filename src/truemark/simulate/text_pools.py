"""Every word pool the title and description grammar draws from, built once per simulation."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from truemark.simulate.brands import SimBrand, all_products
from truemark.simulate.fragments import Pool, by_language_groups, decorated
from truemark.simulate.obfuscation import case_variant, disguise_pool
from truemark.simulate.vocabulary import vocabulary

FORMS = (
    "name",
    "homoglyph",
    "leetspeak",
    "spacing",
    "zero_width",
    "alias",
    "abbreviation",
    "misspelling",
)


@dataclass(frozen=True)
class TextPools:
    """Pools keyed by name; ``categories`` and ``languages`` give the group numbering."""

    pools: dict[str, Pool]
    categories: tuple[str, ...]
    languages: tuple[str, ...]
    language_weights: np.ndarray
    abbreviated: np.ndarray  # per brand: has at least one abbreviation
    aliased: np.ndarray  # per brand: has an alias that does not contain the word mark
    line_has_mark: np.ndarray  # per product: its line name contains the word mark

    def __getitem__(self, name: str) -> Pool:
        return self.pools[name]


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isalnum())


def pure_aliases(brand: SimBrand) -> list[str]:
    """Aliases that do not spell out the word mark (``Rollie``; not ``Coco Chanel``)."""
    first_word = _folded(brand.name.split()[0])
    marks = {_folded(brand.name)} | ({first_word} if len(first_word) >= 4 else set())
    return [a for a in brand.aliases if not any(m in _folded(a) for m in marks)]


def _mentions(brands: tuple[SimBrand, ...], rng: np.random.Generator) -> Pool:
    groups: list[list[str]] = []
    for brand in brands:
        name = brand.name
        for form in FORMS:
            if form == "name":
                groups.append(sorted({case_variant(name, rng) for _ in range(6)} | {name}))
            elif form == "alias":
                groups.append([case_variant(a, rng) for a in pure_aliases(brand) for _ in range(2)])
            elif form == "abbreviation":
                groups.append(list(brand.abbreviations))
            elif form == "misspelling":
                groups.append(disguise_pool(name, form, rng, 8, brand.misspellings))
            else:
                groups.append(disguise_pool(name, form, rng, 14))
    return Pool(groups)


def build_text_pools(brands: tuple[SimBrand, ...], rng: np.random.Generator) -> TextPools:
    """Read the vocabulary files and turn them into grouped pools."""
    words, cues, extra, desc = (
        vocabulary(n) for n in ("words", "cues", "accessories", "descriptions")
    )
    languages = tuple(words["languages"])
    categories = tuple(sorted(words["nouns"]))
    products = all_products(brands)
    lang = lambda section: by_language_groups(section, languages)  # noqa: E731
    by_category = lambda section: [[str(w) for w in section.get(c, [])] for c in categories]  # noqa: E731
    foreign = [w for code, ws in cues["counterfeit_cues"].items() if code != "en" for w in ws]
    pools = {
        "mention": _mentions(brands, rng),
        "line": Pool([[p.line] for p in products]),
        "model": Pool(
            [
                [p.sku, f"Ref. {p.sku}", f"#{p.sku}", f"Art. {p.sku}", f"Model {p.sku}"]
                for p in products
            ]
        ),
        "noun": Pool([g for c in categories for g in lang(words["nouns"][c])]),
        "colour": Pool(lang(words["colours"])),
        "material": Pool([words["materials"][words["material_family"][c]] for c in categories]),
        "size": Pool(by_category(words["sizes"])),
        "adjective": Pool(lang(words["adjectives"])),
        "fluff": Pool([decorated(g, rng) for g in lang(words["fluff"])]),
        "emoji": Pool([words["emoji"]]),
        "cue": Pool([decorated(cues["counterfeit_cues"]["en"], rng), decorated(foreign, rng)]),
        "condition": Pool([decorated(g, rng) for g in lang(cues["condition"])]),
        "claim": Pool(lang(cues["genuine_claims"])),
        "discount": Pool([decorated(g, rng) for g in lang(cues["discounts"])]),
        "connector": Pool(lang(extra["connectors"])),
        "accessory": Pool(by_category(extra["accessories"])),
        "unbranded": Pool(by_category(extra["unbranded"])),
        "unbranded_fluff": Pool([extra["unbranded_fluff"]]),
        "lookalike": Pool([[item["title"] for item in cues["cue_lookalikes"]]]),
        "official_replica": Pool([[item["title"] for item in cues["official_replicas"]]]),
    }
    for key in (
        "openings",
        "detail_prefix",
        "condition_sentences",
        "contact",
        "shipping",
        "brand_genuine_prefix",
        "brand_genuine_suffix",
        "brand_fake_prefix",
        "brand_fake_suffix",
        "brand_neutral_prefix",
        "brand_neutral_suffix",
        "cue_prefix",
        "cue_suffix",
    ):
        pools[key] = Pool(lang(desc[key]))
    weights = np.array(words["language_weights"], dtype=float)
    abbreviated = np.array([bool(b.abbreviations) for b in brands])
    aliased = np.array([bool(pure_aliases(b)) for b in brands])
    line_has_mark = np.array(
        [_folded(b.name) in _folded(p.line) for b in brands for p in b.products]
    )
    return TextPools(
        pools, categories, languages, weights / weights.sum(), abbreviated, aliased, line_has_mark
    )
