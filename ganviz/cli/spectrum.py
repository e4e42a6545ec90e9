"""`ganviz spectrum`: train to step N, then write the eigenvalues of the game's Jacobian there."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ganviz.cli.settings_flags import add_settings_flags
from ganviz.core.errors import ConfigError

EPILOG = """\
The game's Jacobian J is that of both players' joint gradient field v = (−∇_G L_G, −∇_D L_D) with the
run's own loss and regularizer, on one batch drawn apart from training. Up to 3,000 parameters every
eigenvalue is computed exactly; above, the K of largest real part, the K of largest modulus and the
K of largest imaginary part (the rotation) by Arnoldi iteration, each with its residual. Needs a
learned discriminator and no unrolling.
output (--out FILE.json): step, eigenvalues (a list of [re, im]), residuals (0 where exact), method
  ("exact" or "arnoldi"), parameters, max_step_modulus (the largest |1 + hλ| of simultaneous steps of the
  learning rates), max_real (the largest Re λ), verdict ("converges", "circles" or "diverges"), summary.
"""


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the `spectrum` subcommand on the subparsers `sub`."""
    p = sub.add_parser("spectrum", help="train to a step and write the eigenvalues of the game's Jacobian there",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    add_settings_flags(p)
    p.add_argument("--steps", type=int, default=0, help="training iterations before measuring (default 0)")
    p.add_argument("--k", type=int, default=6, help="eigenvalues of each kind by Arnoldi (default 6)")
    p.add_argument("--exact", action="store_true", help="form J and find every eigenvalue, whatever its size")
    p.add_argument("--out", type=Path, metavar="FILE.json", help="write the result here")
    return p


def cmd(args) -> int:
    """Train, measure and report; ConfigError on bad input."""
    if args.steps < 0:
        raise ConfigError("--steps", f"must be a whole number ≥ 0, got {args.steps}")
    if not 1 <= args.k <= 100:
        raise ConfigError("--k", f"must be a whole number from 1 to 100, got {args.k}")
    if args.out is not None and args.out.suffix != ".json":
        raise ConfigError("--out", f"must end in .json, got {args.out}")
    import torch

    from ganviz.core.assemble import resolve_config
    from ganviz.core.spectrum import spectrum, unsupported
    from ganviz.core.trainer import Trainer

    cfg = resolve_config(args.preset, args.config, args.set, args.seed)
    torch.set_num_threads(1)
    trainer = Trainer(cfg)
    why = unsupported(trainer)  # before training, not after
    if why:
        raise ConfigError("spectrum", why)
    trainer.train(args.steps)
    if trainer.status != "ok":
        raise ConfigError("--steps", f"the run {trainer.message}, so there is no game left to measure")
    result = spectrum(trainer, k=args.k, method="exact" if args.exact else None)
    if args.out is not None:
        try:
            args.out.write_text(json.dumps(result.to_json()))
        except OSError as e:
            raise ConfigError("--out", f"cannot write {args.out}: {e.strerror}") from None
    top = ", ".join(f"{v.real:.4g}{v.imag:+.4g}i" for v in result.eigenvalues[:4])
    print(f"step {result.step}: {result.method}, {result.parameters} parameters, {len(result.eigenvalues)} "
          f"eigenvalues (largest real part first: {top}); max |1 + hλ| = {result.max_step_modulus:.6f}")
    print(result.summary)
    return 0
