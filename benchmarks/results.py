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
