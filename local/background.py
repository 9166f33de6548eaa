"""A daemon thread that repeats one step until stopped: the shape shared by the queue
pollers and the schedule timers of the local stack."""

from __future__ import annotations

import threading


class Background:
    def __init__(self, name: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=name)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        raise NotImplementedError
