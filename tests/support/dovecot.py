"""A private Dovecot IMAP server for the integration tests.

One instance per test session, entirely inside a temporary folder: its own configuration,
``base_dir``, state, log, passwd-file users and Maildir storage, listening on loopback only,
on a plain/STARTTLS port and an implicit-TLS port whose certificate comes from the test CA.
It starts in a few tens of milliseconds; "started" means an IMAP greeting was read on both ports.

Running as root (as CI does) needs two unprivileged accounts: Dovecot refuses to run login
processes as root ("This process must not be run as root") and to give mail access to uid 0
("Mail access not allowed for root"), so logins and mail run as ``nobody``. Run as an ordinary
user, everything runs as that user. Dovecot 2.4 (Debian 13) reads a different configuration
syntax; :func:`render_config` writes whichever the installed version needs.

Failed logins: the anvil penalty (2, 4, 8… seconds per address) is switched off, but 2.3 still
answers a wrong password after up to half a second, as it flushes delayed failures twice a
second whatever ``auth_failure_delay`` says (2.4 answers at once when it is 0).
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import imapclient
from imapclient import imap_utf7

from support.pki import Pki

HOST = "127.0.0.1"
DEFAULT_USERS: Mapping[str, str] = {"employee": "Employee-pw!7Hq2", "delegate": "Delegate-pw!3Zr8"}
SPECIAL_USE = {"Sent": "\\Sent", "Drafts": "\\Drafts", "Trash": "\\Trash", "Junk": "\\Junk"}
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


def find_binary() -> str:
    """The dovecot executable; a clear failure when the package is missing."""
    found = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None)
    if found is None:
        raise RuntimeError("dovecot is not installed: apt-get install dovecot-imapd")
    return found


def dovecot_version(binary: str) -> tuple[int, ...]:
    """``dovecot --version`` prints e.g. ``2.3.19.1 (9b53102964)``."""
    output = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.match(r"\s*(\d+(?:\.\d+)*)", output)
    if match is None:
        raise RuntimeError(f"cannot read the Dovecot version from {output!r}")
    return tuple(int(part) for part in match.group(1).split("."))


@dataclass(frozen=True)
class Accounts:
    """Which system users Dovecot's processes run as."""

    internal_user: str
    internal_group: str
    login_user: str
    mail_user: str
    mail_group: str
    mail_uid: int
    mail_gid: int

    @classmethod
    def for_current_user(cls) -> Accounts:
        me = pwd.getpwuid(os.getuid())
        my_group = grp.getgrgid(os.getgid()).gr_name
        if os.getuid() != 0:
            return cls(me.pw_name, my_group, me.pw_name, me.pw_name, my_group, me.pw_uid, me.pw_gid)
        nobody = pwd.getpwnam("nobody")
        nobody_group = grp.getgrgid(nobody.pw_gid).gr_name
        return cls("root", my_group, "nobody", "nobody", nobody_group, nobody.pw_uid, nobody.pw_gid)


