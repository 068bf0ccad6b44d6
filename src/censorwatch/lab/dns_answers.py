"""What the lab's resolvers answer, as DNS messages built by dnspython: the honest resolver
tells the truth of hosts.py, the lying one lies the way censors' resolvers do."""

from __future__ import annotations

import ipaddress

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from . import hosts, reference_world

TTL = 60
MAX_MESSAGE = 65535  # the many-records name fills a whole datagram: the client must cap it


def question(wire: bytes) -> dns.message.Message | None:
    """The query in `wire`, or None when it is not a query with one question."""
    try:
        query = dns.message.from_wire(wire)
    except dns.exception.DNSException:
        return None
    if query.flags & dns.flags.QR or len(query.question) != 1:
        return None
    return query


def control_fails(query: dns.message.Message) -> bool:
    """The independent resolvers fail for this name (OONI's control failure): over DoH the
    connection is reset, over UDP the answer is REFUSED."""
    name = query.question[0].name.to_text(omit_final_dot=True)
    return reference_world.answer(name, honest=True) == reference_world.FAIL


def response(query: dns.message.Message, lying: bool, world: str = "") -> bytes | None:
    """The answer to `query` (None: stay silent); `world`: the lab's (hosts.WORLDS)."""
    asked = query.question[0]
    name = asked.name.to_text(omit_final_dot=True).lower()
    addresses: list[str]
    qa = reference_world.answer(name, honest=not lying)
    if qa is not None:
        rcode = {
            reference_world.NX: dns.rcode.NXDOMAIN,
            reference_world.FAIL: dns.rcode.REFUSED,  # DoH resets instead (control_fails)
        }.get(str(qa), dns.rcode.NOERROR)
        addresses = qa if isinstance(qa, list) else []
    elif lying:
        verdict = hosts.lying_answer(name, world)
        if verdict is None:
            return None
        rcode_text, addresses = verdict
        rcode = dns.rcode.from_text(rcode_text)
    else:
        truth = hosts.honest_answer(name, world)
        rcode = dns.rcode.NXDOMAIN if truth is None else dns.rcode.NOERROR
        addresses = truth or []
    reply = dns.message.make_response(query)
    reply.flags |= dns.flags.AA
    reply.set_rcode(rcode)
    wanted = [a for a in addresses if _rdtype(a) == asked.rdtype]
    if wanted:
        rdtype = dns.rdatatype.to_text(asked.rdtype)
        reply.answer.append(dns.rrset.from_text_list(asked.name, TTL, "IN", rdtype, wanted))
    return reply.to_wire(max_size=MAX_MESSAGE)


def _rdtype(address: str) -> int:
    return dns.rdatatype.A if ipaddress.ip_address(address).version == 4 else dns.rdatatype.AAAA


def servfail(query: dns.message.Message) -> bytes:
    """A resolver that fails everything (its upstream is gone)."""
    reply = dns.message.make_response(query)
    reply.set_rcode(dns.rcode.SERVFAIL)
    return reply.to_wire()
