"""Two regencies in one database (issue 17): a user of one never reads the
other's people, whether the instance serves one regency or their province.
Batang's rows are made through the services while the instance serves Batang,
as a second regency joining the database would have them."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from peduli.accounts.models import User
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.services import CivilServantData, agency_create, civil_servant_create
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file
from peduli.ledger.models import Payment
from peduli.ledger.services import dues_generate, payment_record
from peduli.regions.dataset import read_rows
from peduli.regions.models import Region
from peduli.regions.scoping import region_q, user_region_code
from peduli.regions.services import regions_load
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import sponsor_for_civil_servant, sponsorship_start
from peduli.users.services import user_create
from peduli.workers.models import Worker
from peduli.workers.services import WorkerData, worker_create, worker_verify
from tests.conftest import make_nip
from tests.support.clients import api_for, client_for
from tests.support.files import csv_write

# The API lists of personal data and money, and the model each lists.
LISTS = {
    "/api/v1/workers/": Worker, "/api/v1/civil-servants/": CivilServant, "/api/v1/agencies/": Agency,
    "/api/v1/sponsors/": Sponsor, "/api/v1/sponsorships/": Sponsorship, "/api/v1/payments/": Payment,
    "/api/v1/users/": User, "/api/v1/imports/": ImportBatch,
}  # fmt: skip
ROLES = ("regency_admin", "leader", "bpjs_officer")


@dataclass
class Regency:
    agency: Agency
    person: CivilServant
    worker: Worker
    sponsor: Sponsor
    sponsorship: Sponsorship
    payment: Payment
    operator: User
    batch: ImportBatch

    def ids(self) -> dict[type, int]:
        return {type(row): row.pk for row in vars(self).values()}  # one row of each kind


def _people_and_money(*, code: str, district: str, nip_serial: str, name: str, folder: Path) -> Regency:
    """An agency, a civil servant paying for a worker, and a payment: of the regency the instance now serves."""
    agency = agency_create(actor=None, code=code, name=f"Dinas Kesehatan {name}", kind="dinas",
                           valid_from=date(2022, 1, 1))  # fmt: skip
    person = civil_servant_create(actor=None, data=CivilServantData(
        nip=make_nip(serial=nip_serial), name=f"Pegawai {name}", sex="L", birth_date=date(1985, 3, 17),
        employment_type="PNS", agency=agency,
    ))  # fmt: skip
    village = Region.objects.filter(parent_id=district, level=Region.Level.VILLAGE).order_by("code").first()
    assert village is not None
    nik = f"{district.replace('.', '')}0506850{nip_serial}"
    worker = worker_create(actor=None, data=WorkerData(nik=nik, name=f"Warga {name}", village=village.code,
                                                       occupation="Nelayan"))  # fmt: skip
    worker = worker_verify(actor=None, worker=worker)
    sponsor = sponsor_for_civil_servant(actor=None, civil_servant=person)
    month = YearMonth.current()
    sponsorship = sponsorship_start(actor=None, sponsor=sponsor, worker=worker, start=month)
    dues_generate(actor=None, month=month, regency_id=sponsor.regency_id)
    payment = payment_record(actor=None, sponsor=sponsor, amount=16_800, received_on=month.first_day,
                             method="transfer", reference=f"{name}-1")  # fmt: skip
    operator = user_create(actor=None, username=f"camat-{name}", password="Rahasia#Kuat2026", check_password=False,
                           role="district_operator", district=Region.objects.get(code=district))  # fmt: skip
    rows = [
        ["NIK", "Nama", "Kode Desa", "Pekerjaan"],
        [f"{nik[:-4]}0099", f"Warga Baru {name}", village.code, "Nelayan"],
    ]
    batch = import_file(kind="workers", path=csv_write(folder, rows, name=f"{name}.csv"), actor=operator, dry_run=True)
    return Regency(agency, person, worker, sponsor, sponsorship, payment, operator, batch)


@pytest.fixture
def two(kendal: Region, settings: Settings, tmp_path: Path) -> dict[str, Regency]:
    regions_load(root="33.25", rows=[row for row in read_rows() if row.code.startswith("33.25") or row.code == "33"])
    kept = settings.PEDULI_REGION
    made = {}
    for code, regency, name in (("DINKES", "33.24", "Kendal"), ("DINKES", "33.25", "Batang")):
        settings.PEDULI_REGION = regency
        made[regency] = _people_and_money(code=code, district=f"{regency}.01", nip_serial=regency[-1] * 3,
                                          name=name, folder=tmp_path)  # fmt: skip
    settings.PEDULI_REGION = kept
    return made


def _listed(user: User, path: str) -> set[int] | None:
    """The ids the API lists at `path` for `user`; None when the role may not read that list."""
    response = api_for(user).get(path, {"page_size": 500})
    if response.status_code == 403:
        return None
    assert response.status_code == 200, (path, response.status_code)
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


def _sees_only(user: User, own: Regency, other: Regency) -> None:
    read = []
    for path, model in LISTS.items():
        listed = _listed(user, path)
        if not listed:  # the role reads none of these (a BPJS officer, the roster)
            continue
        read.append(path)
        assert own.ids()[model] in listed, (user.role, path)
        assert other.ids()[model] not in listed, (user.role, path)
        detail = api_for(user).get(f"{path}{other.ids()[model]}/")
        assert detail.status_code == 404, (user.role, path, detail.status_code)
    assert "/api/v1/workers/" in read


@pytest.mark.parametrize("role", ROLES)
def test_a_regency_instance_shows_none_of_another_regencys_rows(
    two: dict[str, Regency], user_factory: Callable[..., User], role: str
) -> None:
    user = user_factory(role)
    assert user_region_code(user) == "33.24"
    _sees_only(user, two["33.24"], two["33.25"])
    page = client_for(user).get(f"/pekerja/{two['33.25'].worker.pk}/")
    assert page.status_code == 404


def test_a_province_instance_keeps_each_regencys_staff_in_their_regency(
    two: dict[str, Regency], settings: Settings
) -> None:
    settings.PEDULI_REGION = "33"

    def admin(name: str, region: str | None) -> User:
        place = Region.objects.get(code=region) if region else None
        return user_create(actor=None, username=name, password="Rahasia#Kuat2026", role="regency_admin",
                           region=place, check_password=False)  # fmt: skip

    _sees_only(admin("kendal", "33.24"), two["33.24"], two["33.25"])
    _sees_only(admin("batang", "33.25"), two["33.25"], two["33.24"])
    province = admin("jateng", None)
    for path, model in LISTS.items():
        assert {two["33.24"].ids()[model], two["33.25"].ids()[model]} <= (_listed(province, path) or set()), path


def test_a_work_region_lies_within_the_instances(kendal: Region, settings: Settings) -> None:
    from peduli.core.errors import ApplicationError

    regions_load(root="33.25", rows=[row for row in read_rows() if row.code.startswith("33.25") or row.code == "33"])
    with pytest.raises(ApplicationError, match="Wilayah kerja"):
        user_create(actor=None, username="x", password="Rahasia#Kuat2026", role="leader",
                    region=Region.objects.get(code="33.25"), check_password=False)  # fmt: skip
    with pytest.raises(ApplicationError, match="Wilayah kerja"):
        user_create(actor=None, username="y", password="Rahasia#Kuat2026", role="leader",
                    region=Region.objects.get(code="33.24.01"), check_password=False)  # fmt: skip


@pytest.mark.parametrize(
    ("code", "expected"),
    [("", {}), ("33.24", {"regency_id": "33.24"}), ("33", {"regency__code__startswith": "33."})],
)
def test_a_region_is_its_regencies(code: str, expected: dict[str, Any]) -> None:
    assert dict(region_q("regency", code).children) == expected  # type: ignore[arg-type]


def test_a_work_region_is_set_the_three_ways_and_never_beyond_ones_own(
    two: dict[str, Regency], settings: Settings
) -> None:
    from django.core.management import call_command

    settings.PEDULI_REGION = "33"
    kendal = user_create(actor=None, username="admin-kendal", password="Rahasia#Kuat2026", role="regency_admin",
                         region=Region.objects.get(code="33.24"), check_password=False)  # fmt: skip
    page = client_for(kendal)
    account = {"full_name": "Pimpinan Daerah", "email": "pimpinan@kendalkab.go.id", "role": "leader"}
    made = page.post("/akun/pengguna/baru/", {**account, "username": "pimpinan-kendal", "region": "33.24"})
    assert made.status_code == 302
    assert User.objects.get(username="pimpinan-kendal").region_id == "33.24"
    for beyond in ("33.25", ""):  # another regency, or the whole province
        refused = page.post("/akun/pengguna/baru/", {**account, "username": "pimpinan-lain", "region": beyond})
        assert refused.status_code == 200 and "di luar wilayah kerja Anda" in refused.content.decode()
    assert not User.objects.filter(username="pimpinan-lain").exists()

    province = user_create(actor=None, username="admin-jateng", password="Rahasia#Kuat2026", role="regency_admin",
                           check_password=False)  # fmt: skip
    leader = User.objects.get(username="pimpinan-kendal")
    moved = api_for(province).post(f"/api/v1/users/{leader.pk}/role/", {"role": "leader", "region": "33.25"},
                                   format="json")  # fmt: skip
    assert moved.status_code == 200 and moved.json()["region"] == "33.25"
    assert api_for(kendal).get(f"/api/v1/users/{leader.pk}/").status_code == 404  # now Batang's

    call_command("create_user", "--role", "bpjs_officer", "--username", "bpjs-batang", "--region", "33.25",
                 "--password", "Rahasia#Kuat2026")  # fmt: skip
    assert User.objects.get(username="bpjs-batang").region_id == "33.25"


def test_each_regency_has_its_own_agency_codes(two: dict[str, Regency], settings: Settings) -> None:
    from django.core.management import CommandError, call_command

    from peduli.core.errors import ApplicationError

    assert {two["33.24"].agency.code, two["33.25"].agency.code} == {"DINKES"}
    with pytest.raises(ApplicationError, match="Kode OPD DINKES sudah dipakai"):
        agency_create(actor=None, code="dinkes", name="Dinas Kesehatan Lagi", kind="dinas", valid_from=date(2022, 1, 1))
    # The command line of a regency instance names its own; a province's asks which.
    call_command("agency", "rename", "DINKES", "Dinas Kesehatan dan KB", "--effective", "2024-01-01")
    two["33.24"].agency.refresh_from_db()
    assert two["33.24"].agency.name == "Dinas Kesehatan dan KB"
    settings.PEDULI_REGION = "33"
    with pytest.raises(CommandError, match=re.escape("33.24:DINKES, 33.25:DINKES")):
        call_command("agency", "rename", "DINKES", "Dinas Kesehatan", "--effective", "2024-01-01")
    call_command("agency", "rename", "33.25:DINKES", "Dinas Kesehatan Kabupaten Batang", "--effective", "2024-01-01")
    two["33.25"].agency.refresh_from_db()
    assert two["33.25"].agency.name == "Dinas Kesehatan Kabupaten Batang"


def test_a_roster_file_names_the_agencies_of_its_importers_region(
    two: dict[str, Regency], tmp_path: Path, user_factory: Callable[..., User]
) -> None:
    rows = [["NIP", "Nama", "Kode OPD"], [make_nip(serial="777"), "Pegawai Baru", "DINKES"]]
    batch = import_file(kind="civil_servants", path=csv_write(tmp_path, rows, name="asn.csv"),
                        actor=user_factory("regency_admin"), dry_run=False)  # fmt: skip
    assert (batch.created_count, batch.rejected_count) == (1, 0)
    assert CivilServant.objects.get(nip=rows[1][0]).agency == two["33.24"].agency


def test_a_payment_file_pays_only_the_importers_regencys_sponsors(
    two: dict[str, Regency], tmp_path: Path, user_factory: Callable[..., User]
) -> None:
    header = ["Kode Donatur / NIP", "Jumlah (Rp)", "Tanggal", "Nomor Bukti"]
    paid_on = YearMonth.current().first_day.strftime("%d/%m/%Y")
    rows = [header, [two["33.24"].sponsor.code, "16800", paid_on, "TRF-1"],
            [two["33.25"].sponsor.code, "16800", paid_on, "TRF-2"]]  # fmt: skip
    batch = import_file(kind="payments", path=csv_write(tmp_path, rows, name="bayar.csv"),
                        actor=user_factory("regency_admin"), dry_run=False)  # fmt: skip
    assert (batch.created_count, batch.rejected_count) == (1, 1)
    assert batch.rejected_rows.get().reason == f'Donatur dengan kode "{two["33.25"].sponsor.code}" tidak terdaftar.'
    assert Payment.objects.filter(sponsor=two["33.25"].sponsor).count() == 1  # Batang's own, from the fixture


def test_a_worker_file_does_not_move_another_regencys_worker(
    two: dict[str, Regency], tmp_path: Path, user_factory: Callable[..., User]
) -> None:
    batang = two["33.25"].worker
    rows = [["NIK", "Nama", "Kode Desa", "Pekerjaan"], [batang.nik, batang.name, "33.24.01.2001", "Nelayan"]]
    batch = import_file(kind="workers", path=csv_write(tmp_path, rows, name="pindah.csv"),
                        actor=user_factory("regency_admin"), dry_run=False)  # fmt: skip
    assert batch.rejected_rows.get().reason.startswith("NIK ini sudah terdaftar di kabupaten/kota lain")
    batang.refresh_from_db()
    assert batang.regency_id == "33.25"


def test_the_account_form_offers_only_the_places_of_the_makers_region(
    two: dict[str, Regency], settings: Settings
) -> None:
    settings.PEDULI_REGION = "33"
    kendal = user_create(actor=None, username="admin-kendal", password="Rahasia#Kuat2026", role="regency_admin",
                         region=Region.objects.get(code="33.24"), check_password=False)  # fmt: skip
    form = client_for(kendal).get("/akun/pengguna/baru/").context["form"]
    assert list(form.fields["agency"].queryset) == [two["33.24"].agency]
    districts = {district.code[:5] for district in form.fields["district"].queryset}
    assert districts == {"33.24"}
    # An account's page keeps its work region in the role form, so a change of role does not widen it.
    leader = user_create(actor=kendal, username="pimpinan", password="Rahasia#Kuat2026", role="leader",
                         region=Region.objects.get(code="33.24"), check_password=False)  # fmt: skip
    role_form = client_for(kendal).get(f"/akun/pengguna/{leader.pk}/").context["role_form"]
    assert role_form["region"].value() == "33.24"
