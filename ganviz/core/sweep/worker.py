"""A sweep run in a child process: the request comes in, progress and the result go out through a pipe.

Messages sent: ("progress", model_steps_done, total), at most every PROGRESS_S seconds;
then ("done", fields, modes, wall_s) or ("error", one-line message).
"""

from __future__ import annotations

import time

PROGRESS_S = 0.1


def make_request(base_json: str, x: dict, y: dict, steps: int, metric: str) -> dict:
    """A picklable sweep request; x and y hold make_axis's arguments (key, lo, hi, n, log)."""
    return {"base": base_json, "x": x, "y": y, "steps": steps, "metric": metric}


def sweep_in_child(conn, request: dict) -> None:
    """Run the requested sweep on one torch thread and report through `conn` (the process entry point)."""
    import torch

    from ganviz.core.config import from_json
    from ganviz.core.errors import ConfigError
    from ganviz.core.sweep.axes import make_axis
    from ganviz.core.sweep.runner import run_sweep

    torch.set_num_threads(1)  # the GUI and the trainer share the other core
    try:
        base = from_json(request["base"])
        x = make_axis(base, option="x", **request["x"])
        y = make_axis(base, option="y", **request["y"])
        total = x.n * y.n * request["steps"]
        state = {"done": 0, "sent": 0.0}

        def progress(n: int) -> None:
            state["done"] += n
            now = time.monotonic()
            if now - state["sent"] >= PROGRESS_S:
                state["sent"] = now
                conn.send(("progress", state["done"], total))

        result = run_sweep(base, x, y, request["steps"], request["metric"], progress=progress)
        fields = result.fields()
        fields.update(x_log=x.log, y_log=y.log)
        conn.send(("done", fields, result.modes, result.wall_s))
    except ConfigError as e:
        conn.send(("error", str(e)))
    except Exception as e:  # noqa: BLE001 (reported to the dialog, which stays usable)
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()
