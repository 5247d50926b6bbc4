"""Render a 40-unit block's full dossier; print seconds per document beside a bare
template render of the same size (issue 6).

Not a test (design.md §8: benchmarks print figures and ratios against a baseline
measured in the same run, never asserting wall time). It builds one block year of
N member units (40 by default) with a full year of data through the services: a
covenant of 10 criteria, a final score sheet per unit and the published ranking,
three required documents with a file from every unit, the tổng kết conference with
one delegate per unit, a closed electronic round (every unit a candidate, 3 seats,
one ballot per delegate), and the five documents issued with a number. Then, for
each of the five documents:

- ``build``: the selector reading the data into the document's dataclass;
- ``docx`` / ``pdf``: drawing that dataclass (python-docx; WeasyPrint);
- ``bare docx`` / ``bare pdf``: the baseline — a python-docx document (and an HTML
  page through WeasyPrint) with the same number of paragraphs, tables, rows and
  columns of placeholder text, and no data access;

and the whole dossier (ZIP: five documents in both formats, the issued copies, every
unit's files) beside its bare equivalent (the bare renders plus a raw ZIP copy of
the same files). Each figure is the median of ``--repeat`` runs.

Usage::

    .venv/bin/python benchmarks/bench_documents.py [--units 40] [--repeat 3]
        [--database-url URL]   # default: a throwaway SQLite file in /tmp
        [--small]              # 6 units, one run (CI)

The database given by ``--database-url`` is migrated and receives the benchmark's
rows (a province "Tỉnh đo hiệu năng văn bản"); use a scratch database.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRITERIA = 10
REQUIREMENTS = (
    ("Kế hoạch thi đua năm 2024", "plan", date(2024, 3, 15)),
    ("Báo cáo sơ kết 6 tháng đầu năm 2024", "report_mid", date(2024, 6, 20)),
    ("Báo cáo tổng kết năm 2024", "report_year", date(2024, 11, 30)),
)
FILE_BYTES = 48 * 1024  # a scanned page or two


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--small", action="store_true", help="6 units, one run")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    args.units = args.units or (6 if args.small else 40)
    args.repeat = args.repeat or (1 if args.small else 3)
    return args


def main(argv=None):
    args = parse_args(argv)
    scratch = None
    if args.database_url is None:
        handle, scratch = tempfile.mkstemp(prefix="thidua-bench-", suffix=".sqlite3")
        os.close(handle)
        args.database_url = f"sqlite:///{scratch}"
    media = tempfile.TemporaryDirectory(prefix="thidua-bench-media-")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("MEDIA_ROOT", media.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        media.cleanup()
        if scratch and not args.keep:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(scratch + suffix).unlink(missing_ok=True)


# --- The block's year -----------------------------------------------------------------


def build_block_year(n: int, seed: int):
    """A block year of ``n`` member units with a full year of data (not timed)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from thidua.cycles import services as cycles
    from thidua.cycles.models import Requirement, Submission
    from thidua.documents import selectors as doc_selectors
    from thidua.documents import services as documents
    from thidua.organizations.models import (
        Block,
        BlockYear,
        Membership,
        Person,
        Province,
        Unit,
    )
    from thidua.scoring import services as scoring
    from thidua.voting import services as voting

    rng = random.Random(seed)
    actor = get_user_model().objects.create_superuser(
        f"bench-docs-{time.time_ns()}", "bench@example.invalid", None
    )
    province = Province.objects.create(name="Tỉnh đo hiệu năng văn bản")
    units = [
        Unit.objects.create(province=province, name=f"Sở, ban, ngành số {i + 1:02d}")
        for i in range(n)
    ]
    block = Block.objects.create(
        province=province, name="Khối thi đua các cơ quan tổng hợp", kind="khoi"
    )
    block_year = BlockYear.objects.create(
        block=block, year=2024, theme="Đoàn kết, kỷ cương, đổi mới, hiệu quả"
    )
    Membership.objects.bulk_create(
        Membership(
            block_year=block_year,
            unit=u,
            role="head" if i == 0 else "deputy" if i == 1 else "member",
            year=2024,
        )
        for i, u in enumerate(units)
    )
    delegates = [
        Person.objects.create(
            unit=u, full_name=f"Nguyễn Văn Đại {i:02d}", gender="male"
        )
        for i, u in enumerate(units)
    ]
    codes = [f"{g}.{c}" for g in (1, 2) for c in range(1, CRITERIA // 2 + 1)]
    cycles.put_covenant(
        actor=actor,
        block_year=block_year,
        contents=["Thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2024"],
        criteria=[
            cycles.CriterionSpec(code, f"Tiêu chí {code}", Decimal(10))
            for code in codes
        ],
    )
    for unit in units:
        scoring.write_sheet(
            actor=actor,
            block_year=block_year,
            unit=unit,
            period="year",
            stage="final",
            scores={c: Decimal(rng.randint(60, 100)) / 10 for c in codes},
        )
    scoring.publish_ranking(actor=actor, block_year=block_year, period="year")
    for title, kind, due in REQUIREMENTS:
        requirement = Requirement.objects.create(
            block_year=block_year, title=title, kind=kind, due_date=due
        )
        for unit in units:
            sub = Submission(
                requirement=requirement,
                unit=unit,
                original_name=f"{title}.pdf",
                content_type="application/pdf",
                submitted_by=actor,
            )
            body = b"%PDF-1.4\n" + rng.randbytes(FILE_BYTES) + b"\n%%EOF\n"
            sub.file.save(f"{kind}.pdf", ContentFile(body), save=False)
            sub.save()

    conference = voting.record_conference(
        actor=actor,
        block_year=block_year,
        kind="tong_ket",
        date=date(2024, 12, 18),
        host_unit=units[1],
        attendees=delegates,
        minutes={"chair": "Nguyễn Văn Đại 00", "secretary": "Nguyễn Văn Đại 01"},
    )
    round = voting.create_round(
        actor=actor,
        conference=conference,
        award="co_thi_dua_tinh",
        seats=3,
        threshold=Fraction(1, 2),
        threshold_base="votes_cast",
        mode="electronic",
        candidates=units,
    )
    round, tokens = voting.open_round(actor=actor, round=round, voters=delegates)
    favourites = [u.pk for u in units[:4]]
    for token in tokens:
        voting.cast_ballot(round=round, token=token, choices=rng.sample(favourites, 3))
    voting.close_round(actor=actor, round=round)
    for kind in doc_selectors.KINDS:
        documents.issue_document(actor=actor, block_year=block_year, kind=kind)
    return actor, block_year


# --- Baselines: the same size, no data ------------------------------------------------


def _shape(doc):
    from thidua.documents.selectors import Table

    return [
        (len(b.headers), len(b.rows)) if isinstance(b, Table) else None
        for b in doc.body
    ]


def bare_docx(shape) -> bytes:
    """A python-docx document with the same paragraphs and tables (rows × columns)
    as the real one, placeholder text, the default style: what python-docx itself
    costs."""
    from docx import Document

    document = Document()
    header = document.add_table(rows=2, cols=2)
    for cell in header._cells:
        cell.text = "Tiêu đề văn bản"
    for block in shape:
        if block is None:
            document.add_paragraph("Nội dung văn bản hành chính " * 4)
            continue
        cols, rows = block
        table = document.add_table(rows=1, cols=cols)
        for cell in table.rows[0].cells:
            cell.text = "Cột"
        for _ in range(rows):
            for cell in table.add_row().cells:
                cell.text = "Giá trị ô"
    footer = document.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Nơi nhận"
    footer.cell(0, 1).text = "Chữ ký"
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def bare_html(shape) -> str:
    parts = ["<html><body><table><tr><td>Tiêu đề</td><td>Quốc hiệu</td></tr></table>"]
    for block in shape:
        if block is None:
            parts.append("<p>" + "Nội dung văn bản hành chính " * 4 + "</p>")
            continue
        cols, rows = block
        row = "<tr>" + "<td>Giá trị ô</td>" * cols + "</tr>"
        parts.append("<table>" + "<tr>" + "<th>Cột</th>" * cols + "</tr>")
        parts.append(row * rows + "</table>")
    parts.append("</body></html>")
    return "".join(parts)


def bare_pdf(shape) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=bare_html(shape)).write_pdf()


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- The run -----------------------------------------------------------------------------


def run(args):
    from django.db import connection

    from thidua.documents import render, selectors

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    t0 = time.perf_counter()
    actor, block_year = build_block_year(args.units, args.seed)
    print(
        f"block year: {args.units} member units, {args.units * len(REQUIREMENTS)} "
        f"files, {args.units} ballots; built in {time.perf_counter() - t0:.1f} s"
    )
    with_pdf = render.pdf_available()
    repeat = args.repeat
    # Warm-up (not timed): imports, templates, WeasyPrint's fonts.
    render.render_docx(selectors.build_document(block_year, "ranking"))
    bare_docx([None])
    if with_pdf:
        render.render_pdf(selectors.build_document(block_year, "ranking"))
        bare_pdf([None])
    rows = []
    for kind in selectors.KINDS:
        doc = selectors.build_document(block_year, kind)
        shape = _shape(doc)
        table_rows = sum(b[1] for b in shape if b)
        row = {
            "kind": kind,
            "rows": table_rows,
            "build": median_seconds(
                lambda kind=kind: selectors.build_document(block_year, kind), repeat
            ),
            "docx": median_seconds(lambda doc=doc: render.render_docx(doc), repeat),
            "bare_docx": median_seconds(lambda s=shape: bare_docx(s), repeat),
        }
        if with_pdf:
            row["pdf"] = median_seconds(lambda doc=doc: render.render_pdf(doc), repeat)
            row["bare_pdf"] = median_seconds(lambda s=shape: bare_pdf(s), repeat)
        rows.append(row)

    print()
    header = (
        f"{'document':<14} {'rows':>5} {'build s':>8} {'docx s':>8} "
        f"{'bare docx s':>12} {'× bare':>7}"
    )
    if with_pdf:
        header += f" {'pdf s':>8} {'bare pdf s':>11} {'× bare':>7}"
    print(header)
    for r in rows:
        full_docx = r["build"] + r["docx"]
        line = (
            f"{r['kind']:<14} {r['rows']:>5} {r['build']:>8.3f} {r['docx']:>8.3f} "
            f"{r['bare_docx']:>12.3f} {full_docx / r['bare_docx']:>7.2f}"
        )
        if with_pdf:
            full_pdf = r["build"] + r["pdf"]
            line += (
                f" {r['pdf']:>8.3f} {r['bare_pdf']:>11.3f} "
                f"{full_pdf / r['bare_pdf']:>7.2f}"
            )
        print(line)
    print("(× bare: build + draw, over the bare render of the same size)")

    # The whole dossier, and its bare equivalent.
    def dossier():
        with tempfile.TemporaryFile() as out:
            built = selectors.build_dossier(actor, block_year, "year")
            render.write_dossier(built, out)
            return built, out.tell()

    built, size = dossier()
    shapes = [_shape(d) for d in built.documents]

    def bare_dossier():
        from django.core.files.storage import default_storage

        with (
            tempfile.TemporaryFile() as out,
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive,
        ):
            for i, shape in enumerate(shapes):
                archive.writestr(f"{i}.docx", bare_docx(shape))
                if with_pdf:
                    archive.writestr(f"{i}.pdf", bare_pdf(shape))
            for a in built.attachments:
                with default_storage.open(a.storage_name, "rb") as source:
                    archive.writestr(a.name, source.read())

    full = median_seconds(dossier, repeat)
    bare = median_seconds(bare_dossier, repeat)
    entries = len(built.documents) * (2 if with_pdf else 1)
    entries += len(built.attachments) + 1
    print()
    print(
        f"dossier: {full:.2f} s for the ZIP ({entries} entries, "
        f"{size / 1024 / 1024:.1f} MB{'' if with_pdf else ', no PDF on this machine'}"
        f"); bare: {bare:.2f} s; {full / bare:.2f}x bare"
    )
    per_doc = sum(r["build"] + r["docx"] + r.get("pdf", 0) for r in rows) / len(rows)
    print(
        f"documents: {per_doc:.3f} s per document (DOCX"
        f"{' + PDF' if with_pdf else ''}, median of {repeat})"
    )


if __name__ == "__main__":
    main()
