"""The block year's dossier (hồ sơ, one ZIP for the council; api.md "Documents and
exports"): the five documents as DOCX and PDF, the copies issued with a number and
the files the units sent, under Vietnamese names; answered at once when small, else
built by a background job with progress to poll."""

import unicodedata
import zipfile
from datetime import date, timedelta
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from rest_framework.test import APIClient

from thidua.core.models import AuditEvent
from thidua.cycles.models import Requirement, Submission
from thidua.documents import render, selectors, services, tasks
from thidua.documents.models import DocumentJob, DocumentSequence
from thidua.documents.tests.test_render import _squash, docx_text, pdf_text

PLAN = b"%PDF-1.4\n% ke hoach thi dua\n%%EOF\n"
DOCUMENTS = [
    "01 Bảng tổng hợp kết quả chấm điểm, xếp loại năm 2024 (DỰ THẢO)",
    "02 Biên bản họp bình xét, suy tôn năm 2024 (DỰ THẢO)",
    "03 Biên bản kiểm phiếu năm 2024 (DỰ THẢO)",
    "04 Tờ trình đề nghị khen thưởng năm 2024 (DỰ THẢO)",
    "05 Báo cáo tổng kết công tác thi đua, khen thưởng năm 2024 (DỰ THẢO)",
]
FILES = "Tài liệu các đơn vị gửi"
ISSUED = "Văn bản đã ban hành/01-TB-KTĐ Bảng tổng hợp kết quả chấm điểm, xếp loại.docx"
U1_PLAN = f"{FILES}/Ban Tuyên giáo Tỉnh ủy/Kế hoạch thi đua năm 2024 - kế hoạch.pdf"
U3_PLAN = f"{FILES}/Ủy ban Kiểm tra Tỉnh ủy/Kế hoạch thi đua năm 2024 - kế hoạch.pdf"


def client_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(by):
    return f"/api/v1/block-years/{by.pk}/dossier.zip"


def _send(requirement, unit, user, name, content):
    sub = Submission(
        requirement=requirement,
        unit=unit,
        original_name=name,
        content_type="application/pdf",
        submitted_by=user,
    )
    sub.file.save(name, ContentFile(content), save=False)
    sub.save()
    return sub


@pytest.fixture
def dossier_world(filled):
    """``filled`` with a plan sent by U1 and U3, and the ranking issued once."""
    su = filled.users["superuser"]
    plan = Requirement.objects.create(
        block_year=filled.BY,
        title="Kế hoạch thi đua năm 2024",
        kind="plan",
        due_date=date(2024, 3, 15),
    )
    # The name as a Mac sends it: decomposed (NFD); the ZIP holds it NFC.
    nfd = unicodedata.normalize("NFD", "kế hoạch.pdf")
    _send(plan, filled.U1, su, nfd, PLAN)
    _send(plan, filled.U3, su, "kế hoạch.pdf", PLAN + b"U3")
    services.issue_document(actor=su, block_year=filled.BY, kind="ranking")
    return filled


def _zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(BytesIO(content))


def test_a_small_dossier_is_the_answer_with_every_document_and_file(dossier_world):
    w = dossier_world
    answer = client_as(w.users["block_secretary"]).get(url(w.BY))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/zip"
    assert "attachment" in answer["Content-Disposition"]
    assert "filename*=utf-8''H%E1%BB%93%20s%C6%A1" in answer["Content-Disposition"]
    archive = _zip(b"".join(answer.streaming_content))
    names = archive.namelist()
    expected = {"00 Mục lục.txt", ISSUED, U1_PLAN, U3_PLAN}
    expected |= {f"{d}.{ext}" for d in DOCUMENTS for ext in ("docx", "pdf")}
    assert set(names) == expected
    for info in archive.infolist():
        assert unicodedata.is_normalized("NFC", info.filename)
        assert info.flag_bits & 0x800  # names marked UTF-8
    assert archive.testzip() is None

    ranking = docx_text(archive.read(f"{DOCUMENTS[0]}.docx"))
    assert "Ban Tuyên giáo Tỉnh ủy" in ranking and "Ủy ban Kiểm tra Tỉnh ủy" in ranking
    assert "88" in ranking and "80,5" in ranking and "DỰ THẢO" in ranking
    minutes = _squash(docx_text(archive.read(f"{DOCUMENTS[1]}.docx")))
    assert "Nguyễn Văn An" in minutes and "66,67%" in minutes
    assert "Số phiếu phát ra: 2; số phiếu thu vào: 2; số phiếu hợp lệ: 2" in minutes
    cover = _squash(pdf_text(archive.read(f"{DOCUMENTS[3]}.pdf")))
    assert "Ban Tuyên giáo Tỉnh ủy" in cover and "Cờ thi đua của UBND tỉnh" in cover
    report = docx_text(archive.read(f"{DOCUMENTS[4]}.docx"))
    assert "gồm 3 đơn vị thành viên" in report
    issued = docx_text(archive.read(ISSUED))
    assert "Số: 01/TB-KTĐ" in issued
    assert archive.read(U1_PLAN) == PLAN
    assert archive.read(U3_PLAN) == PLAN + b"U3"
    index = archive.read("00 Mục lục.txt").decode("utf-8")
    assert index.startswith("HỒ SƠ KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG NĂM 2024")
    for name in names:
        if name != "00 Mục lục.txt":
            assert f"- {name}" in index
    # Building it consumed no number.
    assert DocumentSequence.objects.get().last == 1


