"""Dependencies of the public serial endpoints: the verification service, rate limit, country.

Each is ``async def``: quick reads of the app's state, run on the event loop, not the thread pool.
"""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from truemark.api.context import store_dep
from truemark.errors import ConfigError
from truemark.serial.countries import coarse_country
from truemark.serial.ratelimit import TokenBucketLimiter
from truemark.serial.verify import VerificationService

# Headers a CDN or proxy in front of truemark sets to the caller's country (first one wins).
COUNTRY_HEADERS = ("cf-ipcountry", "cloudfront-viewer-country", "x-country-code")
# Per client IP; a deployment (or a load test) may change them through the environment.
RATE_ENV, BURST_ENV = "TRUEMARK_SERIAL_RATE_PER_SECOND", "TRUEMARK_SERIAL_BURST"
RATE_PER_SECOND = 5.0
BURST = 30


async def verification_service(request: Request) -> VerificationService:
    """One service per app, on the app's store (opened on first use)."""
    service: VerificationService | None = getattr(request.app.state, "serial_service", None)
    if service is None:
        service = request.app.state.serial_service = VerificationService(store_dep(request))
    return service


async def limiter(request: Request) -> TokenBucketLimiter:
    """The app's per-client token buckets (in this process only: see serial.ratelimit)."""
    buckets: TokenBucketLimiter | None = getattr(request.app.state, "serial_limiter", None)
    if buckets is None:
        try:
            rate = float(os.environ.get(RATE_ENV, RATE_PER_SECOND))
            burst = int(os.environ.get(BURST_ENV, BURST))
            buckets = TokenBucketLimiter(rate, burst)
        except ValueError:
            message = f"{RATE_ENV} must be a positive number, {BURST_ENV} an integer >= 1"
            raise ConfigError(message) from None
        request.app.state.serial_limiter = buckets
    return buckets


async def rate_limited(
    request: Request, buckets: Annotated[TokenBucketLimiter, Depends(limiter)]
) -> None:
    """Refuse a client (by IP) that sends more than its share with 429 and Retry-After."""
    client = request.client.host if request.client else "unknown"
    wait = buckets.acquire(client)
    if wait > 0:
        raise HTTPException(
            status_code=429,
            detail="too many verifications from your address; try again shortly",
            headers={"Retry-After": str(max(1, round(wait)))},
        )


def header_country(request: Request) -> str | None:
    """The caller's country as a proxy or CDN reported it, if any."""
    for name in COUNTRY_HEADERS:
        country = coarse_country(request.headers.get(name))
        if country is not None:
            return country
    return None


ServiceDep = Annotated[VerificationService, Depends(verification_service)]
RateLimited = Depends(rate_limited)
