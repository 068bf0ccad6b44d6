"""Config loading: every mistake names file, line and key; the CLI exits 2 without a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from censorwatch import catalog
from censorwatch.catalog import ConfigError
from tests.conftest import run_cli

GOOD_SERVICE = """
[[services]]
id = "svc"
name = "Service"

[[services.probes]]
capability = "web"
kind = "https"
url = "https://example.test/"
"""

CASES = [
    pytest.param("[settings\ntimeout = 1\n", 1, "", "not valid TOML", id="broken-toml"),
    pytest.param(
        GOOD_SERVICE.replace('kind = "https"', 'kind = "ftp"'),
        8,
        "services[svc].probes[0].kind",
        "unknown kind 'ftp'",
        id="unknown-kind",
    ),
    pytest.param(
        GOOD_SERVICE.replace('url = "https://example.test/"\n', ""),
        6,
        "services[svc].probes[0].url",
        "missing",
        id="missing-field",
    ),
    pytest.param(
        GOOD_SERVICE + GOOD_SERVICE.replace('name = "Service"', 'name = "Again"'),
        12,
        "services[svc].id",
        "duplicate id (first used at line 3)",
        id="duplicate-id",
    ),
    pytest.param(
        GOOD_SERVICE.replace("https://example.test/", "https//example.test"),
        9,
        "services[svc].probes[0].url",
        "not a valid https:// URL",
        id="bad-url",
    ),
    pytest.param(
        GOOD_SERVICE.replace(
            'kind = "https"\nurl = "https://example.test/"',
            'kind = "tcp"\nhost = "a.test"\nport = 70000',
        ),
        10,
        "services[svc].probes[0].port",
        "between 1 and 65535",
        id="bad-port",
    ),
    pytest.param(
        "[settings]\ntimeout = 5\ncolour = 'red'\n",
        3,
        "settings.colour",
        "unknown key",
        id="unknown-setting",
    ),
    pytest.param(
        GOOD_SERVICE.replace('name = "Service"', 'name = "Service"\nregion = "abroad"'),
        5,
        "services[svc].region",
        "must be one of foreign, domestic",
        id="bad-region",
    ),
    pytest.param(
        "[settings]\nresolver = 'udp://dns.example:53'\n",
        2,
        "settings.resolver",
        "udp://IP:PORT",
        id="bad-resolver",
    ),
    pytest.param(
        "[settings]\ntimeout = 5\nmetrics = 'everywhere'\n",
        3,
        "settings.metrics",
        "HOST:PORT",
        id="bad-metrics-address",
    ),
    pytest.param(
        "[settings]\nlabels = { region = 'Moscow', instance = 'mine' }\n",
        2,
        "settings.labels",
        "not a label name of your own",
        id="reserved-label",
    ),
    pytest.param(
        GOOD_SERVICE.replace('capability = "web"', 'capability = "web"\nport = 443'),
        8,
        "services[svc].probes[0].port",
        "unknown key",
        id="key-of-another-kind",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "message"), CASES)
def test_errors_name_file_line_and_key(tmp_path, text, line, key, message):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        catalog.load(path)
    err = info.value
    assert (err.file, err.line, err.key) == (str(path), line, key)
    assert message in err.message
    assert str(err).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(("text", "line", "key", "message"), CASES[:6])
def test_cli_exits_2_with_one_clear_line(tmp_path, text, line, key, message):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("catalog", "--config", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{path}:{line}" in lines[0] and key in lines[0] and message in lines[0]


def test_the_common_options_hold_before_the_command_name_as_after_it(tmp_path):
    """`censorwatch --config F check` once ran the built-in catalog, and `--data-dir D
    import` wrote into the default history: the command's own copy of the options set
    their defaults over what came before its name."""
    config = tmp_path / "mine.toml"
    config.write_text(
        '[[services]]\nid = "mine"\nname = "Mine"\n'
        '[[services.probes]]\nkind = "dns"\nhost = "mine.test"\ncapability = "web"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    env.pop("CENSORWATCH_DATA_DIR", None)
    for argv in (
        ("--config", str(config), "catalog", "--json"),
        ("catalog", "--json", "--config", str(config)),
    ):
        listed = json.loads(run_cli(*argv, env=env).stdout)
        assert [s["id"] for s in listed["services"]] == ["mine"], argv
    log = Path(__file__).resolve().parent / "hostile" / "mixed.jsonl"
    history = tmp_path / "history"
    result = run_cli("--data-dir", str(history), "import", str(log), env=env)
    assert result.returncode == 0, result.stderr
    assert (history / "history.sqlite3").is_file()
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_missing_config_file_is_a_usage_error(tmp_path):
    result = run_cli("check", "--agree", "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_unknown_service_is_a_usage_error(lab):
    result = run_cli("check", "--agree", "--config", str(lab.config_path), "--service", "nope")
    assert result.returncode == 2 and "unknown service nope" in result.stderr


def test_default_catalog_validates_and_covers_what_users_need():
    cat = catalog.load_default()
    by_id = {s.id: s for s in cat.services}
    for sid, caps in {
        "whatsapp": {"web", "messages", "calls"},
        "telegram": {"web", "messages", "calls"},
        "signal": {"messages", "calls"},
        "youtube": {"web", "media"},
    }.items():
        assert caps <= set(by_id[sid].shown_capabilities), sid  # measured, or said not to be
    for sid in ("instagram", "facebook", "x", "discord", "wikipedia", "meduza", "tor", "protonvpn"):
        assert sid in by_id
    assert by_id["max"].region == "domestic"
    assert sum(s.region == "domestic" for s in cat.services) >= 4
    assert all(p.source for s in cat.services for p in s.probes)


def test_catalog_json_lists_the_default_catalog_without_probing():
    # The guard would fail this test if anything were sent.
    result = run_cli("catalog", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "censorwatch.catalog/1"
    ids = [s["id"] for s in data["services"]]
    assert "telegram" in ids and "gosuslugi" in ids
    telegram = data["services"][ids.index("telegram")]
    assert telegram["not_measured"]["calls"]  # said, with the reason, not probed
    whatsapp = data["services"][ids.index("whatsapp")]
    assert any(p["kind"] == "stun" and p["source"] for p in whatsapp["probes"])
    assert Path(data["path"]).name == "default-catalog.toml"


def test_lab_configs_validate(lab):
    for name in ("lab", "hostile", "offline", "catalog", "whitelist", "whitelist-address"):
        cat = catalog.load(lab.config(name))
        assert cat.services


def test_not_measured_capabilities():
    text = GOOD_SERVICE.replace(
        'name = "Service"', 'name = "Service"\nnot_measured = { calls = "no public endpoint" }'
    )
    cat = catalog.loads(text, "t.toml")
    service = cat.services[0]
    assert service.not_measured == {"calls": "no public endpoint"}
    assert "calls" not in service.capabilities and "calls" in service.shown_capabilities
    again = catalog.loads(catalog.dumps(cat), "t.toml").services[0]
    assert again.not_measured == service.not_measured
    for bad, message in (
        ('not_measured = { web = "x" }', "has probes"),
        ('not_measured = { calls = "" }', "say why"),
        ('not_measured = "calls"', "must be a table"),
        ('not_measured = { "Calls!" = "x" }', "not a capability"),
    ):
        broken = text.replace('not_measured = { calls = "no public endpoint" }', bad)
        with pytest.raises(ConfigError, match=message) as caught:
            catalog.loads(broken, "t.toml")
        assert caught.value.line is not None


def test_the_built_in_catalog_cites_a_source_for_every_probe_and_measures_no_call_it_cannot():
    cat = catalog.load_default()
    unsourced = [(s.id, p.target) for s in cat.services for p in s.probes if not p.source.strip()]
    assert unsourced == []
    by_id = {s.id: s for s in cat.services}
    # No public endpoint stands for Telegram's or Discord's calls: said, not probed.
    for sid in ("telegram", "discord"):
        assert "calls" in by_id[sid].not_measured
        assert all(p.capability != "calls" for p in by_id[sid].probes)
    # WhatsApp's calls: Meta's STUN with controls of other operators on the same port, from
    # OONI's STUN list.
    calls = [p for p in by_id["whatsapp"].probes if p.capability == "calls"]
    controls = [p for p in calls if p.role == "control"]
    assert controls and all("stuninput" in p.source for p in controls)
    assert {p.port for p in calls} == {3478}
    # Messengers as OONI measures them: every Telegram data centre on 80 and 443 over HTTP,
    # WhatsApp's e1..e16 on 443 and 5222, each an any_of group.
    telegram = [p for p in by_id["telegram"].probes if p.capability == "messages"]
    assert len(telegram) == 12 and {p.kind for p in telegram} == {"http"}
    assert len({p.any_of for p in telegram}) == 1 and telegram[0].any_of
    whatsapp = [p for p in by_id["whatsapp"].probes if p.any_of]
    assert {p.host for p in whatsapp} == {f"e{i}.whatsapp.net" for i in range(1, 17)}
    assert {p.port for p in whatsapp} == {443, 5222}
    # Signal with its own roots, cdsi included.
    signal = by_id["signal"].probes
    assert {p.trust for p in signal} == {"signal"}
    assert any("cdsi.signal.org" in p.target for p in signal)
    # YouTube's throttling compared under a googlevideo.com name, not a thumbnail.
    media = next(p for p in by_id["youtube"].probes if p.kind == "throughput")
    assert media.sni and media.sni.endswith(".googlevideo.com") and "ytimg" not in media.target
    # White lists: listed references, unlisted domestic controls, both discriminators.
    assert sum(s.is_listed for s in cat.services) >= 5
    assert sum(s.region == "domestic" and not s.is_listed for s in cat.services) >= 2
    roles = {p.role for s in cat.services for p in s.probes}
    assert {"listed_sni", "random_sni", "control"} <= roles
    assert not any("vk.com" in p.target for s in cat.services for p in s.probes)
    # The freeze, on foreign hosting providers' own endpoints, on a long interval.
    hosting = by_id["hosting"]
    assert len(hosting.probes) >= 3 and {p.kind for p in hosting.probes} == {"freeze"}
    assert (hosting.interval or 0) >= 3600
    # The control resolvers: a chain with plain UDP after DoH.
    assert any(r.startswith("udp://") for r in cat.settings.control_resolvers)


def test_trust_option(tmp_path):
    text = GOOD_SERVICE.replace(
        'kind = "https"\nurl = "https://example.test/"',
        'kind = "tls"\nhost = "a.test"\nport = 443\ntrust = "handshake"',
    )
    cat = catalog.loads(text, "t.toml")
    assert cat.services[0].probes[0].trust == "handshake"
    assert catalog.loads(catalog.dumps(cat), "t.toml").services[0].probes[0].trust == "handshake"
    with pytest.raises(ConfigError, match='must be "system", "handshake" or "signal"'):
        catalog.loads(text.replace('"handshake"', '"anyone"'), "t.toml")
    signal = next(s for s in catalog.load_default().services if s.id == "signal")
    assert {p.trust for p in signal.probes} == {"signal"}


def test_any_of_role_listed_and_random_sni_keys_round_trip_and_are_checked():
    text = GOOD_SERVICE.replace(
        'kind = "https"\nurl = "https://example.test/"',
        'kind = "tcp"\nhost = "a.test"\nport = 443\nany_of = "endpoints"',
    ).replace('name = "Service"', 'name = "Service"\nregion = "domestic"\nlisted = false')
    cat = catalog.loads(text, "t.toml")
    service = cat.services[0]
    assert service.probes[0].any_of == "endpoints" and service.listed is False
    assert not service.is_listed
    again = catalog.loads(catalog.dumps(cat), "t.toml").services[0]
    assert again.probes[0].any_of == "endpoints" and again.listed is False
    for bad, message in (
        ('any_of = "Bad Group!"', "use a-z"),
        ('any_of = "endpoints"\nrole = "control"', "cannot be one of an any_of group"),
        ('role = "boss"', 'must be "control", "listed_sni" or "random_sni"'),
        ('role = "random_sni"', "random_sni is a tls probe's role"),
        ('role = "control"', "a control is a stun probe"),
    ):
        broken = text.replace('any_of = "endpoints"', bad)
        with pytest.raises(ConfigError, match=message) as caught:
            catalog.loads(broken, "t.toml")
        assert caught.value.line is not None
    with pytest.raises(ConfigError, match="must be true or false"):
        catalog.loads(text.replace("listed = false", 'listed = "no"'), "t.toml")


def test_a_control_must_stand_beside_what_it_controls_on_its_port():
    stun = 'kind = "stun"\nhost = "stun.a.test"\nport = 3478'
    text = GOOD_SERVICE.replace(
        'capability = "web"\nkind = "https"\nurl = "https://example.test/"',
        f'capability = "calls"\n{stun}\n\n[[services.probes]]\ncapability = "calls"\n'
        f'{stun.replace("stun.a", "stun.b")}\nrole = "control"',
    )
    cat = catalog.loads(text, "t.toml")
    assert [p.role for p in cat.services[0].probes] == ["", "control"]
    with pytest.raises(ConfigError, match="uses the port of the stun probes"):
        catalog.loads(text.replace("port = 3478\nrole", "port = 19302\nrole"), "t.toml")
    alone = text.split("[[services.probes]]")
    only_control = alone[0] + "[[services.probes]]" + alone[2]
    with pytest.raises(ConfigError, match="no probe of 'calls' to control"):
        catalog.loads(only_control, "t.toml")


def test_metrics_and_labels_settings_round_trip():
    from censorwatch.catalog.values import metrics_address

    text = GOOD_SERVICE.replace(
        "[[services]]",
        '[settings]\nmetrics = "9464"\nlabels = { region = "Moscow", provider = "MTS" }\n\n[[services]]',
        1,
    )
    cat = catalog.loads(text, "t.toml")
    assert cat.settings.metrics == "9464" and cat.settings.labels == {
        "region": "Moscow",
        "provider": "MTS",
    }
    again = catalog.loads(catalog.dumps(cat), "t.toml").settings
    assert (again.metrics, again.labels) == (cat.settings.metrics, cat.settings.labels)
    assert metrics_address("9464") == ("127.0.0.1", 9464)  # a port alone: loopback
    assert metrics_address("[::1]:9464") == ("::1", 9464)
    assert metrics_address("0.0.0.0:9464") == ("0.0.0.0", 9464)  # when a team asks for it
    for bad in ("", "host", "127.0.0.1:99999", "a b:1"):
        with pytest.raises(ValueError):
            metrics_address(bad)


def test_upload_direction_option():
    text = GOOD_SERVICE.replace(
        'kind = "https"\nurl = "https://example.test/"',
        'kind = "throughput"\nurl = "https://example.test/upload"\ndirection = "upload"',
    )
    cat = catalog.loads(text, "t.toml")
    assert cat.services[0].probes[0].direction == "upload"
    again = catalog.loads(catalog.dumps(cat), "t.toml")
    assert again.services[0].probes[0].direction == "upload"
    with pytest.raises(ConfigError, match='must be "download" or "upload"'):
        catalog.loads(text.replace('"upload"\n', '"sideways"\n', 1), "t.toml")
    with pytest.raises(ConfigError, match="direction"):  # only throughput probes have one
        catalog.loads(
            GOOD_SERVICE.replace(
                'url = "https://example.test/"',
                'url = "https://example.test/"\ndirection = "upload"',
            ),
            "t.toml",
        )


def test_saving_keeps_the_persons_comments_and_layout(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        """# my own notes: keep calls checked every two minutes
[settings]
timeout = 5.0  # the mobile link is slow
interval = 300
resolver = "system"
control_resolvers = ["udp://9.9.9.9:53"]

