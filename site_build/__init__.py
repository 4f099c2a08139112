"""Builds the tutorial as a static website: `python -m site_build [OUTPUT]` (see build.py)."""
