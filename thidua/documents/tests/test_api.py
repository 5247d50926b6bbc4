"""Downloads and issuing over the API (api.md "Documents and exports")."""

import builtins
from io import BytesIO

import pytest
from docx import Document
from rest_framework.test import APIClient

from thidua.core.models import AuditEvent
from thidua.documents.models import DocumentSequence, IssuedDocument
from thidua.organizations.tests import factories as f


def client_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(by, kind, fmt):
    return f"/api/v1/block-years/{by.pk}/documents/{kind}.{fmt}"


def issue_url(by, kind):
    return f"/api/v1/block-years/{by.pk}/documents/{kind}/issue"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_downloads_never_consume_a_number(filled, fmt):
    client = client_as(filled.users["block_secretary"])
    for _ in range(2):
        answer = client.get(url(filled.BY, "cover_letter", fmt))
        assert answer.status_code == 200
        assert "attachment" in answer["Content-Disposition"]
    assert DocumentSequence.objects.filter(last__gt=0).count() == 0
    assert IssuedDocument.objects.count() == 0


def test_unknown_kind_is_not_found(filled):
    answer = client_as(filled.users["superuser"]).get(url(filled.BY, "nothing", "docx"))
    assert answer.status_code == 404
    assert answer.json()["code"] == "NOT_FOUND"


def test_bad_period_is_refused(filled):
    client = client_as(filled.users["superuser"])
    answer = client.get(url(filled.BY, "ranking", "docx") + "?period=q3")
    assert answer.status_code == 400


def test_issue_takes_the_next_number_once_and_keeps_a_snapshot(filled):
    client = client_as(filled.users["block_secretary"])
    first = client.post(issue_url(filled.BY, "cover_letter"), {}, format="json")
    assert first.status_code == 201, first.content
    second = client.post(issue_url(filled.BY, "minutes"), {}, format="json")
    assert first.json()["number"] == 1
    assert first.json()["number_text"] == "01/TTr-KTĐ"
    assert second.json()["number_text"] == "02/BB-KTĐ"
    issued = IssuedDocument.objects.get(pk=first.json()["id"])
    text = "\n".join(
        cell.text
        for table in Document(BytesIO(issued.file.read())).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Số: 01/TTr-KTĐ" in text
    assert AuditEvent.objects.filter(verb="documents.document.issued").count() == 2
    # Downloading afterwards takes no number.
    client.get(url(filled.BY, "cover_letter", "docx"))
    assert DocumentSequence.objects.get().last == 2


def test_sequences_are_per_body_and_year(filled, time_machine):
    su = client_as(filled.users["superuser"])
    time_machine.move_to("2025-12-30 09:00 +07:00")
    assert su.post(issue_url(filled.BY, "ranking")).json()["number"] == 1
    assert su.post(issue_url(filled.BY2, "ranking")).json()["number"] == 1
    assert su.post(issue_url(filled.BY, "ranking")).json()["number"] == 2
    time_machine.move_to("2026-01-02 09:00 +07:00")
    answer = su.post(issue_url(filled.BY, "ranking")).json()
    assert answer["number"] == 1
    assert answer["issued_on"] == "2026-01-02"
    assert DocumentSequence.objects.count() == 3


def test_only_the_secretariat_issues(filled):
    answer = client_as(filled.users["unit_officer"]).post(
        issue_url(filled.BY, "ranking")
    )
    assert answer.status_code == 403
    assert DocumentSequence.objects.filter(last__gt=0).count() == 0


def test_pdf_unavailable_answers_503(filled, monkeypatch):
    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    answer = client_as(filled.users["superuser"]).get(url(filled.BY, "ranking", "pdf"))
    assert answer.status_code == 503
    assert answer.json()["code"] == "PDF_UNAVAILABLE"
    # DOCX still works.
    docx = client_as(filled.users["superuser"]).get(url(filled.BY, "ranking", "docx"))
    assert docx.status_code == 200


def test_a_draft_is_refused_to_people_outside_the_block(filled):
    outsider = client_as(filled.users["outsider"])
    answer = outsider.get(url(filled.BY, "ranking", "docx"))
    assert answer.status_code == 403
    assert answer.json()["code"] == "RANKING_NOT_PUBLISHED"


def test_the_documents_page_lists_the_five_documents(filled, client):
    client.force_login(filled.users["block_secretary"])
    page = client.get(f"/block-years/{filled.BY.pk}/official-documents/")
    assert page.status_code == 200
    body = page.content.decode()
    for kind in ("ranking", "minutes", "ballot_count", "cover_letter", "annual_report"):
        assert f"/documents/{kind}.docx" in body and f"/documents/{kind}.pdf" in body
    answer = client.post(
        f"/block-years/{filled.BY.pk}/official-documents/ranking/issue/"
    )
    assert answer.status_code == 302
    assert "01/TB-KTĐ" in client.get(answer["Location"]).content.decode()


def test_unit_block_kind_cum_uses_ctd(filled):
    block = f.BlockFactory(province=filled.P, name="Cụm thi đua số 1", kind="cum")
    by = f.BlockYearFactory(block=block, year=2025)
    f.add_members(by, filled.U4, [filled.U5])
    answer = client_as(filled.users["superuser"]).post(issue_url(by, "cover_letter"))
    assert answer.json()["number_text"] == "01/TTr-CTĐ"
