"""The block secretary downloads the block year's dossier (ZIP) from the documents
page: the button asks for a background job, shows its progress and downloads the
file when it is ready (issue 6). Elements are found by ids, not translated text."""

import unicodedata
import zipfile

import pytest

from tests.browser.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_secretary_downloads_the_dossier_zip(page, demo_data, tmp_path):
    from thidua.documents.models import DocumentJob
    from thidua.organizations.models import BlockYear

    block_year = BlockYear.objects.get(
        block__name="Khối thi đua các cơ quan Đảng",
        block__province__name="Hòa Bình",
        year=2024,
    )
    sign_in(page, "thuky")
    page.goto(f"{page.base_url}/block-years/{block_year.pk}/official-documents/")
    assert page.locator("#dossier-progress-box").is_hidden()
    with page.expect_download(timeout=60_000) as caught:
        page.click("#dossier-download")
    download = caught.value
    assert download.suggested_filename.endswith(".zip")
    assert unicodedata.normalize("NFC", download.suggested_filename).startswith(
        "Hồ sơ Khối thi đua các cơ quan Đảng"
    )
    saved = tmp_path / "dossier.zip"
    download.save_as(saved)

    # The page showed the job's progress up to "done".
    page.wait_for_selector("#dossier-progress-box[data-status='done']")
    assert page.locator("#dossier-progress").get_attribute("value") == "100"
    screenshot(page, "documents-dossier")

    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        assert "00 Mục lục.txt" in names
        for number in ("01", "02", "03", "04", "05"):
            assert any(n.startswith(number) and n.endswith(".docx") for n in names)
        assert archive.testzip() is None
    job = DocumentJob.objects.get(block_year=block_year)
    assert (job.status, job.progress, job.requested_by.username) == (
        "done",
        100,
        "thuky",
    )
