"""The occupation list a new instance starts with; administrators extend it."""

from typing import Any

OCCUPATIONS = [
    ("petani", "Petani", "tani, petani pemilik, pekebun"),
    ("buruh_tani", "Buruh tani", "buruh tani harian, buruh kebun"),
    ("nelayan", "Nelayan", "nelayan tradisional, buruh nelayan, pencari ikan"),
    ("pedagang_kaki_lima", "Pedagang kaki lima", "PKL, pedagang keliling, pedagang asongan, pedagang kecil"),
    ("ojek", "Pengemudi ojek", "ojek, ojek pangkalan, ojek online, tukang ojek"),
    ("buruh_bangunan", "Buruh bangunan", "tukang bangunan, kuli bangunan, tukang batu"),
    ("pekerja_rumah_tangga", "Pekerja rumah tangga", "PRT, asisten rumah tangga, ART, pembantu rumah tangga"),
    ("marbot", "Marbot masjid", "marbot, takmir, penjaga masjid"),
    ("guru_ngaji", "Guru ngaji", "guru TPQ, ustadz TPQ, guru madrasah diniyah"),
    ("buruh_tembakau", "Buruh tani tembakau", "petani tembakau, buruh tembakau"),
    ("buruh_rokok", "Buruh pabrik rokok", "buruh linting, buruh rokok, pekerja pabrik rokok"),
    ("lainnya", "Lainnya", "lain-lain, lain lain"),
]


def occupations_ensure(model: Any) -> None:
    """Create or refresh the starting occupations (`model` may be a migration's historical model)."""
    for order, (code, name, aliases) in enumerate(OCCUPATIONS, start=1):
        model.objects.update_or_create(code=code, defaults={"name": name, "aliases": aliases, "order": order})
