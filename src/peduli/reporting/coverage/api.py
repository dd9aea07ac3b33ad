"""GET /api/v1/reports/monthly?month=YYYY-MM&scope=…: the same document as
`peduli report --format json`."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peduli.api.reading import MonthField, acting_user
from peduli.core.months import YearMonth
from peduli.reporting.coverage.reports import monthly_report


class ReportQuerySerializer(serializers.Serializer[Any]):
    month = MonthField(required=False, help_text="Bulan laporan (bawaan: bulan ini).")
    scope = serializers.CharField(
        required=False, default="regency", help_text="regency, district:KODE, village:KODE atau agency:KODE"
    )


class FundingSourceSerializer(serializers.Serializer[Any]):
    # The document's keys are fixed; they shadow two attributes of Field.
    source = serializers.CharField()  # type: ignore[assignment]
    label = serializers.CharField()  # type: ignore[assignment]
    workers_protected = serializers.IntegerField()
    dues_amount = serializers.IntegerField()
    paid_amount = serializers.IntegerField()
    arrears_amount = serializers.IntegerField()
    remitted_amount = serializers.IntegerField()


class TargetSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    coverage_pct = serializers.FloatField()
    legal_source = serializers.CharField()
    workers_at_target = serializers.IntegerField(allow_null=True)
    gap_workers = serializers.IntegerField(allow_null=True)
    months_left = serializers.IntegerField()
    workers_needed_per_month = serializers.IntegerField(allow_null=True)


def _pct() -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text="Persen, dibulatkan 2 desimal.")


class MonthlyReportDocumentSerializer(serializers.Serializer[Any]):
    month = serializers.CharField()
    scope = serializers.CharField()
    scope_label = serializers.CharField()
    civil_servants_total = serializers.IntegerField()
    civil_servants_sponsoring = serializers.IntegerField()
    workers_covered_by_civil_servants = serializers.IntegerField()
    civil_servant_participation_pct = _pct()
    civil_servants_sponsoring_pct = _pct()
    agencies_total = serializers.IntegerField()
    agencies_participating = serializers.IntegerField()
    agencies_participating_pct = _pct()
    informal_workers = serializers.IntegerField(allow_null=True)
    informal_workers_source = serializers.CharField()
    workers_protected = serializers.IntegerField()
    coverage_pct = _pct()
    workers_new = serializers.IntegerField()
    workers_lapsed = serializers.IntegerField()
    workers_ended = serializers.IntegerField()
    by_funding_source = FundingSourceSerializer(many=True)
    dues_amount = serializers.IntegerField()
    paid_amount = serializers.IntegerField()
    arrears_amount = serializers.IntegerField()
    remitted_amount = serializers.IntegerField()
    target_2029_pct = _pct()
    target_2045_pct = _pct()
    workers_needed_per_month_2029 = serializers.IntegerField(allow_null=True)
    workers_needed_per_month_2045 = serializers.IntegerField(allow_null=True)
    targets = TargetSerializer(many=True)
    refreshed_at = serializers.DateTimeField(allow_null=True)


class MonthlyReportDocumentView(APIView):
    """The indicators of one month and scope. Operators read their own agency
    or district; the labour office, leaders and BPJS officers any scope."""

    @extend_schema(
        operation_id="reports_monthly",
        parameters=[
            OpenApiParameter("month", str, description="TTTT-BB, bawaan bulan ini"),
            OpenApiParameter("scope", str, description="regency, district:KODE, village:KODE atau agency:KODE"),
        ],
        responses=MonthlyReportDocumentSerializer,
    )
    def get(self, request: Request) -> Response:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data.get("month") or YearMonth.current()
        report = monthly_report(user=acting_user(request), month=month, scope_text=query.validated_data["scope"])
        return Response(MonthlyReportDocumentSerializer(report.as_json()).data)
