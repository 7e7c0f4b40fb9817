"""At-risk families on lemmas: a client saying the account is at risk (see :mod:`.signal_families`)."""

from __future__ import annotations

from responder.judge.cues.at_risk_indirect import AT_RISK_INDIRECT, AT_RISK_ROUND3, AT_RISK_VEILED
from responder.judge.cues.signal_words import (
    APPROVAL,
    AT_RISK,
    BOSS,
    DEAL,
    FIRM,
    NOT_AGAINST_US,
    OTHER,
    PAPERWORK,
    SignalFamily,
)
from responder.judge.cues.signal_words import group as _g

_AT_RISK: tuple[SignalFamily, ...] = (
    # ---- English
    SignalFamily(AT_RISK, "en", "ends the deal", (
        _g("cancel", "terminate", "rescind", "annul", "discontinue", "suspend", "withdraw", "dissolve", "scrap", "exit"),
        DEAL["en"]),
        ("We have decided to terminate our agreement.", "The contract will be cancelled at the end of the week.",
         "We are withdrawing from the project."),
        ("We need to cancel tomorrow's meeting.", "We are not going to cancel the contract, don't worry.")),
    SignalFamily(AT_RISK, "en", "another firm", (
        OTHER["en"] | _g("elsewhere"), FIRM["en"] | _g("business", "work"),
        _g("look", "find", "seek", "search", "switch", "move", "turn", "approach", "go", "take", "give", "hand",
           "award", "entrust", "talk", "invite", "explore", "shop", "consider", "replace", "transfer", "bring", "appoint",
           "get", "quote", "hire", "engage", "use")),
        ("We are looking at other firms to finish the job.", "We will take our business elsewhere.",
         "We have approached a competitor for a quote."),
        ("Another contractor does the electrics.", "We are not looking for another supplier.")),
    SignalFamily(AT_RISK, "en", "rethinks the relationship", (
        _g("reconsider", "rethink", "reassess", "reevaluate", "jeopardise", "jeopardize", "endanger"),
        DEAL["en"] | _g("future", "position", "options", "working")),
        ("We will have to reconsider our collaboration.", "This jeopardises the whole relationship."),
        ("We would like to reconsider the colour of the tiles.",)),
    SignalFamily(AT_RISK, "en", "questions the relationship", (_g("question", "doubt"), _g("call", "put", "cast", "raise"),
                                                              DEAL["en"] | _g("future", "working")),
                 ("This calls our partnership into question.",),
                 ("I have a question about the agreement.",)),
    SignalFamily(AT_RISK, "en", "draws conclusions", (_g("draw"), _g("conclusion", "consequence")),
                 ("We will draw our own conclusions.",)),
    SignalFamily(AT_RISK, "en", "not again", (_g("hire", "recommend", "commission", "instruct", "appoint"),
                                             _g("again", "future", "anymore", "more")),
                 ("We will not be instructing your firm again.", "I could never recommend your firm in future."),
                 negated=True),
    SignalFamily(AT_RISK, "en", "goes to the management", (
        _g("escalate", "raise", "report", "refer", "take", "bring", "complain", "involve", "alert", "notify", "inform"),
        BOSS["en"]),
        ("I will raise this with your managing director.", "I am escalating this to our board."),
        ("My manager has to approve the quote first.",), unless=APPROVAL),
    SignalFamily(AT_RISK, "en", "formal complaint", (_g("formal", "official", "lodge", "file"), _g("complaint", "grievance")),
                 ("We will be lodging a formal complaint.",)),
    SignalFamily(AT_RISK, "en", "legal steps", (
        _g("lawyer", "lawyers", "solicitor", "solicitors", "attorney", "attorneys", "legal", "court", "courts",
           "litigation", "lawsuit", "counsel"),
        _g("action", "step", "steps", "proceedings", "route", "involve", "instruct", "pass", "hand", "take", "touch",
           "recourse", "remedy", "remedies", "pursue", "sue", "refer", "letter")),
        ("Our solicitors will be in touch.", "We are considering legal action.", "We will take this to court."),
        ("Our legal department is reviewing the draft.",), unless=NOT_AGAINST_US),
    SignalFamily(AT_RISK, "en", "withholds payment", (
        _g("withhold", "suspend", "stop", "freeze", "hold", "refuse", "retain", "block"),
        _g("payment", "payments", "invoice", "invoices", "instalment", "installment", "fee", "fees", "pay")),
        ("We will withhold payment of your last invoice.", "Payments are suspended until the plans arrive."), unless=PAPERWORK),
    SignalFamily(AT_RISK, "en", "claims damages", (
        _g("penalty", "penalties", "damages", "compensation", "liable", "liability"),
        _g("claim", "apply", "charge", "invoke", "seek", "demand", "hold", "deduct", "reserve")),
        ("We will claim the contractual penalties.", "We will hold you liable for the delay.")),
    SignalFamily(AT_RISK, "en", "last chance", (_g("last", "final"), _g("chance", "warning", "opportunity")),
                 ("This is your last chance.", "Consider this a final warning."),
                 ("The final notice of the works was posted on site.",)),
    SignalFamily(AT_RISK, "en", "loses trust", (_g("lose", "lost", "losing", "shake", "undermine"), _g("trust", "confidence", "faith")),
                 ("We are losing confidence in your firm.",)),
    # ---- French
    SignalFamily(AT_RISK, "fr", "met fin au contrat", (
        _g("annuler", "résilier", "rompre", "suspendre", "interrompre", "dénoncer", "résiliation",
           "annulation", "rupture", "fin", "terme", "arrêter", "stopper"), DEAL["fr"]),
        ("Nous allons résilier le contrat.", "Nous mettrons fin à notre collaboration.",
         "La mission sera annulée."),
        ("Nous devons annuler la réunion de demain.", "Il n'est pas question d'annuler la commande.")),
    SignalFamily(AT_RISK, "fr", "autre prestataire", (
        OTHER["fr"] | _g("ailleurs"), FIRM["fr"],
        _g("chercher", "rechercher", "trouver", "consulter", "confier", "passer", "aller", "tourner", "changer",
           "solliciter", "contacter", "envisager", "appel", "faire", "adresser", "remplacer")),
        ("Nous allons consulter d'autres cabinets.", "Nous envisageons de confier la suite à un autre bureau d'études."),
        ("Un autre bureau s'occupe de la structure.", "Nous ne cherchons pas d'autre prestataire.")),
    SignalFamily(AT_RISK, "fr", "revoit la collaboration", (
        _g("reconsidérer", "revoir", "repenser", "réexaminer", "réévaluer", "interroger", "compromettre"),
        _g("collaboration", "relation", "partenariat", "coopération", "confiance")),
        ("Nous allons devoir revoir notre collaboration.",),
        ("Nous aimerions revoir le planning des travaux.",)),
    SignalFamily(AT_RISK, "fr", "remet en cause", (_g("remettre"), _g("cause", "question"), DEAL["fr"] | _g("confiance")),
                 ("Cela remet en cause notre partenariat.",),
                 ("Une question sur la résidence : l'entreprise nous a remis un devis.",)),
    SignalFamily(AT_RISK, "fr", "en tire les conséquences", (_g("tirer"), _g("conclusion", "conséquence", "leçon")),
                 ("Nous en tirerons les conséquences.",)),
    SignalFamily(AT_RISK, "fr", "plus jamais", (_g("travailler", "appel", "recommander", "confier", "collaborer", "solliciter"),
                                               _g("plus", "jamais", "avenir")),
                 ("Nous ne ferons plus appel à vos services.", "Je ne vous recommanderai jamais."), negated=True),
    SignalFamily(AT_RISK, "fr", "remonte à la direction", (
        _g("remonter", "saisir", "alerter", "signaler", "porter", "escalader", "référer", "plaindre", "informer",
           "transmettre", "intervenir"), BOSS["fr"]),
        ("Je vais en référer à votre direction.", "Je saisirai votre hiérarchie dès lundi."),
        ("Mon directeur doit valider le devis.",), unless=APPROVAL),
    SignalFamily(AT_RISK, "fr", "réclamation formelle", (_g("réclamation", "plainte"), _g("formel", "officiel", "déposer", "adresser", "porter")),
                 ("Nous allons déposer une réclamation formelle.",)),
    SignalFamily(AT_RISK, "fr", "voie juridique", (
        _g("avocat", "avocats", "juridique", "justice", "tribunal", "contentieux", "judiciaire", "huissier", "recours"),
        _g("action", "voie", "suite", "saisir", "transmettre", "engager", "mesure", "poursuite", "confier", "contact",
           "procédure", "recours", "charger", "porter", "devant", "courrier", "lettre", "recommandé")),
        ("Notre avocat prendra contact avec vous.", "Nous envisageons une action en justice.",
         "Le dossier sera transmis à notre service contentieux."),
        ("Notre service juridique relit le projet de contrat.",), unless=NOT_AGAINST_US),
    SignalFamily(AT_RISK, "fr", "mise en demeure", (_g("demeure"), _g("mise", "mettre")), ("Ceci vaut mise en demeure.",), unless=NOT_AGAINST_US),
    SignalFamily(AT_RISK, "fr", "suspend les paiements", (
        _g("suspendre", "bloquer", "bloqué", "bloquée", "retenir", "geler", "stopper", "arrêter", "différer", "refuser"),
        _g("paiement", "paiements", "règlement", "facture", "factures", "versement", "acompte", "payer", "régler")),
        ("Nous suspendons le règlement de vos factures.", "Le paiement de l'acompte est bloqué."), unless=PAPERWORK),
    SignalFamily(AT_RISK, "fr", "pénalités", (
        _g("pénalité", "pénalités", "dommages", "indemnité", "indemnités", "indemnisation", "responsable"),
        _g("appliquer", "réclamer", "demander", "exiger", "facturer", "retenir", "déduire", "tenir")),
        ("Nous appliquerons les pénalités de retard.", "Nous vous tiendrons pour responsables.")),
    SignalFamily(AT_RISK, "fr", "dernière chance", (_g("dernier", "dernière", "ultime"), _g("chance", "avertissement", "relance", "délai")),
                 ("C'est votre dernière chance.", "Ceci est un ultime avertissement.")),
    SignalFamily(AT_RISK, "fr", "perd confiance", (_g("perdre", "ébranler", "entamer", "perte"), _g("confiance")),
                 ("Nous perdons confiance en votre cabinet.",)),
    # ---- German
    SignalFamily(AT_RISK, "de", "kündigt", (
        _g("kündigen", "stornieren", "beenden", "auflösen", "abbrechen", "zurückziehen", "zurücktreten",
           "aufkündigen", "aussetzen", "widerrufen", "kündigung", "stornierung", "rücktritt"), DEAL["de"]),
        ("Wir werden den Vertrag kündigen.", "Wir ziehen den Auftrag zurück.",
         "Die Zusammenarbeit beenden wir hiermit."),
        ("Den Termin morgen müssen wir leider absagen.", "Eine Kündigung des Vertrags steht nicht zur Debatte.")),
    SignalFamily(AT_RISK, "de", "anderes Büro", (
        OTHER["de"] | _g("woanders", "anderswo"), FIRM["de"],
        _g("suchen", "beauftragen", "wechseln", "umsehen", "vergeben", "holen", "anfragen", "einholen", "ausschreiben",
           "übertragen", "gehen", "wenden", "einschalten", "ersetzen", "umschauen", "eingeholt")),
        ("Wir sehen uns nach einem anderen Büro um.", "Wir werden ein anderes Planungsbüro beauftragen."),
        ("Ein anderes Büro übernimmt die Statik.",)),
    SignalFamily(AT_RISK, "de", "Zusammenarbeit in Frage", (
        _g("überdenken", "hinterfragen", "infrage", "gefährden", "überprüfen"),
        _g("zusammenarbeit", "partnerschaft", "geschäftsbeziehung", "kooperation")),
        ("Wir müssen die Zusammenarbeit grundsätzlich überdenken.", "Das stellt unsere Partnerschaft infrage."),
        ("Ich habe eine Frage zur Zusammenarbeit mit dem Statiker.",)),
    SignalFamily(AT_RISK, "de", "in Frage gestellt", (_g("frage"), _g("in"), _g("stellen", "gestellt", "steht"), DEAL["de"]),
                 ("Damit ist die Zusammenarbeit in Frage gestellt.",), ("Ich habe eine Frage zur Zusammenarbeit gestellt.",)),
    SignalFamily(AT_RISK, "de", "Konsequenzen ziehen", (_g("ziehen"), _g("konsequenz", "konsequenzen")),
                 ("Wir werden daraus Konsequenzen ziehen.",)),
    SignalFamily(AT_RISK, "de", "nie wieder", (_g("zusammenarbeiten", "beauftragen", "empfehlen", "arbeiten"),
                                              _g("mehr", "wieder", "zukunft", "künftig")),
                 ("Wir werden Sie nicht mehr beauftragen.", "Ich werde Ihr Büro nie wieder empfehlen."), negated=True),
    SignalFamily(AT_RISK, "de", "an die Geschäftsführung", (
        _g("eskalieren", "wenden", "einschalten", "informieren", "melden", "beschweren", "vorlegen", "heranziehen",
           "weitergeben"), BOSS["de"]),
        ("Ich werde mich an Ihre Geschäftsführung wenden.", "Wir schalten unseren Vorstand ein."),
        ("Mein Chef muss das Angebot noch freigeben.",), unless=APPROVAL),
    SignalFamily(AT_RISK, "de", "rechtliche Schritte", (
        _g("anwalt", "anwälte", "rechtsanwalt", "rechtsanwälte", "rechtsabteilung", "juristisch", "rechtlich",
           "gericht", "klage", "rechtsweg", "anwaltlich", "kanzlei"),
        _g("schritt", "schritte", "einschalten", "übergeben", "vorgehen", "beauftragen", "weg", "einleiten", "klagen",
           "geben", "vorbehalten", "ziehen", "brief", "schreiben")),
        ("Wir behalten uns rechtliche Schritte vor.", "Wir werden unseren Anwalt einschalten."),
        ("Unsere Rechtsabteilung liest den Vertragsentwurf gerade.",), unless=NOT_AGAINST_US),
    SignalFamily(AT_RISK, "de", "Frist gesetzt", (_g("nachfrist", "fristsetzung", "ultimatum"),), ("Wir setzen Ihnen hiermit eine Nachfrist.",)),
    SignalFamily(AT_RISK, "de", "Zahlung zurückgehalten", (
        _g("zurückhalten", "einbehalten", "aussetzen", "stoppen", "einstellen", "verweigern", "kürzen", "sperren"),
        _g("zahlung", "zahlungen", "rechnung", "rechnungen", "abschlag", "abschlagszahlung", "honorar", "zahlen")),
        ("Wir werden die Zahlung Ihrer Rechnung zurückhalten.", "Die Abschlagszahlung wird ausgesetzt."), unless=PAPERWORK),
    SignalFamily(AT_RISK, "de", "Vertragsstrafe", (
        _g("vertragsstrafe", "schadensersatz", "schadenersatz", "konventionalstrafe", "regress", "haftbar"),
        _g("geltend", "fordern", "verlangen", "einbehalten", "machen", "prüfen", "halten")),
        ("Wir werden die Vertragsstrafe geltend machen.", "Wir machen Sie für den Schaden haftbar.")),
    SignalFamily(AT_RISK, "de", "letzte Chance", (_g("letzt", "letzte", "letzten", "letzter"), _g("chance", "warnung", "frist", "gelegenheit")),
                 ("Das ist Ihre letzte Chance.",)),
    SignalFamily(AT_RISK, "de", "Vertrauen verloren", (_g("verlieren", "verloren", "erschüttern", "erschüttert"), _g("vertrauen")),
                 ("Wir haben das Vertrauen in Ihr Büro verloren.",)),
    # ---- Dutch
    SignalFamily(AT_RISK, "nl", "zegt de opdracht op", (
        _g("annuleren", "opzeggen", "beëindigen", "ontbinden", "stopzetten", "intrekken", "verbreken", "opschorten",
           "afzeggen", "zeggen", "opzegging", "ontbinding", "beëindiging"), DEAL["nl"]),
        ("Wij zeggen de opdracht op.", "We gaan de samenwerking beëindigen.", "De overeenkomst wordt ontbonden."),
        ("We moeten de vergadering van morgen afzeggen.",)),
    SignalFamily(AT_RISK, "nl", "ander bureau", (
        OTHER["nl"] | _g("elders"), FIRM["nl"],
        _g("zoeken", "kijken", "overstappen", "gaan", "wenden", "vragen", "benaderen", "inschakelen", "uitbesteden",
           "onderbrengen", "gunnen", "overwegen", "oriënteren", "vervangen", "overdragen", "opvragen", "opgevraagd",
           "uitvragen", "geven", "gegeven")),
        ("We gaan op zoek naar een ander bureau.", "Wij overwegen een andere architect in te schakelen."),
        ("Een andere aannemer doet de elektra.",)),
    SignalFamily(AT_RISK, "nl", "samenwerking ter discussie", (
        _g("heroverwegen", "herzien", "overdenken", "discussie", "twijfel", "gevaar", "heroverweging"),
        _g("samenwerking", "relatie", "partnerschap")),
        ("We moeten de samenwerking heroverwegen.", "Dit zet onze samenwerking ter discussie."),
        ("Ik heb een vraag over de samenwerking met de constructeur.",)),
    SignalFamily(AT_RISK, "nl", "conclusies trekken", (_g("trekken"), _g("conclusie", "conclusies", "consequentie", "consequenties")),
                 ("Wij zullen onze conclusies trekken.",)),
    SignalFamily(AT_RISK, "nl", "nooit meer", (_g("samenwerken", "inschakelen", "aanbevelen", "aanraden", "benaderen"),
                                              _g("meer", "nogmaals", "toekomst", "opnieuw")),
                 ("Wij zullen u niet meer inschakelen.", "Ik zal uw bureau nooit meer aanraden."), negated=True),
    SignalFamily(AT_RISK, "nl", "naar de directie", (
        _g("escaleren", "melden", "informeren", "voorleggen", "klagen", "aankaarten", "wenden", "inschakelen"), BOSS["nl"]),
        ("Ik ga dit bij uw directie aankaarten.", "Wij zullen ons tot uw directeur wenden."),
        ("Mijn manager moet de offerte nog goedkeuren.",), unless=APPROVAL),
    SignalFamily(AT_RISK, "nl", "juridische stappen", (
        _g("advocaat", "advocaten", "jurist", "juridisch", "juridische", "rechter", "rechtbank", "rechtszaak",
           "gerechtelijk", "gerechtelijke"),
        _g("stap", "stappen", "inschakelen", "overdragen", "actie", "maatregel", "maatregelen", "procedure",
           "dagvaarden", "ondernemen", "voorleggen", "brief", "schrijven")),
        ("Wij zullen juridische stappen ondernemen.", "We schakelen onze advocaat in."),
        ("Onze jurist leest het concept van de overeenkomst na.",), unless=NOT_AGAINST_US),
    SignalFamily(AT_RISK, "nl", "ingebrekestelling", (_g("ingebrekestelling", "sommatie", "gebreke"),),
                 ("Beschouw deze mail als een ingebrekestelling.", "Wij stellen u hierbij in gebreke."), unless=NOT_AGAINST_US),
    SignalFamily(AT_RISK, "nl", "betaling opgeschort", (
        _g("opschorten", "inhouden", "stopzetten", "stoppen", "weigeren", "blokkeren", "bevriezen", "opgeschort"),
        _g("betaling", "betalingen", "factuur", "facturen", "termijn", "betalen")),
        ("Wij schorten de betaling van uw factuur op.", "De betaling wordt opgeschort."), unless=PAPERWORK),
    SignalFamily(AT_RISK, "nl", "boete", (
        _g("boete", "boetes", "schadevergoeding", "schadeclaim", "aansprakelijk", "boeteregeling", "boeteclausule"),
        _g("indienen", "eisen", "vorderen", "opleggen", "verhalen", "aanspraak", "stellen", "houden", "toepassen", "toe")),
        ("Wij zullen een schadevergoeding eisen.", "Wij stellen u aansprakelijk voor de vertraging.")),
    SignalFamily(AT_RISK, "nl", "laatste kans", (_g("laatste"), _g("kans", "waarschuwing", "termijn")),
                 ("Dit is uw laatste kans.",)),
    SignalFamily(AT_RISK, "nl", "vertrouwen kwijt", (_g("verliezen", "verloren", "kwijt", "beschadigen"), _g("vertrouwen")),
                 ("Wij zijn het vertrouwen in uw bureau kwijt.",)),
)


AT_RISK_FAMILIES: tuple[SignalFamily, ...] = _AT_RISK + AT_RISK_INDIRECT + AT_RISK_VEILED + AT_RISK_ROUND3
