"""Thread flags: what the returning employee must look at first, with the sentence that says why.

Pure core: text and values in, signals out; storing and listing them is the store's job.

Four kinds, in the order the digest sorts them (the severity is that order as a number):

* ``at_risk`` — the client says they are cancelling, moving to another supplier, escalating to
  management, or threatens legal action;
* ``no_information`` — the delegate told the client he had no information (:mod:`responder.detector`);
* ``unanswered`` — the client's last message has had no human answer for too many business hours;
* ``angry`` — strong dissatisfaction.

``at_risk`` and ``angry`` read the client's *new* text only (never quotes, never the delegate's or
the employee's own mail, never lists, bulk or robots), one sentence at a time, and skip a
sentence where the phrase is negated in its own clause ("we are not cancelling", "nous n'allons
pas changer de prestataire") or asked as a question. Conditionals differ on purpose: "if this is
not fixed by Friday we will cancel the contract" is an ultimatum, so it counts as ``at_risk``;
"it would be unacceptable if…" is a hypothesis, not anger, so it does not count as ``angry``.
Each lexicon is a list of phrasing families written from how people say these things in mail;
tests/unit/test_flags.py holds examples and traps for each family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from responder.judge.detector import Finding, fold_text, split_sentences
from responder.judge.unanswered import AUTO as AUTO  # the unanswered rule's names, read from here too
from responder.judge.unanswered import CLIENT as CLIENT
from responder.judge.unanswered import HUMAN as HUMAN
from responder.judge.unanswered import Post, WorkingDay, answered_since, business_hours_between, overdue
from responder.judge.unanswered import request_sentence as request_sentence
from responder.mail.mime.model import ParsedMessage

__all__ = [
    "AT_RISK", "ANGRY", "NO_INFORMATION", "UNANSWERED", "SEVERITY", "KINDS", "Signal", "Post", "WorkingDay",
    "at_risk_sentence", "angry_sentence", "for_message", "business_hours_between", "answered_since", "overdue",
]

AT_RISK, NO_INFORMATION, UNANSWERED, ANGRY = "at_risk", "no_information", "unanswered", "angry"
# Most severe first, as the digest reads them; higher number = more severe.
KINDS = (AT_RISK, NO_INFORMATION, UNANSWERED, ANGRY)
SEVERITY = {kind: len(KINDS) - rank for rank, kind in enumerate(KINDS)}

# Mail that is not a person writing to the employee: never the source of a client flag.
NOT_A_CLIENT_REASONS = frozenset({"self", "delegate", "bounce", "auto-submitted", "list", "bulk", "spam", "noreply"})


@dataclass(frozen=True)
class Signal:
    """One flag a message raises: its kind, severity, the sentence(s) as written, and for
    ``no_information`` how it was seen (authored, quoted or reported)."""

    kind: str
    sentence: str
    evidence: str | None = None

    @property
    def severity(self) -> int:
        return SEVERITY[self.kind]


# ---- lexicons -------------------------------------------------------------------------------
# Patterns read a lower-cased text with plain apostrophes and single spaces (detector.fold_text).

_WE = r"(?:we|i|our company|our team|my client|the client)"
_WE_WILL = (rf"{_WE}(?: (?:will |would |shall )?(?:have|be left with) no (?:other )?(?:choice|option|alternative) (?:but|than) to|"
            r"'ll| will| shall|'re going to| are going to|'m going to| am going to| have decided to|"
            r"'ve decided to| are about to| intend to| plan to| want to| wish to| would like to| must| may| might|"
            r"'d| would| need to| have to| will have to| will be forced to| will need to| are| am|'re|'m)?"
            r"(?: (?:now|then|therefore|simply|seriously|probably|unfortunately|also|just|have to|be forced to|"
            r"need to|consider|considering|be|start|starting))*")
_DEAL_EN = (r"(?:contract|agreement|order|project|collaboration|partnership|subscription|mandate|engagement|booking|"
            r"account|cooperation)")
_SUPPLIER_EN = (r"(?:supplier|provider|vendor|firm|company|agency|contractor|partner|consultant|architect|"
                r"office|studio|team|service provider)s?")
_MANAGEMENT_EN = (r"(?:management|manager|director|ceo|boss|board|head of \w+|superiors?|line manager|"
                  r"managing director|senior management|supervisor|your hierarchy)")

_DEAL_FR = r"(?:contrat|commande|mission|projet|collaboration|partenariat|abonnement|mandat|marché|accord|convention)"
_SUPPLIER_FR = (r"(?:prestataires?|fournisseurs?|cabinets?|bureaux? d'études|bureaux?|agences?|architectes?|"
                r"entreprises?|partenaires?|sociétés?|équipes?|concurrents?|concurrence)")
_MANAGEMENT_FR = r"(?:direction|directeur|directrice|hiérarchie|responsable|supérieure?|patron|gérante?|pdg|dg)"

_AT_RISK = [
    # cancelling / terminating — English
    rf"\b{_WE_WILL} ?(?:cancel|cancelling|canceling|terminate|terminating|end|ending|withdraw from|pull out of|"
    rf"pull the plug on|walk away from|pulling out of|pulling the plug on|walking away from|ending|withdrawing from) "
    rf"(?:the|our|this|that|your|their|my) (?:whole |entire )?{_DEAL_EN}\b(?! (?:for|of|number|no\b))",
    rf"\b(?:please )?(?:consider|treat) (?:the|our|this) {_DEAL_EN} (?:as )?(?:cancell?ed|terminated)\b",
    r"\b(?:notice of termination|termination notice|formal notice of cancell?ation)\b",
    rf"\b{_WE_WILL} ?(?:cancelling|canceling|terminating)(?= ?(?:[.,;!]|$| (?:with you|everything|it all|altogether)\b))",
    # moving to another supplier — English
    rf"\b{_WE_WILL} ?(?:move|moving|switch|switching|go|going|turn|turning|transfer|transferring|take|taking) "
    rf"(?:our (?:business|work|account|project|orders?) )?(?:to|over to) (?:another|a different|a new|an other|other|a competing|"
    rf"your competitor's?|a competitor|the competition) ?{_SUPPLIER_EN}?\b",
    r"\b(?:take|taking|move|moving) (?:our|my) (?:business|work|account) elsewhere\b",
    rf"\b{_WE_WILL} ?(?:look|looking|start looking|shop|shopping) (?:for|at|around for) (?:another|a different|a new|other|"
    rf"alternative) {_SUPPLIER_EN}\b",
    rf"\b{_WE} (?:have|'ve|had) (?:already )?(?:found|chosen|hired|appointed|signed with|selected|engaged) (?:another|a different|"
    rf"a new|other) {_SUPPLIER_EN}\b",
    rf"\b{_WE_WILL} ?(?:look|looking|go|going|shop|shopping|take (?:it|this)) elsewhere\b",
    rf"\b{_WE_WILL} ?(?:(?:have |'ve |had )?(?:start|started|begin|began|begun) )?(?:consult|consulting|approach|approaching|engage|engaging|"
    rf"hire|hiring|brief|briefing|talk to|talking to|speak to|speaking to|get quotes from|getting quotes from) "
    rf"(?:another|a different|a new|other) {_SUPPLIER_EN}\b",
    # no longer working together — the negation is the point, so these start with it
    rf"\bnot (?:to )?(?:continue|proceed|go ahead|carry on|keep working|be continuing|be working)"
    rf"(?: (?:our|the) (?:work|collaboration|relationship|partnership))? with (?:you|your {_SUPPLIER_EN})\b",
    rf"\bnot (?:to )?(?:renew|extend|be renewing|be extending) (?:the|our|this|your) (?:[a-z-]+ )?{_DEAL_EN}\b",
    rf"\bno longer (?:work|working|do business|doing business) with (?:you|your {_SUPPLIER_EN})\b",
    # escalating — English
    rf"\b(?:escalate|escalating|escalated) (?:this|it|the matter|the issue|the problem|this matter|this issue)(?: up)? "
    rf"(?:to|with) (?:your|the|my|our) {_MANAGEMENT_EN}\b",
    rf"\b{_WE_WILL} ?(?:raise|raising|take|taking|bring|bringing) (?:this|it|the matter|the issue|the problem|this matter|"
    rf"this issue)(?: up)? (?:to|with) (?:your|the) {_MANAGEMENT_EN}\b",
    rf"\b{_WE_WILL} ?(?:contact|write to|call|complain to|speak to|talk to|go to|inform|involve|get in touch with|reach out to) "
    rf"(?:your|the firm's|the company's) {_MANAGEMENT_EN}\b",
    r"\bformal complaint\b",
    # legal — English
    r"\blegal (?:action|proceedings|steps|measures|recourse)\b",
    r"\b(?:involve|involving|involved|contact|contacting|contacted|consult|consulting|consulted|instruct|instructing|"
    r"instructed|inform|informing|informed|ask|asking|asked|call in|called in|"
    r"(?:refer|hand|pass|forward|send|turn)(?:ing)? (?:this|it|the matter|the file|the case)(?: over)? to) (?:our|my) "
    r"(?:lawyers?|solicitors?|attorneys?|legal (?:department|team|counsel|advisers?|advisors?)|counsel)\b",
    r"\b(?:our|my) (?:lawyers?|solicitors?|attorneys?|legal (?:department|team|counsel)) (?:will|'ll|are going to|shall) "
    r"(?:be in touch|contact you|write to you|get in touch|follow up|look into)\b",
    r"\b(?:take|taking|bring|bringing) (?:you|this|the matter|it|your firm|your company) to court\b",
    r"\b{we} (?:will|'ll|shall|are going to|intend to|may|might|will have to|would) (?:\w+ )?sue\b".replace("{we}", _WE),
    r"\b(?:claim|claiming|seek|seeking) (?:compensation|damages)\b",
    r"\bbreach of contract\b",
    r"\b(?:apply|applying|invoke|invoking|enforce|enforcing) (?:the )?(?:contractual )?(?:late[- ]delivery )?penalt(?:y|ies)\b",
    # French
    rf"\b(?:nous|je|on) (?:(?:allons|vais|va|devrons|devrions|serons contraints?|serons obligée?s?|serai contraint|"
    rf"serai obligée?|souhaitons|voulons|avons décidé|ai décidé|envisageons|envisage|comptons|pourrions|risquons|"
    rf"préférons|allons devoir|vais devoir|allons donc) (?:de |d')?)?"
    rf"(?:(?:donc|alors|malheureusement|sérieusement|purement et simplement) )*"
    rf"(?:annuler|annulons|annulerons|annule|résilier|résilions|résilierons|résilie|mettrons fin à|rompre|rompons|"
    rf"arrêter|arrêtons|mettre fin à|mettons fin à|dénoncer) "
    rf"(?:le |la |l'|notre |nos |votre |ce |cette |les )?{_DEAL_FR}\b(?! (?:de|des|du|d') )",
    rf"\b(?:la |une |notre )?(?:résiliation|rupture|annulation) (?:du |de la |de notre |de l'|de ce |de cette )?{_DEAL_FR}\b",
    rf"\b(?:changer|changerons|changeons|changement) de {_SUPPLIER_FR}\b",
    rf"\b(?:passer|passerons|passons|aller|irons|allons) (?:chez|voir) (?:un autre|une autre|d'autres|un nouveau|une nouvelle) "
    rf"{_SUPPLIER_FR}",
    r"\b(?:passer|passerons|passons|aller|irons|allons) (?:chez|voir) la concurrence\b",
    rf"\b(?:faire appel à|ferons appel à|ferions appel à|ferai appel à|nous tourner vers|nous adresser à|"
    rf"confier (?:le|la|ce|cette|notre) \w+ à|travailler avec) "
    rf"(?:un autre|une autre|d'autres|un nouveau|une nouvelle) {_SUPPLIER_FR}\b",
    r"\baller voir ailleurs\b",
    rf"\b(?:consulter|consulterons|consultons|solliciter|solliciterons|sollicitons|mandater|mandaterons|engager|"
    rf"engagerons|retenir|retiendrons|chercher|chercherons|cherchons|trouver|trouverons) "
    rf"(?:un autre|une autre|d'autres|un nouveau|une nouvelle) {_SUPPLIER_FR}\b",
    rf"\bne (?:pas|plus) (?:poursuivre|continuer|travailler|renouveler|prolonger|reconduire)"
    rf"(?: (?:notre|la|cette) (?:collaboration|relation|partenariat))? avec (?:vous|votre {_SUPPLIER_FR})\b",
    rf"\bne (?:pas|plus) (?:renouveler|prolonger|reconduire) (?:le |la |l'|notre |nos |votre |ce |cette )?{_DEAL_FR}\b",
    rf"\bne (?:poursuivrons|continuerons|travaillerons) (?:pas|plus) avec (?:vous|votre {_SUPPLIER_FR})\b",
    rf"\bne (?:renouvellerons|prolongerons|reconduirons) pas (?:le |la |l'|notre |nos |votre |ce |cette )?{_DEAL_FR}\b",
    rf"\b(?:remonter|porter|signaler|faire remonter|en référer|escalader) (?:\w+ ){{0,3}}(?:à|auprès de) "
    rf"(?:votre|la|ta|sa) {_MANAGEMENT_FR}\b",
    rf"\b(?:je vais|nous allons|je vais devoir|nous allons devoir) (?:contacter|écrire à|appeler|saisir|alerter|informer|"
    rf"m'adresser à|nous adresser à|m'en plaindre auprès de) (?:votre|ta) {_MANAGEMENT_FR}\b",
    r"\b(?:saisir|saisirons|consulter|consulterons|contacter|contacterons|mandater|faire intervenir|transmettre (?:le dossier|"
    r"l'affaire|cela|ceci) à|confier (?:le dossier|l'affaire) à) (?:notre|mon|nos|mes) (?:avocats?|conseils? juridiques?|"
    r"service juridique|juristes?|service contentieux)\b",
    r"\b(?:notre|mon) (?:avocat|conseil|service juridique) (?:vous contactera|prendra contact|reviendra vers vous|"
    r"vous écrira)\b",
    r"\b(?:action|poursuites?|procédure) (?:en justice|judiciaires?)\b",
    r"\bmise en demeure\b",
    r"\b(?:saisir|saisirons|porter l'affaire devant) (?:le |les )?(?:tribunal|tribunaux|justice|juge)\b",
    r"\b(?:appliquer|appliquerons|réclamer|réclamerons|exiger) (?:les |des )?pénalités\b",
    r"\b(?:demander|réclamer|demanderons|réclamerons) des (?:dommages(?:[- ]et[- ]| )intérêts|indemnités)\b",
    r"\bréclamation (?:officielle|formelle)\b",
    # German
    r"\b(?:den|unseren|diesen) (?:vertrag|auftrag) (?:\w+ ){0,3}(?:kündigen|stornieren|auflösen)\b",
    r"\b(?:kündigen|stornieren) (?:wir|ich) (?:den|unseren|diesen) (?:vertrag|auftrag)\b",
    r"\b(?:anderen|neuen) (?:anbieter|lieferanten|dienstleister|partner|architekten)\b[^.;]{0,30}\b(?:beauftragen|suchen|"
    r"wechseln|wenden|gehen)\b",
    r"\b(?:wechseln|gehen|wenden) (?:wir |ich )?(?:zu|an) (?:einem|einen) (?:anderen|neuen) "
    r"(?:anbieter|lieferanten|dienstleister|partner|architekten)\b",
    r"\b(?:rechtliche|juristische|gerichtliche) schritte\b",
    r"\b(?:unser(?:en|e)?|mein(?:en|e)?) (?:anwalt|anwältin|rechtsanwalt|rechtsanwältin|rechtsabteilung) "
    r"(?:\w+ ){0,3}(?:einschalten|beauftragen|informieren|kontaktieren)\b",
    r"\b(?:ihre|ihren|die) (?:geschäftsleitung|geschäftsführung|vorgesetzten|chef)\b"
    r"(?:[^.;]{0,30}\b(?:einschalten|informieren|kontaktieren|wenden))",
    # Dutch
    r"\b(?:de|onze|deze) (?:opdracht|overeenkomst|bestelling|samenwerking|contract) (?:\w+ ){0,3}"
    r"(?:opzeggen|annuleren|beëindigen|stopzetten)\b",
    r"\b(?:overstappen|uitwijken|gaan|stappen over|stappen (?:we|wij|ik) over) naar (?:een )?(?:andere|nieuwe) (?:leverancier|aannemer|partner|"
    r"dienstverlener|architect)\b",
    r"\b(?:een )?(?:andere|nieuwe) (?:leverancier|aannemer|partner|dienstverlener|architect) (?:\w+ ){0,2}(?:zoeken|nemen|"
    r"inschakelen|kiezen)\b",
    r"\bjuridische stappen\b",
    r"\b(?:onze|mijn) (?:advocaat|jurist|juridische dienst) (?:\w+ ){0,3}(?:inschakelen|contacteren|informeren)\b",
    r"\b(?:uw|je|jullie) (?:directie|leidinggevende|baas|management)\b[^.;]{0,30}"
    r"\b(?:inschakelen|contacteren|informeren|aanspreken)",
]

_ANGRY = [
    # English: judgements of the situation
    r"\b(?:completely |totally |simply |absolutely |frankly |just )?(?:unacceptable|inacceptable|outrageous|disgraceful|"
    r"appalling|scandalous|shameful|ridiculous|absurd|intolerable|inexcusable|unprofessional|amateurish)\b",
    r"\b(?:this|that|it) (?:is|'s|was) (?:\w+ )?(?:a disgrace|a joke|a farce|a shambles|a scandal)\b",
    r"\bnot (?:at all )?(?:acceptable|professional|good enough)\b",
    # the writer's own state
    r"\b(?:i am|i'm|we are|we're|i feel|we feel|i was|we were|i've been|we've been|i have been|we have been) "
    r"(?:\w+ )?(?:very |extremely |deeply |really |utterly |bitterly |seriously |so |incredibly |thoroughly |"
    r"more than |beyond |absolutely |completely |totally )+(?:disappointed|frustrated|annoyed|angry|upset|unhappy|"
    r"dissatisfied|displeased|irritated|fed up|exasperated|disgusted)\b",
    r"\b(?:i am|i'm|we are|we're) (?:\w+ )?(?:furious|livid|fuming|appalled|outraged|fed up|sick and tired|"
    r"losing (?:my|our) patience|at (?:my|our) wits' end|running out of patience)\b",
    r"\b(?:my|our) patience (?:is|has) (?:running out|run out|wearing thin|at an end|exhausted)\b",
    r"\b(?:this is|it is|it's) the (?:third|fourth|fifth|umpteenth|nth) time\b",
    r"\b(?:still|yet again|once again) (?:no|without(?: any)?) (?:answer|reply|response|news|word)\b",
    r"\bhow (?:many times|much longer) (?:do|must|will|should) (?:i|we)\b",
    # French
    r"\b(?:c'est |ce qui est |cela est |ceci est |c'est tout simplement |c'est absolument |c'est totalement )?"
    r"(?:inadmissible|inacceptable|scandaleux|scandaleuse|honteux|honteuse|lamentable|intolérable|inqualifiable|"
    r"invraisemblable|aberrant|ahurissant|consternant|affligeant|un scandale|une honte|du grand n'importe quoi|n'importe quoi)\b",
    r"\b(?:pas|peu) (?:du tout )?(?:sérieux|sérieuse|professionnel|professionnelle|acceptable)\b",
    r"\b(?:je suis|nous sommes|je me sens|j'avoue être|nous avouons être) (?:\w+ )?(?:très |extrêmement |profondément |"
    r"vraiment |particulièrement |franchement |totalement |plus que |tellement |fort )+"
    r"(?:déçue?s?|mécontente?s?|agacée?s?|irritée?s?|contrariée?s?|énervée?s?|insatisfaite?s?|fâchée?s?)\b",
    r"\b(?:je suis|nous sommes) (?:\w+ )?(?:furieu(?:x|se|ses)|excédée?s?|outrée?s?|exaspérée?s?|en colère|hors de (?:moi|nous)|"
    r"à bout)\b",
    r"\b(?:j'en ai|nous en avons|on en a) (?:vraiment |plus qu')?(?:assez|marre|ras le bol|ras-le-bol)\b",
    r"\bras[- ]le[- ]bol\b",
    r"\b(?:c'est|pour) la (?:troisième|quatrième|cinquième|énième) fois\b",
    r"\b(?:toujours|encore) (?:pas|aucune?) (?:de )?(?:réponse|nouvelles?|retour)\b",
    r"\b(?:ma|notre) patience a des limites\b",
    # German
    r"\b(?:inakzeptabel|unakzeptabel|unzumutbar|unverschämt|eine frechheit|ein skandal|skandalös|unprofessionell|"
    r"nicht hinnehmbar|nicht akzeptabel)\b",
    r"\b(?:ich bin|wir sind) (?:\w+ )?(?:sehr |äußerst |zutiefst |wirklich |extrem )+(?:enttäuscht|verärgert|unzufrieden|"
    r"verstimmt)\b",
    r"\b(?:ich bin|wir sind) (?:\w+ )?(?:wütend|empört|verärgert)\b",
    # Dutch
    r"\b(?:onaanvaardbaar|onacceptabel|schandalig|belachelijk|onprofessioneel|ongehoord|niet acceptabel)\b",
    r"\b(?:ik ben|wij zijn|we zijn) (?:\w+ )?(?:zeer |erg |enorm |echt |diep |bijzonder )+(?:teleurgesteld|ontevreden|"
    r"geïrriteerd|boos)\b",
    r"\b(?:ik ben|wij zijn|we zijn) (?:\w+ )?(?:woedend|boos|kwaad)\b",
]

# A negation in the phrase's own clause turns it around: "we are not cancelling", "je ne suis pas déçu".
_NEGATION = re.compile(
    r"\b(?:not|never|no|without|n't|nothing|neither|nor|nobody|hardly|ne|n'|pas|jamais|aucune?|sans|nullement|"
    r"nicht|kein\w*|nie|niemals|ohne|niet|geen|nooit|zonder)\b|n't\b|\bn'")
# Phrases that hold a negation word but assert the threat: "we will not hesitate to take legal action".
_AFFIRMING = re.compile(
    r"\b(?:not hesitate|won't hesitate|wouldn't hesitate|will not hesitate|no (?:other )?(?:choice|option|alternative) "
    r"(?:but|than)|not have (?:any )?(?:other )?(?:choice|option)|left with no (?:choice|option)|nothing (?:left|else) "
    r"(?:to do )?but|n'hésiterons pas|n'hésiterai pas|ne pas hésiter|pas d'autre (?:choix|solution|option) que|"
    r"n'avons (?:plus )?(?:d'autre|le) choix|ne (?:nous|me) laissez (?:pas|guère) le choix|nicht zögern|keine andere wahl|"
    r"geen andere keuze|niet aarzelen|not (?:happy|satisfied|pleased) at all|pas du tout (?:satisfaite?s?|contente?s?))\b")
# Where a clause starts: the negation must lie between it and the phrase.
_CLAUSE_START = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\b(?:but|and|so|mais|et|donc|car|aber|und|doch|maar)\b")
# A hypothesis before the phrase ("it would be unacceptable if…", "s'il fallait…"): not anger.
_HYPOTHESIS = re.compile(
    r"\b(?:if|unless|in case|should (?:you|this|it|the)|would|could|might|were (?:you|it) to|si|au cas où|serait|"
    r"seraient|serais|pourrait|wenn|falls|wäre|würde|als het|indien|zou|zouden)\b|\bs'(?:il|ils|elle)\b")
# Sayings that use the words without the feeling.
_NOT_ANGRY = re.compile(
    r"\b(?:no(?:t)? (?:a )?problem|pas de (?:souci|problème)|kein problem|geen probleem|"
    r"sorry to hear (?:you|that you)|désolée? que vous|unbelievable (?:value|price|offer)|ridiculously (?:cheap|good|fast))\b")
# Clauses the at-risk phrases must not come from: the writer relaying someone else's supplier change etc.
_THIRD_PARTY = re.compile(r"\b(?:our (?:client|customer)s? (?:is|are|has|have)|another client|un autre client|"
                          r"one of our (?:clients|customers))\b")

_AT_RISK_RE = re.compile("|".join(f"(?:{p})" for p in _AT_RISK))
_ANGRY_RE = re.compile("|".join(f"(?:{p})" for p in _ANGRY))
# Cheap first tests: every at-risk or angry phrase holds a word starting with one of these stems,
# looked up in a set (a regex alternation of 150 stems costs more than the sentence is worth).
_AT_RISK_STEMS = frozenset("""
end choice option alternative cancel termin withdraw pull walk move moving switch go turn transfer tak look shop
found chose hire appoint sign select engag proceed carry keep renew extend longer approach brief quot
poursuiv continu renouvel prolong reconduir sollicit mandat retenir retiendr cherch trouv travaill escalat rais bring contact writ call complain speak talk inform involv reach
formal legal lawyer solicitor attorney counsel court sue compensation damages breach penalt ask consult instruct
annul résili rompre rompons arrêt mettre mettons mettrons dénonc rupture chang passer passons passerons aller irons
allons appel ferons ferions ferai tourner adresser confier travailler ailleurs remonter porter signaler référer escalad
écrire appeler saisir alerter avocat conseil juridique juriste contentieux justice judiciaire demeure tribunal pénalit
dommages indemnit réclam transmettre mandater faire préférons
kündig storn auflös anderen neuen rechtlich gericht anwalt rechtsanwalt rechtsabteilung wechseln gehen wenden
opzeg annuler beëindig stopzet andere nieuwe juridisch advocaat jurist directie overstap stappen uitwijk gaan
""".split())
_ANGRY_STEMS = frozenset("""
unaccept inaccept outrag disgrac appall scandal shame ridicul absurd intoler inexcus unprofession amateur
disgrace joke farce shambl acceptab profession good disappoint frustrat annoy angry upset unhappy dissatisf displeas
irritat fed exasperat disgust furious livid fum sick losing wits running patien third fourth fifth last umpteenth nth
still yet once how
inadmissible inaccept scandal honte honteu lamentable intolérable inqualifiable invraisemblable aberrant ahuriss
consternant affligeant importe sérieu profession acceptab déçu mécontent agacé irrité contrarié énervé insatisf fâché
furieu excédé outré exaspéré colère hors bout assez marre ras troisième quatrième cinquième énième dernière toujours
encore patience
inakzept unakzept unzumutbar unverschämt frechheit skandal unprofessionell hinnehmbar akzeptabel enttäusch verärger
unzufrieden verstimmt wütend empört
onaanvaard onaccept schandalig belachelijk onprofession ongehoord acceptabel teleurgesteld ontevreden geïrriteerd boos
woedend kwaad
""".split())
_WORD = re.compile(r"[^\W\d_]+")

# A client says they are leaving, or how angry they are, near the top of what they write; a 50 KB
# pasted log below it costs time and tells nothing more.
TEXT_READ = 4000


def _by_first_letters(stems: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Stems grouped by their first two letters: one dict lookup and one startswith per word."""
    index: dict[str, list[str]] = {}
    for stem in stems:
        index.setdefault(stem[:2], []).append(stem)
    return {key: tuple(values) for key, values in index.items()}


