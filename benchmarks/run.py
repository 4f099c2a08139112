"""Compare what a per-test database costs: python benchmarks/run.py [N] [ROUNDS] [--save]

Runs N tests that each make one request through the app, for each way of
giving every test its own database, and prints ms per test. The variants take
turns, ROUNDS times, and each keeps its best round: on a shared machine the
noise only ever adds time, so the best round is the closest to the real cost.
With --save, the figures go to benchmarks/results.json, which the README and
chapter 5 show.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
VARIANTS = {  # name in results.json: (label, test file)
    "recipe_2022": ("(a) 2022 recipe: create_all + stamp per test", "test_recipe_2022.py"),
    "ours": ("(b) ours: app once, rollback per test", "test_per_test_transaction.py"),
    "no_database": ("(c) no database (floor)", "test_no_database.py"),
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


def main(args: list[str]) -> None:
    save = "--save" in args
    numbers = [int(arg) for arg in args if arg != "--save"]
    n = numbers[0] if numbers else 200
    rounds = numbers[1] if len(numbers) > 1 else 3
    ms = {name: float("inf") for name in VARIANTS}
    for _ in range(rounds):
        for name, (_, test_file) in VARIANTS.items():
            ms[name] = min(ms[name], ms_per_test(test_file, n))
    for name, (label, _) in VARIANTS.items():
        print(f"{label:<48} {ms[name]:6.2f} ms/test")
    floor = ms["no_database"]
    ratio = (ms["recipe_2022"] - floor) / (ms["ours"] - floor)
    print(f"cost above the floor: 2022 recipe {ms['recipe_2022'] - floor:.2f} ms, ours {ms['ours'] - floor:.2f} ms "
          f"({ratio:.1f} times smaller; target: at least 5)")
    if save:
        results = json.loads(RESULTS.read_text()) | {  # other benchmarks' figures stay
            "tests": n, "rounds": rounds, "machine": f"{os.cpu_count()} cores",
            "ms_per_test": {name: round(value, 2) for name, value in ms.items()},
        }
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(f"saved to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
