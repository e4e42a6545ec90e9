"""The app as a user starts it: a subprocess that quits by itself and writes its report.

The app quits on counts (steps trained, frames drawn), never after a fixed time: a slow or busy
machine only makes it take longer. CEILING_S is there for a hung app alone.
"""

import json
import os
import subprocess
import sys

CEILING_S = 600


def _env(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env


def test_app_plays_quits_and_reports(tmp_path):
    report, shot = tmp_path / "report.json", tmp_path / "shot.png"
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--preset", "ring-8", "--play", "--quit-after-steps", "50",
                           "--quit-after-frames", "10", "--quit-after", str(CEILING_S), "--report", str(report),
                           "--size", "1024x768", "--screenshot", str(shot)],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=CEILING_S + 60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    from PIL import Image

    with Image.open(shot) as image:  # the window at the size asked for, as it was drawn when it quit
        assert image.format == "PNG" and image.size == (1024, 768)
        assert len(image.convert("RGB").getcolors(1 << 20)) > 50  # drawn plots, not one flat colour
    data = json.loads(report.read_text())
    assert set(data) == {"steps", "frames", "steps_per_s", "fps", "max_stall_ms", "startup_s", "first_frame_s"}
    assert data["steps"] >= 50 and data["frames"] >= 10, data  # it quit on its counts, not on the ceiling
    assert data["steps_per_s"] > 0 and data["fps"] > 0
    assert data["startup_s"] > 0 and data["first_frame_s"] > 0


def test_report_without_quit_after_exits_2_with_a_message(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--report", str(tmp_path / "r.json")],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == ("ganviz: error: --report: needs --quit-after SECONDS, --quit-after-steps N or "
                           "--quit-after-frames N (the figures are measured until then)\n")


def test_count_options_are_checked(tmp_path):
    for args, message in ((["--quit-after-steps", "0", "--play"], "--quit-after-steps: must be a whole number ≥ 1"),
                          (["--quit-after-frames", "-3", "--play"], "--quit-after-frames: must be a whole number ≥ 1"),
                          (["--quit-after-steps", "5"], "--quit-after-steps: needs --play")):
        proc = subprocess.run([sys.executable, "-m", "ganviz", *args], env=_env(tmp_path), capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 2 and proc.stderr.startswith(f"ganviz: error: {message}"), proc.stderr


def test_size_and_screenshot_options_are_checked(tmp_path):
    for args, message in ((["--size", "1024"], "--size: expected WIDTHxHEIGHT in pixels such as 1024x768"),
                          (["--size", "axb"], "--size: expected WIDTHxHEIGHT"),
                          (["--size", "100x100"], "--size: must be from 640x480 to 7680x4320, got '100x100'"),
                          (["--screenshot", "s.png"], "--screenshot: needs --quit-after SECONDS"),
                          (["--screenshot", "s.jpg", "--quit-after", "5"], "--screenshot: must name a .png file")):
        proc = subprocess.run([sys.executable, "-m", "ganviz", *args], env=_env(tmp_path), capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 2 and proc.stderr.startswith(f"ganviz: error: {message}"), proc.stderr


def test_bad_preset_exits_2_with_a_message(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--preset", "nope", "--quit-after", "1"],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "unknown preset 'nope'" in proc.stderr and "Traceback" not in proc.stderr


def test_config_opens_a_saved_experiment_and_plays_it(tmp_path):
    from PySide6.QtCore import QSettings

    from ganviz.core.config import from_json
    from ganviz.core.experiment_file import save_settings
    from ganviz.core.presets import load_preset

    config = load_preset("gaussian-1d").with_changes({"hidden": 8, "lr_g": 3e-4, "seed": 7})
    save_settings(tmp_path / "mine.json", config)  # what File → Save experiment writes as .json
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--config", str(tmp_path / "mine.json"), "--play",
                           "--quit-after-steps", "20", "--quit-after", str(CEILING_S), "--report", str(report)],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=CEILING_S + 60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert json.loads(report.read_text())["steps"] >= 20
    # the window ran that experiment: it is what it remembers on closing
    saved = QSettings(str(tmp_path / "config" / "ganviz" / "ganviz.conf"), QSettings.IniFormat).value("experiment")
    assert from_json(str(saved)) == config


# The app as `ganviz --preset P --play` starts it, reporting which heavy modules the window process
# loaded by the time it quit (the children import torch; the window must not).
NO_TORCH_DRIVER = """
import sys

def main():
    from ganviz.app.launch import launch
    from ganviz.cli.main import build_parser

    args = build_parser().parse_args(["--preset", sys.argv[1], "--play", "--quit-after-steps", "30",
                                      "--quit-after-frames", "5", "--quit-after", sys.argv[2], "--report", sys.argv[3]])
    status = launch(args)
    print("loaded:", ",".join(m for m in ("torch", "scipy.stats", "ganviz.core.trainer") if m in sys.modules))
    sys.exit(status)

if __name__ == "__main__":  # the children are forked from a server that imports this file as __mp_main__
    main()
"""


def test_the_window_process_never_imports_torch(tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(NO_TORCH_DRIVER)
    for preset in ("ring-8", "bimodal-1d", "dirac-gan"):
        report = tmp_path / f"{preset}.json"
        proc = subprocess.run([sys.executable, str(driver), preset, str(CEILING_S), str(report)], env=_env(tmp_path),
                              capture_output=True, text=True, timeout=CEILING_S + 60)
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        assert json.loads(report.read_text())["steps"] >= 30  # it was up and playing
        assert proc.stdout.splitlines()[-1] == "loaded: ", (preset, proc.stdout)


def test_present_opens_full_screen_on_a_projector(tmp_path):
    screen = tmp_path / "screen.json"  # the offscreen platform given one 1024×768 screen, a projector's
    screen.write_text(json.dumps({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1024, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    shot = tmp_path / "shot.png"
    env = dict(_env(tmp_path), QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--preset", "bimodal-1d", "--play", "--present",
                           "--quit-after-frames", "10", "--quit-after", str(CEILING_S), "--screenshot", str(shot)],
                          env=env, capture_output=True, text=True, timeout=CEILING_S + 60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    from PIL import Image

    with Image.open(shot) as image:  # the whole screen, and no wider: the panes that did not fit stepped aside
        assert image.size == (1024, 768)
