"""The roll's report of rejected rows is the platform's (``tamkeen.core.exports.RejectionReport``): CSV (UTF-8
with a BOM, so spreadsheet programs show Arabic) or XLSX by extension, every cell inert."""

from tamkeen.core.exports import REJECTION_HEADER as REPORT_HEADER
from tamkeen.core.exports import RejectionReport as ReportWriter

__all__ = ["REPORT_HEADER", "ReportWriter"]
