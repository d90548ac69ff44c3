"""The console's pages, one router per area, mounted by ``truemark.web.console.mount_console``."""

from __future__ import annotations

from fastapi import APIRouter

from truemark.web.pages import (
    auth,
    brand,
    dashboard,
    evaluation,
    listing,
    networks,
    notices,
    public,
    queue,
    referrals,
)

PAGE_ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router
    for module in (
        auth,
        dashboard,
        queue,
        listing,
        networks,
        notices,
        referrals,
        brand,
        evaluation,
        public,
    )
)
