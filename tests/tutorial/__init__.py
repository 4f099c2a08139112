"""Tests of the tutorial itself: its notebooks, Binder set-up and JupyterLab experience.

No notebook writes these; they check the notebooks (and run them), so the
application's own suite, run from chapter 6, leaves this folder out.
"""