def test_a_units_people_get_their_own_units_files_only(dossier_world):
    w = dossier_world
    answer = client_as(w.users["unit_officer"]).get(url(w.BY))  # officer of U3
    names = _zip(b"".join(answer.streaming_content)).namelist()
    assert U3_PLAN in names
    assert U1_PLAN not in names
    assert f"{DOCUMENTS[0]}.docx" in names


def test_people_outside_the_block_get_no_draft_dossier(dossier_world):
    answer = client_as(dossier_world.users["outsider"]).get(url(dossier_world.BY))
    assert answer.status_code == 403
    assert answer.json()["code"] == "RANKING_NOT_PUBLISHED"


def test_without_pdf_the_dossier_holds_docx_and_says_so(dossier_world, monkeypatch):
    monkeypatch.setattr(render, "pdf_available", lambda: False)
    answer = client_as(dossier_world.users["superuser"]).get(url(dossier_world.BY))
    archive = _zip(b"".join(answer.streaming_content))
    assert not [n for n in archive.namelist() if n.endswith(".pdf") and "/" not in n]
    index = archive.read("00 Mục lục.txt").decode("utf-8")
    assert "Máy chủ chưa tạo được tệp PDF" in index


def test_a_file_missing_from_storage_is_noted_not_fatal(dossier_world):
    sub = Submission.objects.get(unit=dossier_world.U1)
    sub.file.storage.delete(sub.file.name)
    answer = client_as(dossier_world.users["superuser"]).get(url(dossier_world.BY))
    archive = _zip(b"".join(answer.streaming_content))
    assert U1_PLAN not in archive.namelist()
    index = archive.read("00 Mục lục.txt").decode("utf-8")
    assert "Không tìm thấy tệp: Ban Tuyên giáo Tỉnh ủy: Kế hoạch thi đua" in index


