"""REST API of the agencies' monthly reports: list and read (scoped like the
pages), open, submit, accept, return, remind, and the completeness and
timeliness board. Months travel as "YYYY-MM"."""

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.agencies.models import Agency
from peduli.api.reading import MonthField, acting_user
from peduli.core.errors import ApplicationError
from peduli.core.filters import IdFilter
from peduli.core.months import YearMonth
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports import selectors, services
from peduli.reporting.monthly_reports.figures import figure_rows

STATES = [(state.value, state.label) for state in selectors.ReportState]


class MonthlyReportFilter(filters.FilterSet):
    month = filters.CharFilter(label=gettext_lazy("Bulan (TTTT-BB)"), method="by_month")
    agency = IdFilter(label=gettext_lazy("ID OPD"), field_name="agency_id")
    status = filters.ChoiceFilter(label=gettext_lazy("Status"), choices=MonthlyReport.Status.choices)

    class Meta:
        model = MonthlyReport
        fields: list[str] = []

    def by_month(self, queryset: QuerySet[MonthlyReport], name: str, value: str) -> QuerySet[MonthlyReport]:
        try:
            return queryset.filter(month=YearMonth.parse(value).first_day)
        except ValueError as error:
            raise ApplicationError(str(error), field="month") from error


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    # The payload field "label" shadows Field.label only for the type checker (DRF pops declared fields).
    label = serializers.CharField()  # type: ignore[assignment]
    text = serializers.CharField(help_text="Nilai yang ditulis seperti di laporan")


class MonthlyReportSerializer(serializers.ModelSerializer):
    month = MonthField(read_only=True)
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state = serializers.SerializerMethodField()
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True, default=None)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None)
    figure_rows = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id", "agency", "agency_code", "agency_name", "month", "status", "state", "deadline", "remarks",
            "figures", "figure_rows", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_note",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=STATES))
    def get_state(self, report: MonthlyReport) -> str:
        """on_time, late, missing, returned or waiting (the board's cell)."""
        return str(selectors.monthly_report_state(report, month=YearMonth.of(report.month)))

    @extend_schema_field(FigureSerializer(many=True))
    def get_figure_rows(self, report: MonthlyReport) -> list[dict[str, str]]:
        """The figures as the report prints them (frozen once submitted)."""
        return [{"key": r.key, "label": r.label, "text": r.text} for r in figure_rows(report.figures)]


class OpenSerializer(serializers.Serializer):
    agency = serializers.IntegerField(help_text="ID OPD")
    month = MonthField()


class RemarksSerializer(serializers.Serializer):
    remarks = serializers.CharField(allow_blank=True, required=False, default="", max_length=services.REMARKS_MAX)


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, help_text="Wajib: apa yang perlu diperbaiki OPD")


class RemindSerializer(serializers.Serializer):
    month = MonthField()
    agencies = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="ID OPD; kosong: semua yang belum melapor"
    )


class RemindersSerializer(serializers.Serializer):
    reminded = serializers.ListField(child=serializers.CharField(), help_text="Kode OPD yang diingatkan")
    already_today = serializers.ListField(child=serializers.CharField(), help_text="Sudah diingatkan hari ini")
    without_reporters = serializers.ListField(child=serializers.CharField(), help_text="Belum punya akun operator")


class BoardQuerySerializer(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=36, required=False, default=12)
    until = MonthField(required=False, help_text="Bulan terakhir, TTTT-BB; bawaan: bulan lalu")


class BoardCellSerializer(serializers.Serializer):
    month = MonthField()
    state = serializers.ChoiceField(choices=STATES)
    status = serializers.CharField(allow_null=True, help_text="Status laporan; kosong bila belum dibuka")
    report = serializers.IntegerField(allow_null=True)


class BoardRowSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    agency_code = serializers.CharField()
    agency_name = serializers.CharField()
    cells = BoardCellSerializer(many=True)


class MonthRateSerializer(serializers.Serializer):
    month = MonthField()
    expected = serializers.IntegerField(help_text="OPD wajib lapor")
    submitted = serializers.IntegerField(help_text="Laporan masuk (dikirim atau diterima)")
    on_time = serializers.IntegerField(help_text="Laporan masuk sebelum batas waktu")
    submitted_pct = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    on_time_pct = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class BoardSerializer(serializers.Serializer):
    months = serializers.ListField(child=MonthField())
    rates = MonthRateSerializer(many=True)
    rows = BoardRowSerializer(many=True)


