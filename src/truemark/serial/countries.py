"""Coarse country locations (approximate centroids, degrees) for impossible-travel checks.

Precision is a few hundred kilometres, which is all a country-level check can claim.
"""

from __future__ import annotations

import math

CENTROIDS: dict[str, tuple[float, float]] = {
    "AE": (24.0, 54.0), "AR": (-34.0, -64.0), "AT": (47.5, 14.5), "AU": (-25.0, 134.0),
    "BD": (24.0, 90.0), "BE": (50.8, 4.5), "BG": (42.7, 25.5), "BR": (-10.0, -52.0),
    "CA": (56.0, -106.0), "CH": (46.8, 8.2), "CL": (-33.5, -70.7), "CN": (35.0, 105.0),
    "CO": (4.0, -73.0), "CZ": (49.8, 15.5), "DE": (51.0, 10.0), "DK": (56.0, 10.0),
    "DZ": (28.0, 3.0), "EG": (27.0, 30.0), "ES": (40.0, -4.0), "FI": (64.0, 26.0),
    "FR": (46.5, 2.5), "GB": (54.0, -2.0), "GR": (39.0, 22.0), "HK": (22.3, 114.2),
    "HU": (47.2, 19.5), "ID": (-2.5, 118.0), "IE": (53.2, -8.0), "IL": (31.5, 34.8),
    "IN": (22.0, 79.0), "IQ": (33.0, 44.0), "IR": (32.0, 53.0), "IT": (42.8, 12.5),
    "JP": (36.0, 138.0), "KE": (0.5, 38.0), "KR": (36.5, 127.8), "KZ": (48.0, 67.0),
    "MA": (32.0, -6.0), "MX": (23.0, -102.0), "MY": (3.5, 102.0), "NG": (9.0, 8.0),
    "NL": (52.2, 5.5), "NO": (62.0, 10.0), "NZ": (-41.5, 172.5), "PE": (-10.0, -76.0),
    "PH": (12.5, 122.0), "PK": (30.0, 70.0), "PL": (52.0, 19.5), "PT": (39.5, -8.0),
    "QA": (25.3, 51.2), "RO": (46.0, 25.0), "RS": (44.0, 21.0), "RU": (60.0, 95.0),
    "SA": (24.0, 45.0), "SE": (62.0, 15.0), "SG": (1.35, 103.8), "TH": (15.0, 101.0),
    "TR": (39.0, 35.0), "TW": (23.7, 121.0), "UA": (49.0, 32.0), "US": (39.5, -98.5),
    "VE": (7.0, -66.0), "VN": (16.0, 107.5), "ZA": (-29.0, 24.0),
}  # fmt: skip

EARTH_RADIUS_KM = 6371.0


def distance_km(a: str, b: str) -> float | None:
    """Great-circle distance between two countries' centroids; None when one is not listed."""
    if a == b:
        return 0.0
    if a not in CENTROIDS or b not in CENTROIDS:
        return None
    (lat1, lon1), (lat2, lon2) = CENTROIDS[a], CENTROIDS[b]
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def coarse_country(value: str | None) -> str | None:
    """A two-letter country code from a header or a form, or None for anything else."""
    if value is None:
        return None
    code = value.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha() or code in {"XX", "ZZ"}:
        return None
    return code