def test_a_large_dossier_is_a_job_to_poll(
    dossier_world, monkeypatch, django_capture_on_commit_callbacks
):
    w = dossier_world
    monkeypatch.setattr(selectors, "SYNC_MAX_UNITS", 2)  # the block has 3 units
    client = client_as(w.users["block_secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get(url(w.BY))
    assert answer.status_code == 202
    body = answer.json()
    job = DocumentJob.objects.get(pk=body["job"])
    assert answer["Location"] == body["url"] == f"/api/v1/document-jobs/{job.pk}"
    assert body["status"] in ("queued", "done")  # the test runs it after commit
    assert AuditEvent.objects.filter(verb="documents.dossier.requested").count() == 1
    # The immediate backend (the embedded default) built it once committed.
    polled = client.get(body["url"]).json()
    assert polled["status"] == "done" and polled["progress"] == 100
    assert polled["download_url"] == f"/api/v1/document-jobs/{job.pk}/download"
    download = client.get(polled["download_url"])
    assert download.status_code == 200
    assert "filename*=utf-8''H%E1%BB%93%20s%C6%A1" in download["Content-Disposition"]
    names = _zip(b"".join(download.streaming_content)).namelist()
    assert U1_PLAN in names and ISSUED in names and f"{DOCUMENTS[2]}.pdf" in names
    # The job is its requester's: others do not see it.
    other = client_as(w.users["province_admin"])
    assert other.get(body["url"]).status_code == 404
    assert other.get(polled["download_url"]).status_code == 404


def test_prefer_respond_async_always_gives_a_job(
    dossier_world, django_capture_on_commit_callbacks
):
    client = client_as(dossier_world.users["superuser"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get(url(dossier_world.BY), HTTP_PREFER="respond-async")
    assert answer.status_code == 202
    job = DocumentJob.objects.get(pk=answer.json()["job"])
    assert job.status == "done"


@pytest.fixture
def queue(settings):
    """A queue no worker reads (django-tasks' dummy backend): jobs stay queued."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    return default_task_backend


def test_a_queued_job_shows_progress_and_runs_once(
    dossier_world, queue, django_capture_on_commit_callbacks
):
    w = dossier_world
    client = client_as(w.users["block_secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        body = client.get(url(w.BY), HTTP_PREFER="respond-async").json()
    assert (body["status"], body["progress"], body["download_url"]) == (
        "queued",
        0,
        None,
    )
    assert [r.kwargs for r in queue.results] == [{"job_id": body["job"]}]
    early = client.get(f"/api/v1/document-jobs/{body['job']}/download")
    assert early.status_code == 409
    assert early.json()["code"] == "JOB_NOT_READY"

    # The worker runs the task; a second run (a duplicate delivery) does nothing.
    assert tasks.build_dossier.call(job_id=body["job"]) == "done"
    job = DocumentJob.objects.get(pk=body["job"])
    stored = job.file.name
    assert job.attempts == 1 and job.progress == 100 and job.finished_at
    assert tasks.build_dossier.call(job_id=body["job"]) == "done"
    job.refresh_from_db()
    assert job.attempts == 1 and job.file.name == stored
    polled = client.get(body["url"]).json()
    assert polled["status"] == "done"
    assert client.get(polled["download_url"]).status_code == 200


def test_progress_is_written_as_the_zip_grows(dossier_world, monkeypatch):
    w = dossier_world
    job = services.request_dossier(actor=w.users["superuser"], block_year=w.BY)
    steps = []
    real = render.write_dossier

    def watching(dossier, out, *, progress=None):
        def step(done, total):
            progress(done, total)
            steps.append(DocumentJob.objects.get(pk=job.pk).progress)

        real(dossier, out, progress=step)

    monkeypatch.setattr(render, "write_dossier", watching)
    services.run_dossier_job(job_id=job.pk)
    # 5 documents × 2 formats, 3 files, the index: 14 steps, shown up to 99 %.
    assert len(steps) == 14
    assert steps == sorted(steps) and steps[0] == 7 and steps[-1] == 99
    assert DocumentJob.objects.get(pk=job.pk).progress == 100


def test_a_failing_job_is_marked_failed(dossier_world, monkeypatch):
    w = dossier_world

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(render, "write_dossier", broken)
    job = services.request_dossier(actor=w.users["superuser"], block_year=w.BY)
    assert services.run_dossier_job(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "INTERNAL")
    answer = client_as(w.users["superuser"]).get(
        f"/api/v1/document-jobs/{job.pk}/download"
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "JOB_FAILED"


def _running(job, minutes_ago):
    """A job a worker took ``minutes_ago`` and then died on (SIGKILL)."""
    services._claim(job.pk)
    then = timezone.now() - timedelta(minutes=minutes_ago)
    DocumentJob.objects.filter(pk=job.pk).update(
        heartbeat_at=then, started_at=then, progress=40
    )


def test_recover_stale_jobs_requeues_a_killed_job(dossier_world, queue):
    w = dossier_world
    killed = services.request_dossier(actor=w.users["superuser"], block_year=w.BY)
    _running(killed, minutes_ago=30)
    alive = services.request_dossier(actor=w.users["superuser"], block_year=w.BY)
    _running(alive, minutes_ago=1)
    dry = StringIO()
    call_command("recover_stale_jobs", "--dry-run", stdout=dry)
    assert f"job {killed.pk} would be requeued" in dry.getvalue()
    assert DocumentJob.objects.get(pk=killed.pk).status == "running"

    text = StringIO()
    call_command("recover_stale_jobs", "--minutes", "15", stdout=text)
    assert f"job {killed.pk} was requeued" in text.getvalue()
    assert "1 stalled job(s)." in text.getvalue()
    killed.refresh_from_db()
    assert (killed.status, killed.progress) == ("queued", 0)
    assert DocumentJob.objects.get(pk=alive.pk).status == "running"
    event = AuditEvent.objects.get(verb="documents.job.recovered")
    assert event.target_id == str(killed.pk)
    # The worker takes it again: a second attempt, done.
    assert tasks.build_dossier.call(job_id=killed.pk) == "done"
    killed.refresh_from_db()
    assert (killed.status, killed.attempts) == ("done", 2)


def test_a_job_killed_three_times_is_given_up(dossier_world, queue):
    job = services.request_dossier(
        actor=dossier_world.users["superuser"], block_year=dossier_world.BY
    )
    _running(job, minutes_ago=60)
    DocumentJob.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.recover_stale_jobs() == [(job.pk, "failed")]
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "JOB_ABANDONED")
    # Nothing left to recover: running it again finds nothing.
    assert services.recover_stale_jobs() == []


def test_a_late_finish_of_a_recovered_attempt_is_discarded(dossier_world, queue):
    """A worker thought dead finishes after its job was handed to another attempt:
    its result is dropped, the new attempt's counts."""
    job = services.request_dossier(
        actor=dossier_world.users["superuser"], block_year=dossier_world.BY
    )
    first = services._claim(job.pk)
    # Recovered meanwhile and taken by a second attempt.
    DocumentJob.objects.filter(pk=job.pk).update(status="queued")
    second = services._claim(job.pk)
    assert (first, second) == (1, 2)
    assert services._mine(job.pk, first).update(status="done") == 0
    assert services._mine(job.pk, second).count() == 1


def test_issued_copies_download_from_the_page_and_the_api(dossier_world, client):
    w = dossier_world
    issued = w.BY.issued_documents.get()
    client.force_login(w.users["leader"])
    page = client.get(f"/block-years/{w.BY.pk}/official-documents/")
    body = page.content.decode()
    assert f"/issued-documents/{issued.pk}/download/" in body
    assert 'id="dossier-download"' in body
    assert f"/api/v1/block-years/{w.BY.pk}/dossier.zip?period=year" in body
    assert "js/dossier.js" in body
    answer = client.get(f"/issued-documents/{issued.pk}/download/")
    assert answer.status_code == 200
    text = docx_text(b"".join(answer.streaming_content))
    assert "Số: 01/TB-KTĐ" in text
    assert "Ủy ban Kiểm tra Tỉnh ủy" in text
    api = client_as(w.users["superuser"]).get(
        f"/api/v1/issued-documents/{issued.pk}/download"
    )
    assert api.status_code == 200
    assert "01-TB-KT%C4%90" in api["Content-Disposition"]
    assert Document(BytesIO(b"".join(api.streaming_content))).tables
    missing = client_as(w.users["superuser"]).get(
        "/api/v1/issued-documents/999999/download"
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("Kế hoạch/2024: bản cuối?.pdf", "Kế hoạch-2024- bản cuối-.pdf"),
        (unicodedata.normalize("NFD", "Hòa Bình.docx"), "Hòa Bình.docx"),
        ("  ..bí mật\x00\ttệp .. ", "bí mật tệp"),
        ("CON.txt", "CON_.txt"),
        ("", "tep"),
        ("../../etc/passwd", "-..-etc-passwd"),
        ("a" * 300 + ".xlsx", "a" * 115 + ".xlsx"),
    ],
)
def test_safe_names(raw, safe):
    assert selectors.safe_name(raw) == safe


def test_the_same_name_twice_gets_a_number(dossier_world):
    w = dossier_world
    plan = Requirement.objects.get(block_year=w.BY)
    _send(plan, w.U1, w.users["superuser"], "kế hoạch.pdf", b"%PDF-1.4 again")
    dossier = selectors.build_dossier(w.users["superuser"], w.BY, "year")
    names = [a.name for a in dossier.attachments]
    assert U1_PLAN in names
    assert U1_PLAN.replace(".pdf", " (2).pdf") in names
