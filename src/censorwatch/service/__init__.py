"""Watching without a window: `censorwatch watch` (the window's scheduler and engine,
headless), its Prometheus metrics, the one-per-history rule it shares with the window, the
consent a volunteer gives before anything is sent, and the systemd units that run it.

    watch.py     the headless monitor: rounds, history, state changes logged, signals
    metrics.py   the Prometheus exposition of what the rounds found (prometheus_client)
    instance.py  one watch or window per history (the window's local-socket name)
    consent.py   the first run's consent, for the headless case
    units.py     the systemd units shipped with censorwatch, and installing one
"""
