"""The experiment's settings: one validated, JSON-round-tripping description of a run.

Every setting is a dataclass field whose metadata (range, choices, live or needs-reset, help)
is the one place the CLI `--set`, `ganviz run --help` and the app's controls read from.
Settings are addressed by flat keys: `lr_g`, `dirac.theta0`, and `target.NAME` for the
parameters of the current target.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ganviz.core.errors import ConfigError

LOSSES = ("minimax", "nonsaturating", "absolute", "least-squares", "wasserstein", "hinge")
CRITIC_LOSSES = ("wasserstein", "hinge")  # D is a critic: a score, not a probability (core.losses: Loss.critic)
REGULARIZERS = ("none", "r1", "r2", "wgan-gp", "instance-noise", "consensus")
OPTIMIZERS = ("sgd", "adam", "rmsprop")
ACTIVATIONS = ("relu", "leaky_relu", "tanh")
# Keys that set the same setting of both players at once (what `hidden`, `layers` and `activation`
# meant before each player had its own); accepted wherever keys are read, written out as the pair.
PAIRED = {"hidden": ("hidden_g", "hidden_d"), "layers": ("layers_g", "layers_d"),
          "activation": ("activation_g", "activation_d")}


def _setting(default, help: str, *, live: bool = True, lo=None, hi=None, choices=None, log=False):
    """A dataclass field carrying its own description for the CLI and the controls (its label in the
    controls, in words a student knows, is in LABELS)."""
    meta = {"help": help, "live": live, "lo": lo, "hi": hi, "choices": choices, "log": log}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class DiracSettings:
    """Start point of the Dirac-GAN (Mescheder et al. 2018): generator θ, discriminator ψ."""

    theta0: float = _setting(1.0, "Initial generator position θ (the data sit at 0).", live=False, lo=-10, hi=10)
    psi0: float = _setting(1.0, "Initial discriminator slope ψ (its logit is ψ·x).", live=False, lo=-10, hi=10)


@dataclass(frozen=True)
class Config:
    """Everything that defines a run; a seed inside makes it reproducible bit for bit."""

    target: str = _setting("bimodal", "The true distribution to learn.", live=False)
    target_params: dict = field(default_factory=dict)  # exposed as target.NAME; filled by validate()
    method: str = _setting(
        "gan", "gan: a discriminator teaches the generator; gmn: the generator descends MMD² directly.",
        choices=("gan", "gmn"))
    discriminator: str = _setting(
        "learned", "learned: a trained network; oracle: the ideal D* = p_t/(p_t+p_g).",
        choices=("learned", "oracle"))
    loss: str = _setting("nonsaturating", "The GAN loss for D and G.", choices=LOSSES)
    clip: float = _setting(0.0, "WGAN weight clipping: clamp D's weights to ±clip after each D step (0 = off).",
                           lo=0.0, hi=100.0)
    regularizer: str = _setting("none", "Penalty added to D's loss (instance-noise blurs D's inputs instead; "
                                "consensus adds γ/2·‖v‖² of both players' gradients to both losses).",
                                choices=REGULARIZERS)
    reg_weight: float = _setting(10.0, "γ for r1/r2/consensus, λ for wgan-gp, noise std σ for instance-noise.",
                                 lo=0.0, hi=1000.0)
    update: str = _setting("alternating", "alternating: D steps then G steps; simultaneous: both from the same point.",
                           choices=("alternating", "simultaneous"))
    d_steps: int = _setting(1, "Discriminator updates per iteration (alternating).", lo=1, hi=100)
    g_steps: int = _setting(1, "Generator updates per iteration (alternating).", lo=1, hi=100)
    lr_g: float = _setting(1e-3, "Generator learning rate.", lo=1e-7, hi=1e4, log=True)
    lr_d: float = _setting(1e-3, "Discriminator learning rate.", lo=1e-7, hi=1e4, log=True)
    lr_halflife: int = _setting(
        0, "Both learning rates halve every this many steps, lr·2^(−step/halflife), so that a pair that has "
        "converged settles instead of being shaken loose by the batch noise (0 = constant).", lo=0, hi=10_000_000)
    lr_warmup: int = _setting(
        0, "Both learning rates ramp up linearly over the first this many steps, lr·min(1, (step+1)/warmup): "
        "Adam's first steps are full-size whatever the gradient, and a generator whose output starts scaled "
        "up (g_init_spread) can be thrown far off by them (0 = no ramp).", lo=0, hi=10_000_000)
    optimizer_g: str = _setting("adam", "Generator optimizer.", choices=OPTIMIZERS)
    optimizer_d: str = _setting("adam", "Discriminator optimizer.", choices=OPTIMIZERS)
    momentum: float = _setting(0.0, "SGD momentum (both players).", lo=0.0, hi=0.999)
    beta1: float = _setting(0.5, "Adam β1 (both players; 0.5 as in DCGAN).", lo=0.0, hi=0.999)
    beta2: float = _setting(0.999, "Adam β2 (both players).", lo=0.0, hi=0.9999)
    batch_size: int = _setting(256, "Samples per batch, real and generated.", lo=1, hi=8192)
    unroll_steps: int = _setting(
        0, "Unrolled GAN (Metz et al. 2017): G's loss is taken against D after this many differentiable steps "
        "of D's optimizer; the real D is not changed (0 = off; learned D only).", lo=0, hi=20)
    pack: int = _setting(
        1, "PacGAN (Lin et al. 2018): D judges packs of this many samples, concatenated (1 = off; "
        "batch_size must be a multiple; learned D only).", live=False, lo=1, hi=16)
    minibatch_std: bool = _setting(
        False, "Minibatch std (Karras et al. 2018): D also reads the batch's standard deviation, "
        "averaged over coordinates, as one more input (learned D only).", live=False)
    latent: str = _setting("uniform", "Latent distribution: uniform on [0,1]^k or standard normal.",
                           live=False, choices=("uniform", "normal"))
    latent_dim: int = _setting(1, "Latent dimension k.", live=False, lo=1, hi=256)
    network: str = _setting("mlp", "The players' kind: mlp (fully connected layers) or dcgan (DCGAN's strided "
                            "convolutions, image targets only; hidden_g and hidden_d are then the channels "
                            "of G's last and D's first convolution).", live=False, choices=("mlp", "dcgan"))
    hidden_g: int = _setting(64, "Units per hidden layer of G.", live=False, lo=1, hi=1024)
    layers_g: int = _setting(2, "Hidden layers of G.", live=False, lo=1, hi=8)
    activation_g: str = _setting("leaky_relu", "Hidden activation of G.", live=False, choices=ACTIVATIONS)
    hidden_d: int = _setting(64, "Units per hidden layer of D.", live=False, lo=1, hi=1024)
    layers_d: int = _setting(2, "Hidden layers of D.", live=False, lo=1, hi=8)
    activation_d: str = _setting("leaky_relu", "Hidden activation of D.", live=False, choices=ACTIVATIONS)
    d_input_scale: float = _setting(
        1.0, "D reads its input multiplied by this (Metz et al. scale the ring down by 4: 0.25).", live=False,
        lo=1e-3, hi=1e3, log=True)
    batchnorm: bool = _setting(False, "Batch normalization after each hidden layer (DCGAN).", live=False)
    init: str = _setting("pytorch", "How both networks' weights start: pytorch (PyTorch's default) or orthogonal "
                         "(orthogonal weights with gain 0.8 and zero biases, as Metz et al.'s toy code).",
                         live=False, choices=("pytorch", "orthogonal"))
    g_init_spread: float = _setting(
        0.0, "If > 0, G starts with the target's mean and this many target stds of spread (0 = plain init).",
        live=False, lo=0.0, hi=10.0)
    mmd_bandwidths: list = _setting([0.2, 0.5, 1.0, 2.0], "Gaussian kernel bandwidths for MMD² (GMN).",
                                    lo=1e-4, hi=1e4)
    mmd_estimator: str = _setting("unbiased", "MMD² estimator used for training.", choices=("biased", "unbiased"))
    kde_bandwidth: float = _setting(0.1, "Kernel bandwidth for density estimates of generated samples.",
                                    lo=1e-3, hi=10.0, log=True)
    log_every: int = _setting(100, "Record the histories every this many steps.", lo=1, hi=1_000_000)
    seed: int = _setting(0, "Random seed: same seed, same run.", live=False, lo=0, hi=2**31 - 1)
    dirac: DiracSettings = field(default_factory=DiracSettings)

    def to_dict(self) -> dict[str, Any]:
        """The flat key → value form (the JSON form)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "target_params":
                out.update({f"target.{k}": v for k, v in value.items()})
            elif dataclasses.is_dataclass(value):
                out.update({f"{f.name}.{g.name}": getattr(value, g.name) for g in dataclasses.fields(value)})
            else:
                out[f.name] = list(value) if isinstance(value, list) else value
        return out

    def to_json(self) -> str:
        """JSON text of to_dict()."""
        return json.dumps(self.to_dict(), indent=1)

    def with_changes(self, changes: Mapping[str, Any]) -> Config:
        """A new validated config with these flat keys changed; raises ConfigError."""
        return from_dict(changes, base=self)

    @property
    def dim(self) -> int:
        """The data dimension of the target: 1, 2, or 64 for the 8×8 digits."""
        from ganviz.core.targets import TARGETS
        return TARGETS[self.target].dim

    @property
    def image(self) -> bool:
        """Whether the target's points are images (the digits): no density, the image page."""
        from ganviz.core.targets import TARGETS
        return TARGETS[self.target].image


