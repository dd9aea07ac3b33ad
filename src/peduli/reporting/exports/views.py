"""Downloads: the monthly recap (page with a preview, PDF and xlsx) for the
labour office, the leader and each operator's own place; and the open data,
which is public — regency aggregates are public information (UU 14/2008) —
so those pages need no login."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from peduli.accounts.access import roles_required
from peduli.accounts.models import User
from peduli.accounts.roles import Capability, as_user, may
from peduli.agencies.models import Agency
from peduli.core.errors import ApplicationError
from peduli.core.models import AccessLog
from peduli.core.month_query import month_asked
from peduli.core.months import YearMonth
from peduli.core.pdf import pdf_response
from peduli.core.personal_data import personal_data_note
from peduli.core.responses import xlsx_response
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency
from peduli.reporting.coverage.reports import scope_get_for
from peduli.reporting.coverage.scopes import Scope, scope_for_user
from peduli.reporting.exports.open_data import (
    DATASETS,
    FORMATS,
    Dataset,
    open_data_file,
    open_data_filename,
    open_data_license,
    open_data_period,
    open_data_window,
    small_cells_rule,
)
from peduli.reporting.exports.recap import recap_build
from peduli.reporting.exports.recap_pdf import recap_filename, recap_pdf_bytes
from peduli.reporting.exports.recap_xlsx import recap_xlsx_bytes

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _recap_scope(request: HttpRequest) -> tuple[User, Scope]:
    """?scope= if the user may read it (404 otherwise, as every out-of-scope
    read is); the user's own scope when absent."""
    user = as_user(request.user)
    assert user is not None  # roles_required let only a logged-in user in
    text = request.GET.get("scope", "")
    return user, scope_get_for(user, text) if text else scope_for_user(user)


def _scope_choices(user: User, regency: Region) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the scope menu offers: everything to the labour office and the
    leader, nothing to an operator (held to their own place)."""
    if not may(user, Capability.READ_INSTANCE):
        return []
    districts = Region.objects.filter(parent=regency, level=Region.Level.DISTRICT).order_by("name")
    agencies = Agency.objects.filter(regency=regency).order_by("name")
    return [
        ("Kabupaten", [("regency", regency.name.title())]),
        ("Kecamatan", [(f"district:{d.code}", d.name.title()) for d in districts]),
        ("Perangkat Daerah", [(f"agency:{a.code}", a.name) for a in agencies]),
    ]


@require_GET
@roles_required(Capability.READ_RECAP)
def recap(request: HttpRequest) -> HttpResponse:
    """The month's recap of a scope on screen, with its PDF and xlsx buttons."""
    user, scope = _recap_scope(request)
    month = month_asked(request, names=("month", "bulan"), latest=YearMonth.current())
    return render(
        request,
        "reporting/export_recap.html",
        {
            "recap": recap_build(scope=scope, month=month),
            "month": month,
            "scope": scope,
            "scope_choices": _scope_choices(user, scope.regency),
            "query": f"month={month}&scope={scope.code}",
        },
    )


@require_GET
@roles_required(Capability.READ_RECAP)
def recap_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _user, scope = _recap_scope(request)
    month = month_asked(request, names=("month", "bulan"), latest=YearMonth.current())
    personal_data_note(
        action=AccessLog.Action.EXPORT, subject="monthly_recap", object_id=scope.code, detail=f"{month} {fmt}"
    )
    filename = recap_filename(scope, month, fmt)
    if fmt == "pdf":
        return pdf_response(recap_pdf_bytes(scope=scope, month=month), filename=filename)
    return xlsx_response(recap_xlsx_bytes(scope=scope, month=month), filename=filename)


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    """The public list of open datasets, their period and data dictionary."""
    regency = instance_regency()
    return render(
        request,
        "reporting/export_open_data.html",
        {
            "regency": regency,
            "datasets": DATASETS.values(),
            "period": open_data_period(regency),
            "formats": FORMATS,
            "license": open_data_license(),
            "small_cells_rule": small_cells_rule(),
        },
    )


def _period(request: HttpRequest, regency: Region) -> tuple[YearMonth, YearMonth]:
    """?dari=&sampai= within the months there is data for; the whole period
    when absent. A period outside it or unreadable is a 404."""
    try:
        first = YearMonth.parse(request.GET["dari"]) if request.GET.get("dari") else None
        last = YearMonth.parse(request.GET["sampai"]) if request.GET.get("sampai") else None
        return open_data_window(regency=regency, first=first, last=last)
    except ValueError as error:
        raise Http404(str(error)) from error
    except ApplicationError as error:
        raise Http404(error.message) from error


@require_GET
def open_data_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    regency = instance_regency()
    first, last = _period(request, regency)
    return open_data_response(dataset=dataset, fmt=fmt, regency=regency, first=first, last=last)


def open_data_response(
    *, dataset: Dataset, fmt: str, regency: Region, first: YearMonth, last: YearMonth
) -> HttpResponse:
    """The file as the page and the API answer it."""
    content = open_data_file(dataset=dataset, fmt=fmt, regency=regency, first=first, last=last)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{open_data_filename(dataset, regency, first, last, fmt)}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data may be read by any portal's scripts
    return response
