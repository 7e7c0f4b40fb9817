"""Who is this? The one answer to "an outside human, and in what role?", from the configuration.

Every judgement that depends on who wrote or received a message (whether to answer, whether a
sentence is the delegate's, whether a client is at risk, who is waiting for an answer, who the
digest says to call) reads the roles decided here, once per message at ingest. Before, five
modules each rebuilt the firm's domains and their own idea of a robot, and disagreed: a newsletter
in a flagged thread could be shown as a client.

Roles, in the order they are decided:

* ``employee`` and ``delegate``: by address (the employee's aliases count);
* ``robot``: a guard rule recognised machine or crowd mail (bounce, auto-submitted, list, bulk,
  spam, no-reply sender). Our own side keeps its role: the employee's own auto-reply is
  ``employee`` with ``automatic`` set;
* ``colleague``: anyone else at the firm's domains;
* ``client``: an outside address or domain listed under one or more projects;
* ``stranger``: any other outside human (a supplier, a client's personal webmail, a new contact).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from responder.mail.mime.model import Address, ParsedMessage


class Role(enum.StrEnum):
    employee = "employee"
    delegate = "delegate"
    colleague = "colleague"
    client = "client"
    stranger = "stranger"
    robot = "robot"


OUR_SIDE = frozenset({Role.employee, Role.delegate, Role.colleague})
OUTSIDE_HUMANS = frozenset({Role.client, Role.stranger})
# Mailbox providers for people rather than firms: a client may write from his own.
PERSONAL_MAIL_DOMAINS = frozenset("""
gmail.com googlemail.com outlook.com outlook.fr outlook.de outlook.be hotmail.com hotmail.fr hotmail.de hotmail.be
hotmail.nl hotmail.co.uk live.com live.fr live.de live.be live.nl live.co.uk msn.com yahoo.com yahoo.fr yahoo.de
yahoo.co.uk ymail.com icloud.com me.com mac.com aol.com aol.fr gmx.de gmx.net gmx.fr gmx.com web.de t-online.de
freenet.de orange.fr wanadoo.fr free.fr sfr.fr laposte.net neuf.fr bbox.fr skynet.be telenet.be proximus.be
ziggo.nl kpnmail.nl xs4all.nl planet.nl hetnet.nl home.nl casema.nl upcmail.nl btinternet.com sky.com
protonmail.com proton.me pm.me mail.com zoho.com videotron.ca sympatico.ca bell.net
""".split())


@dataclass(frozen=True)
class Party:
    """One address of a message with its role; ``projects`` are those listing it as a client."""

    address: str
    name: str
    role: Role
    projects: tuple[str, ...] = ()
    field: str = "from"  # from | to | cc

    @property
    def outside_human(self) -> bool:
        return self.role in OUTSIDE_HUMANS

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "address": self.address, "name": self.name, "role": self.role.value,
                "projects": list(self.projects)}


@dataclass(frozen=True)
class Directory:
    """The firm's side and the projects' clients, built once from the configuration's plain values."""

    employee_addresses: frozenset[str]
    delegate_address: str
    # project id → its client entries: "jo@acme.example" or "@acme.example" for a whole domain.
    clients: Mapping[str, Sequence[str]] = field(default_factory=dict)
    own_domains: frozenset[str] = field(init=False)
    _by_address: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)
    _by_domain: Mapping[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        employees = frozenset(a.strip().lower() for a in self.employee_addresses)
        delegate = self.delegate_address.strip().lower()
        object.__setattr__(self, "employee_addresses", employees)
        object.__setattr__(self, "delegate_address", delegate)
        object.__setattr__(self, "own_domains", frozenset(_domain(a) for a in (*employees, delegate) if "@" in a))
        by_address: dict[str, list[str]] = {}
        by_domain: dict[str, list[str]] = {}
        for project, entries in self.clients.items():
            for entry in entries:
                entry = entry.strip().lower()
                target = by_domain if entry.startswith("@") else by_address
                target.setdefault(entry.lstrip("@"), []).append(project)
        object.__setattr__(self, "_by_address", {k: tuple(dict.fromkeys(v)) for k, v in by_address.items()})
        object.__setattr__(self, "_by_domain", {k: tuple(dict.fromkeys(v)) for k, v in by_domain.items()})

    @classmethod
    def build(cls, employee_addresses: Iterable[str], delegate_address: str,
              clients: Mapping[str, Sequence[str]]) -> Directory:
        return cls(frozenset(employee_addresses), delegate_address, dict(clients))

    def is_ours(self, address: str) -> bool:
        """The employee, the delegate, or anyone at the firm's domains."""
        address = address.lower()
        return address in self.employee_addresses or address == self.delegate_address or _domain(address) in self.own_domains

    def projects_of(self, address: str) -> tuple[str, ...]:
        """Projects whose client list names this address, or its whole domain."""
        address = address.lower()
        found = (*self._by_address.get(address, ()), *self._by_domain.get(_domain(address), ()))
        return tuple(dict.fromkeys(found))

    def may_be_client(self, address: str) -> bool:
        """A listed client, or someone writing from a personal mailbox (a client's own webmail): not a
        supplier or any other firm the configuration does not list as a client."""
        address = address.lower()
        return bool(self.projects_of(address)) or (
            not self.is_ours(address) and _domain(address) in PERSONAL_MAIL_DOMAINS)

    def role_of(self, address: str, *, robot: bool = False) -> Role:
        """The role of ``address``; ``robot`` when a guard rule recognised machine or crowd mail from it."""
        address = address.lower()
        if address in self.employee_addresses:
            return Role.employee
        if address == self.delegate_address:
            return Role.delegate
        if robot or not address:
            return Role.robot
        if _domain(address) in self.own_domains:
            return Role.colleague
        return Role.client if self.projects_of(address) else Role.stranger

    def party(self, address: Address, field: str, *, robot: bool = False) -> Party:
        role = self.role_of(address.key, robot=robot)
        projects = self.projects_of(address.key) if role in OUTSIDE_HUMANS or role is Role.robot else ()
        return Party(address.key, address.name[:200], role, projects, field)


@dataclass(frozen=True)
class Parties:
    """A message's sender and recipients with their roles."""

    sender: Party
    recipients: tuple[Party, ...]
    robot_rule: str | None = None  # the guard rule that called the mail a robot's, even from our own side

    @property
    def automatic(self) -> bool:
        """Written by a machine: a robot, or our own side's auto-reply."""
        return self.robot_rule is not None

    @property
    def all(self) -> tuple[Party, ...]:
        return (self.sender, *self.recipients)

    def outside_recipients(self) -> tuple[Party, ...]:
        return tuple(p for p in self.recipients if p.role not in OUR_SIDE)


def of_message(parsed: ParsedMessage, directory: Directory, robot_rule: str | None) -> Parties:
    """The parties of ``parsed``; ``robot_rule`` is the guard's verdict on its sender, if any."""
    sender = (directory.party(parsed.from_, "from", robot=robot_rule is not None) if parsed.from_
              else Party("", "", Role.robot, (), "from"))
    recipients = tuple(directory.party(a, field) for field, addresses in (("to", parsed.to), ("cc", parsed.cc))
                       for a in addresses if a.address)
    return Parties(sender, recipients, robot_rule)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()
