"""The roll's columns (contracts/files.md §1) for the platform's table reader (``tamkeen.core.tables``).

Reading itself (encodings, separators, header matching, XLSX) is the core reader's; this module only says which
columns a roll has and which header spellings clerks use for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tamkeen.core import tables
from tamkeen.core.tables import UnreadableFile

# Each column's English name and the Arabic header of files.md §1, plus a few spellings clerks use.
ROLL_COLUMNS: dict[str, tuple[str, ...]] = {
    "file_number": ("رقم الملف", "رقم ملف الضمان", "file no"),
    "office_code": ("رمز المكتب", "office"),
    "national_id": ("رقم الهوية", "رقم السجل المدني", "national id", "id number"),
    "relation": ("صلة القرابة", "القرابة"),
    "first_name": ("الاسم الأول",),
    "father_name": ("اسم الأب",),
    "grandfather_name": ("اسم الجد",),
    "family_name": ("اسم العائلة",),
    "gender": ("الجنس",),
    "birth_date": ("تاريخ الميلاد",),
    "phone": ("الجوال", "رقم الجوال", "mobile"),
    "education": ("المؤهل", "المؤهل العلمي"),
    "marital_status": ("الحالة الاجتماعية",),
    "disability": ("الإعاقة", "نوع الإعاقة"),
    "work_capacity": ("القدرة على العمل",),
    "governorate": ("المحافظة",),
    "monthly_income": ("الدخل الشهري",),
    "pension_amount": ("مبلغ المعاش",),
}


class TableReader(tables.TableReader):
    """The core reader, reading a roll unless told other columns."""

    def __init__(self, path: str | Path, columns: tables.Columns = ROLL_COLUMNS, **options) -> None:
        super().__init__(path, columns, **options)


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, object]]]:
    return TableReader(path).rows()


__all__ = ["ROLL_COLUMNS", "TableReader", "UnreadableFile", "read_rows"]
