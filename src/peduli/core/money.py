"""Money is integer rupiah everywhere; this only writes it the Indonesian way."""


def rupiah(amount: int | None) -> str:
    """16800 → 'Rp 16.800'; -5000 → '-Rp 5.000'."""
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(int(amount)):,}".replace(",", ".")
