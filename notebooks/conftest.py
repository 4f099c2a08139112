"""pytest in notebooks/ runs the chapters (nbmake), not the exercises' files: the worked
solutions (a test module among them) run only through their checks, in a chapter's folder."""
collect_ignore = ["solutions", "checks"]
