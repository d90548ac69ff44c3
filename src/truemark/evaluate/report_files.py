"""Write an evaluation report to a folder: report.md, report.json and report.html."""

from __future__ import annotations

from pathlib import Path

from truemark.errors import InputError
from truemark.evaluate.html_page import report_html
from truemark.evaluate.markdown import report_markdown
from truemark.evaluate.reports import EvaluationReport, ListingReport, NetworkReport

AnyReport = EvaluationReport | ListingReport | NetworkReport


def as_evaluation(report: AnyReport) -> EvaluationReport:
    """Wrap a listing or network report into a whole evaluation report."""
    if isinstance(report, ListingReport):
        return EvaluationReport(listings=report, networks=None)
    if isinstance(report, NetworkReport):
        return EvaluationReport(listings=None, networks=report)
    return report


def write_report(report: AnyReport, out_dir: Path) -> list[Path]:
    """Write the three report files into ``out_dir`` (created if needed); return their paths."""
    evaluation = as_evaluation(report)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {
            out_dir / "report.md": report_markdown(evaluation).encode(),
            out_dir / "report.json": evaluation.to_json(),
            out_dir / "report.html": report_html(evaluation).encode(),
        }
        for path, content in files.items():
            path.write_bytes(content)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot write the report: {exc.strerror or exc}") from exc
    return list(files)