@dataclass(frozen=True)
class Layout:
    """Every path and port of one instance."""

    root: Path
    port: int
    tls_port: int

    @property
    def config_file(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log_file(self) -> Path:
        return self.root / "dovecot.log"

    @property
    def stderr_file(self) -> Path:
        return self.root / "dovecot.stderr"

    @property
    def passwd_file(self) -> Path:
        return self.root / "passwd"

    @property
    def home_root(self) -> Path:
        return self.root / "home"

    @property
    def cert_file(self) -> Path:
        return self.root / "ssl" / "cert.pem"

    @property
    def key_file(self) -> Path:
        return self.root / "ssl" / "key.pem"


def render_config(layout: Layout, accounts: Accounts, version: tuple[int, ...]) -> str:
    """The whole dovecot.conf, in the syntax of the installed major version."""
    render = _config_24 if version >= (2, 4) else _config_23
    return render(layout, accounts) + _common_tail(layout)


def _config_23(layout: Layout, accounts: Accounts) -> str:
    return f"""\
# Written by tests/support/dovecot.py for one test session (Dovecot 2.3 syntax).
base_dir = {layout.root}/run
state_dir = {layout.root}/state
instance_name = responder-test-{layout.port}
log_path = {layout.log_file}
protocols = imap
listen = {HOST}
ssl = yes
ssl_cert = <{layout.cert_file}
ssl_key = <{layout.key_file}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {accounts.internal_user}
default_internal_group = {accounts.internal_group}
default_login_user = {accounts.login_user}
mail_uid = {accounts.mail_user}
mail_gid = {accounts.mail_group}
first_valid_uid = {accounts.mail_uid}
first_valid_gid = {accounts.mail_gid}
mail_location = maildir:~/Maildir
mailbox_idle_check_interval = 1 secs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {layout.passwd_file}
}}
userdb {{
  driver = static
  args = home={layout.home_root}/%u
}}
"""


def _config_24(layout: Layout, accounts: Accounts) -> str:
    # Checked against the 2.4 documentation (upgrade guide 2.3 -> 2.4, passwd-file and static
    # databases, settings list); not run here, where Debian 12 ships 2.3.
    return f"""\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
# Written by tests/support/dovecot.py for one test session (Dovecot 2.4 syntax).
base_dir = {layout.root}/run
state_dir = {layout.root}/state
instance_name = responder-test-{layout.port}
log_path = {layout.log_file}
protocols = imap
listen = {HOST}
ssl = yes
ssl_server_cert_file = {layout.cert_file}
ssl_server_key_file = {layout.key_file}
auth_allow_cleartext = yes
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {accounts.internal_user}
default_internal_group = {accounts.internal_group}
default_login_user = {accounts.login_user}
mail_uid = {accounts.mail_user}
mail_gid = {accounts.mail_group}
first_valid_uid = {accounts.mail_uid}
first_valid_gid = {accounts.mail_gid}
mail_driver = maildir
mail_path = ~/Maildir
mailbox_idle_check_interval = 1s
passdb passwd-file {{
  passwd_file_path = {layout.passwd_file}
}}
userdb static {{
  fields {{
    home = {layout.home_root}/%{{user}}
  }}
}}
"""


def _common_tail(layout: Layout) -> str:
    """Sections whose syntax did not change between 2.3 and 2.4."""
    mailboxes = "".join(
        f"  mailbox {name} {{\n    special_use = {flag}\n    auto = subscribe\n  }}\n" for name, flag in SPECIAL_USE.items()
    )
    return f"""\
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
protocol imap {{
  # Tests may hold many connections at once; the default is 10 per user and address.
  mail_max_userip_connections = 100
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {layout.port}
  }}
  inet_listener imaps {{
    port = {layout.tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # No growing delay after failed logins from 127.0.0.1: tests fail logins on purpose.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


class DovecotServer:
    """One private Dovecot instance, started and stopped by the test session."""

    host = HOST

    def __init__(
        self, root: Path, pki: Pki, *, port: int, tls_port: int, users: Mapping[str, str] = DEFAULT_USERS
    ) -> None:
        self.binary = find_binary()
        self.version = dovecot_version(self.binary)
        self.layout = Layout(root, port, tls_port)
        self.accounts = Accounts.for_current_user()
        self.pki = pki
        self.users = dict(users)
        self._process: subprocess.Popen[bytes] | None = None
        self._clients: dict[str, imapclient.IMAPClient] = {}
        self._write_files()

    @property
    def port(self) -> int:
        """The plain port, which also offers STARTTLS."""
        return self.layout.port

    @property
    def tls_port(self) -> int:
        """The implicit-TLS port."""
        return self.layout.tls_port

    @property
    def ca_file(self) -> Path:
        return self.pki.ca_file

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def password(self, user: str) -> str:
        return self.users[user]

    def start(self) -> None:
        """Start Dovecot in the foreground and wait until both ports greet."""
        if self.running:
            return
        with self.layout.stderr_file.open("ab") as stderr:
            self._process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.layout.config_file)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # its own process group, so stop() reaches every child
            )
        try:
            self._await_greeting(self.port, None)
            self._await_greeting(self.tls_port, self.pki.client_context())
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop every Dovecot process and wait until the ports are free for a restart."""
        self._drop_clients()
        process, self._process = self._process, None
        if process is None:
            return
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
        for port in (self.port, self.tls_port):
            _await_closed(port)

    def deliver(
        self,
        user: str,
        raw: bytes,
        folder: str = "INBOX",
        flags: Sequence[str | bytes] = (),
        internaldate: datetime | None = None,
    ) -> int:
        """APPEND a message as ``user`` and return its UID; a missing folder is created first."""
        try:
            return self._append(self._client(user), raw, folder, flags, internaldate)
        except (OSError, imaplib.IMAP4.abort):
            self._drop_clients(user)  # the server was restarted under a cached connection
            return self._append(self._client(user), raw, folder, flags, internaldate)

    def reset(self, user: str | None = None) -> None:
        """Give ``user`` (default: every user) a brand new, empty mailbox.

        The home folder is moved aside and deleted: faster than expunging over IMAP, and UIDs
        start again at 1. Connections still open on the old mailbox see it vanish.
        """
        for name in [user] if user else list(self.users):
            self._drop_clients(name)
            home = self.layout.home_root / name
            if home.exists():
                trash = self.layout.root / f"trash-{name}-{time.monotonic_ns()}"
                home.rename(trash)
                shutil.rmtree(trash, ignore_errors=True)

    def recreate_folder(self, user: str, folder: str) -> None:
        """Make the server forget a folder's UIDs, as a server whose index was rebuilt does.

        The messages and their flags stay; the folder gets a new UIDVALIDITY and new UIDs. No
        need to wait for the clock: Dovecot keeps the last value given out (``dovecot-uidvalidity``,
        left in place here) and counts up from it within the same second.
        Close your own connections to that folder first.
        """
        path = self.folder_path(user, folder)
        if not (path / "cur").is_dir():
            raise FileNotFoundError(f"{user} has no folder {folder!r} on disk yet")
        self._drop_clients(user)
        maildir = self.maildir(user)
        stale = [*path.glob("dovecot-uidlist*"), *path.glob("dovecot.index*"), *maildir.glob("dovecot.list.index*")]
        for file in stale:
            file.unlink(missing_ok=True)

    def maildir(self, user: str) -> Path:
        return self.layout.home_root / user / "Maildir"

    def folder_path(self, user: str, folder: str) -> Path:
        """Where a folder lives on disk (Maildir++ layout: ``.Parent.Child``, names in mUTF-7)."""
        if folder.upper() == "INBOX":
            return self.maildir(user)
        encoded: str = imap_utf7.encode(folder).decode("ascii")
        return self.maildir(user) / ("." + encoded.replace("/", "."))

    @contextmanager
    def client(self, user: str) -> Iterator[imapclient.IMAPClient]:
        """A logged-in connection on the plain port, for tests to look at a mailbox."""
        client = imapclient.IMAPClient(self.host, self.port, ssl=False, timeout=10)
        try:
            client.login(user, self.users[user])
            yield client
        finally:
            try:
                client.logout()
            except (OSError, imaplib.IMAP4.error):
                client.shutdown()

    def log_text(self) -> str:
        return self.layout.log_file.read_text(errors="replace") if self.layout.log_file.exists() else ""

    def _write_files(self) -> None:
        root = self.layout.root
        # Login and mail processes run as another user when we are root: they must reach the folder.
        root.chmod(0o755)
        for folder in (root / "run", root / "state", root / "ssl", self.layout.home_root):
            folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.pki.cert_file, self.layout.cert_file)
        shutil.copyfile(self.pki.key_file, self.layout.key_file)
        self.layout.key_file.chmod(0o600)
        lines = [f"{name}:{{PLAIN}}{password}\n" for name, password in self.users.items()]
        self.layout.passwd_file.write_text("".join(lines))
        self.layout.passwd_file.chmod(0o600)
        if os.getuid() == 0:
            os.chown(self.layout.home_root, self.accounts.mail_uid, self.accounts.mail_gid)
            login = pwd.getpwnam(self.accounts.login_user)
            os.chown(self.layout.key_file, login.pw_uid, login.pw_gid)
        config = render_config(self.layout, self.accounts, self.version)
        self.layout.config_file.write_text(config)

    def _await_greeting(self, port: int, context: ssl.SSLContext | None) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                greeting = _read_greeting(port, context)
            except (ConnectionRefusedError, ConnectionResetError):
                greeting = b""
            if greeting.startswith(b"* OK"):
                return
            if self._process is None or self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Dovecot did not greet on port {port}: {greeting!r}\n{self._diagnostics()}")
            time.sleep(0.005)

    def _diagnostics(self) -> str:
        stderr = self.layout.stderr_file.read_text(errors="replace") if self.layout.stderr_file.exists() else ""
        log_tail = "\n".join(self.log_text().splitlines()[-20:])
        return f"stderr:\n{stderr}\nlog ({self.layout.log_file}):\n{log_tail}"

    def _client(self, user: str) -> imapclient.IMAPClient:
        if user not in self._clients:
            client = imapclient.IMAPClient(self.host, self.port, ssl=False, timeout=10)
            client.login(user, self.users[user])
            self._clients[user] = client
        return self._clients[user]

    def _drop_clients(self, user: str | None = None) -> None:
        for name in [user] if user else list(self._clients):
            client = self._clients.pop(name, None)
            if client is not None:
                try:
                    client.logout()
                except (OSError, imaplib.IMAP4.error):
                    client.shutdown()

    @staticmethod
    def _append(
        client: imapclient.IMAPClient,
        raw: bytes,
        folder: str,
        flags: Sequence[str | bytes],
        internaldate: datetime | None,
    ) -> int:
        try:
            response = client.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        except imaplib.IMAP4.error as exc:
            if "TRYCREATE" not in str(exc):
                raise
            client.create_folder(folder)
            client.subscribe_folder(folder)
            response = client.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        match = re.search(rb"APPENDUID \d+ (\d+)", response)
        if match is None:
            raise RuntimeError(f"APPEND gave no UID: {response!r}")
        return int(match.group(1))


def _read_greeting(port: int, context: ssl.SSLContext | None) -> bytes:
    with socket.create_connection((HOST, port), timeout=2) as raw:
        sock = context.wrap_socket(raw, server_hostname=HOST) if context else raw
        try:
            return sock.makefile("rb").readline()
        finally:
            if sock is not raw:
                sock.close()


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _await_closed(port: int) -> None:
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
        except OSError:
            return
        time.sleep(0.005)
    raise RuntimeError(f"port {port} still accepts connections after Dovecot was stopped")
