"""REST API of the caller's own notification inbox."""

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from peduli.api.reading import acting_user
from peduli.core.filters import MAX_ID
from peduli.notifications.models import Notification
from peduli.notifications.selectors import notification_queryset_for
from peduli.notifications.services import notifications_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(label=_("Belum dibaca"), field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields: list[str] = []


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=None, allow_null=True,
        max_length=1000,
        help_text="ID pemberitahuan; kosongkan untuk menandai semuanya",
    )  # fmt: skip


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="Jumlah pemberitahuan yang ditandai sudah dibaca")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Notification.objects.none()
        return notification_queryset_for(acting_user(self.request))

    @extend_schema(request=MarkReadSerializer, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="mark-read", filterset_class=None, pagination_class=None)
    def mark_read(self, request: Request) -> Response:
        """Mark the listed notifications (or all) as read."""
        payload = MarkReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        marked = notifications_mark_read(actor=acting_user(request), ids=payload.validated_data["ids"])
        return Response(MarkedSerializer({"marked": marked}).data)
