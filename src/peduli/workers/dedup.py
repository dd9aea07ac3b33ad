"""Finding probable duplicates: the same birth date and village, a similar name.

NIK is unique, but a NIK typed wrong makes a second record of the same person.
Candidates come from one indexed join (birth date + village); only those pairs
have their normalised names compared (`core.names`).
"""

from django.db.backends.utils import CursorWrapper

from peduli.core.names import names_similar
from peduli.workers.models import DuplicateFlag


def _flag_pairs(rows: list[tuple[int, str, int, str]]) -> int:
    """Flag the similar pairs among (id, key, id, key) rows; return how many
    workers got a new open question. A pair once dismissed stays dismissed."""
    pairs = {(max(a, b), min(a, b)) for a, key_a, b, key_b in rows if a != b and names_similar(key_a, key_b)}
    if not pairs:
        return 0
    known = set(
        DuplicateFlag.objects.filter(worker_id__in={a for a, _b in pairs}).values_list("worker_id", "candidate_id")
    )
    new = [DuplicateFlag(worker_id=a, candidate_id=b) for a, b in pairs if (a, b) not in known]
    DuplicateFlag.objects.bulk_create(new, batch_size=5_000, ignore_conflicts=True)
    return len({flag.worker_id for flag in new})


def duplicates_flag_for(cursor: CursorWrapper, *, staging: str) -> int:
    """Flag probable duplicates of the workers whose NIKs are in `staging`."""
    cursor.execute(
        "SELECT a.id, a.name_key, b.id, b.name_key "
        f"FROM {staging} s JOIN workers_worker a ON a.nik = s.nik "
        "JOIN workers_worker b ON b.birth_date = a.birth_date AND b.village_id = a.village_id AND b.id <> a.id "
        "WHERE b.merged_into_id IS NULL AND a.merged_into_id IS NULL"
    )
    return _flag_pairs(cursor.fetchall())


def duplicates_flag_for_worker(cursor: CursorWrapper, *, worker_id: int) -> int:
    """Flag probable duplicates of one worker (after a form created or changed it)."""
    cursor.execute(
        "SELECT a.id, a.name_key, b.id, b.name_key FROM workers_worker a "
        "JOIN workers_worker b ON b.birth_date = a.birth_date AND b.village_id = a.village_id AND b.id <> a.id "
        "WHERE a.id = %s AND b.merged_into_id IS NULL",
        [worker_id],
    )
    return _flag_pairs(cursor.fetchall())
