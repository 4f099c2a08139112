"""Compare what a per-test database costs: python benchmarks/run.py [N] [ROUNDS] [--save]

Runs N tests that each make one request through the app, for each way of giving every
test its own database (benchmarks/isolation.py), and prints ms per test. The variants
take turns, ROUNDS times, and each keeps its best round. With --save, the figures go to
benchmarks/results.json, which the README and chapters 5 and 10 show. When
TEST_DATABASE_URL names a PostgreSQL server, the same ways are measured there too.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.isolation import above, above_the_floor, postgresql_url, run_all, variants  # noqa: E402
from benchmarks.results import machine, save  # noqa: E402


def main(args: list[str]) -> None:
    save_them = "--save" in args
    numbers = [int(arg) for arg in args if arg != "--save"]
    n = numbers[0] if numbers else 200
    rounds = numbers[1] if len(numbers) > 1 else 3
    figures = {"tests": n, "rounds": rounds, "machine": machine()}
    results = figures | {"ms_per_test": measure(n, rounds)}
    server = postgresql_url()
    if server:  # TEST_DATABASE_URL names a PostgreSQL server: there too
        print("on PostgreSQL:")
        results["postgresql"] = figures | {"ms_per_test": measure(n, rounds, server)}
    if save_them:
        save(**results)


def measure(n: int, rounds: int, server: str | None = None) -> dict[str, float]:
    measured = variants(server)
    ms = {name: run.ms_per_test for name, run in run_all(n, rounds, names=tuple(measured), server=server).items()}
    width = max(len(label) for label, _ in measured.values())
    for name, (label, _) in measured.items():
        print(f"{label:<{width}} {ms[name]:6.2f} ms/test")
    over_floor = above_the_floor(ms)
    print(f"above the floor: 2022 recipe {over_floor['recipe_2022']:.2f} ms, ours {over_floor['ours']:.2f} ms "
          f"(the recipe costs {over_floor['recipe_2022'] / over_floor['ours']:.1f} times as much)")
    isolating = above(ms, "no_isolation")
    print(f"above the same requests not isolated: 2022 recipe {isolating['recipe_2022']:.2f} ms, "
          f"ours {isolating['ours']:.2f} ms (the recipe costs {isolating['recipe_2022'] / isolating['ours']:.1f} "
          "times as much)")
    return {name: round(value, 2) for name, value in ms.items()}


if __name__ == "__main__":
    main(sys.argv[1:])
