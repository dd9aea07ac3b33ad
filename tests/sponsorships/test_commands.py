"""`peduli sponsor` and `peduli sponsorship`: the same services as the pages
and the API, refusals as a CommandError with the service's message."""

from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peduli.accounts.models import User
from peduli.agencies.models import CivilServant
from peduli.core.months import YearMonth
from peduli.ledger.models import Due, Payment
from peduli.regions.models import Region
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import SponsorData, sponsor_create, sponsorship_start
from peduli.workers.models import Worker
from tests.support.clock import first_day_overdue

NOW = YearMonth.current()


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_sponsor_create_records_an_organisation_with_its_partner_account(
    kendal: Region, user_factory: Callable[..., User]
) -> None:
    partner = user_factory("csr_partner")
    output = run("sponsor", "create", "--kind", "bumd", "--code", "bpr-kendal", "--name", "PT BPR Bank Kendal",
                 "--phone", "0294381234", "--partner", partner.username)  # fmt: skip
    assert "Donatur BPR-KENDAL (PT BPR Bank Kendal) dicatat." in output
    sponsor = Sponsor.objects.get(code="BPR-KENDAL")
    assert (sponsor.kind, sponsor.phone, sponsor.partner) == ("bumd", "0294381234", partner)


def test_sponsor_create_with_a_code_in_use_fails_with_the_reason(company: Sponsor) -> None:
    with pytest.raises(CommandError, match="Kode donatur CSR-01 sudah dipakai"):
        run("sponsor", "create", "--kind", "csr", "--code", "csr-01", "--name", "PT Lain")
    assert Sponsor.objects.count() == 1


def test_sponsor_create_with_an_unknown_partner_account_fails(kendal: Region) -> None:
    with pytest.raises(CommandError, match="Tidak ada akun Mitra CSR"):
        run("sponsor", "create", "--kind", "csr", "--code", "x", "--name", "PT X", "--partner", "siapa")
    assert not Sponsor.objects.exists()


@pytest.mark.calendar
def test_sponsor_list_and_show(
    company: Sponsor, worker_factory: Callable[..., Worker], today: Callable[..., date]
) -> None:
    today(first_day_overdue(NOW))
    worker = worker_factory(name="Siti Aminah")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 1)
    assert "CSR-01" in run("sponsor", "list", "--kind", "csr")
    assert run("sponsor", "list", "--kind", "apbd") == ""
    shown = run("sponsor", "show", "csr-01")
    assert "Tunggakan     : Rp 33.600 (2 iuran" in shown
    assert f"{worker.nik}  Siti Aminah" in shown


def test_sponsorship_start_by_nip_makes_the_civil_servant_a_sponsor(
    person_factory: Callable[..., CivilServant], worker_factory: Callable[..., Worker]
) -> None:
    person = person_factory("dinkes", name="Ratna Perawat")
    worker = worker_factory(name="Siti Aminah")
    output = run("sponsorship", "start", "--sponsor", person.nip, "--worker", worker.nik, "--start", str(NOW - 2))
    assert "Ratna Perawat membiayai Siti Aminah" in output and "3 iuran dibuat" in output
    sponsorship = Sponsorship.objects.get(worker=worker)
    assert (sponsorship.sponsor.kind, sponsorship.sponsor.code, sponsorship.sponsor.agency) == (
        "asn", person.nip, person.agency,
    )  # fmt: skip
    assert Due.objects.filter(sponsorship=sponsorship).count() == 3


def test_sponsorship_start_with_jht_and_a_higher_income(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    run("sponsorship", "start", "--sponsor", "CSR-01", "--worker", worker.nik, "--start", str(NOW),
        "--programme", "jkk_jkm_jht", "--income", "2000000")  # fmt: skip
    assert Due.objects.get(worker=worker).amount == 20_000 + 6_800 + 40_000


def test_sponsorship_start_for_a_worker_already_sponsored_fails_with_the_reason(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory(name="Siti Aminah")
    sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW)
    other = sponsor_create(actor=None, data=SponsorData(kind="bumd", name="PT BPR", code="bumd-01"))
    with pytest.raises(CommandError, match="Pekerja ini sudah dibiayai donatur lain pada bulan itu"):
        run("sponsorship", "start", "--sponsor", other.code, "--worker", worker.nik, "--start", str(NOW))
    assert not Sponsorship.objects.filter(sponsor=other).exists()


def test_sponsorship_start_with_a_badly_written_month_says_how_to_write_it(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    with pytest.raises(CommandError, match="Tulis bulan sebagai TTTT-BB"):
        run("sponsorship", "start", "--sponsor", "CSR-01", "--worker", worker_factory().nik, "--start", "06/2025")
    assert not Sponsorship.objects.exists()


def test_sponsorship_end_by_worker_nik_cancels_the_later_dues(
    company: Sponsor, worker_factory: Callable[..., Worker]
) -> None:
    worker = worker_factory()
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker, start=NOW - 1)
    output = run("sponsorship", "end", worker.nik, "--last-month", str(NOW - 1), "--reason", "pekerja_formal")
    assert f"berakhir setelah {(NOW - 1).label}" in output
    sponsorship.refresh_from_db()
    assert (sponsorship.end_month, sponsorship.end_reason) == ((NOW - 1).first_day, "pekerja_formal")
    assert Due.objects.get(sponsorship=sponsorship, month=NOW.first_day).cancelled
    assert f"Kepesertaan nomor {sponsorship.pk} berjalan lagi." in run("sponsorship", "undo-end", str(sponsorship.pk))
    assert not Due.objects.get(sponsorship=sponsorship, month=NOW.first_day).cancelled


def test_sponsorship_end_twice_fails_with_the_reason(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    run("sponsorship", "end", str(sponsorship.pk), "--last-month", str(NOW), "--reason", "donatur_berhenti")
    with pytest.raises(CommandError, match="Kepesertaan ini sudah berakhir"):
        run("sponsorship", "end", str(sponsorship.pk), "--last-month", str(NOW), "--reason", "donatur_berhenti")


def test_sponsorship_prepay_and_show(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    output = run("sponsorship", "prepay", str(sponsorship.pk), "--months", "3", "--date",
                 NOW.first_day.strftime("%d/%m/%Y"), "--method", "transfer", "--reference", "PRE-CMD")  # fmt: skip
    assert "Rp 50.400" in output
    assert Payment.objects.get(reference="PRE-CMD").amount == 3 * 16_800
    shown = run("sponsorship", "show", str(sponsorship.pk))
    assert shown.count("lunas") == 3 and "belum lunas" not in shown


def test_sponsorship_prepay_of_two_months_is_refused(company: Sponsor, worker_factory: Callable[..., Worker]) -> None:
    sponsorship = sponsorship_start(actor=None, sponsor=company, worker=worker_factory(), start=NOW)
    with pytest.raises(CommandError, match="Bayar di muka untuk 1, 3, 6 atau 12 bulan"):
        run("sponsorship", "prepay", str(sponsorship.pk), "--months", "2", "--date", "2025-06-01",
            "--method", "transfer", "--reference", "PRE-2")  # fmt: skip
    assert not Payment.objects.exists()


def test_an_unknown_sponsorship_fails(kendal: Region) -> None:
    with pytest.raises(CommandError, match="Kepesertaan 999 tidak ada"):
        run("sponsorship", "show", "999")
