from peduli.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor jawaban BPJS atas batch pendaftaran (xlsx/xls/ods/csv): NIK, KPJ, tanggal mulai kepesertaan, "
        "status dan alasan penolakan. Jawaban yang sama diimpor lagi tidak mengubah apa pun. "
        "Keluar 0 bila semua baris masuk, 3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = "bpjs_registration_answers"
