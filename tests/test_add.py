"""`censorwatch add`: a site from what a person has (a bare domain, пример.рф, a copied link)
into a config, region guessed, the next round checking it — against the lab."""

from __future__ import annotations

import json
import os
import tomllib

import pytest

from censorwatch import catalog
from censorwatch.catalog.from_text import NotASite, new_site, service_id, site_url
from tests.conftest import run_cli


def _settings_only(lab, tmp_path):
    """The reference world's settings (its resolvers know пример.рф) and no service."""
    text = lab.config("reference").read_text(encoding="utf-8")
    settings = text.split("[[services]]", 1)[0]
    path = tmp_path / "config.toml"
    path.write_text(settings, encoding="utf-8")
    return path, tomllib.loads(settings)


def test_a_site_from_what_a_person_types():
    assert site_url("online.sberbank.ru") == "https://online.sberbank.ru/"
    assert site_url(" пример.рф/новости ") == "https://пример.рф/новости"
    assert site_url("xn--e1afmkfd.xn--p1ai") == "https://пример.рф/"
    # a link copied from the browser: the page, not its session or fragment
    assert site_url("https://bank.example/login?token=secret#top") == "https://bank.example/login"
    assert site_url("http://example.org:8080") == "http://example.org:8080/"
    for bad in ("", "Мой банк", "ftp://example.org/", "localhost", "https://"):
        with pytest.raises(NotASite):
            site_url(bad)
    assert service_id("Мой банк", set()) == "moy-bank"
    assert service_id("пример.рф", {"primer-rf"}) == "primer-rf-2"
    assert service_id("!!!", set()) == "site"


def test_the_region_is_guessed_and_a_reference_is_only_what_the_built_in_list_says():
    built_in = catalog.load_default()
    empty = catalog.loads("", "<test>")
    bank = new_site("online.sberbank.ru", empty, built_in)
    assert (bank.service.region, bank.region_sure, bank.service.is_listed) == (
        "domestic",
        True,
        True,
    )  # Sberbank's site is one of the built-in list's white-list references
    own = new_site("пример.рф", empty, built_in)
    assert own.service.region == "domestic" and own.region_sure
    assert not own.service.is_listed  # a site of one's own is no reference
    foreign = new_site("example.org", empty, built_in)
    assert foreign.service.region == "foreign" and not foreign.region_sure
    chosen = new_site("example.org", empty, built_in, name="Мой банк", region="domestic")
    assert (chosen.service.name, chosen.service.id, chosen.region_guessed) == (
        "Мой банк",
        "moy-bank",
        False,
    )


def test_add_on_the_command_line_and_the_next_round_checks_it(lab, tmp_path):
    config, settings = _settings_only(lab, tmp_path)
    port = settings["settings"]["reference_url"].split(":")[2].split("/")[0]
    added = run_cli("add", f"http://пример.рф:{port}/", "--config", str(config))
    assert added.returncode == 0, added.stderr
    assert "primer-rf" in added.stdout and "Taken as foreign" not in added.stdout
    bank = run_cli("add", "online.sberbank.ru", "--config", str(config))
    assert bank.returncode == 0, bank.stderr
    foreign = run_cli("add", "example.org", "--name", "News", "--config", str(config))
    assert foreign.returncode == 0 and "--region domestic" in foreign.stdout
    listed = json.loads(run_cli("catalog", "--json", "--config", str(config)).stdout)
    services = {s["id"]: s for s in listed["services"]}
    assert set(services) == {"primer-rf", "online-sberbank-ru", "news"}
    assert services["primer-rf"]["region"] == "domestic"
    assert services["online-sberbank-ru"]["listed"] is True
    assert services["news"]["region"] == "foreign"
    again = run_cli("add", "ПРИМЕР.РФ:" + port, "--config", str(config))
    assert again.returncode == 2 and "checked already" in again.stderr
    assert (tmp_path / "config.toml.bak").exists()  # the file before, kept
    checked = run_cli(
        "check", "--agree", "--json", "--config", str(config), "--service", "primer-rf",
        "--data-dir", str(tmp_path / "data"),
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    (service,) = report["services"]
    assert service["id"] == "primer-rf" and service["status"] == "ok", service


def test_add_speaks_russian_and_refuses_what_is_not_a_site(tmp_path):
    env = {**os.environ, "CENSORWATCH_LANG": "ru"}
    config = tmp_path / "config.toml"
    result = run_cli("add", "Мой банк", "--config", str(config), env=env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "не адрес сайта" in result.stderr or "не имя сайта" in result.stderr, result.stderr
    assert not config.exists()  # nothing written


def test_bare_names_added_on_the_command_line_are_checked_by_the_next_round(lab, tmp_path):
    """online.sberbank.ru and пример.рф typed bare (https, port 443): the lab's reference
    world answers both names with its web server, a relay stands in for its port 443."""
    from censorwatch.lab import reference_world
    from tests.test_choosing import Relay

    config, settings = _settings_only(lab, tmp_path)
    port = int(settings["settings"]["reference_url"].split(":")[2].split("/")[0])
    for typed in ("online.sberbank.ru", "пример.рф"):
        added = run_cli("add", typed, "--config", str(config))
        assert added.returncode == 0, added.stderr
    with Relay(reference_world.WEB, 443, port):
        checked = run_cli(
            "check", "--agree", "--json", "--config", str(config),
            "--data-dir", str(tmp_path / "data"),
        )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    verdicts = {s["id"]: s["status"] for s in json.loads(checked.stdout)["services"]}
    assert verdicts == {"online-sberbank-ru": "ok", "primer-rf": "ok"}, verdicts
