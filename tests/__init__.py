# Written by notebooks/02_migrations.ipynb: edit the notebook, not this file.
"""The music library's test suite."""
