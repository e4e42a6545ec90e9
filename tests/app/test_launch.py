"""The app as a user starts it: a subprocess that quits by itself and writes its report."""

import json
import os
import subprocess
import sys


def _env(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env


def test_app_plays_quits_and_reports(tmp_path):
    report = tmp_path / "report.json"
    # 15 s: with the other test worker building the packaged app, the children's first frame once came after 6 s
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--preset", "ring-8", "--play", "--quit-after", "15",
                           "--report", str(report)], env=_env(tmp_path), capture_output=True, text=True,
                          timeout=90)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    data = json.loads(report.read_text())
    assert set(data) == {"steps", "frames", "steps_per_s", "fps", "max_stall_ms", "startup_s"}
    assert data["steps"] > 0 and data["frames"] > 10
    assert 0 < data["startup_s"] < 10


def test_report_without_quit_after_exits_2_with_a_message(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--report", str(tmp_path / "r.json")],
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "ganviz: error: --report: needs --quit-after SECONDS (the figures are measured until then)\n"


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
                           "--quit-after", "12", "--report", str(report)], env=_env(tmp_path),
                          capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert json.loads(report.read_text())["steps"] > 0
    # the window ran that experiment: it is what it remembers on closing
    saved = QSettings(str(tmp_path / "config" / "ganviz" / "ganviz.conf"), QSettings.IniFormat).value("experiment")
    assert from_json(str(saved)) == config
