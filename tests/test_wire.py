"""Parsers fed by hostile servers: certificates, STUN, ClientHello, the guard itself."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import random
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import pytest

from censorwatch.lab import wire
from censorwatch.probes import failures, stun, x509


def openssl(*args: str, cwd: Path) -> str:
    """The openssl command: an implementation of X.509 independent of ours."""
    tool = shutil.which("openssl")
    assert tool, "these tests need the openssl command (.ci/run installs it)"
    done = subprocess.run([tool, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def make_cert(folder: Path, name: str, subject_config: str, extension: str) -> Path:
    (folder / f"{name}.cnf").write_text(
        "[req]\ndistinguished_name = dn\nprompt = no\nutf8 = yes\n" + subject_config,
        encoding="utf-8",
    )
    openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "30",
        "-config", f"{name}.cnf", "-addext", extension, cwd=folder,
    )  # fmt: skip
    return folder / f"{name}.pem"


def openssl_view(path: Path) -> dict[str, str]:
    out = openssl(
        "x509", "-in", path.name, "-noout", "-subject", "-issuer", "-enddate",
        "-nameopt", "utf8,sep_comma_plus_space", cwd=path.parent,
    )  # fmt: skip
    view = dict(line.split("=", 1) for line in out.splitlines())
    when = dt.datetime.strptime(view["notAfter"], "%b %d %H:%M:%S %Y GMT")
    view["notAfter"] = when.replace(tzinfo=dt.UTC).isoformat()
    return view


def summary_of(path: Path):
    return x509.summarize(ssl.PEM_cert_to_DER_cert(path.read_text(encoding="utf-8")))


def test_certificate_fields_read_as_openssl_reads_them(tmp_path):
    path = make_cert(
        tmp_path, "plain", "[dn]\nO = Lab ISP\nCN = svc.test\n",
        "subjectAltName=DNS:svc.test,DNS:*.svc.test,IP:127.0.0.9",
    )  # fmt: skip
    view, summary = openssl_view(path), summary_of(path)
    assert summary.subject == view["subject"] == "O=Lab ISP, CN=svc.test"
    assert summary.issuer == view["issuer"]
    assert summary.not_after == view["notAfter"]
    assert summary.names == ["svc.test", "*.svc.test", "127.0.0.9"]


def test_a_bmpstring_subject_reads_as_text(tmp_path):
    # Interception appliances write names as BMPString (UTF-16); read as UTF-8 it was garbage.
    path = make_cert(
        tmp_path, "bmp", "string_mask = MASK:0x800\n[dn]\nO = Перехват и сыновья\nCN = bmp.test\n",
        "subjectAltName=DNS:bmp.test",
    )  # fmt: skip
    assert "BMPSTRING" in openssl("asn1parse", "-in", "bmp.pem", cwd=tmp_path)
    summary = summary_of(path)
    assert summary.subject == openssl_view(path)["subject"] == "O=Перехват и сыновья, CN=bmp.test"


def test_one_bad_field_does_not_lose_the_others(tmp_path):
    # A subjectAltName holding an IP address one byte long.
    path = make_cert(
        tmp_path,
        "badsan",
        "[dn]\nO = Odd Box\nCN = bad.test\n",
        "subjectAltName=DER:30:03:87:01:ff",
    )
    assert "invalid" in openssl("x509", "-in", "badsan.pem", "-noout", "-text", cwd=tmp_path)
    summary = summary_of(path)
    assert summary.subject == "O=Odd Box, CN=bad.test" and summary.names == ["(unreadable)"]


@pytest.mark.parametrize("junk", [b"\x30", b"\x30\x82\xff\xff", random.Random(5).randbytes(300)])
def test_garbage_certificates_are_recorded_by_fingerprint(junk):
    summary = x509.summarize(junk)
    assert summary.subject == f"(unreadable) sha256:{hashlib.sha256(junk).hexdigest()}"
    assert x509.summarize(b"") is None


def test_the_lab_ca_signs_what_openssl_verifies(lab):
    chain = lab.folder / "cert-default.pem"
    out = openssl("verify", "-CAfile", str(lab.ca_file), str(chain), cwd=lab.folder)
    assert out.strip().endswith(": OK")


def test_stun_round_trip_and_rejections():
    rng = random.Random(11)
    txid = rng.randbytes(12)
    port = 40000 ^ 0x2112
    xaddr = bytes(
        b ^ k for b, k in zip(socket.inet_aton("198.51.100.4"), b"\x21\x12\xa4\x42", strict=True)
    )
    attr = b"\x00\x20\x00\x08\x00\x01" + port.to_bytes(2, "big") + xaddr
    good = b"\x01\x01" + len(attr).to_bytes(2, "big") + b"\x21\x12\xa4\x42" + txid + attr
    assert stun.parse_binding_response(good, txid) == "198.51.100.4:40000"
    assert stun.parse_binding_response(good, rng.randbytes(12)) is None  # another transaction
    assert stun.parse_binding_response(good[:-2], txid) is None  # truncated
    assert (
        stun.parse_binding_response(good.replace(b"\x21\x12\xa4\x42", b"\0\0\0\0", 1), txid) is None
    )
    assert stun.parse_binding_response(rng.randbytes(2000), txid) is None


def test_client_hello_sni_parser():
    ctx = ssl.create_default_context()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing, server_hostname="named.example")
    with pytest.raises(ssl.SSLWantReadError):
        obj.do_handshake()
    assert wire.client_hello_sni(outgoing.read()) == "named.example"
    assert wire.client_hello_sni(b"\x16\x03\x01\x00") is None


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
    for name in ("example.org", "telegram.org.", b"web.whatsapp.com"):
        with pytest.raises(PermissionError):
            socket.getaddrinfo(name, 443)
    with pytest.raises(PermissionError):
        asyncio.run(_resolve_in_loop("youtube.com"))
    assert socket.getaddrinfo("127.0.0.1", 80) and socket.getaddrinfo("localhost", 80)


async def _resolve_in_loop(name: str):
    """asyncio resolves in a thread through socket.getaddrinfo: guarded too."""
    return await asyncio.get_running_loop().getaddrinfo(name, 443)
