"""The autouse guard in conftest.py: a unit test cannot open a connection."""

from __future__ import annotations

import socket
import urllib.request

import pytest

BLOCKED = "unit tests may not open network connections"



def test_raw_socket_connect_is_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(
            RuntimeError, match=BLOCKED):
        sock.connect(("127.0.0.1", 5000))


def test_create_connection_is_refused():
    with pytest.raises(RuntimeError, match=BLOCKED):
        socket.create_connection(("127.0.0.1", 5000), timeout=1)


def test_http_clients_are_refused():
    # urllib goes through http.client -> socket.create_connection.
    with pytest.raises(RuntimeError, match=BLOCKED):
        urllib.request.urlopen("http://127.0.0.1:5000/", timeout=1)


def test_boto3_cannot_reach_aws_or_moto():
    import boto3
    from botocore.config import Config

    client = boto3.client("s3", region_name="us-east-1", endpoint_url="http://127.0.0.1:5000",
                          config=Config(retries={"max_attempts": 1, "mode": "standard"},
                                        connect_timeout=1))
    with pytest.raises(Exception, match=BLOCKED):
        client.list_buckets()