_AT_RISK_INDEX = _by_first_letters(_AT_RISK_STEMS)
_ANGRY_INDEX = _by_first_letters(_ANGRY_STEMS)


def _has_stem(folded: str, index: dict[str, tuple[str, ...]]) -> bool:
    """Whether a word of ``folded`` starts with one of the indexed stems."""
    for word in _WORD.findall(folded):
        candidates = index.get(word[:2])
        if candidates is not None and word.startswith(candidates):
            return True
    return False


# A condition inside the clause: negations after it belong to the condition, not to the phrase.
_CONDITION = re.compile(r"\b(?:if|unless|si|sauf si|à moins qu|wenn|falls|sofern|als|tenzij|indien)\b")


def _negated(folded: str, at: int) -> bool:
    """Whether a negation word lies in the phrase's own clause, before it or inside its first words."""
    clause_start = 0
    for m in _CLAUSE_START.finditer(folded, 0, at):
        clause_start = m.end()
    window = _AFFIRMING.sub(" ", folded[clause_start:at])
    condition = None
    for condition in _CONDITION.finditer(window):
        pass
    if condition is not None:  # "if nothing changes we will…": that negation is the condition's
        window = window[:condition.start()]
    return _NEGATION.search(window) is not None


def _matches(folded: str, pattern: re.Pattern[str], index: dict[str, tuple[str, ...]], *, conditional_ok: bool) -> bool:
    """Whether ``folded`` (one sentence) holds a phrase of ``pattern`` that is not negated, asked or supposed."""
    if not _has_stem(folded, index):
        return False
    for m in pattern.finditer(folded):
        phrase = m.group(0)
        if _NEGATION.search(_AFFIRMING.sub(" ", phrase)) and not _negation_is_the_phrase(phrase):
            continue
        if not _negation_is_the_phrase(phrase) and _negated(folded, m.start()):
            continue
        if folded.rstrip().endswith("?"):
            continue
        if not conditional_ok and _HYPOTHESIS.search(folded, 0, m.start()):
            continue
        return True
    return False


