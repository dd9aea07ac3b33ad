"""The registration services: who is eligible for a batch, template versions
and their validation in Indonesian, and who may do any of it."""

import io
from collections.abc import Callable
from datetime import date

import pytest
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.bpjs.models import RegistrationEntry, RegistrationTemplate
from peduli.bpjs.registration import registration_batch_create, registration_template_save
from peduli.bpjs.registration_export import registration_batch_xlsx
from peduli.bpjs.registration_fields import DEFAULT_COLUMNS, registration_template_ensure
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_end, sponsorship_start
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_update


def test_version_one_is_seeded_with_the_columns_bpjs_branches_ask_for(db: None) -> None:
    registration_template_ensure(RegistrationTemplate)  # what the migration runs (a flush may have undone it)
    template = RegistrationTemplate.objects.get(version=1)
    assert [column["header"] for column in template.columns][:5] == [
        "NIK", "Nama Lengkap", "Tempat Lahir", "Tanggal Lahir", "Jenis Kelamin",
    ]  # fmt: skip
    assert {"programme", "declared_income", "start_month", "payer"} <= {c["field"] for c in template.columns}


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([{"header": "NIK", "field": "nik"}, {"header": "Ibu Kandung", "field": "mother"}],
         'Isian "mother" pada kolom 2 tidak dikenal.'),
        ([{"header": "NIK", "field": "nik"}, {"header": "  ", "field": "name"}], "Judul kolom 2 kosong."),
        ([{"header": "NIK", "field": "nik"}, {"header": "nik", "field": "name"}],
         'Judul kolom "nik" dipakai dua kali (kolom 1 dan 2).'),
        ([{"header": "Nama", "field": "name"}], "Templat harus memuat kolom NIK"),
        ([], "Templat harus punya paling sedikit satu kolom."),
    ],
)  # fmt: skip
def test_a_template_with_an_unknown_field_an_empty_or_a_repeated_header_is_refused(
    db: None, columns: list[dict[str, str]], message: str
) -> None:
    registration_template_ensure(RegistrationTemplate)
    with pytest.raises(ApplicationError) as error:
        registration_template_save(actor=None, columns=columns, name="Cabang Kendal")
    assert message in error.value.message
    assert error.value.field == "columns"
    assert RegistrationTemplate.objects.count() == 1


def test_editing_the_template_saves_a_new_version_and_old_batches_keep_theirs(
    sponsored: Callable[..., list[Worker]], officer: User
) -> None:
    sponsored(2)
    first = registration_batch_create(actor=officer, limit=1)
    columns = [{"header": "No KTP", "field": "nik"}, {"header": "Nama Peserta", "field": "name"},
               {"header": "Kode Desa", "field": "village_code"}]  # fmt: skip
    saved = registration_template_save(actor=officer, columns=columns, note="Format Juli")
    assert (saved.version, saved.name, saved.created_by) == (
        2,
        RegistrationTemplate.objects.get(version=1).name,
        officer,
    )
    with pytest.raises(ApplicationError, match="Tidak ada yang diubah"):
        registration_template_save(actor=officer, columns=columns)

    second = registration_batch_create(actor=officer)
    assert (first.template.version, second.template.version) == (1, 2)
    old = load_workbook(io.BytesIO(registration_batch_xlsx(first))).active
    new = load_workbook(io.BytesIO(registration_batch_xlsx(second))).active
    assert old is not None and new is not None
    assert next(old.iter_rows(values_only=True))[:2] == ("NIK", "Nama Lengkap")
    rows = list(new.iter_rows(values_only=True))
    assert rows[0] == ("No KTP", "Nama Peserta", "Kode Desa")
    assert rows[1][2] == "33.24.01.2001"


def test_the_file_has_the_sponsorship_terms_and_the_birth_place_from_the_worker_record(
    sponsored: Callable[..., list[Worker]], officer: User
) -> None:
    (worker,) = sponsored(1, born=date(1980, 5, 17), phone="081234567890", birth_place="Kendal")
    sheet = load_workbook(io.BytesIO(registration_batch_xlsx(registration_batch_create(actor=officer)))).active
    assert sheet is not None
    header, row = list(sheet.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    month = YearMonth.current()
    assert (values["NIK"], values["Tempat Lahir"]) == (worker.nik, "Kendal")
    assert values["Tanggal Lahir"].date() == date(1980, 5, 17)
    assert (values["Jenis Kelamin"], values["No. HP"], values["Program"]) == ("L", "081234567890", "JKK+JKM")
    assert (values["Penghasilan Dilaporkan"], values["Bulan Mulai"]) == (1_000_000, f"{month.month:02d}/{month.year}")
    assert (values["Pembayar Iuran"], values["Desa/Kelurahan"]) == ("PT Contoh Makmur", worker.village.name)
    assert sheet["A2"].number_format == "@"


def test_only_verified_currently_sponsored_workers_without_kpj_are_sent_once(
    sponsored: Callable[..., list[Worker]], worker_factory: Callable[..., Worker], company: Sponsor, officer: User
) -> None:
    eligible, with_kpj = sponsored(2)
    ended = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=YearMonth.current() - 3)
    sponsorship_end(actor=None, sponsorship=ended, last_month=YearMonth.current() - 1, reason="donatur_berhenti")
    worker_update(actor=None, worker=with_kpj, data=WorkerData(
        nik=with_kpj.nik, name=with_kpj.name, village=with_kpj.village_id, occupation="Buruh tani",
        birth_date=with_kpj.birth_date, sex="L", kpj="25012345678"))  # fmt: skip
    worker_factory(verified=False)
    worker_factory()  # verified, nobody pays
    later = worker_factory()
    sponsorship_start(actor=None, sponsor=company, worker=later, start=YearMonth.current() + 1)

    batch = registration_batch_create(actor=officer)
    assert list(batch.entries.values_list("worker_id", flat=True)) == [eligible.pk]
    assert batch.worker_count == 1
    with pytest.raises(ApplicationError, match="Tidak ada pekerja yang perlu didaftarkan"):
        registration_batch_create(actor=officer)
    assert RegistrationEntry.objects.count() == 1


def test_a_batch_can_be_limited_to_the_first_workers(sponsored: Callable[..., list[Worker]], officer: User) -> None:
    workers = sponsored(5)
    first = registration_batch_create(actor=officer, limit=2)
    rest = registration_batch_create(actor=officer)
    assert list(first.entries.order_by("worker_id").values_list("worker_id", flat=True)) == [w.pk for w in workers[:2]]
    assert rest.worker_count == 3


def test_agency_operators_may_not_make_batches_or_edit_the_template(
    sponsored: Callable[..., list[Worker]], user_factory: Callable[..., User], agencies: dict[str, Agency]
) -> None:
    sponsored(1)
    operator = user_factory("agency_operator", agency=agencies["dinkes"])
    with pytest.raises(ApplicationError) as error:
        registration_batch_create(actor=operator)
    assert error.value.code == "forbidden"
    with pytest.raises(ApplicationError):
        registration_template_save(actor=operator, columns=DEFAULT_COLUMNS, name="Lain")
    assert not RegistrationEntry.objects.exists()
