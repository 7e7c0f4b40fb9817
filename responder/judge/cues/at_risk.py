"""A client saying the account is at risk: cancelling, leaving for another supplier, escalating, going to law.

Patterns read text folded by ``detector.fold_text``; ``keys`` are word stems, one of which a
sentence must hold before the patterns run. Order matters: the patterns are tried in it.
"""

from __future__ import annotations

from responder.judge.cues import Cue

AT_RISK = "at_risk"

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

CUES: tuple[Cue, ...] = (
    Cue(AT_RISK, 'cancel', 'en', cues=(
        rf"\b{_WE_WILL} ?(?:cancel|cancelling|canceling|terminate|terminating|end|ending|withdraw from|pull out of|"
            rf"pull the plug on|walk away from|pulling out of|pulling the plug on|walking away from|ending|withdrawing from) "
            rf"(?:the|our|this|that|your|their|my) (?:whole |entire )?{_DEAL_EN}\b(?! (?:for|of|number|no\b))",
        rf"\b(?:please )?(?:consider|treat) (?:the|our|this) {_DEAL_EN} (?:as )?(?:cancell?ed|terminated)\b",
        r"\b(?:notice of termination|termination notice(?! period)|formal notice of cancell?ation)\b",
        rf"\b{_WE_WILL} ?(?:cancelling|canceling|terminating)(?= ?(?:[.,;!]|$| (?:with you|everything|it all|altogether)\b))",
    ), examples=(
        'We will cancel the contract if the plans are not here by Friday.',
        'We have decided to terminate our agreement with your firm.',
        'Please consider the order cancelled.',
        'We have no choice but to end the collaboration.',
        'After this we are cancelling, effective immediately.',
    ), traps=(
        "We are not cancelling the contract, don't worry.",
        'Should we cancel the order and place a new one?',
        "We need to cancel tomorrow's meeting.",
        'We are cancelling our order for the extra chairs, we have enough.',
        'Even if it slips again we will not cancel the contract.',
    ),
        keys=('alternative', 'cancel', 'choice', 'end', 'engag', 'formal', 'go', 'mandat', 'option', 'pull', 'termin', 'walk', 'withdraw')),
    Cue(AT_RISK, 'supplier', 'en', cues=(
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
    ), examples=(
        "We'll have to move to another supplier.",
        'Frankly we are now looking for a different contractor.',
        'We have already found another agency for phase two.',
        'If nothing changes we will take our business elsewhere.',
        'We are now speaking to another agency about the launch.',
    ), traps=(
        'We have no intention of moving to another supplier.',
        "I don't think we will look for another contractor.",
        "We'd like to move the meeting to another day.",
        'I looked elsewhere in the file and found the drawing.',
        'Our client has moved to another supplier for the furniture, so only the lighting remains.',
    ),
        keys=('alternative', 'appoint', 'approach', 'brief', 'choice', 'chose', 'consult', 'end', 'engag', 'found', 'go', 'hire', 'look', 'move', 'moving', 'option', 'quot', 'select', 'shop', 'sign', 'speak', 'switch', 'tak', 'talk', 'transfer', 'turn')),
    Cue(AT_RISK, 'not continuing', 'en', cues=(
        rf"\bnot (?:to )?(?:continue|proceed|go ahead|carry on|keep working|be continuing|be working)"
            rf"(?: (?:our|the) (?:work|collaboration|relationship|partnership))? with (?:you|your {_SUPPLIER_EN})\b",
        rf"\bnot (?:to )?(?:renew|extend|be renewing|be extending) (?:the|our|this|your) (?:[a-z-]+ )?{_DEAL_EN}\b",
        rf"\bno longer (?:work|working|do business|doing business) with (?:you|your {_SUPPLIER_EN})\b",
    ), examples=(
        'The committee has decided not to continue with your office beyond the first phase.',
        'We have decided not to renew the service contract.',
        'From next month we will no longer work with you.',
    ), traps=(
        'We would like to continue with your team for the next phase.',
    ),
        keys=('carry', 'consult', 'continu', 'end', 'engag', 'extend', 'go', 'keep', 'longer', 'mandat', 'proceed', 'renew')),
    Cue(AT_RISK, 'escalation', 'en', cues=(
        rf"\b(?:escalate|escalating|escalated) (?:this|it|the matter|the issue|the problem|this matter|this issue)(?: up)? "
            rf"(?:to|with) (?:your|the|my|our) {_MANAGEMENT_EN}\b",
        rf"\b{_WE_WILL} ?(?:raise|raising|take|taking|bring|bringing) (?:this|it|the matter|the issue|the problem|this matter|"
            rf"this issue)(?: up)? (?:to|with) (?:your|the) {_MANAGEMENT_EN}\b",
        rf"\b{_WE_WILL} ?(?:contact|write to|call|complain to|speak to|talk to|go to|inform|involve|get in touch with|reach out to) "
            rf"(?:your|the firm's|the company's) {_MANAGEMENT_EN}\b",
        r"\bformal complaint\b",
    ), examples=(
        'I will escalate this to your management tomorrow.',
        'I am going to contact your director about this.',
        'We are filing a formal complaint.',
    ), traps=(
        'The management approved the budget.',
        'Please take this to your manager for approval when you can.',
    ),
        keys=('alternative', 'bring', 'call', 'choice', 'complain', 'contact', 'end', 'escalat', 'formal', 'go', 'inform', 'involv', 'option', 'rais', 'reach', 'speak', 'sue', 'tak', 'talk', 'writ')),
    Cue(AT_RISK, 'legal', 'en', cues=(
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
    ), examples=(
        'We are considering legal action.',
        'I have asked our lawyers to look at the contract terms.',
        'We will not hesitate to take this to court.',
        'We will claim damages for every week of delay.',
    ), traps=(
        'Our lawyers reviewed the contract and everything is in order.',
    ),
        keys=('ask', 'attorney', 'breach', 'bring', 'call', 'compensation', 'consult', 'contact', 'counsel', 'court', 'damages', 'end', 'go', 'inform', 'instruct', 'involv', 'lawyer', 'legal', 'look', 'penalt', 'proceed', 'reach', 'solicitor', 'sue', 'tak', 'turn', 'writ')),
    Cue(AT_RISK, 'cancel', 'fr', cues=(
        rf"\b(?:nous|je|on) (?:(?:allons|vais|va|devrons|devrions|serons contraints?|serons obligée?s?|serai contraint|"
            rf"serai obligée?|souhaitons|voulons|avons décidé|ai décidé|envisageons|envisage|comptons|pourrions|risquons|"
            rf"préférons|allons devoir|vais devoir|allons donc) (?:de |d')?)?"
            rf"(?:(?:donc|alors|malheureusement|sérieusement|purement et simplement) )*"
            rf"(?:annuler|annulons|annulerons|annule|résilier|résilions|résilierons|résilie|mettrons fin à|rompre|rompons|"
            rf"arrêter|arrêtons|mettre fin à|mettons fin à|dénoncer) "
            rf"(?:le |la |l'|notre |nos |votre |ce |cette |les )?{_DEAL_FR}\b(?! (?:de|des|du|d') )",
        rf"\b(?:la |une |notre )?(?:résiliation|rupture|annulation) (?:du |de la |de notre |de l'|de ce |de cette )?{_DEAL_FR}\b",
    ), examples=(
        'Nous allons annuler la commande.',
        "Sans réponse d'ici lundi, nous serons contraints de résilier le contrat.",
        'Nous envisageons de mettre fin à notre collaboration.',
        'Veuillez prendre note de la résiliation du contrat.',
        "Si le planning n'est pas tenu, nous résilierons le contrat.",
    ), traps=(
        "Il n'est pas question de résilier le contrat.",
        'Faut-il annuler la commande ?',
        'Nous allons annuler la réunion de jeudi.',
    ),
        keys=('allons', 'annul', 'annuler', 'arrêt', 'dénonc', 'mandat', 'mettons', 'mettre', 'mettrons', 'préférons', 'rompons', 'rompre', 'rupture', 'résili')),
    Cue(AT_RISK, 'supplier', 'fr', cues=(
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
    ), examples=(
        'Nous allons devoir changer de prestataire.',
        "Si rien ne bouge, nous ferons appel à un autre bureau d'études.",
        'On va finir par aller voir ailleurs.',
        'Nous passerons chez la concurrence.',
        'Nous allons consulter un autre cabinet pour la suite.',
    ), traps=(
        "Nous n'allons pas changer de prestataire, rassurez-vous.",
        'Je vais aller voir la maquette demain.',
        "Nous n'allons pas solliciter un autre prestataire, rassurez-vous.",
    ),
        keys=('adresser', 'ailleurs', 'aller', 'allons', 'appel', 'chang', 'cherch', 'confier', 'consult', 'end', 'engag', 'faire', 'ferai', 'ferions', 'ferons', 'irons', 'mandat', 'mandater', 'passer', 'passerons', 'passons', 'retenir', 'retiendr', 'sollicit', 'tourner', 'travaill', 'travailler', 'trouv')),
    Cue(AT_RISK, 'not continuing', 'fr', cues=(
        rf"\bne (?:pas|plus) (?:poursuivre|continuer|travailler|renouveler|prolonger|reconduire)"
            rf"(?: (?:notre|la|cette) (?:collaboration|relation|partenariat))? avec (?:vous|votre {_SUPPLIER_FR})\b",
        rf"\bne (?:pas|plus) (?:renouveler|prolonger|reconduire) (?:le |la |l'|notre |nos |votre |ce |cette )?{_DEAL_FR}\b",
        rf"\bne (?:poursuivrons|continuerons|travaillerons) (?:pas|plus) avec (?:vous|votre {_SUPPLIER_FR})\b",
        rf"\bne (?:renouvellerons|prolongerons|reconduirons) pas (?:le |la |l'|notre |nos |votre |ce |cette )?{_DEAL_FR}\b",
    ), examples=(
        'Le comité a choisi de ne pas poursuivre avec votre agence après la première tranche.',
        "Nous ne renouvellerons pas le contrat d'entretien.",
    ), traps=(
        'Il ne faut pas poursuivre les travaux avant la réception du support.',
    ),
        keys=('continu', 'irons', 'longer', 'mandat', 'poursuiv', 'prolong', 'reconduir', 'renouvel', 'travaill', 'travailler')),
    Cue(AT_RISK, 'escalation', 'fr', cues=(
        rf"\b(?:remonter|porter|signaler|faire remonter|en référer|escalader) (?:\w+ ){{0,3}}(?:à|auprès de) "
            rf"(?:votre|la|ta|sa) {_MANAGEMENT_FR}\b",
        rf"\b(?:je vais|nous allons|je vais devoir|nous allons devoir) (?:contacter|écrire à|appeler|saisir|alerter|informer|"
            rf"m'adresser à|nous adresser à|m'en plaindre auprès de) (?:votre|ta) {_MANAGEMENT_FR}\b",
    ), examples=(
        'Je vais faire remonter ce problème à votre direction.',
        'Je vais écrire à votre directrice dès demain.',
    ), traps=(
        'La direction a validé le budget.',
    ),
        keys=('adresser', 'alerter', 'allons', 'appel', 'appeler', 'contact', 'escalad', 'faire', 'inform', 'porter', 'remonter', 'référer', 'saisir', 'sign', 'signaler', 'écrire')),
    Cue(AT_RISK, 'legal', 'fr', cues=(
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
    ), examples=(
        'Nous allons transmettre le dossier à notre avocat.',
        'Vous recevrez une mise en demeure cette semaine.',
        'Nous appliquerons les pénalités prévues au contrat.',
        "Une action en justice n'est pas exclue.",
    ), traps=(
        'Nous ne voulons pas en arriver à une action en justice.',
    ),
        keys=('avocat', 'confier', 'conseil', 'consult', 'contact', 'contentieux', 'demeure', 'dommages', 'end', 'faire', 'indemnit', 'irons', 'judiciaire', 'juridique', 'jurist', 'juriste', 'justice', 'mandat', 'mandater', 'mettre', 'porter', 'pénalit', 'réclam', 'saisir', 'transmettre', 'tribunal')),
    Cue(AT_RISK, 'cancel', 'de', cues=(
        r"\b(?:den|unseren|diesen) (?:vertrag|auftrag) (?:\w+ ){0,3}(?:kündigen|stornieren|auflösen)\b",
        r"\b(?:kündigen|stornieren) (?:wir|ich) (?:den|unseren|diesen) (?:vertrag|auftrag)\b",
    ), examples=(
        'Wir werden den Vertrag fristlos kündigen.',
        'Kündigen wir den Vertrag, wenn nichts passiert.',
    ), traps=(
        'Wir werden den Vertrag nicht kündigen.',
    ),
        keys=('auflös', 'kündig', 'storn')),
    Cue(AT_RISK, 'supplier', 'de', cues=(
        r"\b(?:anderen|neuen) (?:anbieter|lieferanten|dienstleister|partner|architekten)\b[^.;]{0,30}\b(?:beauftragen|suchen|"
            r"wechseln|wenden|gehen)\b",
        r"\b(?:wechseln|gehen|wenden) (?:wir |ich )?(?:zu|an) (?:einem|einen) (?:anderen|neuen) "
            r"(?:anbieter|lieferanten|dienstleister|partner|architekten)\b",
    ), examples=(
        'Wir werden uns einen anderen Anbieter suchen.',
        'Dann wechseln wir zu einem anderen Anbieter.',
    ), traps=(
        'Wir wechseln nicht zu einem anderen Anbieter.',
    ),
        keys=('andere', 'anderen', 'end', 'gehen', 'neuen', 'wechseln', 'wenden')),
    Cue(AT_RISK, 'legal', 'de', cues=(
        r"\b(?:rechtliche|juristische|gerichtliche) schritte\b",
        r"\b(?:unser(?:en|e)?|mein(?:en|e)?) (?:anwalt|anwältin|rechtsanwalt|rechtsanwältin|rechtsabteilung) "
            r"(?:\w+ ){0,3}(?:einschalten|beauftragen|informieren|kontaktieren)\b",
    ), examples=(
        'Wir behalten uns rechtliche Schritte vor.',
        'Wir werden unseren Anwalt einschalten.',
    ), traps=(
        'Wir werden keine rechtlichen Schritte einleiten, keine Sorge.',
    ),
        keys=('anwalt', 'gericht', 'inform', 'jurist', 'rechtlich', 'rechtsabteilung', 'rechtsanwalt', 'tak')),
    Cue(AT_RISK, 'escalation', 'de', cues=(
        r"\b(?:ihre|ihren|die) (?:geschäftsleitung|geschäftsführung|vorgesetzten|chef)\b"
            r"(?:[^.;]{0,30}\b(?:einschalten|informieren|kontaktieren|wenden))",
    ), examples=(
        'Ich werde Ihre Geschäftsleitung informieren.',
    ), traps=(
        'Ihre Geschäftsleitung hat das Budget genehmigt.',
    ),
        keys=('end', 'inform', 'tak', 'wenden')),
    Cue(AT_RISK, 'cancel', 'nl', cues=(
        r"\b(?:de|onze|deze) (?:opdracht|overeenkomst|bestelling|samenwerking|contract) (?:\w+ ){0,3}"
            r"(?:opzeggen|annuleren|beëindigen|stopzetten)\b",
    ), examples=(
        'We gaan de overeenkomst opzeggen.',
    ), traps=(
        'We gaan de overeenkomst niet opzeggen.',
    ),
        keys=('annul', 'annuler', 'beëindig', 'opzeg', 'stopzet')),
    Cue(AT_RISK, 'supplier', 'nl', cues=(
        r"\b(?:overstappen|uitwijken|gaan|stappen over|stappen (?:we|wij|ik) over) naar (?:een )?(?:andere|nieuwe) (?:leverancier|aannemer|partner|"
            r"dienstverlener|architect)\b",
        r"\b(?:een )?(?:andere|nieuwe) (?:leverancier|aannemer|partner|dienstverlener|architect) (?:\w+ ){0,2}(?:zoeken|nemen|"
            r"inschakelen|kiezen)\b",
    ), examples=(
        'Dan stappen we over naar een andere leverancier.',
        'We gaan een andere leverancier zoeken.',
    ), traps=(
        'We stappen niet over naar een andere leverancier.',
    ),
        keys=('andere', 'gaan', 'nieuwe', 'overstap', 'stappen', 'uitwijk')),
    Cue(AT_RISK, 'legal', 'nl', cues=(
        r"\bjuridische stappen\b",
        r"\b(?:onze|mijn) (?:advocaat|jurist|juridische dienst) (?:\w+ ){0,3}(?:inschakelen|contacteren|informeren)\b",
    ), examples=(
        'We overwegen juridische stappen.',
        'We zullen onze advocaat inschakelen.',
    ), traps=(
        'We zullen geen juridische stappen nemen.',
    ),
        keys=('advocaat', 'contact', 'inform', 'juridisch', 'jurist', 'stappen')),
    Cue(AT_RISK, 'escalation', 'nl', cues=(
        r"\b(?:uw|je|jullie) (?:directie|leidinggevende|baas|management)\b[^.;]{0,30}"
            r"\b(?:inschakelen|contacteren|informeren|aanspreken)",
    ), examples=(
        'Ik ga uw directie hierover informeren.',
    ), traps=(
        'Uw directie heeft het budget goedgekeurd.',
    ),
        keys=('contact', 'directie', 'end', 'inform')),
)