# Phrases whose own negation is the point ("not acceptable", "pas sérieux", "toujours pas de réponse").
_NEGATIVE_PHRASE = re.compile(
    r"^(?:not |no longer |ne pas |ne plus |ne \w+ (?:pas|plus) |pas |peu |nicht |niet |still no|yet again no|once again no|still without|yet again without|"
    r"once again without|toujours pas|encore pas|toujours aucun|encore aucun|geen|keine|kein)")


def _negation_is_the_phrase(phrase: str) -> bool:
    return _NEGATIVE_PHRASE.search(phrase) is not None


def _folded_sentences(text: str) -> list[tuple[str, str]]:
    """Each sentence with its folded form, computed once for every rule that reads them."""
    return [(sentence, fold_text(sentence)) for sentence in split_sentences(text[:TEXT_READ])]


def at_risk_sentence(text: str, sentences: list[tuple[str, str]] | None = None) -> str | None:
    """The first sentence of ``text`` (a client's own new text) saying the account is at risk, or None."""
    for sentence, folded in sentences if sentences is not None else _folded_sentences(text):
        if _THIRD_PARTY.search(folded):
            continue
        if _matches(folded, _AT_RISK_RE, _AT_RISK_INDEX, conditional_ok=True):
            return sentence
    return None


# Questions that are not asked: exasperation in question form ("are you kidding?", "how many times
# do I have to ask?"). Every other question is skipped by the angry rule.
_RHETORICAL = re.compile(
    r"\b(?:are you (?:kidding|joking)|are you (?:being )?serious(?= ?\?)|you (?:must be|have got to be|'ve got to be) (?:kidding|joking)|"
    r"is (?:this|that) (?:some kind of |a )(?:joke|farce)|"
    r"how many (?:more )?times (?:do|must|will|shall|should|have|did) (?:i|we) (?:have to |need to |got to )?"
    r"(?:ask|tell|remind|write|chase|repeat|call|explain|send)|"
    r"vous (?:vous )?(?:plaisantez|moquez)|(?:c'est|est-ce) une (?:blague|plaisanterie)|"
    r"combien de fois (?:dois-je|devrai-je|faut-il|devons-nous|vais-je devoir|allons-nous devoir|faudra-t-il) (?:encore )?"
    r"(?:vous )?(?:demander|relancer|répéter|écrire|rappeler|expliquer|envoyer)|"
    r"vous (?:vous )?(?:fichez|foutez) de (?:moi|nous)|"
    r"soll das ein (?:witz|scherz) sein|wie oft (?:muss|soll|müssen|sollen) (?:ich|wir) (?:noch )?"
    r"(?:fragen|nachfragen|schreiben|erinnern|anrufen)|"
    r"is dit een grap|hoe vaak (?:moet|moeten) (?:ik|we|wij) (?:nog )?(?:vragen|mailen|bellen|herinneren))\b")


