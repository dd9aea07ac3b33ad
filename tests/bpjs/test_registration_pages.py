"""The registration pages: only BPJS officers and the labour office open
them; the batch pages, the download (logged), the template editor's
Indonesian errors, the list to fix and the note on the worker's page."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import Agency
from peduli.bpjs.models import RegistrationBatch, RegistrationTemplate
from peduli.bpjs.registration import registration_batch_create
from peduli.core.models import AccessLog
from peduli.regions.models import Region
from peduli.workers.models import Worker
from tests.support.clients import client_for
from tests.support.records.bpjs_registration import answer_xlsx, import_answers, registered_row, rejected_row


def test_agency_and_district_operators_cannot_open_the_exchange(
    sponsored: Callable[..., list[Worker]],
    officer: User,
    user_factory: Callable[..., User],
    agencies: dict[str, Agency],
) -> None:
    sponsored(1)
    batch = registration_batch_create(actor=officer)
    urls = [
        reverse("bpjs:registration_batch_list"), reverse("bpjs:registration_batch_create"),
        reverse("bpjs:registration_batch_detail", args=[batch.pk]),
        reverse("bpjs:registration_batch_download", args=[batch.pk]),
        reverse("bpjs:registration_rejected"), reverse("bpjs:registration_template"),
        reverse("bpjs:answer_import_list"),
    ]  # fmt: skip
    for user in (user_factory("agency_operator", agency=agencies["dinkes"]),
                 user_factory("district_operator", district=Region.objects.get(code="33.24.01"))):  # fmt: skip
        client = client_for(user)
        assert [client.get(url).status_code for url in urls] == [403] * len(urls)
        assert client.post(reverse("bpjs:registration_batch_create")).status_code == 403
        assert "Pendaftaran BPJS" not in client.get(reverse("site:dashboard")).content.decode()
    assert RegistrationBatch.objects.count() == 1


@pytest.mark.parametrize("role", ["bpjs_officer", "regency_admin"])
def test_an_officer_sees_who_is_eligible_makes_a_batch_and_downloads_it(
    sponsored: Callable[..., list[Worker]], user_factory: Callable[..., User], role: str
) -> None:
    workers = sponsored(3)
    client = client_for(user_factory(role))
    listing = client.get(reverse("bpjs:registration_batch_list")).content.decode()
    assert 'id="eligible">3<' in listing and "Pendaftaran BPJS" in listing
    assert (
        "<strong>3</strong> pekerja siap didaftarkan"
        in client.get(reverse("bpjs:registration_batch_create")).content.decode()
    )

    response = client.post(reverse("bpjs:registration_batch_create"), {"limit": ""})
    batch = RegistrationBatch.objects.get()
    assert response["Location"] == reverse("bpjs:registration_batch_detail", args=[batch.pk])
    detail = client.get(response["Location"]).content.decode()
    assert all(worker.nik in detail for worker in workers)
    assert "Menunggu jawaban" in detail

    download = client.get(reverse("bpjs:registration_batch_download", args=[batch.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download.content[:2] == b"PK"
    assert AccessLog.objects.filter(subject="bpjs_registration_batch", action="export", row_count=3).exists()

    again = client.post(reverse("bpjs:registration_batch_create"), {"limit": ""}).content.decode()
    assert "Tidak ada pekerja yang perlu didaftarkan" in again


def test_the_template_editor_saves_a_new_version_and_explains_mistakes(officer: User) -> None:
    client = client_for(officer)
    page = client.get(reverse("bpjs:registration_template")).content.decode()
    assert 'value="Tempat Lahir"' in page
    template = RegistrationTemplate.objects.get()

    def post(columns: list[tuple[str, str]], order: list[int] | None = None) -> Any:
        data = {"name": template.name, "note": "Format cabang", "kolom-TOTAL_FORMS": str(len(columns)),
                "kolom-INITIAL_FORMS": "0"}  # fmt: skip
        for n, (header, field) in enumerate(columns):
            place = order[n] if order else n + 1
            data |= {f"kolom-{n}-header": header, f"kolom-{n}-field": field, f"kolom-{n}-ORDER": str(place)}
        return client.post(reverse("bpjs:registration_template"), data)

    refused = post([("NIK", "nik"), ("Nama", "name"), ("nama", "occupation")]).content.decode()
    assert "Judul kolom &quot;nama&quot; dipakai dua kali (kolom 2 dan 3)." in refused
    assert RegistrationTemplate.objects.count() == 1

    response = post([("Nama", "name"), ("NIK", "nik")], order=[2, 1])
    assert response.status_code == 302
    saved = RegistrationTemplate.objects.get(version=2)
    assert saved.columns == [{"header": "NIK", "field": "nik"}, {"header": "Nama", "field": "name"}]
    assert (saved.note, saved.created_by) == ("Format cabang", officer)


def test_rejected_workers_are_listed_to_fix_and_noted_on_the_worker_page(
    sponsored: Callable[..., list[Worker]], officer: User, user_factory: Callable[..., User], tmp_path: Path
) -> None:
    accepted, refused = sponsored(2)
    registration_batch_create(actor=officer)
    operator = user_factory("district_operator", district=Region.objects.get(code="33.24.01"))
    waiting = client_for(operator).get(reverse("workers:worker_detail", args=[refused.pk])).content.decode()
    assert "Sudah dikirim ke BPJS untuk didaftarkan" in waiting

    import_answers(
        answer_xlsx(tmp_path / "j.xlsx", [registered_row(accepted), rejected_row(refused, "Nama tidak sesuai KTP")])
    )
    listing = client_for(officer).get(reverse("bpjs:registration_rejected")).content.decode()
    assert refused.nik in listing and "Nama tidak sesuai KTP" in listing and accepted.nik not in listing
    assert "Belum diperbaiki" in listing
    note = client_for(operator).get(reverse("workers:worker_detail", args=[refused.pk])).content.decode()
    assert "Pendaftaran BPJS ditolak:" in note and "Nama tidak sesuai KTP" in note
    plain = client_for(operator).get(reverse("workers:worker_detail", args=[accepted.pk])).content.decode()
    assert 'id="bpjs-registration"' not in plain
