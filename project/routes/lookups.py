# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""Lookups that turn a missing row or a blocked delete into a clear 4xx."""
import ormar
from fastapi import HTTPException, status


async def get_or_404(model: type[ormar.Model], id: int, *related: str) -> ormar.Model:
    """The row with this id (with its `related` parents loaded), or a 404."""
    row = await model.objects.select_related(list(related)).get_or_none(id=id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{model.__name__} {id} not found")
    return row


async def get_parent(model: type[ormar.Model], field: str, id: int, *related: str):
    """The parent that the body's `field` refers to, or a 409 that names the field."""
    row = await model.objects.select_related(list(related)).get_or_none(id=id)
    if row is None:
        detail = f"{field} refers to {model.__name__} {id}, which does not exist"
        raise HTTPException(status.HTTP_409_CONFLICT, detail)
    return row


async def refuse_if_children(row: ormar.Model, children: str) -> None:
    """A 409 if `row` still has rows in its `children` relation; nothing is deleted."""
    count = await getattr(row, children).count()
    if count:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"{type(row).__name__} {row.id} still has {children} ({count}): delete them first",
        )


async def update_or_404(row: ormar.Model, **fields) -> ormar.Model:
    """Write `fields` to `row` if it still exists, in one UPDATE; a 404 if it was deleted
    since we read it (the UPDATE then changed no row, and nothing was written)."""
    values = {name: value.pk if isinstance(value, ormar.Model) else value for name, value in fields.items()}
    if not await type(row).objects.filter(id=row.id).update(**values):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{type(row).__name__} {row.id} not found")
    return row.update_from_dict(fields)
