"""benchmarks/results.json: the latest figures of every benchmark, which the README and the
chapters show. Each benchmark saves its own under its own keys and keeps the others'."""
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"


def machine() -> str:
    """What the figures were measured on, as results.json records it."""
    return f"{os.cpu_count()} cores"


def save(**figures) -> None:
    """Write `figures` into results.json, key by key, leaving every other key as it was."""
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps(results | figures, indent=2) + "\n", encoding="utf-8")
    print(f"saved to {RESULTS.relative_to(ROOT)}")


# The README's words for each figure of results.json's "load" and "load_postgresql".
TABLE_LABELS = {
    "wal_1_worker": "1 worker, WAL, 30 s busy timeout",
    "wal_4_workers": "4 workers, WAL, 30 s busy timeout",
    "rollback_4_workers": "4 workers, SQLite's default mode, Python's 5 s busy timeout (without this tutorial's settings)",
    "postgresql_4_workers": "4 workers, one PostgreSQL server, `DATABASE_POOL_SIZE=5` each",
    "sqlite_4_workers": "4 workers, one SQLite file, WAL",
}


def load_table(figures: dict) -> str:
    """Figures of results.json's "load" (benchmarks/load.py) or "load_postgresql"
    (benchmarks/load_postgresql.py) as a Markdown table."""
    lines = ["| server | requests/s | answers |", "|---|---|---|"]
    for name, label in TABLE_LABELS.items():
        if name in figures:
            figure = figures[name]
            answers = ", ".join(f"{count} `{status}`" for status, count in figure["answers"].items())
            lines.append(f"| {label} | {figure['requests_per_second']:.1f} | {answers} |")
    return "\n".join(lines)
