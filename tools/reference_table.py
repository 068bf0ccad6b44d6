"""Writes docs/reference-suite.md from the reference suite's table (censorwatch.lab.reference):
python tools/reference_table.py > docs/reference-suite.md (tests/test_reference.py checks it)."""

from __future__ import annotations

from censorwatch.lab import reference

HEAD = """# The reference suite: OONI's Web Connectivity QA cases

OONI's probe-cli keeps a public reference suite for exactly what censorwatch does: the
Web Connectivity QA cases (`internal/webconnectivityqa` in ooni/probe-cli, with the
simulated internet of `internal/netemx`), each a simulated censor or a broken website with
the result OONI expects. censorwatch rebuilds every one of them on loopback in its lab
(`censorwatch lab` writes `reference.toml`: one service per case, named as OONI names it),
and `tests/test_reference.py` runs the whole table through the real engine and fails on
any row that is not as written here. This page is written from the table itself
(`src/censorwatch/lab/reference.py`; `python tools/reference_table.py`).

**{agree} of the {total} cases agree with OONI's expected result; {rebuilt} are rebuilt.**
Where we differ, the row says why we are right.

How to read it:

- *OONI* is the case's expected `blocking` (a kind of blocking, `false`: not blocked,
  `null`: cannot tell), then `accessible`, then the kinds its `x_blocking_flags` name
  (`dns`, `tcp_ip`, `tls`, `http`, `http-diff`). OONI's newer engine calls every failure
  after DNS `http-failure`; its flags say which step.
- *censorwatch* is our status and technique ([verdicts.md](verdicts.md)).
- A claim agrees with a claim of the same kind (by OONI's `blocking` or its flags: `dns` is
  `dns`; `tcp_ip` is `tcp_timeout` or `tcp_refused`; `tls` is `tls_reset`, `tls_timeout`,
  `sni` or `tls_mitm`; `http` is `http_failure`, `stall` or `throttling`; `http-diff` is
  `http_blockpage`). OONI's "not blocked" agrees with no claim of ours, `ok` where OONI
  finds the site accessible and `unknown` where it does not; its "cannot tell" agrees with
  any verdict short of a claim.
- Names: each case's host is `<id>.qa.cw.test` (the international names: `пример.рф`);
  the link shortener (OONI's bit.ly) is `short.qa.cw.test`.

| case | how the lab rebuilds it | OONI | censorwatch | agrees |
|---|---|---|---|---|
"""

KIND_NAMES = (
    (reference.DNS, "dns"),
    (reference.TCP_IP, "tcp_ip"),
    (reference.TLS, "tls"),
    (reference.HTTP, "http"),
    (reference.HTTP_DIFF, "http-diff"),
)


def _ooni(o: reference.Ooni) -> str:
    blocking = {False: "`false`", None: "`null`"}.get(o.blocking, f"`{o.blocking}`")  # type: ignore[arg-type]
    accessible = {True: "accessible", False: "not accessible", None: "accessible `null`"}[
        o.accessible
    ]
    kinds = ", ".join(name for bit, name in KIND_NAMES if o.flags & bit)
    return f"{blocking}, {accessible}" + (f" (flags: {kinds})" if kinds else "")


def render() -> str:
    agree, total = reference.figures()
    out = HEAD.format(agree=agree, total=total, rebuilt=total)
    for case in reference.CASES:
        status, technique = case.ours
        ours = f"`{status}`" + (f" `{technique}`" if technique else "")
        verdict = "yes" if case.agrees() else f"**no**: {case.why}"
        out += (
            f"| `{case.name}` (`{case.slug}`) | {case.rebuilt} | {_ooni(case.ooni)} | "
            f"{ours} | {verdict} |\n"
        )
    out += """
## What changed in the verdict vocabulary, and why

- **A claim needs a comparison, and names it.** A refused connection, a request cut before
  any answer or a transfer cut mid-way is claimed only when the same request naming the
  decoy on the same address gets through (`http_failure`, by name), or the address an
  independent resolver gives works (`dns`). Alone, it is `unknown` with the plain reason:
  a refusal from one computer looks the same whether a censor or a dead server sends it.
- **Certificates**: interception (`tls_mitm`) only where the evidence points to a middlebox
  (a certificate made for whatever name is asked, or one untrusted authority signing for
  several services of the round, a foreign one among them); an expired or not yet valid
  certificate, one made for other names, or one from an authority this computer does not
  trust with nothing else pointing to interception, is the site's own problem: `unknown`.
- **DNS**: a name the independent resolvers say does not exist while yours gives an address
  is `dns` (a ghost); every resolver agreeing on this computer or a private network is a
  misconfigured site (`unknown`); no resolver knowing the name is a site that is gone
  (`unknown`, not `offline`).
- **Plain HTTP**: a page unlike the same address's page over HTTPS, while the same request
  naming another name gets yet another answer, was put in the site's place on the way:
  `http_blockpage`, with that comparison named.
- **Redirects**: a Location without a host, one no browser opens, or more than ten in a row
  are the site's faults with OONI's failure strings (`http_invalid_redirect_location_host`,
  `unknown_failure: stopped after too many redirects`), never "works", never a claim.
- **A fault of censorwatch itself** is `unknown` ("censorwatch could not run this check"),
  with its traceback in the program's log.
"""
    return out


if __name__ == "__main__":
    print(render(), end="")
