"""The API's pages: ``limit`` (1–1000, 50 by default) items from ``offset``, both bounded."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from fazhi.core import limits


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=limits.MAX_PAGE_SIZE, description="Items per page (at most 1000).")
        offset: int = Field(0, ge=0, le=limits.MAX_OFFSET, description="Items to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=limits.MAX_PAGE_SIZE, **kwargs)
