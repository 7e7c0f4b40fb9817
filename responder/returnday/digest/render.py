"""The digest in text, Markdown and HTML (table layout, inline CSS, no outside resources, so
Gmail and Outlook show it alike), and as a message to send.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from email.message import EmailMessage

    from responder.compose.templates import TemplateSet
    from responder.config import Config

from responder.returnday.digest.model import Digest

# ---- labels -----------------------------------------------------------------------------------

LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "While you were away", "manager_title": "Absence of {employee}: summary",
        "intro": "From {since} to {until}. {delegate} covered for you.",
        "glance": "At a glance", "received": "messages from clients", "clients": "clients who wrote",
        "auto_replies": "auto-replies sent", "flagged": "threads to look at first", "per_project": "threads per project",
        "no_project": "No project", "call_first": "Call first",
        "nothing_flagged": "Nothing flagged: no client was told there was no information, none is unanswered.",
        "nothing_flagged_unchecked": "Nothing flagged: no client was told there was no information.",
        "unanswered_unchecked": "Unanswered threads are not flagged: the delegate's answers that do not copy you "
                                "cannot be seen here. “no reply seen” below marks threads where the client wrote "
                                "last.",
        "awaiting": "no reply seen",
        "kinds": {"at_risk": "may leave", "no_information": "told “no information”", "unanswered": "unanswered",
                  "angry": "upset"},
        "why": {"at_risk": "The client says they may go to another supplier.",
                "no_information": "The client was told there was no information.",
                "unanswered": "Nobody has answered the client yet.", "angry": "The client is upset."},
        "next": {"at_risk": "Call them anyway, even if they say they are leaving: apologise and ask what they need.",
                 "no_information": "Apologise for the answer they got and ask what they still need; the brief "
                                   "section below holds the answer.",
                 "unanswered": "Answer them: nobody has replied yet.",
                 "angry": "Apologise and ask what they need."},
        "steps": {"asked": "Client asked", "auto_reply": "Auto-reply sent", "delegate": "The delegate wrote",
                  "reaction": "Client wrote back", "employee": "You wrote",
                  "colleague": "A colleague wrote"},
        "with_excerpt": "with the brief excerpt “{heading}”", "without_excerpt": "without a brief excerpt",
        "evidence": "Evidence", "rules": "recognised by", "timeline": "Timeline", "next_step": "Next step", "client": "Client",
        "phone": "phone", "project": "Project", "brief": "What the brief said (handed over before you left)",
        "sent_to_client": "Also sent to the client in the auto-reply.",
        "other_threads": "Other threads", "messages": "message(s)", "last": "last",
        "subject": "Your return: {count} threads to look at first",
        "manager_subject": "Absence of {employee}: weekly summary",
        "footer": "Written by responder from the mailbox; nothing here was sent to clients.",
    },
    "fr": {
        "title": "Pendant votre absence", "manager_title": "Absence de {employee} : résumé",
        "intro": "Du {since} au {until}. {delegate} vous a remplacée.",
        "glance": "En un coup d'œil", "received": "messages de clients", "clients": "clients qui ont écrit",
        "auto_replies": "réponses automatiques envoyées", "flagged": "fils à traiter en priorité",
        "per_project": "fils par projet", "no_project": "Sans projet", "call_first": "À appeler en premier",
        "nothing_flagged": "Rien à signaler : aucun client ne s'est entendu dire qu'il n'y avait pas "
                           "d'information, aucun n'est sans réponse.",
        "nothing_flagged_unchecked": "Rien à signaler : aucun client ne s'est entendu dire qu'il n'y avait pas "
                                     "d'information.",
        "unanswered_unchecked": "Les fils sans réponse ne sont pas signalés : les réponses du remplaçant qui ne "
                                "vous mettent pas en copie ne sont pas visibles ici. « pas de réponse vue » "
                                "ci-dessous marque les fils où le client a écrit en dernier.",
        "awaiting": "pas de réponse vue",
        "kinds": {"at_risk": "risque de départ", "no_information": "« pas d'information »", "unanswered": "sans réponse",
                  "angry": "mécontent"},
        "why": {"at_risk": "Le client dit qu'il pourrait passer chez un autre fournisseur.",
                "no_information": "On a répondu au client qu'il n'y avait pas d'information.",
                "unanswered": "Personne n'a encore répondu au client.", "angry": "Le client est mécontent."},
        "next": {"at_risk": "Appelez quand même, même s'il annonce son départ : excusez-vous et demandez ce dont "
                            "il a besoin.",
                 "no_information": "Excusez-vous pour la réponse reçue et demandez ce qu'il lui faut encore ; la "
                                   "section du brief ci-dessous contient la réponse.",
                 "unanswered": "Répondez-lui : personne ne l'a encore fait.",
                 "angry": "Excusez-vous et demandez ce dont il a besoin."},
        "steps": {"asked": "Le client a demandé", "auto_reply": "Réponse automatique envoyée",
                  "delegate": "Le remplaçant a écrit", "reaction": "Le client a répondu", "employee": "Vous avez écrit",
                  "colleague": "Un collègue a écrit"},
        "with_excerpt": "avec l'extrait du brief « {heading} »", "without_excerpt": "sans extrait du brief",
        "evidence": "Preuve", "rules": "reconnu par", "timeline": "Chronologie", "next_step": "Prochaine étape", "client": "Client",
        "phone": "tél.", "project": "Projet", "brief": "Ce que disait le brief (transmis avant votre départ)",
        "sent_to_client": "Également envoyé au client dans la réponse automatique.",
        "other_threads": "Autres fils", "messages": "message(s)", "last": "dernier",
        "subject": "Votre retour : {count} fils à traiter en priorité",
        "manager_subject": "Absence de {employee} : résumé de la semaine",
        "footer": "Rédigé par responder à partir de la boîte mail ; rien de ceci n'a été envoyé aux clients.",
    },
}


def labels(language: str) -> dict[str, Any]:
    return LABELS.get(language, LABELS["en"])


# ---- rendering --------------------------------------------------------------------------------

KIND_COLORS = {"at_risk": "#b3261e", "no_information": "#b45309", "unanswered": "#8a6d00", "angry": "#6a1b9a",
               "": "#5f6368"}
FORMATS = ("text", "html", "markdown")


def template_variables(digest: Digest, *, summary: bool = False) -> dict[str, Any]:
    """What the digest templates receive (documented at the top of each shipped digest template)."""
    from responder.absence import format_date, format_day_and_time

    lang = digest.language

    def when(moment: dt.datetime) -> str:
        local = moment.astimezone(digest.zone)
        return format_day_and_time(local, lang)

    return {"digest": digest, "t": labels(lang), "summary": summary, "date": lambda day: format_date(day, lang),
            "when": when, "colors": KIND_COLORS}


def render(digest: Digest, fmt: str, templates: TemplateSet, *, summary: bool = False) -> str:
    """The digest as text, Markdown or HTML, through the employee's templates over the shipped ones."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown digest format {fmt!r}")
    variables = template_variables(digest, summary=summary)
    if fmt == "markdown":
        name = f"digest.{digest.language}.md.j2"
        if not templates.exists(name):  # a language without Markdown template: the English one
            name = "digest.en.md.j2"
        return templates.render_file(name, variables, user=templates.exists(name, user=True)).strip() + "\n"
    rendered = templates.render("digest", digest.language, None, variables)
    return (rendered.html or "") if fmt == "html" else rendered.text


def subject(digest: Digest, *, summary: bool = False) -> str:
    t = labels(digest.language)
    if summary:
        return str(t["manager_subject"]).format(employee=digest.employee)
    return str(t["subject"]).format(count=len(digest.call_first))


def compose(digest: Digest, templates: TemplateSet, *, sender: str, recipient: str, now: dt.datetime,
            summary: bool = False) -> EmailMessage:
    """The digest as an email: text first, the HTML alternative after it (what mail clients prefer)."""
    import email.utils
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = email.utils.formataddr(("responder", sender))
    message["To"] = recipient
    message["Subject"] = subject(digest, summary=summary)
    message["Date"] = email.utils.format_datetime(now)
    message["Message-ID"] = email.utils.make_msgid("digest", domain=sender.rsplit("@", 1)[-1])
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(render(digest, "text", templates, summary=summary))
    message.add_alternative(render(digest, "html", templates, summary=summary), subtype="html")
    return message



def digest_templates(cfg: Config) -> TemplateSet:
    from responder.compose.templates import TemplateSet

    user_dir = cfg.templates.dir if cfg.templates.dir.is_dir() else None
    return TemplateSet(user_dir, cfg.employee.language)
