from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SponsorshipsConfig(AppConfig):
    name = "peduli.sponsorships"
    label = "sponsorships"
    verbose_name = gettext_lazy("Donatur dan Kepesertaan")

    def ready(self) -> None:
        # The registry below calls these without importing this app (ADR 0013).
        from peduli.sponsorships.services import sponsorships_follow_merge
        from peduli.sponsorships.views import worker_page_sponsorships
        from peduli.workers.hooks import worker_merge_follow, worker_page_section

        worker_merge_follow(sponsorships_follow_merge)
        worker_page_section(worker_page_sponsorships)
