"""Why Qt could not open a window, told in one message instead of an abort with nothing on the terminal.

Qt reports a platform plugin that will not load with a fatal message and then aborts (exit status
134); its warnings before that name the plugin. The app's message handler sends that fatal message
here: we name the cause (no display, an unknown plugin, or the system libraries the plugin lacks,
read from its dependencies with ldd, with the Debian/Ubuntu command that installs them) and exit 2.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

EXIT_NO_WINDOW = 2

# Debian package names that do not follow the rule in package_for (libNAME.so.N -> libNAMEN).
_PACKAGES = {"libglib-2.0.so.0": "libglib2.0-0", "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1",
             "libOpenGL.so.0": "libopengl0", "libGLX.so.0": "libglx0"}


def package_for(library: str) -> str:
    """The Debian/Ubuntu package that ships a shared library, by the usual naming rule.

    libxcb-icccm.so.4 -> libxcb-icccm4; libxkbcommon-x11.so.0 -> libxkbcommon-x11-0 (a name that
    ends in a digit takes a dash before the version).
    """
    if library in _PACKAGES:
        return _PACKAGES[library]
    match = re.fullmatch(r"(.+)\.so\.(\d+)(?:\.[\d.]+)?", library)
    if not match:
        return library
    name, version = match.groups()
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ldd reports as 'not found', each once, in its order."""
    found = re.findall(r"^\s*(\S+)\s+=>\s+not found", ldd_output, flags=re.MULTILINE)
    return list(dict.fromkeys(found))


def plugin_file(platform: str) -> Path | None:
    """The shared library of a Qt platform plugin in the PySide6 in use, if it is there."""
    try:
        import PySide6
    except ImportError:
        return None
    folder = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms"
    name = {"wayland-egl": "libqwayland-egl.so", "wayland": "libqwayland.so"}.get(platform, f"libq{platform}.so")
    path = folder / name
    if not path.is_file() and platform.startswith("wayland"):
        path = folder / "libqwayland.so"  # one library serves the wayland variants in recent Qt
    return path if path.is_file() else None


def lacking(platform: str) -> list[str]:
    """The system libraries the platform plugin needs and cannot find (empty when ldd is not there)."""
    path, ldd = plugin_file(platform), shutil.which("ldd")
    if path is None or ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return missing_libraries(out)


def explain(fatal: str, warnings: list[str], environ: dict | None = None) -> str:
    """One message naming why no window could be opened and what to do about it."""
    env = os.environ if environ is None else environ
    said = "\n".join([*warnings, fatal])
    named = re.findall(r'platform plugin "([^"]+)"', said)
    platform = named[-1] if named else env.get("QT_QPA_PLATFORM", "xcb")
    available = re.search(r"Available platform plugins are: ([^\n]*?)\.?\s*$", said, flags=re.MULTILINE)
    lines = [f"ganviz: cannot open a window: Qt's platform plugin \"{platform}\" did not start."]
    if re.search(rf'Could not find the Qt platform plugin "{re.escape(platform)}"', said):
        where = " (QT_QPA_PLATFORM is set to it)" if env.get("QT_QPA_PLATFORM") == platform else ""
        lines.append(f"There is no plugin of that name{where}; available: "
                     f"{available.group(1) if available else 'see the Qt documentation'}.")
    else:
        libraries = lacking(platform)
        packages = [package_for(lib) for lib in libraries]
        if platform == "xcb" and "libxcb-cursor0 is needed" in said and not _installed("xcb-cursor"):
            packages.append("libxcb-cursor0")  # loaded at run time by Qt, so ldd cannot see it
        packages = list(dict.fromkeys(packages))
        if libraries:
            lines.append(f"It needs system libraries that are not installed: {', '.join(libraries)}.")
        if packages:
            lines.append(f"On Debian or Ubuntu: sudo apt-get install {' '.join(packages)}")
        refused = re.search(r"could not connect to display (\S*)", said)
        if platform == "xcb" and not env.get("DISPLAY"):
            lines.append("There is no display: DISPLAY is not set. Start ganviz from a desktop session "
                         "(or, to check a machine without a screen, set QT_QPA_PLATFORM=offscreen).")
        elif refused:
            lines.append(f"Nothing answers on the display {refused.group(1) or env.get('DISPLAY', '')} "
                         "(DISPLAY): is the desktop session or X server there running?")
        elif platform.startswith("wayland") and not env.get("WAYLAND_DISPLAY"):
            lines.append("There is no Wayland display: WAYLAND_DISPLAY is not set.")
        elif not packages:
            connect = [w for w in warnings if "connect" in w.lower() or "display" in w.lower()]
            lines.append(f"Qt said: {connect[-1] if connect else fatal.splitlines()[0]}")
    return "\n".join(lines)


def _installed(name: str) -> bool:
    import ctypes.util

    return ctypes.util.find_library(name) is not None


def give_up(fatal: str, warnings: list[str]) -> None:
    """Print the explanation and leave with exit status 2 before Qt aborts."""
    sys.stderr.write(explain(fatal, warnings) + "\n")
    sys.stderr.flush()
    os._exit(EXIT_NO_WINDOW)
