"""PDF documents in the regency's letterhead style, rendered by WeasyPrint
from a Django template that extends `core/pdf/base.html`."""

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML


def pdf_bytes(template: str, context: dict[str, Any]) -> bytes:
    """Render `template` with the letterhead context added, in Indonesian
    whatever the page's language: a receipt, a certificate or a signed recap is
    an official document, which UU 24/2009 (art. 27) wants in Bahasa Indonesia."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            template,
            {
                "instance_name": settings.PEDULI_INSTANCE_NAME,
                "office_name": settings.PEDULI_OFFICE_NAME,
                "office_address": settings.PEDULI_OFFICE_ADDRESS,
                "printed_at": timezone.localtime(),
                **context,
            },
        )
    return HTML(string=html, base_url=str(settings.PROJECT_DIR)).write_pdf()  # type: ignore[no-any-return]


def pdf_response(content: bytes, *, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
