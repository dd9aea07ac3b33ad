"""REST API of the BPJS calendar: each month's premium due date and report
deadline for a year, and the days off the labour office records."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.api.reading import DateField, MonthField, acting_user
from peduli.ledger import calendar_services
from peduli.ledger.calendar import calendar_year, day_off_queryset
from peduli.ledger.models import DayOff


class DayOffSerializer(serializers.ModelSerializer):
    regency = serializers.CharField(source="regency_id", read_only=True, allow_null=True)
    day = DateField()

    class Meta:
        model = DayOff
        fields = ["id", "day", "name", "regency", "created_at"]
        read_only_fields = ["id", "regency", "created_at"]


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, help_text="Tahun; bawaan tahun ini.")

    def validate_year(self, value: int) -> int:
        this_year, years = timezone.localdate().year, calendar_services.DAY_OFF_YEARS
        if abs(value - this_year) > years:
            raise serializers.ValidationError(f"Tahun harus antara {this_year - years} dan {this_year + years}.")
        return value


class CalendarMonthSerializer(serializers.Serializer):
    month = MonthField()
    premium_due = serializers.DateField(help_text="Batas bayar iuran; sesudahnya menunggak (tanpa denda bagi BPU).")
    premium_due_moved = serializers.BooleanField(help_text="Digeser dari tanggal 15 karena hari libur.")
    report_deadline = serializers.DateField(help_text="Batas laporan bulanan bulan itu.")


class DayOffViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Days off beyond the national list (cuti bersama decided late, local
    decisions); they move premium due dates and report deadlines."""

    serializer_class = DayOffSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[DayOff]:
        days = day_off_queryset()
        year = self.request.query_params.get("year")
        return days.filter(day__year=int(year)) if year and year.isdigit() and len(year) == 4 else days

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = calendar_services.day_off_record(
            actor=acting_user(self.request),
            day=serializer.validated_data["day"],
            name=serializer.validated_data["name"],
        )

    def perform_destroy(self, instance: DayOff) -> None:
        calendar_services.day_off_remove(actor=acting_user(self.request), day_off=instance)

    @extend_schema(parameters=[YearQuerySerializer], responses=CalendarMonthSerializer(many=True))
    @action(detail=False, methods=["get"])
    def calendar(self, request: Request) -> Response:
        """The year's months: premium due dates and monthly report deadlines."""
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        months = calendar_year(query.validated_data.get("year") or timezone.localdate().year)
        return Response(CalendarMonthSerializer(months, many=True).data, status=status.HTTP_200_OK)
