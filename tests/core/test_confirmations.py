"""One pattern for what cannot be undone (issue 16 point 1): every form that
ends, merges, cancels, deletes, revokes or discards something asks first,
naming what will happen (`data-confirm`, core/static/core/behaviours.js)."""

import re
from pathlib import Path

import peduli

TEMPLATES = sorted(Path(peduli.__file__).parent.glob("**/templates/**/*.html"))
FORM = re.compile(r"<form\b[^>]*>", re.S)
# What a form does, read from where it posts: its URL name, or the action it names.
DESTRUCTIVE = re.compile(
    r"""(_end|_end_undo|merge|cancel|delete|revoke|discard|reverse)['"]|name="action" value="(deactivate|code|role)"""
)


def _forms_without_confirmation(text: str) -> list[str]:
    missing = []
    for match in FORM.finditer(text):
        tag = match.group(0)
        # The hidden "action" input follows the tag: look at the form's first line.
        head = text[match.start() : text.find("</form>", match.start())][:600]
        if 'method="post"' in tag and DESTRUCTIVE.search(head) and "data-confirm" not in tag:
            missing.append(head[:160])
    return missing


def test_every_form_that_cannot_be_taken_back_asks_first() -> None:
    assert len(TEMPLATES) > 100
    missing = {str(path.relative_to(Path(peduli.__file__).parent)): found for path in TEMPLATES
               if (found := _forms_without_confirmation(path.read_text()))}  # fmt: skip
    assert missing == {}


def test_the_pages_that_are_one_such_form_ask_too() -> None:
    """A page whose one form ends or reverses something (core/form.html) asks through its `form_attrs` block."""
    for name in ("sponsorships/sponsorship_end.html", "ledger/payment_reverse.html"):
        (path,) = [p for p in TEMPLATES if p.as_posix().endswith(name)]
        assert re.search(r"{% block form_attrs %} data-confirm=", path.read_text()), name


def test_the_check_sees_a_form_that_does_not_ask() -> None:
    bare = """<form method="post" action="{% url 'workers:duplicate_merge' flag.pk %}">{% csrf_token %}</form>"""
    asks = bare.replace('method="post"', 'method="post" data-confirm="Gabungkan?"')
    assert _forms_without_confirmation(bare) and not _forms_without_confirmation(asks)
