"""The local censorship lab: real servers on 127.77.0.0/16 that misbehave like censors do.

runner.py       Lab: certificates, ports, servers in a thread, the configs
hosts.py        which address and which name misbehaves how
servers.py      the TCP servers (TLS and HTTP) and their behaviours
udp_servers.py  the resolvers and STUN servers
dns_answers.py  what the resolvers answer
configs.py      the censorwatch configs that point at the lab
demo.py         a few hours of history for --demo
truth.py        what each lab service really does, to score verdicts against
field.py        the lab in a network namespace with packet loss and a slow link
"""

from . import hosts
from .runner import Lab

__all__ = ["Lab", "hosts"]
