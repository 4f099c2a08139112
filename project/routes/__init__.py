# Written by notebooks/04_app.ipynb: edit the notebook, not this file.
"""The HTTP routes, one module per resource."""
