"""Today's techniques end to end against the lab's twins (lab/techniques.py): QUIC dropped by
name and for all, ECH dropped, and the person's own VPN — real wireguard-go and openvpn
servers whose handshakes a censor drops by signature — each technique named where it is
censored and "works" where not; VPN profiles added through the command line and the window;
no key of a profile in the history or in any export.

The VPN part needs root, /dev/net/tun and the Debian packages wireguard-go, wireguard-tools
and openvpn; it skips with the reason otherwise, unless CENSORWATCH_CI=1 (CI installs them)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from censorwatch import catalog as catalog_mod
from censorwatch.lab import Lab
from censorwatch.lab.techniques import TRUTH, VPN_SERVICES, vpn_possible
from tests.conftest import run_cli

WHY_NOT = vpn_possible()
if WHY_NOT and os.environ.get("CENSORWATCH_CI") == "1":
    raise RuntimeError(f"CENSORWATCH_CI=1 but {WHY_NOT}")
needs_vpn = pytest.mark.skipif(bool(WHY_NOT), reason=WHY_NOT)


SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "schemas" / "check.schema.json").read_text()
)


def _check(config: Path, data: Path, *services: str) -> dict:
    args = ["check", "--agree", "--json", "--config", str(config), "--data-dir", str(data)]
    for sid in services:
        args += ["--service", sid]
    result = run_cli(*args, timeout=240)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)  # the published contract holds the new words
    return report


def _verdicts(report: dict) -> dict[str, tuple[str, str | None, str]]:
    return {s["id"]: (s["status"], s["technique"], s["explanation"]) for s in report["services"]}


def test_quic_and_ech_twins_name_their_technique_and_the_uncensored_ones_work(lab, tmp_path):
    wanted = [s for s in TRUTH if s not in VPN_SERVICES]
    report = _check(lab.config("techniques"), tmp_path / "history", *wanted)
    seen = _verdicts(report)
    for sid in wanted:
        status, technique, why = seen[sid]
        assert (status, technique) == TRUTH[sid], (sid, why)
    assert report["network"]["state"] == "online"
    # The claims name their comparison.
    assert "decoy" in seen["quic-by-name"][2]
    assert "TLS over TCP" in seen["quic-all"][2]
    assert "without ECH" in seen["ech-dropped"][2]
    probes = {s["id"]: s["probes"] for s in report["services"]}
    by_name = probes["quic-by-name"][0]
    assert by_name["failed_step"] == "udp" and by_name["failure"] == "generic_timeout_error"
    evidence = by_name["evidence"]
    assert [q["decoy"] for q in evidence["quic"]] == [False, True]
    assert evidence["quic"][1]["failure"] is None
    assert [t["via"] for t in evidence["tls"]] == ["tcp"]
    ech = probes["ech-dropped"][0]["evidence"]["ech"]
    assert [e["ech"] for e in ech] == [True, False] and ech[1]["answer"] == "server_hello"
    # The person's line says what it means, not "works with trouble".
    plain = run_cli(
        "check", "--agree", "--config", str(lab.config("techniques")),
        "--data-dir", str(tmp_path / "history"), "--service", "quic-all", "--service", "ech-dropped",
    )  # fmt: skip
    assert "HTTP/3 is blocked (pages and video fall back" in plain.stdout, plain.stdout
    assert "Encrypted ClientHello is dropped (sites open without it)" in plain.stdout
    assert "with trouble" not in plain.stdout
    # What they cost: a working QUIC handshake is a few kilobytes, a working ECH one less.
    works = probes["quic-works"][0]["evidence"]["bytes"]
    assert 1200 < works["sent"] < 8000 and works["received"] > 0


@pytest.fixture(scope="module")
def vpn_lab(tmp_path_factory):
    if WHY_NOT:
        pytest.skip(WHY_NOT)
    running = Lab(tmp_path_factory.mktemp("vpnlab"), vpn=True).start()
    assert not running.vpn_problem, running.vpn_problem
    yield running
    running.stop()


@pytest.fixture(scope="module")
def vpn_round(vpn_lab, tmp_path_factory):
    data = tmp_path_factory.mktemp("vpnhistory")
    return data, _check(vpn_lab.config("techniques"), data, *sorted(VPN_SERVICES))


@needs_vpn
def test_the_real_vpn_servers_answer_and_their_blocked_twins_are_named(vpn_round):
    _data, report = vpn_round
    seen = _verdicts(report)
    for sid in sorted(VPN_SERVICES):
        status, technique, why = seen[sid]
        assert (status, technique) == TRUTH[sid], (sid, why)
    assert "port" in seen["wireguard-blocked"][2]  # the comparison it rests on
    assert "cannot tell" in seen["wireguard-alone"][2]
    probes = {s["id"]: s["probes"][0] for s in report["services"]}
    assert probes["openvpn-tcp-works"]["evidence"]["vpn"][0]["transport"] == "tcp"
    assert probes["wireguard-works"]["evidence"]["vpn"][0]["failure"] is None


def _secrets(folder: Path) -> list[str]:
    """Every key the lab's VPN profiles and key files hold, as text would show them: the
    base64 of WireGuard's keys, the hex lines of OpenVPN's static keys, and both decoded."""
    found: set[str] = set()
    for path in folder.rglob("*"):
        if not path.is_file() or path.suffix not in (".conf", ".ovpn", ".key", ".psk", ""):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for key in re.findall(r"(?:PrivateKey|PresharedKey)\s*=\s*(\S+)", text):
            found.add(key)
            found.add(base64.b64decode(key).hex())
        for block in re.findall(r"-----BEGIN OpenVPN Static key V1-----(.*?)-----END", text, re.S):
            lines = [line.strip() for line in block.split() if line.strip()]
            found.update(lines)
            found.add("".join(lines))
    return sorted(k for k in found if len(k) >= 32)


@needs_vpn
def test_no_key_of_a_profile_reaches_the_history_or_any_export(vpn_lab, vpn_round, tmp_path):
    data, _report = vpn_round
    secrets = _secrets(vpn_lab.folder / "vpn")
    assert len(secrets) >= 6, secrets  # the test sees the keys it looks for
    outputs = []
    for fmt, name in (
        ("csv", "log.csv"),
        ("jsonl", "log.jsonl"),
        ("ooni", "log.json"),
        ("html", "log.html"),
    ):
        for redact in ("--redact", "--no-redact"):
            out = tmp_path / f"{redact}-{name}"
            result = run_cli(
                "export", "--format", fmt, redact, "-o", str(out), "--data-dir", str(data),
                "--since", "7d",
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
            outputs.append(out)
    diagnosis = run_cli("check", "--agree", "--diagnosis", "--data-dir", str(data),
                        "--config", str(vpn_lab.config("techniques")), "--service", "wireguard-works")  # fmt: skip
    history = run_cli("history", "--json", "--data-dir", str(data))
    texts = [p.read_bytes().decode("utf-8", "replace") for p in outputs]
    texts += [diagnosis.stdout, history.stdout]
    # The history's own files, bytes and all (SQLite with its WAL).
    with contextlib.closing(sqlite3.connect(data / "history.sqlite3")) as db:  # 3.13 warns
        db.execute("PRAGMA wal_checkpoint")
    texts += [p.read_bytes().decode("latin-1") for p in data.iterdir() if p.is_file()]
    assert any("wireguard" in t for t in texts)  # the VPN checks are in there
    for secret in secrets:
        for text in texts:
            assert secret not in text


@needs_vpn
def test_a_profile_added_on_the_command_line_is_checked(vpn_lab, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text((vpn_lab.config("techniques")).read_text().split("\n[[services]]")[0])
    profile = tmp_path / "home.conf"
    shutil.copy(vpn_lab.techniques.wireguard.direct_profile, profile)
    profile.chmod(0o644)  # readable by others: said
    added = run_cli("add", str(profile), "--config", str(config))
    assert added.returncode == 0, added.stderr
    assert "WireGuard" in added.stdout and "chmod 600" in added.stdout
    assert "cannot tell" in added.stdout  # without --compare-port, what a silence will read
    ovpn = tmp_path / "office.ovpn"
    shutil.copy(vpn_lab.techniques.openvpn.tcp_profile, ovpn)
    ovpn.chmod(0o600)
    added = run_cli("add", str(ovpn), "--config", str(config), "--compare-port", "22")
    assert added.returncode == 0, added.stderr
    assert "chmod" not in added.stdout
    # Again: refused, the file is watched already; a file that is no profile: refused.
    again = run_cli("add", str(ovpn), "--config", str(config))
    assert again.returncode == 2 and "already" in again.stderr
    text = config.read_text()
    assert "PrivateKey" not in text and "BEGIN" not in text and str(profile) in text
    services = catalog_mod.load(config).services
    kinds = {s.probes[0].kind: s for s in services}
    assert kinds["openvpn"].probes[0].compare_port == 22
    report = _check(config, tmp_path / "history")
    seen = _verdicts(report)
    assert seen[kinds["wireguard"].id][0] == "ok", seen
    assert seen[kinds["openvpn"].id][0] == "ok", seen
    lines = json.dumps(report)
    assert "chmod 600" in lines  # the evidence says the profile is readable by others


def test_a_file_that_is_no_profile_is_refused_by_add(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("")
    junk = tmp_path / "notes.conf"
    junk.write_text("[Interface]\nPrivateKey = not-a-key\n[Peer]\nEndpoint = 127.0.0.1:1\n")
    result = run_cli("add", str(junk), "--config", str(config))
    assert result.returncode == 2
    assert "line 2" in result.stderr and "not-a-key" not in result.stderr


@needs_vpn
def test_a_profile_added_through_the_window(qtbot, vpn_lab, tmp_path):
    from censorwatch.ui.add_vpn import AddVpnDialog

    config = tmp_path / "config.toml"
    config.write_text("")
    dialog = AddVpnDialog(catalog_mod.loads("", str(config)), config)
    qtbot.addWidget(dialog)
    saved = []
    dialog.saved.connect(saved.append)
    with qtbot.waitSignal(dialog.read, timeout=10_000):
        dialog.choose(str(vpn_lab.techniques.wireguard.direct_profile))
    assert "WireGuard" in dialog.what.text() and dialog.warning.isHidden()
    dialog.compare.setValue(443)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    probe = saved[0].services[0].probes[0]
    assert probe.kind == "wireguard" and probe.compare_port == 443
    assert "PrivateKey" not in config.read_text()
    # An OpenVPN profile (TCP, tls-auth) likewise, into the config just written.
    after = AddVpnDialog(saved[0], config)
    qtbot.addWidget(after)
    after.saved.connect(saved.append)
    with qtbot.waitSignal(after.read, timeout=10_000):
        after.choose(str(vpn_lab.techniques.openvpn.tcp_profile))
    assert "OpenVPN" in after.what.text() and "TCP" in after.what.text()
    with qtbot.waitSignal(after.saved, timeout=10_000):
        after.save()
    assert [s.probes[0].kind for s in saved[1].services] == ["wireguard", "openvpn"]
    assert "BEGIN" not in config.read_text()  # the static key stays in the profile
    # Not a profile: said in the dialog, nothing to save.
    other = AddVpnDialog(catalog_mod.loads("", str(config)), config)
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.read, timeout=10_000):
        other.choose(str(vpn_lab.ca_file))
    assert other.error.text() and other.vpn is None


@needs_vpn
def test_a_wireguard_check_waits_while_a_vpn_is_connected(vpn_lab, tmp_path):
    """A handshake with the person's own key while their tunnel is up would start a new
    session on the server and cut the tunnel: while a VPN interface is up, it is not sent."""
    import subprocess

    name, peer = ("wgcw" + os.urandom(3).hex() for _ in range(2))
    subprocess.run(["ip", "link", "add", name, "type", "veth", "peer", "name", peer], check=True)
    try:
        for link in (name, peer):
            subprocess.run(["ip", "link", "set", link, "up"], check=True)
        report = _check(
            vpn_lab.config("techniques"), tmp_path / "history", "wireguard-works", "quic-works"
        )
    finally:
        subprocess.run(["ip", "link", "delete", name], check=False)
    service = next(s for s in report["services"] if s["id"] == "wireguard-works")
    assert service["status"] == "unknown", service
    assert "VPN is connected" in service["explanation"]
    assert "vpn" not in service["probes"][0]["evidence"]  # nothing was sent


def test_the_service_editor_keeps_a_vpn_probes_profile(qtbot, tmp_path):
    """The editor's table shows no profile column: an edit of the row keeps it."""
    from censorwatch.ui.service_editor import ServiceEditor

    path = tmp_path / "config.toml"
    profile = tmp_path / "home.conf"
    text = (
        '[[services]]\nid = "my-vpn"\nname = "My VPN"\n\n[[services.probes]]\n'
        f'capability = "vpn"\nkind = "wireguard"\nprofile = "{profile}"\ncompare_port = 22\n'
    )
    editor = ServiceEditor(catalog_mod.loads(text, str(path)), path)
    qtbot.addWidget(editor)
    saved = []
    editor.saved.connect(saved.append)
    editor.list.setCurrentRow(0)
    editor.probes.item(0, 0).setText("tunnel")  # the capability, edited in the table
    editor.save()  # a new column: asked once
    editor.save()
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    probe = saved[0].services[0].probes[0]
    assert (probe.capability, probe.profile, probe.compare_port) == ("tunnel", str(profile), 22)


def test_aioquic_is_imported_only_when_a_quic_check_runs():
    """dnspython would import it with its resolver (for DNS over QUIC, never asked), the probes
    at every start: a tenth of a second of the window's start-up."""
    import subprocess
    import sys

    code = "import sys, censorwatch.probes.measure, censorwatch.engine; print('aioquic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
