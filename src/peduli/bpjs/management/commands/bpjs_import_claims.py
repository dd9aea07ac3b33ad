from peduli.bpjs.claim_importing import CLAIM_IMPORT
from peduli.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor laporan klaim JKK/JKM dari BPJS Ketenagakerjaan (nomor klaim, NIK, nama, KPJ, jenis, tanggal kejadian, "
        "status, manfaat dibayar, santunan ahli waris, jumlah anak penerima beasiswa, tanggal dibayar). "
        "Nomor klaim yang sudah ada diperbarui. "
        "Keluar 0 bila semua baris masuk, 3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = CLAIM_IMPORT.kind
