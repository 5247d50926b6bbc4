"""Builders for the block's year tests (cycles and scoring): a covenant, required
documents, files of every accepted type, and domain-named time helpers."""

import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.cycles import services
from thidua.cycles.services import CriterionSpec

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
D = Decimal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "Báo cáo"
    book.save(buffer)
    return buffer.getvalue()


def upload(name: str = "bao-cao.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


CRITERIA = [
    CriterionSpec(
        code="1.1",
        group="I. Nhiệm vụ chính trị",
        title="Hoàn thành chỉ tiêu",
        max_points=D(60),
    ),
    CriterionSpec(
        code="2.1",
        group="II. Công tác thi đua",
        title="Gửi báo cáo đúng hạn",
        max_points=D(40),
    ),
]


def moment(day: date, at: time = time(10, 0)) -> datetime:
    """A wall-clock moment in Hà Nội time (the project's time zone)."""
    return datetime.combine(day, at, tzinfo=HANOI)


def on_day(day: date, at: time = time(10, 0)):
    """Freeze the clock on ``day`` (Hà Nội time)."""
    return time_machine.travel(moment(day, at), tick=False)


def write_covenant(world, *, actor=None, criteria=CRITERIA, **extra):
    values = {"bonus_max": D(5), "late_deduction": D(2), **extra}
    return services.put_covenant(
        actor=actor or world.users["block_secretary"],
        block_year=world.BY,
        contents=["Hoàn thành xuất sắc nhiệm vụ chính trị", "Gửi báo cáo đúng hạn"],
        criteria=criteria,
        **values,
    )


def add_requirement(world, kind="report_mid", due=date(2024, 6, 15), title=None):
    return services.add_requirement(
        actor=world.users["block_secretary"],
        block_year=world.BY,
        title=title or f"Tài liệu {kind}",
        kind=kind,
        due_date=due,
    )


def submit_on(world, requirement, unit, day, at=time(10, 0), actor=None):
    with on_day(day, at):
        return services.submit_document(
            actor=actor or world.users["block_secretary"],
            requirement=requirement,
            unit=unit,
            upload=upload(),
        )


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
