"""The evaluation page: the newest ``truemark evaluate --report DIR`` report (HTML with inline
SVG charts) found under ``<data_dir>/evaluation``, embedded in the console."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from truemark.api.context import SettingsDep
from truemark.errors import NotFoundError
from truemark.store import OrganizationKind
from truemark.web.pages.common import page
from truemark.web.session import ViewerDep

router = APIRouter(prefix="/console/evaluation")
OPERATOR = frozenset({OrganizationKind.OPERATOR})


def latest_report(data_dir: Path) -> Path | None:
    """The most recently written ``report.html`` under ``data_dir/evaluation``, if any."""
    reports = list((data_dir / "evaluation").glob("**/report.html"))
    return max(reports, key=lambda path: path.stat().st_mtime, default=None)


@router.get("", response_class=HTMLResponse)
def evaluation(request: Request, viewer: ViewerDep, settings: SettingsDep) -> Response:
    viewer.principal.require(OPERATOR, None, "read evaluation reports")
    report = latest_report(settings.data_dir)
    written = (
        datetime.fromtimestamp(report.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
        if report
        else None
    )
    folder = settings.data_dir / "evaluation"
    return page(
        request,
        viewer,
        "evaluation.html",
        "evaluation",
        report=report,
        written=written,
        folder=folder,
    )


@router.get("/report.html")
def report_file(viewer: ViewerDep, settings: SettingsDep) -> Response:
    viewer.principal.require(OPERATOR, None, "read evaluation reports")
    report = latest_report(settings.data_dir)
    if report is None:
        raise NotFoundError("no evaluation report yet")
    return FileResponse(report, media_type="text/html")
