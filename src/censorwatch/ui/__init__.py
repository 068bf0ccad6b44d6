"""The window: Qt widgets only. It talks to the engine through one bridge (bridge.py) and runs
other work off the GUI thread through one helper (background.py); everything it shows comes
from the layers below.

    app.py            starting the window and everything behind it
    window.py         the main window: grid, detail, chart, status bar, shared logs
    banner.py, model.py, detail.py, chart.py, tray.py, notifications.py: its parts
    service_editor.py, settings_dialog.py, export_dialog.py, firstrun.py: its dialogs
    config_saving.py  saving the config from a dialog
    shared_log.py     a log someone shared, read into its own history
    bridge.py         the engine's thread and its signals
    background.py     work on a thread pool, results back in the GUI thread
    status_style.py   how a status looks: colour, symbol, icon
    binding.py        the Qt binding checked at start-up
"""
