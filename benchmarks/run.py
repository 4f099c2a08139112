"""Compare what a per-test database costs: python benchmarks/run.py [N]

Runs N tests that each make one request through the app, for each way of
giving every test its own database, in one go, and prints ms per test.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {
    "(a) 2022 recipe: create_all + stamp per test": "test_recipe_2022.py",
    "(b) ours: app once, rollback per test": "test_per_test_transaction.py",
    "(c) no database (floor)": "test_no_database.py",
}


def ms_per_test(test_file: str, n: int) -> float:
    """Mean wall time of a test, leaving out the first and last (session set-up and tear-down)."""
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "durations.json"
        env = {**os.environ, "BENCH_N": str(n), "BENCH_RESULTS": str(results)}
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
             f"benchmarks/{test_file}"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )
        durations = json.loads(results.read_text())
    assert len(durations) == n
    return statistics.mean(durations[1:-1]) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    ms = {name: ms_per_test(test_file, n) for name, test_file in VARIANTS.items()}
    for name, value in ms.items():
        print(f"{name:<48} {value:6.2f} ms/test")
    recipe, ours, floor = ms.values()
    ratio = (recipe - floor) / (ours - floor)
    print(f"cost above the floor: 2022 recipe {recipe - floor:.2f} ms, ours {ours - floor:.2f} ms "
          f"({ratio:.1f} times smaller; target: at least 5)")


if __name__ == "__main__":
    main()
