"""A throwaway certificate authority, so the test servers' TLS is verified for real.

The CA file is what tests hand to the code under test through ``ca_file``, exactly as a user
with a private CA would; nothing in the tests turns certificate checking off.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme

SERVER_NAMES = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Pki:
    """A CA and one server certificate for the loopback names, written as PEM files."""

    ca: trustme.CA
    server_cert: trustme.LeafCert
    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        """For servers run in this process (aiosmtpd)."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server_cert.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """For test code that talks to the servers directly; trusts this CA only."""
        return ssl.create_default_context(cafile=str(self.ca_file))


def make_pki(folder: Path) -> Pki:
    """Issue a fresh CA and server certificate and write them into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="responder tests")
    server_cert = ca.issue_cert(*SERVER_NAMES)
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server-cert.pem", folder / "server-key.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    cert_file.write_bytes(b"".join(blob.bytes() for blob in server_cert.cert_chain_pems))
    key_file.write_bytes(server_cert.private_key_pem.bytes())
    key_file.chmod(0o600)
    return Pki(ca=ca, server_cert=server_cert, ca_file=ca_file, cert_file=cert_file, key_file=key_file)
