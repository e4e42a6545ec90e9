"""How fast is `ganviz run --preset ring-8` (or `--preset digits`) against a plain PyTorch loop of the same networks?

Both run as separate processes, alternated several times in one session so that machine noise
hits both alike; the ratio of medians is printed. `steps_per_s` of ganviz counts the training
loop alone (measurements every log_every steps are excluded, as in its output field).

Both use the same number of torch threads (`--threads`, default 1 as `ganviz run`).

    python benchmarks/run_speed.py [--preset ring-8|digits] [--steps 3000] [--repeats 5] [--threads 1]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAIN = {"ring-8": "plain_gan_loop.py", "digits": "plain_dcgan_loop.py"}  # each preset's reference loop


def ganviz_rate(preset: str, steps: int, threads: int) -> float:
    """steps_per_s reported by the CLI."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        subprocess.run([sys.executable, "-m", "ganviz", "run", "--preset", preset, "--steps", str(steps),
                        "--threads", str(threads), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text())["steps_per_s"]


def plain_rate(preset: str, steps: int, threads: int) -> float:
    """steps_per_s of the plain loop."""
    text = subprocess.run([sys.executable, str(HERE / PLAIN[preset]), str(steps), str(threads)], check=True,
                          capture_output=True, text=True).stdout
    return json.loads(text)["steps_per_s"]


def main() -> None:
    """Alternate the two and print each rate and the ratio of medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", choices=sorted(PLAIN), default="ring-8")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    ours, plain = [], []
    for i in range(args.repeats):
        ours.append(ganviz_rate(args.preset, args.steps, args.threads))
        plain.append(plain_rate(args.preset, args.steps, args.threads))
        print(f"round {i + 1}: ganviz {ours[-1]:.0f} steps/s, plain {plain[-1]:.0f} steps/s", flush=True)
    ratio = statistics.median(ours) / statistics.median(plain)
    print(f"median ganviz {statistics.median(ours):.0f} steps/s, plain {statistics.median(plain):.0f} steps/s, "
          f"ratio {ratio:.3f} (goal ≥ 0.9)")


if __name__ == "__main__":
    main()
