# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""Lists come in pages: `?limit=` rows after the id `?after=`, in id order, and a link to the next."""
from typing import Annotated

import ormar
from fastapi import Query, Request, Response

from project.schemas import MAX_ID

DEFAULT_LIMIT, MAX_LIMIT = 100, 500

# A list filtered by parent (`?album_id=`): an id that cannot exist is a 422, as in a path.
ParentFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="only the rows of this parent")]

# For the OpenAPI schema: a list's 200 may carry the next page's link.
NEXT_PAGE = {200: {"headers": {"Link": {
    "description": 'the next page: `<url>; rel="next"`; absent on the last page', "schema": {"type": "string"},
}}}}


class Page:
    """The page a list request asks for; a route takes it as `page: Annotated[Page, Depends()]`."""

    def __init__(
        self,
        request: Request,
        response: Response,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")] = DEFAULT_LIMIT,
        after: Annotated[int, Query(ge=0, le=MAX_ID, description="the last id of the page before")] = 0,
    ):
        self.request, self.response, self.limit, self.after = request, response, limit, after

    async def rows(self, query: ormar.QuerySet) -> list:
        """This page of `query`'s rows; a `Link` header to the next page, if there is one."""
        # limit_raw_sql: LIMIT on the query itself. ormar's default limits in a subquery that
        # groups every row of the table (made for joins to children); ours join to parents.
        query = query.filter(id__gt=self.after).order_by("id")
        rows = await query.limit(self.limit + 1, limit_raw_sql=True).all()
        if len(rows) > self.limit:
            rows = rows[: self.limit]
            url = self.request.url.include_query_params(limit=self.limit, after=rows[-1].id)
            self.response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
        return rows
