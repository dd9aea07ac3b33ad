from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from peduli.core.personal_data import personal_data_note


class PeduliPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response(self, data: Any) -> Response:
        # How many rows the access log's row of this read counts.
        personal_data_note(row_count=len(data))
        return super().get_paginated_response(data)
