from peduli.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor data ASN dari berkas BKPSDM (xlsx/xls/ods/csv). Keluar 0 bila semua baris masuk, "
        "3 bila ada baris ditolak, 2 bila berkas tidak dapat dipakai."
    )
    kind = "civil_servants"
