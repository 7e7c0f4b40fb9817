"""Everything judged about one message's content and parties, in one pass, at ingest.

The pipeline stores the result beside the message (``message_facts``); the flags, the unanswered
rule, the digest and the report read it instead of parsing and judging the mail again, and
``responder reprocess`` calls the same function on the stored bytes when the rules change. One
function, so a fresh ingest and a reprocess cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from responder.judge import detector, flags, guard, parties, stonewall
from responder.judge.detector import Finding
from responder.judge.guard import Decision, GuardContext
from responder.judge.parties import OUR_SIDE, Directory, Parties, Party, Role
from responder.mail import authresults, contacts, language
from responder.mail.mime.model import ParsedMessage

# Raised when the stored facts mean something new, so a database knows which rules wrote them.
RULES_VERSION = 1

# Guard rules that say "a machine or a crowd wrote this"; the sender is then a robot, not a person.
ROBOT_RULES = guard.reasons(guard.Category.ROBOT, guard.Category.CROWD, guard.Category.UNREAD)


@dataclass(frozen=True)
class Facts:
    """What one message is, as far as its own bytes and the configuration tell."""

    decision: Decision  # reply or not, and the first rule that forbids it
    fired: tuple[str, ...]  # every guard rule that applies, in the guard's order
    mass_or_robot: str | None  # the first of bounce, auto-submitted, list, bulk, spam (the detector's and sorter's test)
    parties: Parties
    language: str | None  # of what the sender wrote: the reply's language and the stemmer's
    new_text: str
    company: str
    phone: str
    request: str | None  # the sentence in which an outside sender asks something
    stonewall: Finding | None
    signals: tuple[flags.Signal, ...]  # the flags this message raises (at_risk, no_information, angry)
    auth: authresults.AuthVerdict = authresults.AuthVerdict("unknown", "not judged")  # the sender's domain, by trusted servers

    @property
    def sender(self) -> Party:
        return self.parties.sender


@dataclass(frozen=True)
class Judge:
    """The configuration's part of every judgement: who is who, and the delegate's name."""

    directory: Directory
    delegate_name: str
    semantic: bool = False  # ``[detection] semantic``: read the stonewall's doubt zone for meaning too
    # Authentication-Results believed (``[authentication] trusted_authserv_ids``); see mail.authresults.
    trusted_authserv_ids: tuple[str, ...] = ()
    # Sources read from our own people's mailboxes (the delegate's Sent folder): their From needs no proof.
    own_sources: frozenset[str] = field(default_factory=frozenset)

    def facts(self, parsed: ParsedMessage, context: GuardContext, *, source: str = "") -> Facts:
        """Judge ``parsed`` as of ``context`` (the absence, its delivery time, earlier replies).

        ``source`` names the mailbox it was read from. Mail that claims to come from the delegate or
        the employee but that our own servers show failed authentication (DMARC fail for the firm's
        own domain) is not theirs: else anyone could put words in the delegate's mouth, and the
        manager's report would quote them. Such mail is a stranger's, and shows no stonewall. Mail
        with no verdict still counts as theirs: mail sent inside the firm (the delegate's answer to a
        client, the employee in Cc) usually reaches the mailbox without Authentication-Results, as
        receiving servers judge mail from outside; mail read from their own mailbox always counts.
        """
        decision = guard.decide(parsed, context)
        fired = decision.fired
        robot = next((name for name in guard.MASS_OR_ROBOT if name in fired), None)
        robot_rule = next((name for name in ROBOT_RULES if name in fired), None)
        from_domain = parsed.from_.key.rsplit("@", 1)[-1] if parsed.from_ else ""
        auth = authresults.verdict(parsed.headers.get("authentication-results", ()), from_domain,
                                   self.trusted_authserv_ids)
        who = parties.of_message(parsed, self.directory, robot_rule)
        if auth.failed and who.sender.role in OUR_SIDE and decision.reply:
            # Our own domain, shown forged by our own servers: phishing in a colleague's name. An
            # answer would be backscatter to whoever the forger named.
            decision = Decision(False, "spam", (*fired, "spam"))
            fired = decision.fired
        unproven = (who.sender.role in (Role.delegate, Role.employee) and auth.failed
                    and source not in self.own_sources)
        if unproven:
            who = replace(who, sender=replace(who.sender, role=Role.stranger))
        lang = language.detect(parsed.new_text or f"{parsed.subject}\n{parsed.body_text[:600]}")
        finding = None if unproven else stonewall.find(
            parsed, directory=self.directory, delegate_name=self.delegate_name, mass_or_robot=robot is not None,
            language=lang, semantic_search=self.semantic)
        if finding is not None and not finding.rules:
            finding = replace(finding, rules=detector.rules_of(finding.evidence, finding.sentence))
        sentences = flags.folded_sentences(parsed.new_text) if who.sender.outside_human else None
        signals = flags.for_message(parsed, finding, sender=who.sender, sentences=sentences, language=lang)
        company, phone, request = "", "", None
        if who.sender.outside_human and parsed.from_ is not None:
            found = contacts.contact_details(parsed.signature or "", parsed.from_.name, parsed.from_.key, language=lang)
            company, phone = found.company, found.phone
            asked = flags.request_sentence(parsed.new_text, sentences)
            request = None if asked is None else " ".join(asked.split())[:500]
        return Facts(decision, fired, robot, who, lang, parsed.new_text, company, phone, request, finding, tuple(signals),
                     auth)
