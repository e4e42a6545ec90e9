"""When Qt cannot open a window, `ganviz` says why in one message and exits 2 (it used to abort silently)."""

import os
import subprocess
import sys

import pytest

from ganviz.app import qt_start

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
"""

# what Qt 6.11 says before it aborts, when the xcb plugin will not load
XCB_WARNINGS = ["From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin.",
                'Could not load the Qt platform plugin "xcb" in "" even though it was found.']
FATAL = ("This application failed to start because no Qt platform plugin could be initialized. Reinstalling the "
         "application may fix this problem.\n\nAvailable platform plugins are: minimal, offscreen, xcb, wayland.\n")


@pytest.mark.parametrize(("library", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libdbus-1.so.3", "libdbus-1-3"), ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"), ("libEGL.so.1", "libegl1")])
def test_library_to_debian_package(library, package):
    assert qt_start.package_for(library) == package


def test_missing_libraries_are_read_from_ldd_once_each():
    assert qt_start.missing_libraries(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]


def test_missing_libraries_are_named_with_the_command_that_installs_them(monkeypatch):
    monkeypatch.setattr(qt_start, "lacking", lambda platform: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    monkeypatch.setattr(qt_start, "_installed", lambda name: False)
    text = qt_start.explain(FATAL, XCB_WARNINGS, {"DISPLAY": ":0"})
    assert text.splitlines() == [
        'ganviz: cannot open a window: Qt\'s platform plugin "xcb" did not start.',
        "It needs system libraries that are not installed: libxcb-icccm.so.4, libxcb-keysyms.so.1.",
        "On Debian or Ubuntu: sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0"]


def test_a_display_that_does_not_answer_is_named(monkeypatch):
    monkeypatch.setattr(qt_start, "lacking", lambda platform: [])
    monkeypatch.setattr(qt_start, "_installed", lambda name: True)
    text = qt_start.explain(FATAL, ["could not connect to display :77", *XCB_WARNINGS], {"DISPLAY": ":77"})
    assert "Nothing answers on the display :77" in text and "apt-get" not in text


def _start(tmp_path, **env):
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environ.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"), **env)
    return subprocess.run([sys.executable, "-m", "ganviz", "--preset", "ring-8"], env=environ, capture_output=True,
                          text=True, timeout=120)


def test_no_display_exits_2_and_says_so(tmp_path):
    proc = _start(tmp_path, QT_QPA_PLATFORM="xcb")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("ganviz: cannot open a window: Qt's platform plugin \"xcb\" did not start.\n")
    assert "DISPLAY is not set" in proc.stderr and "QT_QPA_PLATFORM=offscreen" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_a_forced_bad_platform_exits_2_and_lists_the_ones_there_are(tmp_path):
    proc = _start(tmp_path, QT_QPA_PLATFORM="nonesuch")
    assert proc.returncode == 2, proc.stderr
    first, second = proc.stderr.splitlines()
    assert first == "ganviz: cannot open a window: Qt's platform plugin \"nonesuch\" did not start."
    assert second.startswith("There is no plugin of that name (QT_QPA_PLATFORM is set to it); available: ")
    assert "offscreen" in second and "xcb" in second
