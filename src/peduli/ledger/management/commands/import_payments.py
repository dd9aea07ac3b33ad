from peduli.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor pembayaran iuran dari berkas (daftar potongan gaji, rekening koran, dana CSR): "
        "xlsx/xls/ods/csv. Nomor bukti yang sudah tercatat dari sumber yang sama tidak dibayar dua kali. "
        "Keluar 0 bila semua baris masuk, 3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = "payments"
