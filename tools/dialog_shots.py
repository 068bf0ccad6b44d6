"""Screenshots of the dialogs a new person meets, to look at them as that person would: the
first start's checklist, the Export dialog, Add a site (a Russian bank typed bare; a foreign name it is unsure
of), Add my VPN (a profile others can read), both layers of Settings, and the empty window. Nothing is sent: no engine runs.

    CENSORWATCH_LANG=ru QT_QPA_PLATFORM=offscreen .venv/bin/python tools/dialog_shots.py \
        /tmp/shots --theme dark
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    args = parser.parse_args()
    out = Path(args.folder)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from censorwatch import catalog
    from censorwatch.diagnosis.wording import catalog_text, set_translator
    from censorwatch.ui.app import install_translation
    from censorwatch.ui.theme import apply_theme

    scratch = Path(tempfile.mkdtemp(prefix="censorwatch-shots-"))
    lang = install_translation(app, QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat))
    if lang == "ru":
        from PySide6.QtCore import QCoreApplication

        set_translator(QCoreApplication.translate)
    apply_theme(app, args.theme)
    from censorwatch.ui.add_site import AddSiteDialog
    from censorwatch.ui.choosing import EmptyGuide
    from censorwatch.ui.firstrun import FirstRunNotice
    from censorwatch.ui.settings_dialog import SettingsDialog

    builtin = catalog.load_default(catalog_text)
    tag = f"{lang}-{args.theme}"

    def shot(widget, name: str) -> None:
        widget.show()
        app.processEvents()
        widget.grab().save(str(out / f"{name}-{tag}.png"))
        widget.close()

    notice = FirstRunNotice(builtin, metered=os.environ.get("CENSORWATCH_METERED") == "1")
    shot(notice, "firstrun")
    empty = catalog.Catalog(builtin.settings, [])
    for name, typed in (("add-bank", "online.sberbank.ru"), ("add-unsure", "example.org/news")):
        dialog = AddSiteDialog(empty, scratch / "config.toml", builtin)
        dialog.address.setText(typed)
        if name == "add-unsure":
            dialog.advanced_button.setChecked(True)
        shot(dialog, name)
    settings = SettingsDialog(builtin, scratch / "config.toml", True)
    shot(settings, "settings")
    settings = SettingsDialog(builtin, scratch / "config.toml", True)
    settings.advanced_button.setChecked(True)
    shot(settings, "settings-advanced")
    from censorwatch.store import Store
    from censorwatch.ui.export_dialog import ExportDialog

    Store(scratch / "history").close()  # an empty history: the preview says there is nothing
    export = ExportDialog(scratch / "history", [(s.id, s.name) for s in builtin.services])
    export.resize(760, 640)
    for _ in range(20):  # the preview is read in the background
        app.processEvents()
    shot(export, "export")
    from censorwatch.ui.add_vpn import AddVpnDialog

    # A WireGuard profile other users can read (the dialog warns), with made-up keys.
    profile = scratch / "home.conf"
    key = "YNqHbfBQKaGvzefSSRaoDlzx2ZozOjRBtNdGGLmiDlU="
    profile.write_text(
        f"[Interface]\nPrivateKey = {key}\n[Peer]\nPublicKey = {key}\n"
        "Endpoint = vpn.example.org:51820\n"
    )
    profile.chmod(0o644)
    vpn = AddVpnDialog(empty, scratch / "config.toml")
    vpn.choose(str(profile))
    for _ in range(200):  # the profile is read in the background
        app.processEvents()
        if vpn.vpn is not None:
            break
        import time

        time.sleep(0.01)
    shot(vpn, "add-vpn")
    guide = EmptyGuide()
    guide.resize(760, 360)
    shot(guide, "empty")
    print(f"saved in {out}: " + ", ".join(sorted(p.name for p in out.glob(f"*-{tag}.png"))))


if __name__ == "__main__":
    main()
