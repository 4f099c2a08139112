"""Compare what a per-test database costs: python benchmarks/run.py [N] [ROUNDS]

Runs N tests that each make one request through the app, for each way of
giving every test its own database, and prints ms per test. The variants take
turns, ROUNDS times, and each keeps its best round: on a shared machine the
noise only ever adds time, so the best round is the closest to the real cost.
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
    """Median wall time of one of N tests: blind to the first and last tests' session
    set-up and tear-down, and to the odd pause (garbage collection, another process)."""
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
    return statistics.median(durations) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ms = {name: float("inf") for name in VARIANTS}
    for _ in range(rounds):
        for name, test_file in VARIANTS.items():
            ms[name] = min(ms[name], ms_per_test(test_file, n))
    for name, value in ms.items():
        print(f"{name:<48} {value:6.2f} ms/test")
    recipe, ours, floor = ms.values()
    ratio = (recipe - floor) / (ours - floor)
    print(f"cost above the floor: 2022 recipe {recipe - floor:.2f} ms, ours {ours - floor:.2f} ms "
          f"({ratio:.1f} times smaller; target: at least 5)")


if __name__ == "__main__":
    main()