# --- the messengers I use ---
[[services]]
id = "telegram"
name = "Telegram"
interval = 120  # calls matter most

[[services.probes]]
capability = "messages"
kind = "tcp"
host = "149.154.167.51"
port = 443  # DC2

[[services]]
id = "wiki"
name = "Wikipedia"

[[services.probes]]
capability = "web"
kind = "https"
url = "https://ru.wikipedia.org/"
""",
        encoding="utf-8",
    )
    cat = catalog.load(path)
    cat.services[0].name = "Telegram (work)"
    cat.services[0].probes[0].port = 80
    cat.services[1].probes[0].source = "my bookmark"
    cat.settings.retries = 2
    catalog.save(cat, path)
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# my own notes: keep calls checked every two minutes",
        "timeout = 5.0  # the mobile link is slow",
        "# --- the messengers I use ---",
        "interval = 120  # calls matter most",
    ):
        assert kept in text
    again = catalog.load(path)
    assert again.services[0].name == "Telegram (work)"
    assert again.services[0].probes[0].port == 80
    assert again.services[1].probes[0].source == "my bookmark"
    assert again.settings.retries == 2 and again.settings.timeout == 5.0
    assert (tmp_path / "config.toml.bak").read_text(encoding="utf-8").startswith("# my own notes")


def test_a_renamed_or_removed_service_is_saved_as_such(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[[services]]\nid = "a"\nname = "A"  # first\n\n[[services.probes]]\ncapability = "web"\n'
        'kind = "dns"\nhost = "a.example"\n\n[[services]]\nid = "b"\nname = "B"\n\n'
        '[[services.probes]]\ncapability = "web"\nkind = "dns"\nhost = "b.example"\n',
        encoding="utf-8",
    )
    cat = catalog.load(path)
    cat.services[0].id = "a2"
    del cat.services[1]
    catalog.save(cat, path)
    again = catalog.load(path)
    assert [s.id for s in again.services] == ["a2"]
    assert 'name = "A"  # first' in path.read_text(encoding="utf-8")