def _board_data(board: selectors.Board) -> dict[str, Any]:
    return {
        "months": board.months,
        "rates": [
            {"month": r.month, "expected": r.expected, "submitted": r.submitted, "on_time": r.on_time,
             "submitted_pct": r.submitted_pct, "on_time_pct": r.on_time_pct}
            for r in board.rates
        ],
        "rows": [
            {"agency": row.agency.pk, "agency_code": row.agency.code, "agency_name": row.agency.name,
             "cells": [{"month": c.month, "state": str(c.state), "status": c.report.status if c.report else None,
                        "report": c.report.pk if c.report else None} for c in row.cells]}
            for row in board.rows
        ],
    }  # fmt: skip


def _codes(agencies: list[Agency]) -> list[str]:
    return [agency.code for agency in agencies]


class MonthlyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Monthly reports (laporan bulanan) of the agencies the caller may see."""

    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilter

    def get_queryset(self) -> QuerySet[MonthlyReport]:
        return selectors.monthly_report_queryset_for(self.request.user)

    def _agency(self, pk: int) -> Agency:
        agency = selectors.monthly_report_agencies_for(self.request.user).filter(pk=pk).first()
        if agency is None:
            raise ApplicationError("OPD tidak ditemukan.", field="agency")
        return agency

    def _fresh(self, report: MonthlyReport) -> Response:
        return Response(MonthlyReportSerializer(get_object_or_404(self.get_queryset(), pk=report.pk)).data)

    @extend_schema(request=OpenSerializer, responses={201: MonthlyReportSerializer})
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def open(self, request: Request) -> Response:
        """Open an agency's report of a month (or return the one already open),
        with the figures Peduli fills in."""
        payload = OpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agency = self._agency(payload.validated_data["agency"])
        report = services.monthly_report_open(
            actor=acting_user(request), agency=agency, month=payload.validated_data["month"]
        )
        response = self._fresh(report)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=RemarksSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Send the report with its remarks; the figures are frozen as they are now."""
        report = self.get_object()
        payload = RemarksSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.monthly_report_submit(
            actor=acting_user(request), agency=report.agency, month=YearMonth.of(report.month),
            remarks=payload.validated_data["remarks"],
        )  # fmt: skip
        return self._fresh(report)

    @extend_schema(request=None, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Accept a submitted report (labour office); it is locked from then on."""
        report = services.monthly_report_accept(actor=acting_user(request), report=self.get_object())
        return self._fresh(report)

    @extend_schema(request=ReturnSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        """Send a submitted report back to the agency with a note (required)."""
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.monthly_report_return(
            actor=acting_user(request), report=self.get_object(), note=payload.validated_data["note"]
        )
        return self._fresh(report)

    @extend_schema(request=RemindSerializer, responses=RemindersSerializer)
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def remind(self, request: Request) -> Response:
        """Remind the operators of agencies that have not submitted the month's
        report; an agency is reminded at most once a day."""
        payload = RemindSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = payload.validated_data.get("agencies")
        agencies = [self._agency(pk) for pk in ids] if ids else None
        result = services.monthly_reports_remind(
            actor=acting_user(request), month=payload.validated_data["month"], agencies=agencies
        )
        return Response(
            RemindersSerializer(
                {"reminded": _codes(result.reminded), "already_today": _codes(result.already_today),
                 "without_reporters": _codes(result.without_reporters)}
            ).data
        )  # fmt: skip

    @extend_schema(
        parameters=[
            OpenApiParameter("months", int, description="Jumlah bulan (1–36), bawaan 12"),
            OpenApiParameter("until", str, description="Bulan terakhir TTTT-BB, bawaan bulan lalu"),
        ],
        responses=BoardSerializer,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def board(self, request: Request) -> Response:
        """Completeness and timeliness: each visible agency × month with the
        report's state, and the reporting rates per month."""
        query = BoardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        last = query.validated_data.get("until") or YearMonth.current() - 1
        months = selectors.board_months(last, query.validated_data["months"])
        board = selectors.monthly_report_board(request.user, months=months)
        return Response(BoardSerializer(_board_data(board)).data)
