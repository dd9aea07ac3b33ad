"""The worker pages: list, detail, registration form, verification workflow,
duplicate review and the import wizard, through the real views and database."""

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.core.models import AccessLog
from peduli.imports.models import ImportBatch
from peduli.regions.models import Region
from peduli.workers.models import DuplicateFlag, Occupation, Worker
from peduli.workers.services import WorkerData, worker_create
from tests.support.clients import client_for

NIK = "3324014506850001"  # district 33.24.01, woman born 05/06/1985
VILLAGE = "33.24.01.2001"
OTHER_VILLAGE = "33.24.02.2002"


def make_worker(nik: str = NIK, name: str = "Siti Aminah", village: str = VILLAGE, **extra: Any) -> Worker:
    return worker_create(
        actor=None, data=WorkerData(nik=nik, name=name, village=village, occupation="Buruh tani", **extra)
    )


@pytest.fixture
def operator(kendal: Region, user_factory: Callable[..., User]) -> Any:
    return user_factory("district_operator", district=Region.objects.get(code="33.24.01"))


def test_list_searches_by_nik_prefix_and_name_and_filters(admin: User) -> None:
    make_worker()
    make_worker(nik="3324010101900002", name="Budi Santoso", village=OTHER_VILLAGE, has_disability=True)
    client = client_for(admin)
    url = reverse("workers:worker_list")
    page = client.get(url).content.decode()
    assert "Siti Aminah" in page and "Budi Santoso" in page
    page = client.get(url, {"q": "332401450"}).content.decode()
    assert "Siti Aminah" in page and "Budi Santoso" not in page
    page = client.get(url, {"q": "budi"}).content.decode()
    assert "Budi Santoso" in page and "Siti Aminah" not in page
    page = client.get(url, {"district": "33.24.02"}).content.decode()
    assert "Budi Santoso" in page and "Siti Aminah" not in page
    page = client.get(url, {"prioritas": "disabilitas", "urut": "-name"}).content.decode()
    assert "Budi Santoso" in page and "Siti Aminah" not in page
    partial = client.get(url, {"status": "verified"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Tidak ada pekerja yang cocok" in partial


@pytest.mark.parametrize(
    ("village", "found"),
    [
        ("33.24.01.2001", ["Siti Aminah"]),
        ("3324022002", ["Budi Santoso"]),
        ("33.24.02", ["Budi Santoso"]),
        ("getasbla", ["Budi Santoso"]),
        ("33.24.99.9999", []),
        ("33.24.0x'--", []),
    ],
)
def test_list_filters_by_village_code_or_name(admin: User, village: str, found: list[str]) -> None:
    make_worker()
    make_worker(nik="3324010101900002", name="Budi Santoso", village=OTHER_VILLAGE)
    response = client_for(admin).get(reverse("workers:worker_list"), {"village": village})
    assert response.status_code == 200
    page = response.content.decode()
    assert [name for name in ("Siti Aminah", "Budi Santoso") if name in page] == found


def test_detail_shows_status_and_field_history_and_logs_the_view(admin: User) -> None:
    worker = make_worker()
    client = client_for(admin)
    client.post(reverse("workers:worker_return", args=[worker.pk]), {"reason": "Alamat kurang lengkap"})
    page = client.get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    assert "Alamat kurang lengkap" in page and "Terdaftar" in page
    assert AccessLog.objects.filter(subject="worker", object_id=str(worker.pk)).exists()
    history = client.get(reverse("workers:worker_history", args=[worker.pk])).content.decode()
    assert 'id="history"' in history


def test_create_with_a_bad_nik_shows_the_indonesian_error(admin: User) -> None:
    form = {
        "nik": "3324013206850001",
        "name": "Siti",
        "village": VILLAGE,
        "occupation": Occupation.objects.get(code="nelayan").pk,
    }
    response = client_for(admin).post(reverse("workers:worker_create"), form)
    assert response.status_code == 200
    assert "bukan tanggal yang ada" in response.content.decode()
    assert not Worker.objects.exists()


def registration(village: str = VILLAGE) -> dict[str, Any]:
    """What the registration form posts for Siti Aminah, a farm labourer."""
    return {
        "nik": NIK,
        "name": "Siti Aminah",
        "village": village,
        "occupation": Occupation.objects.get(code="buruh_tani").pk,
    }


def test_create_through_the_form_registers_the_worker(operator: Any) -> None:
    response = client_for(operator).post(reverse("workers:worker_create"), registration())
    worker = Worker.objects.get(nik=NIK)
    assert response.status_code == 302 and worker.birth_date == date(1985, 6, 5) and worker.sex == "P"


def test_live_nik_check_says_what_the_nik_means(operator: Any) -> None:
    client = client_for(operator)
    ok = client.post(reverse("workers:nik_check"), {"nik": NIK}).content.decode()
    assert "NIK valid" in ok and "05/06/1985" in ok and "perempuan" in ok and "33.24.01" in ok
    bad = client.post(reverse("workers:nik_check"), {"nik": "12345"}).content.decode()
    assert "16 digit" in bad


def test_verify_and_return_via_post(admin: User) -> None:
    first = make_worker()
    second = make_worker(nik="3324010101900002", name="Budi Santoso", village=OTHER_VILLAGE)
    client = client_for(admin)
    queue = client.get(reverse("workers:verification_queue")).content.decode()
    assert "Siti Aminah" in queue and "Budi Santoso" in queue
    response = client.post(reverse("workers:worker_verify", args=[first.pk]), follow=True)
    assert "terverifikasi" in response.content.decode()
    client.post(reverse("workers:worker_return", args=[second.pk]), {"reason": "NIK salah ketik"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Worker.Status.VERIFIED and second.returned_reason == "NIK salah ketik"
    refused = client.post(reverse("workers:worker_return", args=[first.pk]), {"reason": "x"}, follow=True)
    assert "Hanya data berstatus terdaftar" in refused.content.decode()


def test_duplicate_review_merges_keeping_the_chosen_record(admin: User) -> None:
    left = make_worker()
    right = make_worker(nik="3324014506850002", name="Siti Aminah", phone="081234567890")
    flag = DuplicateFlag.objects.get(status=DuplicateFlag.Status.OPEN)
    client = client_for(admin)
    page = client.get(reverse("workers:duplicate_list")).content.decode()
    assert "Gabung, simpan yang kiri" in page and left.nik in page and right.nik in page
    keep = flag.worker
    client.post(reverse("workers:duplicate_merge", args=[flag.pk]), {"keep": keep.pk})
    flag.refresh_from_db()
    other = Worker.objects.exclude(pk=keep.pk).get()
    assert flag.status == DuplicateFlag.Status.MERGED
    assert other.status == Worker.Status.ENDED and other.merged_into_id == keep.pk


def test_district_operator_gets_404_for_a_worker_of_another_district(operator: Any) -> None:
    elsewhere = make_worker(nik="3324010101900002", name="Budi Santoso", village=OTHER_VILLAGE)
    client = client_for(operator)
    assert client.get(reverse("workers:worker_detail", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("workers:worker_verify", args=[elsewhere.pk])).status_code == 404


def workers_xlsx(rows: list[list[Any]], header: list[str] | None = None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or ["NIK", "Nama", "Kode Desa", "Pekerjaan"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("pekerja.xlsx", buffer.getvalue())


def test_upload_dry_run_then_confirm_imports_the_workers(admin: User, settings: Settings, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin)
    assert "Unduh templat Excel" in client.get(reverse("workers:import_list")).content.decode()
    upload = workers_xlsx([[NIK, "Siti Aminah", VILLAGE, "Buruh tani"], ["123", "Salah", VILLAGE, "Buruh tani"]])
    response = client.post(reverse("workers:import_list"), {"file": upload})
    dry = ImportBatch.objects.get()
    assert response.status_code == 302 and dry.dry_run and dry.status == ImportBatch.Status.DONE
    page = client.get(reverse("workers:import_detail", args=[dry.pk])).content.decode()
    assert "Impor sekarang" in page and "16 digit" in page and not Worker.objects.exists()
    response = client.post(reverse("workers:import_confirm", args=[dry.pk]))
    real = ImportBatch.objects.exclude(pk=dry.pk).get()
    assert response["Location"] == reverse("workers:import_detail", args=[real.pk])
    assert real.status == ImportBatch.Status.DONE and real.created_count == 1
    assert list(Worker.objects.values_list("nik", flat=True)) == [NIK]
    assert client.get(reverse("workers:import_rejected", args=[real.pk])).status_code == 200


def test_missing_columns_offer_a_mapping_step(admin: User, settings: Settings, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin)
    upload = workers_xlsx([[NIK, "Siti Aminah", VILLAGE, "Buruh tani"]], header=["No Induk", "Nama", "Desa", "Kerja"])
    client.post(reverse("workers:import_list"), {"file": upload})
    failed = ImportBatch.objects.get()
    page = client.get(reverse("workers:import_detail", args=[failed.pk])).content.decode()
    assert failed.status == ImportBatch.Status.FAILED and "Pilih kolom" in page and "No Induk" in page
    mapping = {"map_nik": "No Induk", "map_name": "Nama", "map_village": "Desa", "map_occupation": "Kerja"}
    client.post(reverse("workers:import_remap", args=[failed.pk]), mapping)
    again = ImportBatch.objects.exclude(pk=failed.pk).get()
    assert again.status == ImportBatch.Status.DONE and again.created_count == 1


def test_edit_form_shows_the_village_by_name_and_saves(operator: Any) -> None:
    worker = make_worker()
    client = client_for(operator)
    page = client.get(reverse("workers:worker_update", args=[worker.pk])).content.decode()
    assert 'value="Blumah, Kec. Plantungan (33.24.01.2001)"' in page and 'hx-post="/pekerja/cek-nik/"' in page
    assert OTHER_VILLAGE not in page
    form = {"nik": NIK, "name": "Siti Aminah Baru", "village": VILLAGE, "occupation": worker.occupation_id}
    assert client.post(reverse("workers:worker_update", args=[worker.pk]), form).status_code == 302
    worker.refresh_from_db()
    assert worker.name == "Siti Aminah Baru"
    elsewhere = client.post(reverse("workers:worker_update", args=[worker.pk]), form | {"village": OTHER_VILLAGE})
    assert elsewhere.status_code == 200
    worker.refresh_from_db()
    assert worker.village_id == VILLAGE


def test_the_village_field_is_searched_on_the_server_within_the_users_area(
    operator: Any, admin: User, user_factory: Callable[..., User]
) -> None:
    form = client_for(admin).get(reverse("workers:worker_create")).content.decode()
    # No village is sent with the page: the field asks the server as the user types.
    assert form.count("<option") < 20 and 'hx-get="/pekerja/desa/"' in form and 'list="id_village-options"' in form
    search = reverse("workers:village_search")
    mine = client_for(operator).get(search, {"village": "blu"}).content.decode()
    assert mine == '<option value="Blumah, Kec. Plantungan (33.24.01.2001)"></option>\n'
    assert "<option" not in client_for(operator).get(search, {"village": "getas"}).content.decode()
    assert "(33.24.02.2002)" in client_for(admin).get(search, {"village": "getas"}).content.decode()
    assert client_for(admin).get(search, {"village": "33.24.02.2002"}).content.decode().count("<option") == 1
    assert client_for(admin).get(search, {"village": "a"}).content.decode() == "\n"  # too short to search
    assert client_for(admin).get(search, {"village": "an"}).content.decode().count("<option") == 20
    assert client_for(user_factory("leader")).get(search, {"village": "blu"}).status_code == 403


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("Blumah, Kec. Plantungan (33.24.01.2001)", VILLAGE),
        ("33.24.01.2001", VILLAGE),
        ("blumah", VILLAGE),
        ("Gondang", "Ada lebih dari satu desa bernama Gondang"),
        ("Atlantis", "Desa Atlantis tidak ditemukan di wilayah Anda"),
    ],
)
def test_the_village_field_takes_a_suggestion_a_code_or_a_unique_name(admin: User, typed: str, outcome: str) -> None:
    response = client_for(admin).post(reverse("workers:worker_create"), registration(typed))
    if outcome == VILLAGE:
        assert response.status_code == 302 and Worker.objects.get(nik=NIK).village_id == VILLAGE
    else:
        assert response.status_code == 200 and outcome in response.content.decode()
        assert not Worker.objects.exists()


def test_end_and_protect_go_through_the_workflow(admin: User) -> None:
    worker = make_worker(kpj="12345678901")
    client = client_for(admin)
    client.post(reverse("workers:worker_verify", args=[worker.pk]))
    detail = client.get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    assert "Tandai terlindungi" in detail
    client.post(reverse("workers:worker_protect", args=[worker.pk]))
    worker.refresh_from_db()
    assert worker.status == Worker.Status.PROTECTED
    form = {"reason": "formal_work", "on": "2026-01-31", "note": ""}
    client.post(reverse("workers:worker_end", args=[worker.pk]), form)
    worker.refresh_from_db()
    assert worker.status == Worker.Status.ENDED and worker.end_reason == "formal_work"


def test_an_end_asks_for_a_reason_and_is_confirmed_naming_the_worker(admin: User) -> None:
    worker = make_worker()
    client = client_for(admin)
    page = client.get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    assert 'data-confirm="Akhiri data Siti Aminah?' in page
    assert '<option value="" selected>— pilih alasan —</option>' in page  # no reason chosen beforehand
    refused = client.post(reverse("workers:worker_end", args=[worker.pk]), {"reason": "", "on": "", "note": ""},
                          follow=True)  # fmt: skip
    assert "Pilih alasan berakhir." in refused.content.decode()
    worker.refresh_from_db()
    assert worker.status == Worker.Status.REGISTERED


def test_an_end_by_mistake_is_undone_the_same_day_by_its_author_or_the_labour_office(
    admin: User, operator: User, user_factory: Callable[..., User], today: Callable[..., date]
) -> None:
    worker = make_worker(kpj="12345678901")
    client_for(admin).post(reverse("workers:worker_verify", args=[worker.pk]))
    author = client_for(operator)
    author.post(
        reverse("workers:worker_end", args=[worker.pk]),
        {"reason": "died", "on": f"{timezone.localdate():%d/%m/%Y}", "note": ""},
    )
    worker.refresh_from_db()
    assert (worker.status, worker.end_reason) == (Worker.Status.ENDED, "died")
    colleague = client_for(user_factory("district_operator", district=operator.district))
    assert (
        "Batalkan pengakhiran" not in colleague.get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    )
    colleague.post(reverse("workers:worker_end_undo", args=[worker.pk]))
    worker.refresh_from_db()
    assert worker.status == Worker.Status.ENDED  # only its author or the labour office
    page = author.get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    assert "Batalkan pengakhiran" in page
    done = author.post(reverse("workers:worker_end_undo", args=[worker.pk]), follow=True).content.decode()
    assert "Pengakhiran data Siti Aminah dibatalkan" in done
    worker.refresh_from_db()
    assert (worker.status, worker.end_reason) == (Worker.Status.VERIFIED, "")
    moves = list(worker.status_changes.order_by("at", "pk").values_list("from_status", "to_status", "reason"))
    assert moves[-2:] == [("verified", "ended", "died"), ("ended", "verified", "undone")]
    # The next day the end stands: what was said yesterday is history, not a slip.
    author.post(
        reverse("workers:worker_end", args=[worker.pk]),
        {"reason": "formal_work", "on": f"{timezone.localdate():%d/%m/%Y}", "note": ""},
    )
    today(timezone.localdate() + timedelta(days=1))
    assert (
        "Batalkan pengakhiran"
        not in client_for(admin).get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    )
    refused = client_for(admin).post(reverse("workers:worker_end_undo", args=[worker.pk]), follow=True)
    assert "tidak dapat dibatalkan lagi" in refused.content.decode()


def test_a_silent_running_import_shows_terhenti_and_can_be_resumed(
    admin: User, settings: Settings, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin)
    client.post(reverse("workers:import_list"), {"file": workers_xlsx([[NIK, "Siti Aminah", VILLAGE, "Buruh tani"]])})
    batch = ImportBatch.objects.get()
    # As a worker that died mid-run leaves it: still "running", and silent from then on.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    later = timezone.now() + timedelta(seconds=settings.PEDULI_IMPORT_STALE_AFTER + 1)
    with time_machine.travel(later, tick=True):
        partial = client.get(reverse("workers:import_detail", args=[batch.pk]), HTTP_HX_REQUEST="true").content.decode()
        assert "Terhenti" in partial and "<html" not in partial
        client.post(reverse("workers:import_resume", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.created_count == 1


def test_detail_shows_who_sponsors_the_worker_and_the_months_paid(
    admin: User, worker_factory: Callable[..., Worker]
) -> None:
    from peduli.core.months import YearMonth
    from peduli.ledger.services import payment_record
    from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_start

    worker = worker_factory()
    company = sponsor_create(actor=None, data=SponsorData(kind="csr", name="PT Sumber Rejeki", code="CSR-SR"))
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=YearMonth.current() - 1)
    payment_record(
        actor=None, sponsor=company, amount=16_800, received_on=date.today(), method="transfer", reference="T-1"
    )
    page = client_for(admin).get(reverse("workers:worker_detail", args=[worker.pk])).content.decode()
    assert "PT Sumber Rejeki" in page
    assert page.count(">lunas<") == 1 and page.count(">belum dibayar<") == 1
    assert "Rp 16.800" in page
