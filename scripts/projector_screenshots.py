"""What a lecturer's projector shows: every preset at 1024×768, the 1-D, 2-D and Dirac pages at 1280×720,
and the same three pages in presentation mode (2× and 3×) on a 1024×768 screen.

Each picture is the app itself, started as a user would (`ganviz --preset P --play --size WxH
--quit-after-steps N --screenshot FILE`) on a fresh profile, offscreen; presentation mode gets a
1024×768 offscreen screen (Qt's offscreen platform reads its screens from a JSON file). Every run must
exit 0 with nothing on stderr, or the script says which did not. Writes assets/screenshots/projector/.

    python scripts/projector_screenshots.py [--only PRESET ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots" / "projector"
PAGES = ("bimodal-1d", "ring-8", "dirac-gan")  # the 1-D, 2-D and Dirac pages
STEPS = 300  # trained before the picture (the dirac-gan preset plays in slow motion: fewer frames, same count)
CEILING_S = 300  # a hung app alone reaches this
PROJECTOR = {"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1024, "height": 768,
                          "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def shoot(preset: str, out: Path, size: str | None, platform: str, home: Path, extra: list[str]) -> str | None:
    """One picture; None when the app ran cleanly, else what went wrong."""
    env = dict(os.environ, QT_QPA_PLATFORM=platform, XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), HOME=str(home))
    steps = "60" if preset == "dirac-gan" else str(STEPS)
    cmd = [sys.executable, "-m", "ganviz", "--preset", preset, "--play", "--quit-after-steps", steps,
           "--quit-after", str(CEILING_S), "--screenshot", str(out), *(["--size", size] if size else []), *extra]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=CEILING_S + 60)
    if proc.returncode != 0 or proc.stderr:
        return f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"
    return None


def main(argv: list[str] | None = None) -> int:
    """Write every picture; returns 1 if any run failed or wrote to stderr."""
    from ganviz.core.presets import preset_names

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="PRESET", help="only these presets")
    args = parser.parse_args(argv)
    presets = args.only or preset_names()
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        screen = tmp / "projector.json"
        screen.write_text(json.dumps(PROJECTOR))
        jobs = [(p, OUT / f"{p}-1024x768.png", "1024x768", "offscreen", []) for p in presets]
        for p in (p for p in PAGES if p in presets):
            jobs.append((p, OUT / f"{p}-1280x720.png", "1280x720", "offscreen", []))
            for scale in (2, 3):
                # a fresh profile per picture, with the presentation scale set in its settings file
                jobs.append((p, OUT / f"{p}-present-{scale}x.png", None, f"offscreen:configfile={screen}",
                             ["--present"], scale))
        for job in jobs:
            preset, out, size, platform, extra = job[:5]
            home = Path(tempfile.mkdtemp(dir=tmp))
            if len(job) == 6:
                conf = home / "config" / "ganviz"
                conf.mkdir(parents=True)
                (conf / "ganviz.conf").write_text(f"[presentation]\nscale={job[5]}\n")
            problem = shoot(preset, out, size, platform, home, extra)
            print(f"{out.name}: {problem or 'ok'}", file=sys.stderr)
            if problem:
                failed.append(out.name)
    if failed:
        print(f"{len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
