from django.apps import AppConfig


class SponsorshipsConfig(AppConfig):
    name = "peduli.sponsorships"
    label = "sponsorships"
    verbose_name = "Donatur dan Kepesertaan"