def angry_sentence(text: str, sentences: list[tuple[str, str]] | None = None) -> str | None:
    """The first sentence of ``text`` (a client's own new text) showing strong dissatisfaction, or None."""
    for sentence, folded in sentences if sentences is not None else _folded_sentences(text):
        if _NOT_ANGRY.search(folded):
            continue
        if folded.rstrip().endswith("?") and _RHETORICAL.search(folded):
            return sentence
        if _matches(folded, _ANGRY_RE, _ANGRY_INDEX, conditional_ok=False):
            return sentence
    return None


def for_message(parsed: ParsedMessage, finding: Finding | None, *, robot: str | None, reason: str | None,
                own_domains: frozenset[str]) -> list[Signal]:
    """The flags one message raises, most severe first.

    ``finding`` is the no-information detector's answer for this message. ``at_risk`` and
    ``angry`` are read only in a client's own new text: not in mail from the firm (``own_domains``),
    not in robots' or lists' mail (``robot``, or a guard ``reason`` that says so).
    """
    signals: list[Signal] = []
    sender = parsed.from_.key if parsed.from_ else ""
    from_client = (bool(sender) and robot is None and reason not in NOT_A_CLIENT_REASONS
                   and sender.rpartition("@")[2] not in own_domains)
    sentences = _folded_sentences(parsed.new_text) if from_client and parsed.new_text else []
    if sentences:
        risk = at_risk_sentence("", sentences)
        if risk:
            signals.append(Signal(AT_RISK, risk))
    if finding is not None:
        signals.append(Signal(NO_INFORMATION, finding.sentence, finding.evidence))
    if sentences:
        anger = angry_sentence("", sentences)
        if anger:
            signals.append(Signal(ANGRY, anger))
    return signals

