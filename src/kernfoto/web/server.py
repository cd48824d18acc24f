"""``kernfoto serve``: the web application under gunicorn, with the sample loaded into an empty database."""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication


class _App(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from ..wsgi import application

        return application


def _warm(worker) -> None:
    """Compute every gemeente's figures when a worker starts, so the first visitor does not wait."""
    from .services import gemeente_data, gemeenten

    for g in gemeenten():
        gemeente_data(g.code)


def serve(*, host: str, port: int, workers: int, say: Callable[[str], None]) -> None:
    from .services import gemeenten

    if not gemeenten():
        from ..demo import load_demo

        say("De database is leeg: de voorbeelddata (Stichtse Vecht) worden geladen…")
        load_demo()
    say(f"Kernfoto draait op http://{host}:{port}/ (stoppen met Ctrl+C)")
    _App({"bind": f"{host}:{port}", "workers": workers, "threads": 4, "worker_class": "gthread",
          "accesslog": "-", "post_worker_init": _warm, "timeout": 120}).run()