# The controls' row labels, in plain words (the key itself is in the tooltip and in View → Settings by key).
LABELS = {
    "target": "target", "method": "method", "discriminator": "discriminator", "loss": "loss",
    "clip": "weight clip", "regularizer": "regularizer", "reg_weight": "penalty weight", "update": "updates",
    "d_steps": "D steps", "g_steps": "G steps", "lr_g": "G learning rate", "lr_d": "D learning rate",
    "lr_halflife": "rate half-life", "lr_warmup": "rate warm-up", "optimizer_g": "G optimizer",
    "optimizer_d": "D optimizer", "momentum": "SGD momentum", "beta1": "Adam β1", "beta2": "Adam β2",
    "batch_size": "batch size", "unroll_steps": "unrolled D steps", "pack": "PacGAN pack",
    "minibatch_std": "minibatch std", "latent": "latent law", "latent_dim": "latent size",
    "network": "networks", "hidden_g": "G width", "layers_g": "G layers", "activation_g": "G activation",
    "hidden_d": "D width",
    "layers_d": "D layers", "activation_d": "D activation", "d_input_scale": "D input scale",
    "batchnorm": "batch norm", "init": "weight init", "g_init_spread": "G start spread",
    "mmd_bandwidths": "MMD kernel widths", "mmd_estimator": "MMD² estimator", "kde_bandwidth": "KDE width",
    "log_every": "record every", "seed": "seed", "dirac.theta0": "start θ", "dirac.psi0": "start ψ",
}


