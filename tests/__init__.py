# Written by notebooks/04_fixtures.ipynb: edit the notebook, not this file.
"""The music library's test suite."""
