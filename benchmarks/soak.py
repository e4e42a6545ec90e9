"""Soak: the app on ring-8 at full speed with a random control change every 100 ms, for a set time.

Runs `python -m ganviz.app.soak_driver` (the real app plus a driver that edits live settings through
the controls, resets now and then, and resets a run that diverges) offscreen in a subprocess, with its
settings, log and autosave in a temporary folder. Every few seconds it samples the resident memory
(VmRSS) of the app and of each of its child processes (trainer, evaluator). Reports and writes as
JSON (--out):
  - memory growth after the first minute: total RSS (app and children) over the last tenth of the
    run minus over the tenth that follows the first minute, medians of the samples (limit 50 MB);
  - the longest GUI-thread stall over the whole run, from the window being shown (limit 100 ms),
    and after the first minute;
  - exceptions logged (ERROR or CRITICAL lines of the app's log; limit 0);
  - steps, frames, changes made, resets and the exit status.

    python benchmarks/soak.py [--minutes 10] [--sample-s 5] [--out soak.json] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GROWTH_LIMIT_MB = 50.0
STALL_LIMIT_MS = 100.0
WARMUP_S = 60.0


def rss_mb(pid: int) -> float | None:
    """Resident memory of one process in MB, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def children(pid: int) -> list[int]:
    """Direct child process ids (from /proc/PID/task/*/children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return found


def process_name(pid: int) -> str:
    """What a child runs, from its command line (spawned children carry the parent's interpreter)."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except FileNotFoundError:
        return "gone"
    return "resource_tracker" if "resource_tracker" in cmd else "child"


def sample(pid: int) -> dict:
    """RSS of the app and each child, by pid."""
    out = {"app": rss_mb(pid)}
    for c in children(pid):
        out[f"{process_name(c)}:{c}"] = rss_mb(c)
    return {k: v for k, v in out.items() if v is not None}


def soak(minutes: float, sample_s: float, seed: int, folder: Path) -> dict:
    """Run the driven app for `minutes`; the summary."""
    seconds = minutes * 60
    status, report, log = folder / "status.jsonl", folder / "report.json", folder / "cache" / "ganviz" / "ganviz.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               XDG_CACHE_HOME=str(folder / "cache"))
    cmd = [sys.executable, "-m", "ganviz.app.soak_driver", "--seconds", str(seconds), "--status", str(status),
           "--report", str(report), "--seed", str(seed)]
    stderr_path = folder / "stderr.txt"
    t0 = time.monotonic()
    with open(stderr_path, "w") as stderr:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        samples = []
        while proc.poll() is None:
            time.sleep(sample_s)
            s = sample(proc.pid)
            if s:
                samples.append({"t": round(time.monotonic() - t0, 1), "rss_mb": s})
                total = sum(s.values())
                print(f"  {samples[-1]['t']:7.1f} s  RSS {total:7.1f} MB  "
                      + "  ".join(f"{k}={v:.0f}" for k, v in s.items()), flush=True)
            if time.monotonic() - t0 > seconds + 120:
                proc.kill()
                break
    return summarize(samples, status, report, log, proc.returncode, stderr_path.read_text(), minutes)


def median_total(samples: list[dict]) -> float | None:
    """Median total RSS of these samples: the children swing by ±50 MB as networks are rebuilt."""
    totals = sorted(sum(s["rss_mb"].values()) for s in samples)
    return totals[len(totals) // 2] if totals else None


def summarize(samples, status_path: Path, report_path: Path, log_path: Path, exit_code, stderr: str,
              minutes: float) -> dict:
    """The figures and the verdicts."""
    lines = [json.loads(x) for x in status_path.read_text().splitlines()] if status_path.exists() else []
    running = [s for s in samples if len(s["rss_mb"]) >= 3]  # app, trainer, evaluator (and the resource tracker)
    end = running[-1] if running else None
    after = [s for s in running if s["t"] >= WARMUP_S]
    window = max(3, len(after) // 10)  # the first and the last tenth of the run after its first minute
    start = median_total(after[:window]) if len(after) >= 2 * window else None
    growth = median_total(after[-window:]) - start if start is not None else None
    stalls_after = [x["max_stall_ms"] for x in lines if x["t"] > WARMUP_S]
    log_text = log_path.read_text() if log_path.exists() else ""
    errors = [x for x in log_text.splitlines() if " ERROR " in x or " CRITICAL " in x]
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    last = lines[-1] if lines else {}
    out = {
        "minutes": minutes, "exit_code": exit_code, "stderr": stderr[-2000:],
        "rss_start_mb": round(start, 1) if start is not None else None,
        "rss_end_mb": round(median_total(after[-window:]), 1) if start is not None else None,
        "rss_growth_after_first_minute_mb": round(growth, 1) if growth is not None else None,
        "rss_by_process_end_mb": {k.split(":")[0]: round(v, 1) for k, v in end["rss_mb"].items()} if end else {},
        "max_stall_ms_after_first_minute": max(stalls_after) if stalls_after else None,
        "max_stall_ms_whole_run": max((x["max_stall_ms"] for x in lines), default=None),
        "exceptions_logged": len(errors), "first_errors": errors[:5],
        "steps": last.get("steps"), "frames": last.get("frames"), "changes": last.get("changes"),
        "resets": last.get("resets"), "diverged_then_reset": last.get("recoveries"),
        "app_report": report, "samples": samples, "status_lines": lines,
    }
    out["passed"] = {
        "memory": growth is not None and growth <= GROWTH_LIMIT_MB,
        "stall": bool(lines) and max(x["max_stall_ms"] for x in lines) <= STALL_LIMIT_MS,
        "exceptions": not errors and exit_code == 0 and "Traceback" not in stderr,
    }
    return out


def main() -> int:
    """Run the soak and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--sample-s", type=float, default=5.0, help="seconds between memory samples")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random control changes")
    parser.add_argument("--out", type=Path, default=Path("soak.json"))
    args = parser.parse_args()
    if args.minutes <= 1:
        parser.error("--minutes must be more than 1 (growth is measured after the first minute)")
    with tempfile.TemporaryDirectory() as d:
        print(f"soak: ring-8, a random change every 100 ms, {args.minutes:g} min", flush=True)
        summary = soak(args.minutes, args.sample_s, args.seed, Path(d))
    args.out.write_text(json.dumps(summary, indent=1))
    s = summary
    print(f"memory growth after the first minute: {s['rss_growth_after_first_minute_mb']} MB "
          f"(limit {GROWTH_LIMIT_MB:g}; medians {s['rss_start_mb']} → {s['rss_end_mb']} MB)")
    print(f"longest GUI stall over the whole run: {s['max_stall_ms_whole_run']} ms (limit {STALL_LIMIT_MS:g}); "
          f"after the first minute {s['max_stall_ms_after_first_minute']} ms")
    print(f"exceptions logged: {s['exceptions_logged']}; exit code {s['exit_code']}")
    print(f"steps {s['steps']}, frames {s['frames']}, changes {s['changes']}, resets {s['resets']}, "
          f"diverged and reset {s['diverged_then_reset']}")
    print("passed: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in s["passed"].items()))
    print(f"summary written to {args.out}")
    return 0 if all(s["passed"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
