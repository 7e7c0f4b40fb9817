"""The words and shape of the at-risk and angry lemma families (:mod:`.signal_families`).

A :class:`SignalFamily` is a set of lemma groups that must all occur in one sentence, in one
language; the vocabularies below are shared by several families of a language.
"""

from __future__ import annotations

from dataclasses import dataclass

AT_RISK, ANGRY = "at_risk", "angry"


@dataclass(frozen=True)
class SignalFamily:
    kind: str  # at_risk or angry
    lang: str
    family: str
    groups: tuple[frozenset[str], ...]  # every group must be present; lower-case lemmas or words
    examples: tuple[str, ...]
    traps: tuple[str, ...] = ()
    negated: bool | None = False  # True: a negation must reach a family word; None: either way
    asked: bool = False  # it may be said as a question ("what on earth is going on?")
    unless: frozenset[str] = frozenset()  # words that show the family's words mean something else


def group(*words: str) -> frozenset[str]:
    return frozenset(words)


# ---- words shared by several families of a language
DEAL = {
    "en": group("contract", "agreement", "project", "collaboration", "partnership", "mandate", "engagement",
             "assignment", "relationship", "cooperation", "commission", "appointment", "deal"),
    "fr": group("contrat", "mission", "projet", "collaboration", "partenariat", "mandat", "marché", "accord",
             "convention", "relation", "coopération"),
    "de": group("vertrag", "auftrag", "zusammenarbeit", "projekt", "mandat", "vereinbarung", "partnerschaft",
             "geschäftsbeziehung", "kooperation", "planungsauftrag", "rahmenvertrag", "vertragsverhältnis"),
    "nl": group("contract", "overeenkomst", "opdracht", "samenwerking", "project", "mandaat",
             "relatie", "raamovereenkomst"),
}
FIRM = {
    "en": group("supplier", "provider", "firm", "office", "agency", "contractor", "architect", "consultant", "partner",
             "company", "vendor", "studio", "practice", "team", "bureau", "competitor", "competitors", "designer",
             "engineer", "engineers", "consultancy", "planner"),
    "fr": group("prestataire", "fournisseur", "cabinet", "bureau", "agence", "architecte", "entreprise", "partenaire",
             "société", "équipe", "maître", "interlocuteur", "concurrent", "concurrents", "concepteur", "ingénieur", "archi"),
    "de": group("anbieter", "dienstleister", "büro", "planungsbüro", "ingenieurbüro", "architekt", "architekturbüro",
             "firma", "partner", "lieferant", "unternehmen", "auftragnehmer", "planer", "wettbewerber", "konkurrenz", "ingenieur"),
    "nl": group("leverancier", "bureau", "architect", "architectenbureau", "partij", "aannemer", "partner", "firma",
             "bedrijf", "adviseur", "dienstverlener", "ingenieursbureau", "concurrent", "ontwerper", "ingenieur", "adviesbureau",
             "constructiebureau", "architectenbureau", "installatieadviseur"),
}
OTHER = {
    "en": group("other", "another", "different", "alternative", "competitor", "competitors", "competition", "new"),
    "fr": group("autre", "autres", "nouveau", "nouvel", "concurrent", "concurrents", "concurrence", "alternative"),
    "de": group("anderer", "andere", "anderen", "anderes", "neuer", "neue", "neuen", "alternative", "konkurrenz",
             "wettbewerber", "anderweitig"),
    "nl": group("ander", "andere", "nieuwe", "nieuw", "alternatief", "alternatieve", "concurrent", "concurrentie"),
}
# "Elsewhere in the file": a place in a document, not another firm.
IN_A_DOCUMENT = group("found", "find", "mentioned", "described", "shown", "noted", "listed", "file", "document", "drawing",
                   "drawings", "report", "trouvé", "mentionné", "gefunden", "erwähnt", "gevonden", "vermeld")
# The writer blaming himself: "apologies for the wasted time".
OWN_FAULT = group("apologies", "apologise", "apologize", "sorry", "fault", "mistake", "excuses", "désolé", "désolée", "faute",
               "erreur", "entschuldigung", "entschuldigen", "fehler", "schuld", "excuus", "excuses", "fout", "schuld")
# Taking a document to a manager to sign it is no escalation.
APPROVAL = group("approval", "approve", "sign", "signature", "validate", "validation", "valider", "validation", "signer", "freigabe", "freigeben", "unterschrift", "unterschreiben", "goedkeuring", "goedkeuren", "tekenen", "handtekening")
BOSS = {
    "en": group("management", "director", "board", "ceo", "boss", "superior", "superiors", "manager", "hierarchy",
             "head", "partners", "md", "committee", "shareholders", "investors", "trustees"),
    "fr": group("direction", "directeur", "directrice", "hiérarchie", "supérieur", "patron", "gérant", "gérante", "pdg",
             "dg", "associé", "associés", "gérance", "comité", "conseil", "actionnaires"),
    "de": group("geschäftsführung", "geschäftsleitung", "vorstand", "chef", "chefin", "vorgesetzte", "vorgesetzten",
             "leitung", "geschäftsführer", "direktor", "inhaber", "beirat", "aufsichtsrat", "beiratssitzung",
             "vorstandssitzung", "gesellschafter"),
    "nl": group("directie", "directeur", "leidinggevende", "bestuur", "management", "baas", "manager", "vennoten",
                "commissarissen", "aandeelhouders", "rvc"),
}

YOUR = {"en": group("your", "you"), "fr": group("votre", "vos", "vous"), "de": group("ihre", "ihrer", "ihrem", "ihren", "euer", "eure", "euch", "ihnen"),
        "nl": group("jullie", "uw", "u")}
SOMEONE_ELSE = {"en": (group("someone", "somebody", "others"), group("else", "others")),
                "fr": (group("quelqu", "quelqu'un"), group("autre", "autres")),
                "de": (group("jemand", "jemanden", "jemandem"), group("anderen", "anderes", "andere", "anders")),
                "nl": (group("iemand"), group("anders"))}
# Someone else's verdict reported: "building control consider the handrail not acceptable".
REPORTED_VERDICT = group("consider", "considers", "considered", "deems", "finds", "says", "considère", "considèrent", "estime",
                         "juge", "hält", "halten", "erachtet", "befindet", "vindt", "vinden", "acht", "achten", "oordeelt")
# A legal step that is routine, or aimed at someone else: "our legal team's usual review", "a formal
# notice against the roofer".
NOT_AGAINST_US = group("usual", "routine", "review", "reviewing", "gebruikelijk", "üblich", "routinemäßig", "habituelle",
                       "relecture", "relit", "encontre", "leverancier", "aannemer", "onderaannemer", "lieferant",
                       "rohbauer", "fournisseur", "supplier", "contractor", "roofer")
# Anger at oneself: "ich ärgere mich über mich selbst".
AT_ONESELF = group("myself", "selbst", "moi-même", "mezelf", "zelf")
# Disbelief at something good: "can't believe how far it's come".
PRAISE_WORDS = group("far", "good", "great", "amazing", "well", "quickly", "fast", "beautiful", "gut", "schön", "schnell",
                     "bien", "beau", "vite", "goed", "mooi", "snel")
# An invoice held for its paperwork, not for the work: "refuses invoices without a purchase order number".
PAPERWORK = group("number", "numéro", "nummer", "reference", "référence", "referentie", "po", "bon", "bestelnummer",
                  "bestellnummer", "iban", "rib", "siret", "vat", "tva", "btw", "ust", "address", "adresse", "adres")
