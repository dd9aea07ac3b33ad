"""Pages of BPJS's member lists: the members (labour office and BPJS
officers), the per-village counts (also leaders), and the import wizards of
both, which ask for the list's month."""

from dataclasses import dataclass
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from peduli.accounts.access import roles_required
from peduli.accounts.roles import Capability, may
from peduli.bpjs.member_filters import MemberFilter
from peduli.bpjs.member_selectors import (
    member_count_months,
    member_count_queryset_for,
    member_queryset_for,
)
from peduli.bpjs.member_services import member_import_kind, member_list_import_start
from peduli.core.listing import render_list
from peduli.core.models import AccessLog
from peduli.core.months import YearMonth
from peduli.core.personal_data import personal_data_note
from peduli.imports.models import ImportBatch
from peduli.imports.views import ImportUploadForm, ImportWizard
from peduli.ledger.forms import MonthField


@roles_required(Capability.KEEP_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    personal_data_note(action=AccessLog.Action.VIEW, subject="bpjs_members",
                      detail=request.GET.urlencode())  # fmt: skip
    return render_list(
        request,
        queryset=member_queryset_for(request.user),
        filterset_class=MemberFilter,
        template="bpjs/member_list.html",
        results_template="bpjs/partials/member_results.html",
        context={"can_keep": True},
    )


@roles_required(Capability.READ_MEMBER_COUNTS)
def member_count_list(request: HttpRequest) -> HttpResponse:
    months = member_count_months(request.user)
    try:
        month = YearMonth.parse(request.GET["bulan"]) if request.GET.get("bulan") else None
    except ValueError:
        month = None
    month = month or (months[0] if months else None)
    counts = member_count_queryset_for(request.user).filter(month=month.first_day) if month else []
    rows = sorted(counts, key=lambda c: (c.village.parent.name if c.village.parent else "", c.village.name))
    districts = [
        {"district": district, "villages": villages, "total": sum(c.count for c in villages)}
        for district, group in groupby(rows, key=lambda c: c.village.parent)
        for villages in [list(group)]
    ]
    return render(
        request,
        "bpjs/member_count_list.html",
        {"months": months, "month": month, "districts": districts, "total": sum(c.count for c in rows),
         "can_keep": may(request.user, Capability.KEEP_MEMBERS)},
    )  # fmt: skip


class MemberUploadForm(ImportUploadForm):
    month = MonthField(label=_("Bulan daftar"), help_text=_("Bulan yang dilaporkan BPJS dalam berkas ini."))

    field_order = ["month", "file"]


@dataclass(frozen=True)
class MemberImportWizard(ImportWizard):
    """The shared wizard, whose upload step also asks for the list's month
    (it travels in the stored file's name: `member_importing`)."""

    counts: bool = False

    def upload_form(self, request: HttpRequest) -> ImportUploadForm:
        return MemberUploadForm(request.POST or None, request.FILES or None, initial={"month": YearMonth.current() - 1})

    def upload_start(self, request: HttpRequest, form: ImportUploadForm) -> ImportBatch:
        return member_list_import_start(
            actor=request.user,  # type: ignore[arg-type]
            uploaded_file=form.cleaned_data["file"], month=form.cleaned_data["month"], counts=self.counts,
        )  # fmt: skip


member_wizard = MemberImportWizard(
    kind=member_import_kind(counts=False), title=_("Impor Daftar Peserta BPU BPJS"),
    capability=Capability.KEEP_MEMBERS, app="bpjs", name="member_import",
    template_filename="templat-peserta-bpu.xlsx",
)  # fmt: skip
member_count_wizard = MemberImportWizard(
    kind=member_import_kind(counts=True), title=_("Impor Jumlah Peserta BPU per Desa"),
    capability=Capability.KEEP_MEMBERS, app="bpjs", name="member_count_import",
    template_filename="templat-jumlah-peserta-bpu.xlsx", counts=True,
)  # fmt: skip