@dataclass(frozen=True)
class KeySpec:
    """One settable key: its type, range, choices, whether it applies live, and help."""

    key: str
    type: type
    default: Any
    help: str
    live: bool
    lo: float | None = None
    hi: float | None = None
    choices: tuple | None = None
    log: bool = False
    label: str = ""  # the controls' row label (LABELS; a target's parameter is its own name)

    def describe(self) -> str:
        """What values are accepted, in words."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.type is bool:
            return "true or false"
        if self.type is list:
            return f"comma-separated numbers in [{self.lo:g}, {self.hi:g}]"
        kind = "an integer" if self.type is int else "a number"
        return f"{kind} in [{self.lo:g}, {self.hi:g}]"


def _field_type(f: dataclasses.Field) -> type:
    return {"str": str, "float": float, "int": int, "bool": bool, "list": list}[str(f.type)]


def _spec_from_field(key: str, f: dataclasses.Field) -> KeySpec:
    m = f.metadata
    default = f.default_factory() if f.default is dataclasses.MISSING else f.default
    choices = m["choices"]
    if key == "target":
        from ganviz.core.targets import target_names
        choices = tuple(target_names())
    return KeySpec(key, _field_type(f), default, m["help"], m["live"], m["lo"], m["hi"], choices, m["log"],
                   LABELS[key])


def base_specs() -> dict[str, KeySpec]:
    """Specs of every key except the target's own parameters."""
    specs: dict[str, KeySpec] = {}
    for f in dataclasses.fields(Config):
        if f.name == "target_params":
            continue
        if f.name == "dirac":
            for g in dataclasses.fields(DiracSettings):
                specs[f"dirac.{g.name}"] = _spec_from_field(f"dirac.{g.name}", g)
        else:
            specs[f.name] = _spec_from_field(f.name, f)
    return specs


