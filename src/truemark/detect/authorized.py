"""Which sellers each brand authorizes, looked up by codes: a brand x seller matrix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl

from truemark.detect.ranges import Positions


class AuthorizedSellers:
    """Brands and their authorized sellers, numbered once; a batch is looked up with numpy."""

    def __init__(self, groups: Mapping[str, Iterable[str]], brands: Iterable[str] = ()) -> None:
        """``groups``: brand id -> its authorized seller ids; ``brands``: other brand ids to
        number (with none authorized)."""
        groups = {brand: sorted(set(sellers)) for brand, sellers in groups.items()}
        self.brands = Positions(sorted(set(groups) | set(brands)))
        sellers = sorted({seller for group in groups.values() for seller in group})
        self._sellers = Positions(sellers)
        # one row per brand code and one column per seller code; the last row and column stand
        # for code -1 ("no brand", "not an authorized seller of any brand"): never authorized
        self._matrix = np.zeros((len(self.brands.names) + 1, len(sellers) + 1), dtype=bool)
        brand_code = {brand: code for code, brand in enumerate(self.brands.names)}
        seller_code = {seller: code for code, seller in enumerate(sellers)}
        for brand, group in groups.items():
            self._matrix[brand_code[brand], [seller_code[seller] for seller in group]] = True

    @property
    def sellers(self) -> list[str]:
        """Every authorized seller, of any brand."""
        return self._sellers.names

    def authorized(self, brand_codes: np.ndarray, sellers: pl.Series) -> np.ndarray:
        """Whether each (brand code, seller id) pair is an authorized seller of the brand
        (code -1: no brand, never)."""
        return self._matrix[brand_codes, self._sellers(sellers)]
