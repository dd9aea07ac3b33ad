"""People on BPJS's member lists and claims files."""


def nik_for(n: int, *, district: str = "332401") -> str:
    """A valid NIK of someone born in 1980 (a different one for each n)."""
    return f"{district}{n % 28 + 1:02d}{n // 28 % 12 + 1:02d}80{n + 1:04d}"
