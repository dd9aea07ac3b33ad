"""REST API of the planner: scenarios (create, read, change, delete) and
their yearly projection. The planner selectors scope every read, the
planner services make every change. Months travel as "YYYY-MM"."""

from dataclasses import fields
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.accounts.roles import Capability, may
from peduli.api.reading import MonthField, acting_user
from peduli.planner import selectors, services
from peduli.planner.models import Scenario
from peduli.planner.projection import SOURCES, Projection
from peduli.planner.services import START_FIELDS, ScenarioData

START_HELP = "Kosongkan untuk mengambil dari indikator bulan awal"
CAPACITY_HELP = (
    "Pekerja baru yang dibiayai anggaran per bulan; kosongkan (atau null) untuk median pekerja baru "
    "terlindungi lewat Peduli per bulan, 12 bulan penuh terakhir (300 bila belum ada riwayat)"
)


class ScenarioSerializer(serializers.ModelSerializer):
    start_month = MonthField()
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    regency = serializers.CharField(source="regency_id", read_only=True)

    class Meta:
        model = Scenario
        fields = [
            "id", "regency", "name", "description", "start_month", *START_FIELDS, "civil_servant_growth",
            "new_sponsors_per_month", "sponsors_pct_per_year", "workers_per_sponsor", "csr_per_year", "bumd_per_year",
            "dbhcht_per_year", "apbd_per_year", "self_paying_growth_pct", "informal_growth_pct",
            "lapse_pct_per_month", "enrolment_capacity_per_month", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            **{name: {"required": False, "allow_null": True, "help_text": START_HELP} for name in START_FIELDS},
            "enrolment_capacity_per_month": {"required": False, "allow_null": True, "help_text": CAPACITY_HELP},
        }

    def data_object(self) -> ScenarioData:
        """The validated payload as the service's input (defaults for what a PATCH leaves out)."""
        given = dict(self.validated_data)
        current = {f.name: getattr(self.instance, f.name) for f in fields(ScenarioData)} if self.instance else {}
        if self.instance is not None:
            current["start_month"] = self.instance.start
        merged = {**current, **given}
        return ScenarioData(**{f.name: merged[f.name] for f in fields(ScenarioData) if f.name in merged})


class SourceAmountsSerializer(serializers.Serializer):
    asn = serializers.IntegerField()
    mandiri = serializers.IntegerField()
    csr = serializers.IntegerField()
    bumd = serializers.IntegerField()
    dbhcht = serializers.IntegerField()
    apbd = serializers.IntegerField()


class ProjectionYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    informal_workers = serializers.IntegerField()
    sponsoring_civil_servants = serializers.IntegerField()
    workers = SourceAmountsSerializer(help_text="Pekerja terlindungi menurut sumber, Desember")
    protected = serializers.IntegerField()
    coverage_pct = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    target_pct = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    cost = SourceAmountsSerializer(help_text="Biaya iuran setahun menurut sumber (Rp)")
    cost_total = serializers.IntegerField()
    planned = serializers.IntegerField(help_text="Anggaran CSR, BUMD, DBHCHT dan APBD yang direncanakan (Rp)")
    needed = serializers.IntegerField(help_text="Anggaran yang dibutuhkan agar tetap di lintasan target (Rp)")
    budget_cost = serializers.IntegerField(help_text="Iuran yang dibayar anggaran (Rp); rencana = ini + tak terpakai")
    unspent = serializers.IntegerField(
        help_text="Anggaran yang direncanakan tetapi tidak terpakai untuk iuran (Rp); tidak dibawa ke bulan berikutnya"
    )
    gap = serializers.IntegerField(help_text="Kebutuhan dikurangi rencana (Rp); negatif berarti berlebih")


class TargetOutcomeSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="target.year")
    coverage_pct = serializers.DecimalField(
        source="target.coverage_pct", max_digits=5, decimal_places=2, coerce_to_string=False
    )
    legal_source = serializers.CharField(source="target.legal_source")
    reached = MonthField(
        allow_null=True, help_text="Bulan pertama sejak itu cakupan selalu memenuhi target sampai akhir proyeksi"
    )
    first_met = MonthField(allow_null=True, help_text="Bulan pertama cakupan memenuhi target, bertahan atau tidak")
    fell_below = MonthField(
        allow_null=True,
        help_text="Bila tidak tercapai padahal sempat: bulan sejak itu cakupan di bawah target sampai akhir proyeksi",
    )
    met_at_deadline = serializers.BooleanField(help_text="Cakupan Desember tahun target memenuhi target")
    on_time = serializers.BooleanField()
    coverage_at_deadline = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, allow_null=True
    )


class ProjectionSerializer(serializers.Serializer):
    scenario = serializers.IntegerField()
    start_month = MonthField()
    last_month = MonthField()
    premium = serializers.IntegerField(help_text="Iuran per pekerja per bulan pada bulan awal (Rp)")
    enrolment_capacity_per_month = serializers.IntegerField(help_text="Pekerja baru dibiayai anggaran per bulan")
    targets = TargetOutcomeSerializer(many=True)
    years = ProjectionYearSerializer(many=True)


def projection_document(scenario: Scenario, projection: Projection) -> dict[str, Any]:
    """The projection as ProjectionSerializer (and `peduli plan --format json`) gives it."""
    return ProjectionSerializer(
        {
            "scenario": scenario.pk,
            "start_month": projection.start.month,
            "last_month": projection.last.month,
            "premium": projection.months[0].premium,
            "enrolment_capacity_per_month": projection.assumptions.enrolment_capacity_per_month,
            "targets": projection.targets,
            "years": [
                {**vars(y), "gap": y.gap, "budget_cost": y.budget_cost, "workers": {s: y.workers[s] for s in SOURCES}}
                for y in projection.years
            ],
        }
    ).data


class IsPlanner(permissions.BasePermission):
    message = "Hanya Disperinaker dan pimpinan daerah yang memakai perencana skenario."

    def has_permission(self, request: Request, view: Any) -> bool:
        return may(request.user, Capability.PLAN)


class ScenarioViewSet(viewsets.ModelViewSet):
    """What-if scenarios of the regency to 2045 (Disperinaker and leaders only)."""

    serializer_class = ScenarioSerializer
    permission_classes = [permissions.IsAuthenticated, IsPlanner]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Scenario]:
        return selectors.scenario_queryset_for(self.request.user)

    def perform_create(self, serializer: ScenarioSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.scenario_create(actor=acting_user(self.request), data=serializer.data_object())

    def perform_update(self, serializer: ScenarioSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.scenario_update(
            actor=acting_user(self.request), scenario=self.get_object(), data=serializer.data_object()
        )

    def perform_destroy(self, instance: Scenario) -> None:
        services.scenario_delete(actor=acting_user(self.request), scenario=instance)

    @extend_schema(responses=ProjectionSerializer)
    @action(detail=True, methods=["get"])
    def projection(self, request: Request, pk: str | None = None) -> Response:
        """The scenario projected year by year to December 2045, and when each target is reached."""
        scenario = self.get_object()
        return Response(projection_document(scenario, selectors.scenario_projection(scenario)))
