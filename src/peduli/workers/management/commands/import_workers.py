from peduli.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor pekerja rentan dari berkas (xlsx/xls/ods/csv). Keluar 0 bila semua baris masuk, "
        "3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = "workers"
