"""Unit tests never touch the network: not AWS, not moto, not a local server. Any attempt to
open a connection fails loudly, so a test that silently needs a service is caught here.
Subprocesses (node in test_template.py) are not affected: they do not go through Python's
socket module."""

from __future__ import annotations

import socket

import pytest


class NetworkBlocked(RuntimeError):
    """A unit test tried to open a network connection."""


def _refuse(*args: object, **kwargs: object) -> None:
    address = next((a for a in args if isinstance(a, tuple | str)), None)
    raise NetworkBlocked(f"unit tests may not open network connections (to {address!r})")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
