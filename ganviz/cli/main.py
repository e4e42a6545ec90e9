"""The `ganviz` command: the app by default; `presets`, `run`, `sweep`, `claims` and `spectrum` headless.

Bad input ends with exit status 2 and one line naming what was wrong; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ganviz.cli.settings_flags import add_settings_flags
from ganviz.core.errors import ConfigError

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in our one-line form."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"ganviz: error: {message}\n(see `{self.prog} --help`)\n")

    def format_help(self) -> str:
        if callable(self.epilog):  # made only when asked for: listing the keys imports the targets (0.3 s)
            self.epilog = self.epilog()
        return super().format_help()


def _keys_help() -> str:
    from ganviz.core.config import base_specs, target_specs
    from ganviz.core.targets import target_names

    lines = ["config keys (--set KEY=VALUE; * = takes effect only after a reset):"]
    for spec in base_specs().values():
        mark = " " if spec.live else "*"
        lines.append(f" {mark}{spec.key:<15} {spec.describe()} (default {_show(spec.default)})")
        lines.append(f"  {'':<15} {spec.help}")
    lines.append("\ntarget parameters (target.NAME, by target):")
    for name in target_names():
        specs = target_specs(name)
        if specs:
            params = ", ".join(f"{k[len('target.'):]} ({_range(s)})" for k, s in specs.items())
            lines.append(f"  {name}: {params}")
    return "\n".join(lines)


def _range(spec) -> str:
    if spec.type is list:
        return f"distinct ints {spec.lo:g}..{spec.hi:g}, default {_show(spec.default)}"
    kind = "int" if spec.type is int else "num"
    return f"{kind} {spec.lo:g}..{spec.hi:g}, default {spec.default:g}"


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(f"{v:g}" for v in value)
    return str(value)


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (subcommands presets and run)."""
    parser = _Parser(prog="ganviz", description="A visual simulator of adversarial training. "
                     "Without a command, opens the desktop app.")
    parser.add_argument("--preset", help="open the app with this preset")
    parser.add_argument("--config", type=Path, help="open the app with a saved experiment (.json)")
    parser.add_argument("--play", action="store_true", help="start training at once")
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help="close the app by itself after this many seconds (to check a machine); with "
                             "--quit-after-steps or --quit-after-frames, a ceiling: whichever comes first")
    parser.add_argument("--quit-after-steps", type=int, metavar="N",
                        help="close the app by itself once it has trained N steps since training started")
    parser.add_argument("--quit-after-frames", type=int, metavar="N",
                        help="close the app by itself once it has drawn N frames since training started "
                             "(with --quit-after-steps: once both are reached)")
    parser.add_argument("--size", metavar="WxH",
                        help="open the window at this size in pixels, e.g. 1024x768 (a projector's)")
    parser.add_argument("--present", action="store_true",
                        help="open in presentation mode: full screen, views scaled for a projector (F11 leaves)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="with a --quit-after option: save the window as shown just before it quits")
    parser.add_argument("--report", type=Path, metavar="FILE.json",
                        help="with a --quit-after option: write steps, frames, steps_per_s, fps, max_stall_ms, "
                             "startup_s, first_frame_s")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("presets", help="list the presets, one line each")
    run = sub.add_parser(
        "run", help="train headless and write the histories and final state",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_keys_help)
    add_settings_flags(run)
    run.add_argument("--steps", type=int, required=True, help="training iterations (0 = initial state only)")
    run.add_argument("--out", type=Path, help="output file, .npz or .json")
    run.add_argument("--threads", type=int, default=1,
                     help="torch threads (default 1: nets this small gain little from more, and several "
                          "runs side by side slow each other badly when each takes every core)")
    from ganviz.cli import claims, spectrum, sweep

    sweep.add_parser(sub)
    claims.add_parser(sub)
    spectrum.add_parser(sub)
    return parser


def _cmd_presets() -> int:
    from ganviz.core.presets import list_presets

    items = list_presets()
    width = max(len(n) for n, _ in items)
    for name, description in items:
        print(f"{name:<{width}}  {description}")
    return 0


def _cmd_run(args) -> int:
    import torch

    from ganviz.cli.output import write_output
    from ganviz.core.run import run

    if args.steps < 0:
        raise ConfigError("--steps", f"must be a whole number ≥ 0, got {args.steps}")
    if args.out is not None and args.out.suffix not in (".npz", ".json"):
        raise ConfigError("--out", f"must end in .npz or .json, got {args.out}")
    if args.threads < 1:
        raise ConfigError("--threads", f"must be a whole number ≥ 1, got {args.threads}")
    from ganviz.core.assemble import resolve_config

    cfg = resolve_config(args.preset, args.config, args.set, args.seed)
    torch.set_num_threads(args.threads)
    fields = run(cfg, args.steps)
    if args.out is not None:
        try:
            write_output(fields, args.out)
        except OSError as e:
            raise ConfigError("--out", f"cannot write {args.out}: {e.strerror}") from None
    hist = {k: v[-1] for k, v in fields.items() if k.startswith("hist_") and len(v)}
    summary = ", ".join(f"{k[5:]}={v:.4g}" for k, v in hist.items() if k != "hist_step")
    print(f"{fields['status']}: {fields['steps']} steps, {fields['steps_per_s']:.0f} steps/s; {summary}")
    if fields["status"] != "ok":
        print(fields["message"])
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `ganviz` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "presets":
            return _cmd_presets()
        if args.command == "run":
            return _cmd_run(args)
        if args.command == "sweep":
            from ganviz.cli import sweep

            return sweep.cmd(args)
        if args.command == "claims":
            from ganviz.cli import claims

            return claims.cmd(args)
        if args.command == "spectrum":
            from ganviz.cli import spectrum

            return spectrum.cmd(args)
        if args.quit_after is not None and args.quit_after <= 0:
            raise ConfigError("--quit-after", f"must be a number of seconds > 0, got {args.quit_after}")
        for flag, count in (("--quit-after-steps", args.quit_after_steps),
                            ("--quit-after-frames", args.quit_after_frames)):
            if count is not None and count < 1:
                raise ConfigError(flag, f"must be a whole number ≥ 1, got {count}")
        counts = args.quit_after_steps is not None or args.quit_after_frames is not None
        if counts and not args.play:
            raise ConfigError("--quit-after-steps" if args.quit_after_steps is not None else "--quit-after-frames",
                              "needs --play (the counts start when training does)")
        if args.report is not None and args.quit_after is None and not counts:  # written as the app quits
            raise ConfigError("--report", "needs --quit-after SECONDS, --quit-after-steps N or --quit-after-frames N "
                              "(the figures are measured until then)")
        if args.screenshot is not None and args.quit_after is None and not counts:
            raise ConfigError("--screenshot", "needs --quit-after SECONDS, --quit-after-steps N or "
                              "--quit-after-frames N (the window is saved as it quits)")
        if args.screenshot is not None and args.screenshot.suffix.lower() != ".png":
            raise ConfigError("--screenshot", f"must name a .png file, got {str(args.screenshot)!r}")
        from ganviz.app.launch import launch, window_size  # the desktop app

        window_size(args.size)  # a bad --size exits 2 before any window
        return launch(args)
    except ConfigError as e:
        print(f"ganviz: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
