"""Open data over the API: GET /api/v1/open-data/ lists the datasets with
their data dictionary, GET /api/v1/open-data/{slug}/ answers the file itself —
the same bytes as the public page's download (`reporting:open_data_download`).
Public like that page: regency aggregates are public information (UU 14/2008)."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from peduli.api.reading import MonthField
from peduli.core.errors import ApplicationError
from peduli.regions.selectors import instance_regency
from peduli.reporting.exports.open_data import (
    DATASETS,
    FORMATS,
    open_data_catalogue,
    open_data_dataset,
    open_data_window,
)
from peduli.reporting.exports.views import open_data_response


class JsonOnly(DefaultContentNegotiation):
    """?format= names the file the view answers with itself, not a DRF
    renderer; whatever DRF renders (the list, errors) is JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


class PublicOpenDataView(APIView):
    # No login and no credentials looked at: a stale token must not refuse a public read.
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly


class OpenDataFieldSerializer(serializers.Serializer[Any]):
    nama = serializers.CharField()
    jenis = serializers.CharField()
    keterangan = serializers.CharField()


class OpenDataPlaceSerializer(serializers.Serializer[Any]):
    kode = serializers.CharField()
    nama = serializers.CharField()


class OpenDataPeriodSerializer(serializers.Serializer[Any]):
    dari = serializers.CharField(help_text="TTTT-BB")
    sampai = serializers.CharField(help_text="TTTT-BB")


class OpenDataDatasetSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    judul = serializers.CharField()
    deskripsi = serializers.CharField()
    kamus_data = OpenDataFieldSerializer(many=True)


class OpenDataCatalogueSerializer(serializers.Serializer[Any]):
    wilayah = OpenDataPlaceSerializer()
    periode = OpenDataPeriodSerializer(allow_null=True, help_text="Bulan yang ada datanya; kosong bila belum ada.")
    penerbit = serializers.CharField()
    lisensi = serializers.CharField()
    format = serializers.ListField(child=serializers.CharField())
    dataset = OpenDataDatasetSerializer(many=True)


class OpenDataDocumentSerializer(serializers.Serializer[Any]):
    """The JSON file: the catalogue's entry of the dataset and its rows."""

    judul = serializers.CharField()
    deskripsi = serializers.CharField()
    wilayah = OpenDataPlaceSerializer()
    periode = OpenDataPeriodSerializer()
    penerbit = serializers.CharField()
    lisensi = serializers.CharField()
    kamus_data = OpenDataFieldSerializer(many=True)
    # The file's key "data" shadows Serializer.data only for the type checker (DRF pops declared fields).
    data = serializers.ListField(  # type: ignore[assignment]
        child=serializers.DictField(), help_text="Satu objek per baris, dengan kolom menurut kamus_data."
    )


class OpenDataQuerySerializer(serializers.Serializer[Any]):
    dari = MonthField(required=False)
    sampai = MonthField(required=False)
    format = serializers.ChoiceField(choices=FORMATS, default="json")


class OpenDataCatalogueView(PublicOpenDataView):
    @extend_schema(operation_id="open_data_list", responses=OpenDataCatalogueSerializer, tags=["open-data"])
    def get(self, request: Request) -> Response:
        """The open datasets, their data dictionary and the months there is data for."""
        return Response(OpenDataCatalogueSerializer(open_data_catalogue(regency=instance_regency())).data)


class OpenDataFileView(PublicOpenDataView):
    @extend_schema(
        operation_id="open_data_retrieve",
        tags=["open-data"],
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, enum=list(DATASETS), description="Nama dataset"),
            OpenApiParameter("dari", str, description="Bulan pertama, TTTT-BB (bawaan: bulan pertama ada data)"),
            OpenApiParameter("sampai", str, description="Bulan terakhir, TTTT-BB (bawaan: bulan ini)"),
            OpenApiParameter("format", str, enum=list(FORMATS), default="json"),
        ],
        responses={
            (200, "application/json"): OpenDataDocumentSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV UTF-8 dengan BOM, baris judul"),
            400: OpenApiResponse(description="Bulan atau format tidak terbaca"),
            404: OpenApiResponse(description="Dataset tidak ada atau periode di luar data"),
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        """One dataset for a period, byte for byte the file the open-data page gives."""
        query = OpenDataQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fmt: str = query.validated_data["format"]
        regency = instance_regency()
        try:
            dataset = open_data_dataset(slug)
            first, last = open_data_window(
                regency=regency, first=query.validated_data.get("dari"), last=query.validated_data.get("sampai")
            )
        except ApplicationError as error:
            raise NotFound(error.message) from error
        return open_data_response(dataset=dataset, fmt=fmt, regency=regency, first=first, last=last)


open_data_urls = [
    path("open-data/", OpenDataCatalogueView.as_view(), name="open-data-list"),
    path("open-data/<slug:slug>/", OpenDataFileView.as_view(), name="open-data-detail"),
]
