"""Parsers fed by hostile servers: certificates, STUN, ClientHello, the guard itself."""

from __future__ import annotations

import os
import socket
import ssl

import pytest

from censorwatch.lab import pki, servers
from censorwatch.probes import failures, stun, x509


def test_lab_certificates_parse_and_verify(tmp_path):
    ca = pki.make_ca("Test CA", "Tests")
    leaf = pki.issue_server_cert(ca, "svc.test", ["svc.test", "127.0.0.9"], key=ca.key)
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_pem)
    summary = x509.summarize(der)
    assert summary.subject == "O=censorwatch lab, CN=svc.test"
    assert summary.issuer == "O=Tests, CN=Test CA"
    assert summary.names == ["svc.test", "127.0.0.9"]
    (tmp_path / "ca.pem").write_text(ca.cert_pem)
    ctx = ssl.create_default_context(cafile=str(tmp_path / "ca.pem"))
    assert ctx.cert_store_stats()["x509_ca"] == 1


@pytest.mark.parametrize("junk", [b"", b"\x30", b"\x30\x82\xff\xff", os.urandom(300)])
def test_garbage_certificates_give_none(junk):
    assert x509.summarize(junk) is None


def test_stun_round_trip_and_rejections():
    txid = os.urandom(12)
    port = 40000 ^ 0x2112
    xaddr = bytes(
        b ^ k for b, k in zip(socket.inet_aton("198.51.100.4"), b"\x21\x12\xa4\x42", strict=True)
    )
    attr = b"\x00\x20\x00\x08\x00\x01" + port.to_bytes(2, "big") + xaddr
    good = b"\x01\x01" + len(attr).to_bytes(2, "big") + b"\x21\x12\xa4\x42" + txid + attr
    assert stun.parse_binding_response(good, txid) == "198.51.100.4:40000"
    assert stun.parse_binding_response(good, os.urandom(12)) is None  # another transaction
    assert stun.parse_binding_response(good[:-2], txid) is None  # truncated
    assert (
        stun.parse_binding_response(good.replace(b"\x21\x12\xa4\x42", b"\0\0\0\0", 1), txid) is None
    )
    assert stun.parse_binding_response(os.urandom(2000), txid) is None


def test_client_hello_sni_parser():
    ctx = ssl.create_default_context()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname="named.example")
    with pytest.raises(ssl.SSLWantReadError):
        obj.do_handshake()
    assert servers.client_hello_sni(outgoing.read()) == "named.example"
    assert servers.client_hello_sni(b"\x16\x03\x01\x00") is None


def test_failure_strings():
    assert failures.failure_string(ConnectionRefusedError()) == "connection_refused"
    assert failures.failure_string(ConnectionResetError()) == "connection_reset"
    assert failures.failure_string(TimeoutError()) == "generic_timeout_error"
    assert failures.failure_string(EOFError()) == "eof_error"
    assert failures.failure_string(ValueError("odd")).startswith("unknown_failure: ")


def test_the_guard_refuses_traffic_outside_loopback(monkeypatch):
    monkeypatch.delenv("CENSORWATCH_NETGUARD_LOG", raising=False)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(PermissionError):
        s.connect(("192.0.2.1", 443))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s, pytest.raises(PermissionError):
        s.sendto(b"x", ("192.0.2.1", 53))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(PermissionError):
        s.connect(("localhost", 443))  # names are refused: they would resolve behind our back
