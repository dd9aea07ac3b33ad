"""The notification inbox: a user's own messages, the bell's count, marking read."""

from collections.abc import Callable

from django.urls import reverse

from peduli.accounts.models import User
from peduli.agencies.models import CivilServant
from peduli.notifications.models import Notification
from peduli.notifications.services import notifications_send
from peduli.regions.models import Region
from tests.support.clients import client_for


def test_inbox_lists_own_notifications_and_the_bell_counts_the_unread(
    user_factory: Callable[..., User], kendal: Region
) -> None:
    reader, other = user_factory("regency_admin"), user_factory("leader")
    notifications_send(users=[reader], title="Iuran Parjo menunggak 3 bulan", body="Belum dibayar.")
    notifications_send(users=[reader], title="Setoran dikonfirmasi")
    notifications_send(users=[other], title="Untuk orang lain")
    page = client_for(reader).get(reverse("notifications:inbox")).content.decode()
    assert "Iuran Parjo menunggak 3 bulan" in page and "Setoran dikonfirmasi" in page
    assert "Untuk orang lain" not in page
    assert 'id="unread-count">2</span>' in page


def test_opening_one_marks_it_read_and_follows_its_link(user_factory: Callable[..., User], kendal: Region) -> None:
    reader = user_factory("regency_admin")
    [note] = notifications_send(users=[reader], title="Lihat pekerja", url="/pekerja/")
    [other] = notifications_send(users=[reader], title="Lainnya")
    response = client_for(reader).post(reverse("notifications:mark_read", args=[note.pk]))
    assert response["Location"] == "/pekerja/"
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None and other.read_at is None


def test_a_link_to_another_site_is_not_followed(user_factory: Callable[..., User], kendal: Region) -> None:
    reader = user_factory("regency_admin")
    [note] = notifications_send(users=[reader], title="Aneh", url="https://contoh.invalid/")
    response = client_for(reader).post(reverse("notifications:mark_read", args=[note.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read_and_nobody_reads_someone_elses(user_factory: Callable[..., User], kendal: Region) -> None:
    reader, other = user_factory("regency_admin"), user_factory("leader")
    notifications_send(users=[reader], title="Satu")
    notifications_send(users=[reader], title="Dua")
    [theirs] = notifications_send(users=[other], title="Milik orang lain")
    client = client_for(reader)
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    page = client.post(reverse("notifications:mark_all_read"), follow=True).content.decode()
    assert "2 pemberitahuan ditandai sudah dibaca." in page and 'id="unread-count"' not in page
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_every_role_opens_the_inbox_and_sees_its_own_menu(
    user_factory: Callable[..., User], person_factory: Callable[..., CivilServant]
) -> None:
    civil_servant = client_for(user_factory("civil_servant", civil_servant=person_factory()))
    page = civil_servant.get(reverse("notifications:inbox")).content.decode()
    assert f'href="{reverse("me:home")}"' in page and "Iuran Saya" in page
    assert f'href="{reverse("ledger:overview")}"' not in page
    officer = client_for(user_factory("bpjs_officer")).get(reverse("notifications:inbox")).content.decode()
    assert f'href="{reverse("ledger:remittance_list")}"' in officer
    assert f'href="{reverse("ledger:overview")}"' not in officer
