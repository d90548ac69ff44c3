"""Why a code is judged cloned (or forged): stable reason names shared by the database flags,
the cloned-codes file the scan reads, and the serial detector.
"""

from __future__ import annotations

TOO_MANY = "too_many_verifications"
IMPOSSIBLE_TRAVEL = "impossible_travel"
SEVERAL_SELLERS = "several_sellers"
UNAUTHORIZED_SELLER = "unauthorized_seller"
FLAGGED = "flagged_by_verification"
FORGED_CODE = "forged_code"
CLONE_REASONS = (TOO_MANY, IMPOSSIBLE_TRAVEL, SEVERAL_SELLERS, UNAUTHORIZED_SELLER)
