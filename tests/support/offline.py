"""Run a module with the network cut off, the way the translation tests run `make translate`:

    python -m tests.support.offline tools.translate xx --model tiny.argosmodel

Every way Python opens a connection or resolves a name raises `NetworkBlocked`, so a model
that tries to download something fails the test instead of quietly succeeding here and
hanging on an operator's closed network.
"""

from __future__ import annotations

import runpy
import socket
import sys


class NetworkBlocked(RuntimeError):
    """Something tried to reach the network."""


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked(f"no network here (asked for {args[1:2] or args[:1]!r})")


def cut_network() -> None:
    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse  # type: ignore[assignment]
    socket.getaddrinfo = _refuse  # type: ignore[assignment]


if __name__ == "__main__":
    cut_network()
    module, sys.argv = sys.argv[1], sys.argv[1:]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
