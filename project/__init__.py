# Written by notebooks/01_models.ipynb: edit the notebook, not this file.
"""A small music library: ormar models, Alembic migrations and a FastAPI app."""
