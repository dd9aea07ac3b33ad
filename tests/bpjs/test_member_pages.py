"""The BPJS member pages: who may open them, the filters, the wizards that ask
for the list's month, and the per-village counts."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.bpjs.member_services import member_list_import_file
from peduli.bpjs.models import Member
from peduli.core.months import YearMonth
from peduli.imports.models import ImportBatch
from peduli.regions.models import Region
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.files import csv_write
from tests.support.records.bpjs_members import nik_for

JUNE = YearMonth(2025, 6)
MEMBER_PAGES = ("bpjs:member_list", "bpjs:member_import_list", "bpjs:member_count_import_list")
AGGREGATE_PAGES = ("bpjs:member_count_list", "bpjs:claim_impact")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "place", "personal", "aggregate"),
    [
        ("regency_admin", {}, 200, 200),
        ("bpjs_officer", {}, 200, 200),
        ("leader", {}, 403, 200),
        ("agency_operator", {"agency": "dinkes"}, 403, 403),
        ("district_operator", {"district": "33.24.01"}, 403, 403),
        ("csr_partner", {}, 403, 403),
    ],
)
def test_who_may_open_the_member_pages(
    agencies: dict[str, Agency],
    user_factory: Callable[..., User],
    role: str,
    place: dict[str, str],
    personal: int,
    aggregate: int,
) -> None:
    from peduli.regions.models import Region

    where: dict[str, Any] = {}
    if "agency" in place:
        where = {"agency": agencies[place["agency"]]}
    if "district" in place:
        where = {"district": Region.objects.get(code=place["district"])}
    client = client_for(user_factory(role, **where))

    assert {name: client.get(reverse(name)).status_code for name in MEMBER_PAGES} == dict.fromkeys(
        MEMBER_PAGES, personal
    )
    assert {name: client.get(reverse(name)).status_code for name in AGGREGATE_PAGES} == dict.fromkeys(
        AGGREGATE_PAGES, aggregate
    )
    menu = client.get(reverse("site:dashboard")).content.decode()
    assert (f'href="{reverse("bpjs:member_list")}"' in menu) == (personal == 200)


@pytest.mark.django_db
def test_the_list_filters_by_month_village_and_match(
    admin: User, tmp_path: Path, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory("33.24.02.2003", name="Pekerja Cocok")
    header = ["NIK", "Nama", "Kode Desa"]
    member_list_import_file(path=csv_write(tmp_path, [header, [worker.nik, "Pekerja Cocok", ""],
                                                     [nik_for(1), "Hanya Mei", "33.24.01.2001"]]),
                            month=JUNE - 1, actor=None)  # fmt: skip
    member_list_import_file(path=csv_write(tmp_path, [header, [worker.nik, "Pekerja Cocok", ""]]), month=JUNE,
                            actor=None)  # fmt: skip
    client = client_for(admin)

    def names(**query: str) -> list[str]:
        page = client.get(reverse("bpjs:member_list"), query)
        return [member.name for member in page.context["page"]]

    assert names() == ["Hanya Mei", "Pekerja Cocok"]
    assert names(bulan=str(JUNE)) == ["Pekerja Cocok"]
    assert names(bulan=str(JUNE - 1)) == ["Hanya Mei", "Pekerja Cocok"]
    assert names(pekerja="ya") == ["Pekerja Cocok"]
    assert names(pekerja="tidak") == ["Hanya Mei"]
    assert names(desa="33.24.01.2001") == ["Hanya Mei"]
    # The village is typed (the server suggests as one types): a suggestion, or a name only one village bears.
    assert names(desa="Blumah, Kec. Plantungan (33.24.01.2001)") == names(desa="blumah") == ["Hanya Mei"]
    assert names(desa="Atlantis") == []
    form = client.get(reverse("bpjs:member_list")).content.decode()
    assert 'hx-get="/wilayah/desa/"' in form and form.count("<option") < 120
    assert names(kecamatan="33.24.02") == ["Pekerja Cocok"]
    # A NIK is searched for in a POST (never in the URL), and the list comes back by its token.
    searched = client.post(reverse("bpjs:member_list"), {"q": nik_for(1), "saring": "1"}, follow=True)
    assert [member.name for member in searched.context["page"]] == ["Hanya Mei"]
    # A list without names says so, rather than a dash that looks like a missing person.
    member_list_import_file(path=csv_write(tmp_path, [["NIK", "Kode Desa"], [nik_for(3), "33.24.01.2001"]]),
                            month=JUNE, actor=None)  # fmt: skip
    assert "(nama tidak dikirim BPJS)" in client.get(reverse("bpjs:member_list"), {"bulan": str(JUNE)}).content.decode()


@pytest.mark.django_db
def test_the_wizard_asks_the_month_checks_then_imports_on_confirm(admin: User) -> None:
    client = client_for(admin)
    content = f"NIK,Nama\n{nik_for(1)},Siti\n".encode()

    response = client.post(
        reverse("bpjs:member_import_list"), {"month": "2025-06", "file": SimpleUploadedFile("bpu.csv", content)}
    )

    dry = ImportBatch.objects.get()
    assert response["Location"] == reverse("bpjs:member_import_detail", args=[dry.pk])
    assert dry.original_name == "[2025-06] bpu.csv" and dry.created_count == 1
    assert not Member.objects.exists()
    client.post(reverse("bpjs:member_import_confirm", args=[dry.pk]))
    member = Member.objects.get()
    assert (member.first_month, member.last_month) == (date(2025, 6, 1), date(2025, 6, 1))


@pytest.mark.django_db
def test_the_wizard_refuses_an_upload_without_a_month(admin: User) -> None:
    response = client_for(admin).post(
        reverse("bpjs:member_import_list"), {"file": SimpleUploadedFile("bpu.csv", b"NIK\n")}
    )

    assert response.status_code == 200 and "month" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_the_counts_page_shows_a_month_by_district(
    kendal: Region, user_factory: Callable[..., User], tmp_path: Path
) -> None:
    rows = [["Kode Desa", "Jumlah"], ["33.24.01.2001", "120"], ["33.24.01.2002", "30"], ["33.24.02.2002", "1200"]]
    member_list_import_file(path=csv_write(tmp_path, rows), month=JUNE, actor=None, counts=True)
    member_list_import_file(path=csv_write(tmp_path, rows[:2]), month=JUNE - 1, actor=None, counts=True)
    client = client_for(user_factory("leader"))

    june = client.get(reverse("bpjs:member_count_list"))
    may = client.get(reverse("bpjs:member_count_list"), {"bulan": str(JUNE - 1)})

    assert june.context["month"] == JUNE and june.context["total"] == 1350
    assert {row["district"].code: row["total"] for row in june.context["districts"]} == {
        "33.24.01": 150, "33.24.02": 1200,
    }  # fmt: skip
    assert may.context["total"] == 120
    assert "1.350" in june.content.decode()