def target_specs(target: str) -> dict[str, KeySpec]:
    """Specs of the `target.NAME` keys of one target (changes to them apply live)."""
    from ganviz.core.targets import TARGETS
    out = {}
    for name, p in TARGETS[target].PARAMS.items():
        kind = list if p.many else int if p.integer else float
        default = list(p.default) if p.many else p.default
        out[f"target.{name}"] = KeySpec(f"target.{name}", kind, default, p.help, True, p.lo, p.hi, None, p.log, name)
    return out


def key_specs(config: Config | None = None) -> dict[str, KeySpec]:
    """Every key of this config (its target's parameters included)."""
    config = config or default_config()
    return {**base_specs(), **target_specs(config.target)}


def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def check_value(spec: KeySpec, value: Any) -> Any:
    """The value converted to the key's type, or ConfigError saying what is accepted."""
    bad = ConfigError(spec.key, f"must be {spec.describe()}, got {value!r}")
    if spec.choices is not None:
        if value not in spec.choices:
            raise bad
        return value
    if spec.type is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if spec.type is list:
        if not isinstance(value, list | tuple) or not value:
            raise bad
        return [_check_number(spec, v, float, bad) for v in value]
    return _check_number(spec, value, spec.type, bad)


def _check_number(spec: KeySpec, value, kind: type, bad: ConfigError):
    if not _is_number(value) or not math.isfinite(value):
        raise bad
    if kind is int:
        if float(value) != int(value):
            raise bad
        value = int(value)
    else:
        value = float(value)
    if (spec.lo is not None and value < spec.lo) or (spec.hi is not None and value > spec.hi):
        raise bad
    return value


def parse_text(spec: KeySpec, text: str) -> Any:
    """Parse a command-line string for this key (type and range are checked by check_value)."""
    text = text.strip()
    try:
        if spec.type is bool:
            low = text.lower()
            if low in ("true", "1", "yes", "on"):
                return True
            if low in ("false", "0", "no", "off"):
                return False
            return text
        if spec.type is list:
            return [float(t) for t in text.split(",")]
        if spec.type is int:
            number = float(text)
            return int(number) if number.is_integer() else number
        if spec.type is float:
            return float(text)
    except ValueError:
        raise ConfigError(spec.key, f"must be {spec.describe()}, got {text!r}") from None
    return text


def _check_combination(cfg: Config) -> None:
    if cfg.target == "dirac" and cfg.method != "gan":
        raise ConfigError("method", "the Dirac-GAN target is a GAN game; accepted: gan")
    if cfg.target == "dirac" and cfg.discriminator != "learned":
        raise ConfigError("discriminator", "a point mass has no density for the oracle; accepted: learned")
    if cfg.target == "dirac" and cfg.batchnorm:
        raise ConfigError("batchnorm", "the Dirac-GAN has no layers to normalize; accepted: false")
    if cfg.target == "dirac" and (cfg.pack != 1 or cfg.minibatch_std):
        key = "pack" if cfg.pack != 1 else "minibatch_std"
        raise ConfigError(key, "the Dirac-GAN's discriminator reads one point (ψ·x); accepted: pack = 1, "
                               "minibatch_std = false")
    if cfg.discriminator == "oracle" and cfg.method == "gan" and cfg.loss in CRITIC_LOSSES:
        raise ConfigError("loss", "the oracle D* is a probability, not a critic's score; accepted with it: "
                                  + ", ".join(name for name in LOSSES if name not in CRITIC_LOSSES))
    _check_images(cfg)
    if cfg.batch_size % cfg.pack:
        raise ConfigError("pack", f"batch_size ({cfg.batch_size}) must be a multiple of pack ({cfg.pack})")


