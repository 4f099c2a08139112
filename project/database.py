# Written by notebooks/01_models.ipynb: edit the notebook, not this file.
"""Which database the application uses, and the ormar configuration shared by every model."""
import os

import ormar
import sqlalchemy

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///music.db"

# The async URL the app talks to, e.g. sqlite+aiosqlite:///music.db or
# postgresql+asyncpg://user:password@host/name. Read once, at import time.
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)

metadata = sqlalchemy.MetaData()
database = ormar.DatabaseConnection(DATABASE_URL)
base_ormar_config = ormar.OrmarConfig(database=database, metadata=metadata)
