#!/usr/bin/python3
"""A real SMTP server on loopback for the notification tests (Debian's
python3-aiosmtpd): STARTTLS required with the given certificate (or, with
--smtps, TLS from the start), AUTH PLAIN/LOGIN for one user after TLS, and
each message accepted saved as DIR/mail-<n>.eml (written whole, then
renamed). RCPT to an address given with --refuse is answered 550 (MAIL FROM it, 553). Writes
its port to DIR/port once it listens; runs until SIGTERM.

  smtp_server.py --dir DIR --port N --cert C --key K --user U --password P
"""
import argparse
import asyncio
import itertools
import os
import signal
import ssl
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--smtps", action="store_true")
    a = ap.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)
    # Numbered on from what an earlier run of the server kept in DIR.
    counter = itertools.count(1 + len([f for f in os.listdir(a.dir) if f.endswith(".eml")]))
    refused = {r.lower() for r in a.refuse}

    def tls(server, session):
        # STARTTLS fills session.ssl; TLS from the start shows on the transport.
        transport = getattr(server, "transport", None)
        return bool(session.ssl) or (transport is not None and
                                     transport.get_extra_info("ssl_object") is not None)

    class Handler:
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if address.lower() in refused:
                return "553 5.7.1 <%s>: sender not allowed" % address
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() in refused:
                return "550 5.1.1 <%s>: mailbox unavailable" % address
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            n = next(counter)
            tmp = os.path.join(a.dir, ".mail-%d.tmp" % n)
            with open(tmp, "wb") as f:
                f.write(("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\nX-Authenticated: %s\r\n"
                         "X-TLS: %s\r\n"
                         % (envelope.mail_from, ",".join(envelope.rcpt_tos),
                            "yes" if session.authenticated else "no",
                            "yes" if tls(server, session) else "no")).encode())
                f.write(envelope.original_content)
            os.rename(tmp, os.path.join(a.dir, "mail-%d.eml" % n))
            return "250 2.0.0 Message accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == a.user
              and auth_data.password.decode() == a.password)
        return AuthResult(success=ok)

    kwargs = dict(hostname="127.0.0.1", port=a.port, authenticator=authenticator,
                  auth_require_tls=True, auth_required=True)
    if a.smtps:
        # The whole connection is TLS; aiosmtpd's auth_require_tls only
        # knows STARTTLS, so it would hide AUTH here.
        kwargs["ssl_context"] = ctx
        kwargs["auth_require_tls"] = False
    else:
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = True
    controller = Controller(Handler(), **kwargs)
    controller.start()
    with open(os.path.join(a.dir, "port.tmp"), "w") as f:
        f.write(str(a.port))
    os.rename(os.path.join(a.dir, "port.tmp"), os.path.join(a.dir, "port"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