def _check_images(cfg: Config) -> None:
    """What images rule out: densities (the oracle), and DCGAN on anything but images or with the remedies
    written for the MLP's D."""
    image = cfg.image
    if image and cfg.discriminator == "oracle":
        raise ConfigError("discriminator", "images have no density to build the oracle D* from; accepted: learned")
    if cfg.network == "dcgan" and not image:
        raise ConfigError("network", "dcgan's convolutions read 8×8 images: targets digits and digits-7 only; "
                                     "accepted here: mlp")
    if cfg.network == "dcgan" and (cfg.pack != 1 or cfg.minibatch_std):
        key = "pack" if cfg.pack != 1 else "minibatch_std"
        raise ConfigError(key, "packing and the minibatch-std feature are built into the MLP's D; with dcgan "
                               "accepted: pack = 1, minibatch_std = false")
    if image and cfg.g_init_spread > 0:
        raise ConfigError("g_init_spread", "a start spread is set per coordinate of a 1-D or 2-D target; for "
                                           "images accepted: 0")


def expand_paired(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes with each paired key (`hidden`, …) replaced by its two players' keys; a player's own
    key given beside it wins, whatever the order."""
    if not isinstance(changes, Mapping) or not any(k in PAIRED for k in changes):
        return changes
    out = {pair: v for k, v in changes.items() if k in PAIRED for pair in PAIRED[k]}
    out.update({k: v for k, v in changes.items() if k not in PAIRED})
    return out


def from_dict(changes: Mapping[str, Any], base: Config | None = None) -> Config:
    """Build a validated config from flat keys over `base` (defaults if None).

    Changing `target` resets the target parameters to that target's defaults before
    any `target.NAME` in `changes` applies.
    """
    from ganviz.core.targets import make_target
    if not isinstance(changes, Mapping):
        raise ConfigError("config", "must be a JSON object of key: value pairs")
    base = base or Config()
    specs = base_specs()
    changes = expand_paired(changes)
    values: dict[str, Any] = {}
    dirac = dataclasses.asdict(base.dirac)
    target_changes: dict[str, Any] = {}
    for key, value in changes.items():
        if not isinstance(key, str):
            raise ConfigError(str(key), "keys must be strings")
        if key.startswith("target."):
            target_changes[key[len("target."):]] = value
            continue
        if key not in specs:
            shown = key if key.isprintable() else repr(key)  # a key of control characters must still show
            accepted = [*specs, *PAIRED, "target.NAME"]
            raise ConfigError(shown, "unknown key; accepted: " + ", ".join(accepted))
        checked = check_value(specs[key], value)
        if key.startswith("dirac."):
            dirac[key[len("dirac."):]] = checked
        else:
            values[key] = checked
    target = values.get("target", base.target)
    params = {} if target != base.target else dict(base.target_params)
    params.update(target_changes)
    values["target_params"] = dict(make_target(target, params).params)
    values["dirac"] = DiracSettings(**dirac)
    cfg = dataclasses.replace(base, **values)
    _check_combination(cfg)
    return cfg


def default_config() -> Config:
    """The default config with its target parameters filled in."""
    return from_dict({})


def from_json(text: str) -> Config:
    """Parse JSON text of flat keys; ConfigError on malformed JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError("config", f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:  # e.g. 100 000 nested brackets: json gives up before reading a config
        raise ConfigError("config", "not a config: nested too deeply") from None
    return from_dict(data)


def changed_keys(old: Config, new: Config) -> list[str]:
    """Flat keys whose values differ between two configs."""
    a, b = old.to_dict(), new.to_dict()
    return [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def needs_reset(old: Config, new: Config) -> list[str]:
    """The changed keys that only take effect after a reset."""
    specs = key_specs(old)
    target_switched = old.target != new.target
    return [k for k in changed_keys(old, new)
            if (k in specs and not specs[k].live) or (k.startswith("target.") and target_switched)]
