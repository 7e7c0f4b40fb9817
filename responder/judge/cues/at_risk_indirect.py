"""At-risk families on lemmas that name neither the contract nor a firm word for word: veiled endings,
ultimatums, money withheld, outsiders brought in (see :mod:`.signal_families`)."""

from __future__ import annotations

from responder.judge.cues.signal_words import (
    AT_RISK,
    BOSS,
    DEAL,
    FIRM,
    IN_A_DOCUMENT,
    SOMEONE_ELSE,
    YOUR,
    SignalFamily,
)
from responder.judge.cues.signal_words import group as _g

# Ways of leaving or threatening that name neither the contract nor a new firm word for word.
AT_RISK_INDIRECT: tuple[SignalFamily, ...] = (
    SignalFamily(AT_RISK, "en", "elsewhere", (_g("elsewhere"), _g("look", "go", "take", "give", "turn", "place", "move", "shop")),
                 ("We are starting to look elsewhere.",), unless=IN_A_DOCUMENT),
    SignalFamily(AT_RISK, "fr", "ailleurs", (_g("ailleurs"), _g("regarder", "aller", "confier", "voir", "chercher", "passer", "porter")),
                 ("On commence sérieusement à regarder ailleurs.",), ("Le carrelage est posé ailleurs dans le bâtiment.",), unless=IN_A_DOCUMENT),
    SignalFamily(AT_RISK, "de", "woanders", (_g("woanders", "anderswo", "anderweitig", "woandershin"),
                                            _g("vergeben", "geben", "hingeben", "suchen", "umsehen", "gehen", "beauftragen", "platzieren")),
                 ("Wir werden den Auftrag woanders vergeben.",), unless=IN_A_DOCUMENT),
    SignalFamily(AT_RISK, "nl", "elders", (_g("elders", "ergens"), _g("neerleggen", "onderbrengen", "zoeken", "kijken", "gunnen", "beleggen", "halen", "gaan", "heen")),
                 ("We gaan het werk elders onderbrengen.",), unless=IN_A_DOCUMENT),
    *(SignalFamily(AT_RISK, lang, "someone else", (*SOMEONE_ELSE[lang], verbs),
                   (example,)) for lang, verbs, example in (
        ("en", _g("bring", "hire", "appoint", "find", "look", "get", "use", "engage", "give", "take", "go", "going"),
         "We will bring in someone else to finish the design."),
        ("fr", _g("confier", "chercher", "trouver", "prendre", "faire", "mandater", "solliciter"),
         "Nous allons confier la suite à quelqu'un d'autre."),
        ("de", _g("suchen", "beauftragen", "holen", "finden", "nehmen", "übergeben", "geben"),
         "Dann beauftragen wir jemand anderen."),
        ("nl", _g("zoeken", "inschakelen", "vragen", "nemen", "halen", "geven"),
         "Dan zoeken we iemand anders."))),
    *(SignalFamily(AT_RISK, lang, "hands over to a new firm", (_g(*new), FIRM[lang], _g(*verbs)), (example,))
      for lang, new, verbs, example in (
        ("en", ("new",), ("handover", "hand", "bring", "appoint", "hire", "engage", "brief"), "Start the handover to a new architect."),
        ("fr", ("nouveau", "nouvel", "nouvelle"), ("passation", "confier", "désigner", "mandater", "retenir"), "Nous désignerons un nouveau cabinet."),
        ("de", ("neuen", "neues", "neue", "neuer"), ("übergabe", "übergeben", "beauftragen", "holen"), "Wir beauftragen ein neues Büro."),
        ("nl", ("nieuw", "nieuwe"), ("overdracht", "overdragen", "inschakelen", "aanstellen"), "We schakelen een nieuw bureau in."))),
    *(SignalFamily(AT_RISK, lang, "will not continue", (_g(*verbs), DEAL[lang] | YOUR[lang] | _g(*together)), (example,),
                   negated=True)
      for lang, verbs, together, example in (
        ("en", ("continue", "renew", "extend", "involve", "invite", "keep", "continuation", "renewal", "extension",
                "instruct", "appoint", "proceed", "carry"),
         ("together", "future", "framework", "phase", "stage"), "We will not renew the framework agreement."),
        ("fr", ("continuer", "poursuivre", "renouveler", "prolonger", "confier", "reconduire", "continuité", "associer"),
         ("ensemble", "avenir", "phase", "suite"), "Nous ne vous confierons pas la phase 2."),
        ("de", ("zurückgreifen", "fortsetzen", "verlängern", "weiterführen", "einbeziehen", "fortführen", "beauftragen",
                "verlängerung", "fortführung", "zusammenarbeiten", "weiterarbeiten"),
         ("zusammen", "zukunft", "künftig", "phase", "projekte"), "Für künftige Projekte greifen wir nicht mehr auf Sie zurück."),
        ("nl", ("doorgaan", "verdergaan", "verlengen", "uitnodigen", "voortzetten", "inschakelen", "verlenging",
                "voortzetting", "betrekken", "onderbrengen"),
         ("samen", "toekomst", "fase", "projecten"), "Wij zullen uw bureau niet meer uitnodigen voor nieuwe projecten."))),
    *(SignalFamily(AT_RISK, lang, "whether to go on", (_g(*whether), _g(*go_on), YOUR[lang] | _g(*together)), (example,),
                   negated=None)
      for lang, whether, go_on, together, example in (
        ("en", ("whether", "if"), ("continue", "carry", "keep", "proceed", "stay"), ("together", "working"),
         "We need to think about whether we continue working together."),
        ("fr", ("si", "certain", "certaine", "sûr", "sûre", "doute", "douter", "demander"), ("continuer", "poursuivre"), ("ensemble",), "Je ne suis plus certaine que nous puissions continuer ensemble."),
        ("de", ("ob",), ("weitermachen", "fortsetzen", "weiterarbeiten", "zusammenarbeiten"), ("zusammen", "weiterhin"),
         "Wir überlegen, ob wir mit Ihnen weitermachen."),
        ("nl", ("of",), ("doorgaan", "verder", "verdergaan", "doorwerken"), ("samen",), "Maandag beslissen we of we met jullie doorgaan."))),
    *(SignalFamily(AT_RISK, lang, "retender", groups, (example,)) for lang, groups, example in (
        ("en", (_g("tender", "retender", "re-tender"), _g("put", "out", "go", "open")), "We will put the remaining phases out to tender."),
        ("fr", (_g("concurrence"), _g("remettre", "mettre")), "Nous allons remettre la mission en concurrence."),
        ("fr", (_g("offres"), _g("appel")), "Nous lancerons un appel d'offres pour la suite."),
        ("de", (_g("ausschreiben", "ausschreibung"), _g("neu", "erneut")), "Wir werden die Leistungsphasen neu ausschreiben."),
        ("nl", (_g("aanbesteden", "aanbesteding"), _g("opnieuw", "nieuwe")), "We gaan de opdracht opnieuw aanbesteden."))),
    *(SignalFamily(AT_RISK, lang, "cuts the scope", (_g(*verbs), _g(*scope)), (example,)) for lang, verbs, scope, example in (
        ("en", ("reduce", "limit", "restrict", "cut", "narrow"), ("scope", "appointment", "role", "commission"), "We will reduce your scope to design only."),
        ("fr", ("limiter", "réduire", "restreindre", "retirer"), ("mission", "périmètre"), "Nous allons limiter votre mission à la conception."),
        ("de", ("reduzieren", "beschränken", "kürzen", "entziehen"), ("auftrag", "leistungsumfang", "umfang", "mandat", "phase",
                                                                     "leistungsphase"), "Wir entziehen Ihnen den Auftrag."),
        ("nl", ("beperken", "verkleinen", "inperken", "intrekken", "trekken"), ("opdracht", "rol", "scope"), "Wij trekken de opdracht in."))),
    *(SignalFamily(AT_RISK, lang, "deducts from the fees", (_g(*verbs), _g(*fees)), (example,)) for lang, verbs, fees, example in (
        ("en", ("deduct", "offset", "withhold", "dock", "contest", "dispute"), ("invoice", "invoices", "fee", "fees", "bill"),
         "We will deduct this amount from your next invoice."),
        ("fr", ("déduire", "retenir", "imputer", "défalquer", "compenser", "contester", "bloquer", "bloqué"),
         ("facture", "factures", "honoraires", "solde", "règlement"), "Nous déduirons ce montant de vos honoraires."),
        ("de", ("kürzen", "verrechnen", "abziehen", "einbehalten", "bestreiten", "gekürzt", "verrechnet"),
         ("rechnung", "honorar", "schlussrechnung", "abschlagsrechnung", "betrag"), "Wir haben Ihre Rechnung um diesen Betrag gekürzt."),
        ("nl", ("verrekenen", "inhouden", "aftrekken", "korten", "betwisten", "liggen"), ("factuur", "facturen", "slotfactuur", "honorarium"),
         "Die kosten verrekenen wij met uw facturen."))),
    *(SignalFamily(AT_RISK, lang, "will not pay", (_g(*pay), _g(*what)), (example,), negated=True)
      for lang, pay, what, example in (
        ("en", ("pay", "settle", "payment", "payments"), ("invoice", "bill", "fee", "fees", "this", "it", "further", "made"),
         "We will not pay this invoice."),
        ("fr", ("payer", "régler"), ("facture", "honoraires", "solde", "la", "ce", "rien"), "Nous ne réglerons pas cette facture."),
        ("de", ("zahlen", "bezahlen", "begleichen", "ausgleichen", "überweisen"), ("rechnung", "honorar", "differenz", "betrag"),
         "Wir werden Ihre Schlussrechnung nicht begleichen."),
        ("nl", ("betalen", "voldoen", "overmaken"), ("factuur", "honorarium", "bedrag"), "Wij betalen de factuur niet."))),
    *(SignalFamily(AT_RISK, lang, "calls in the insurers", (_g(*insurer), _g(*notify)), (example,)) for lang, insurer, notify, example in (
        ("en", ("insurer", "insurers", "insurance"), ("notify", "inform", "claim", "contact"), "Please notify your PI insurers."),
        ("fr", ("assureur", "assurance"), ("prévenir", "informer", "déclarer", "saisir", "sinistre"), "Merci de prévenir votre assureur."),
        ("de", ("versicherung", "versicherer", "haftpflicht"), ("informieren", "melden", "einschalten", "schaden"),
         "Bitte informieren Sie Ihre Berufshaftpflichtversicherung."),
        ("nl", ("verzekeraar", "verzekering"), ("inlichten", "melden", "informeren", "schade"), "Meld dit bij uw verzekeraar."))),
    *(SignalFamily(AT_RISK, lang, "damages", (_g(*damage), _g(*claim)), (example,)) for lang, damage, claim, example in (
        ("en", ("damage", "damages", "cost", "costs", "loss", "losses"), ("recover", "liable", "reimburse", "cover", "recharge", "charge"),
         "We will recover these costs from you."),
        ("fr", ("dommage", "préjudice", "frais", "coûts", "surcoût", "surcoûts"), ("réclamer", "imputer", "refacturer", "répercuter", "supporter", "indemniser"),
         "Nous vous refacturerons les surcoûts."),
        ("de", ("schaden", "kosten", "mehrkosten"), ("geltend", "weiterberechnen", "regress", "ersetzen", "tragen", "erstatten"),
         "Den Schaden machen wir Ihnen gegenüber geltend."),
        ("nl", ("schade", "kosten", "meerkosten"), ("verhalen", "doorbelasten", "doorsturen", "vergoeden", "door"),
         "De kosten sturen we naar jullie door."))),
    *(SignalFamily(AT_RISK, lang, "last straw", groups, (example,)) for lang, groups, example in (
        ("en", (_g("straw"), _g("last", "final")), "That is the final straw."),
        ("fr", (_g("goutte"), _g("eau", "déborder", "vase")), "C'est la goutte d'eau qui fait déborder le vase."),
        ("de", (_g("fass"), _g("überlaufen", "bringt")), "Das bringt das Fass zum Überlaufen."),
        ("de", (_g("reißleine", "schluss"), _g("ziehen", "dann", "ist")), "Wenn bis Montag nichts kommt, ist Schluss."),
        ("nl", (_g("druppel"), _g("emmer")), "Dit is de druppel die de emmer doet overlopen."),
        ("nl", (_g("koek"), _g("op")), "Wat mij betreft is de koek op."))),
    *(SignalFamily(AT_RISK, lang, "under review", groups, (example,)) for lang, groups, example in (
        ("de", (_g("prüfstand"),), "Die Zusammenarbeit steht auf dem Prüfstand."),
        ("nl", (_g("licht"), _g("houden"), DEAL["nl"]), "Hij wil de opdracht opnieuw tegen het licht houden."),
        ("nl", (_g("beraden", "bezinnen"), _g("vervolg", "voortzetting") | DEAL["nl"]), "Wij gaan ons beraden over het vervolg."),
        ("en", (_g("review", "reviewing"), _g("relationship", "partnership", "collaboration")), "We are reviewing our relationship with your firm."),
        ("fr", (_g("réfléchir", "interroger"), _g("suite", "avenir", "collaboration")), "Nous nous interrogeons sur la suite de notre collaboration."))),
    *(SignalFamily(AT_RISK, lang, "trust gone", (_g(*trust), _g(*gone)), (example,)) for lang, trust, gone, example in (
        ("en", ("trust", "confidence"), ("damaged", "eroded", "broken", "gone", "shaken", "undermined"), "Our trust has been badly damaged."),
        ("fr", ("confiance",), ("entamé", "entamée", "rompu", "rompue", "ébranlé", "ébranlée", "abîmé", "abîmée"), "La confiance est sérieusement entamée."),
        ("de", ("vertrauen",), ("aufgebraucht", "weg", "dahin", "beschädigt", "erschüttert", "zerstört"), "Mein Vertrauen ist aufgebraucht."),
        ("nl", ("vertrouwen",), ("deuk", "geschaad", "weg", "beschadigd", "kwijt"), "Het vertrouwen heeft een flinke deuk opgelopen."))),
    *(SignalFamily(AT_RISK, lang, "to your management", (YOUR[lang], BOSS[lang], _g(*how)), (example,)) for lang, how, example in (
        ("en", ("meeting", "speak", "talk", "cc", "copy", "copying", "call", "contact", "write"), "I would like a meeting with your director."),
        ("fr", ("rendez-vous", "rendez", "parler", "copie", "entretien", "écrire", "appeler", "contacter", "rencontrer"),
         "Je souhaite un rendez-vous avec votre direction."),
        ("de", ("gespräch", "sprechen", "kopie", "cc", "termin", "schreiben", "anrufen", "kontaktieren"), "Wir bitten um ein Gespräch mit Ihrer Geschäftsleitung."),
        ("nl", ("gesprek", "spreken", "cc", "kopie", "afspraak", "bellen", "stappen", "schrijven"), "Ik zet jullie directie in de cc."))),
    *(SignalFamily(AT_RISK, lang, "on the board's agenda", (_g(*agenda), BOSS[lang]), (example,)) for lang, agenda, example in (
        ("en", ("agenda",), "I have put this on the agenda of our board."),
        ("fr", ("ordre",), "Le sujet sera à l'ordre du jour de notre direction."),
        ("de", ("tagesordnung", "vorgelegt", "vorlegen"), "Ich habe das unserem Vorstand vorgelegt."),
        ("nl", ("agenda", "tafel"), "Ik heb dit bij onze directeur op tafel gelegd."))),
)

# Round two: the end said as "the last one together", "done with you"; the veiled ultimatum; rights reserved.
AT_RISK_VEILED: tuple[SignalFamily, ...] = (
    *(SignalFamily(AT_RISK, lang, "the last one together", (_g(*last), _g(*together)), (example,))
      for lang, last, together, example in (
        ("en", ("last", "final"), ("together",), "This will be the last project we do together."),
        ("fr", ("dernier", "dernière"), ("ensemble",), "Ce sera la dernière opération que nous réalisons ensemble."),
        ("de", ("letzte", "letztes", "letzter", "letzten"), ("gemeinsam", "gemeinsames", "gemeinsame", "gemeinsamen", "zusammen"),
         "Das wird unser letztes gemeinsames Projekt gewesen sein."),
        ("nl", ("laatste",), ("samen", "gezamenlijke"), "Dit is het laatste project dat we samen doen."))),
    *(SignalFamily(AT_RISK, lang, "done with you", (_g(*done), _g(*with_), YOUR[lang]), (example,))
      for lang, done, with_, example in (
        ("en", ("done", "finished", "through"), ("with",), "One more mistake and we are done with you."),
        ("fr", ("fini", "terminé"), ("avec",), "Une erreur de plus et on en a fini avec vous."),
        ("de", ("fertig", "durch"), ("mit",), "Noch ein Fehler und wir sind mit euch fertig."),
        ("nl", ("klaar", "gedaan"), ("met",), "Nog één zo'n fout en we zijn klaar met jullie."))),
    SignalFamily(AT_RISK, "de", "raus", (_g("raus"), _g("ihr", "sie", "seid", "euch")), ("Noch ein verpasster Termin und ihr seid raus.",)),
    *(SignalFamily(AT_RISK, lang, "no longer able to do the job", (_g(*carry), _g(*job), _g(*longer)), (example,), negated=True)
      for lang, carry, job, longer, example in (
        ("en", ("carry", "deliver", "perform", "fulfil", "fulfill", "handle"), ("appointment", "contract", "job", "commission", "work"),
         ("longer", "anymore"), "We will assume you are no longer able to carry out the appointment."),
        ("fr", ("assurer", "mener", "remplir", "exécuter", "honorer"), ("mission", "contrat", "marché"), ("plus",),
         "Nous considérerons que vous n'êtes plus en mesure d'assurer la mission."),
        ("de", ("bearbeiten", "erfüllen", "ausführen", "erbringen", "leisten"), ("auftrag", "vertrag", "leistung", "leistungen"), ("mehr",),
         "Wir gehen davon aus, dass Ihr Büro den Auftrag nicht mehr bearbeiten kann."),
        ("nl", ("uitvoeren", "nakomen", "vervullen", "waarmaken"), ("opdracht", "overeenkomst", "contract"), ("meer",),
         "We gaan ervan uit dat jullie de opdracht niet meer kunnen uitvoeren."))),
    *(SignalFamily(AT_RISK, lang, "the necessary steps", (_g(*steps), _g(*necessary)), (example,)) for lang, steps, necessary, example in (
        ("en", ("steps", "measures", "action"), ("necessary", "appropriate"), "We will then take the appropriate steps."),
        ("fr", ("dispositions", "mesures"), ("nécessaires", "qui", "appropriées", "utiles"), "Nous prendrons les dispositions nécessaires."),
        ("de", ("handeln", "schritte", "maßnahmen", "konsequenzen"), ("entsprechend", "erforderlichen", "notwendigen"), "Wir werden entsprechend handeln."),
        ("nl", ("handelen", "maatregelen", "stappen"), ("daarnaar", "nodige", "passende"), "Dan handelen we daarnaar."))),
    *(SignalFamily(AT_RISK, lang, "rights reserved", (_g(*reserve), _g(*right), _g(*claim)), (example,)) for lang, reserve, right, claim, example in (
        ("en", ("reserve",), ("right", "rights"), ("action", "claim", "legal", "damages", "compensation", "redress", "recover"),
         "We reserve the right to claim compensation."),
        ("fr", ("réserver", "réservons", "réserve"), ("droit", "droits"), ("action", "réparation", "recours", "poursuites", "indemnisation"),
         "Nous nous réservons le droit d'engager toute action pour obtenir réparation."),
        ("nl", ("voorbehouden", "behouden"), ("recht",), ("stappen", "schadevergoeding", "maatregelen", "actie", "verhalen"),
         "Wij behouden ons het recht voor om juridische stappen te nemen."))),
    *(SignalFamily(AT_RISK, lang, "to the lawyer", (_g(*lawyer), _g(*hand)), (example,)) for lang, lawyer, hand, example in (
        ("fr", ("avocat", "avocats", "juriste", "contentieux"), ("transmission", "transmettre", "confier", "remettre"),
         "Dernier rappel avant transmission du dossier à notre avocat."),
        ("nl", ("advocaat", "jurist", "advocaten"), ("handen", "gegeven", "doorgeven", "overgedragen", "via"),
         "Ik heb de kwestie in handen gegeven van onze advocaat."),
        ("en", ("lawyer", "lawyers", "solicitor", "solicitors"), ("through", "via", "hands", "over"),
         "Further communication will go through our solicitors."),
        ("de", ("anwalt", "rechtsanwalt", "anwälte", "rechtsabteilung"), ("über", "weitergeben", "übergeben", "hände"),
         "Die weitere Kommunikation läuft über unseren Anwalt."))),
    *(SignalFamily(AT_RISK, lang, "an outsider takes over", (_g(*external), _g(*who), _g(*verbs)), (example,))
      for lang, external, who, verbs, example in (
        ("en", ("external", "outside", "independent"), ("manager", "supervisor", "consultant", "firm", "engineer"),
         ("bring", "appoint", "hire", "transfer", "hand", "give"),
         "We will hand site supervision to an external manager."),
        ("fr", ("externe", "extérieur", "amo"), ("amo", "maître", "bureau", "cabinet", "assistant"), ("confier", "transférer", "reprendre"),
         "Nous allons confier le suivi de chantier à notre AMO."),
        ("de", ("externen", "externe", "externer", "eigenen", "selbst"), ("bauleiter", "büro", "planer", "projektsteuerer", "übernehmen"),
         ("übertragen", "übernehmen", "beauftragen", "vergeben"),
         "Wir übertragen die Bauleitung an einen externen Bauleiter."),
        ("nl", ("externe", "eigen"), ("toezichthouder", "tekenaars", "adviseur", "bureau", "directievoerder"), ("huren", "inhuren", "doen", "laten", "overdragen"),
         "We huren een externe toezichthouder in."))),
    SignalFamily(AT_RISK, "nl", "weg bij jullie", (_g("weg"), _g("halen", "weghalen", "nemen"), _g("jullie", "u")),
                 ("We overwegen de directievoering bij jullie weg te halen.",)),
)


# Round three: the plug pulled, the trust gone, offers asked elsewhere, lawyers engaged, formal warnings.
AT_RISK_ROUND3: tuple[SignalFamily, ...] = (
    *(SignalFamily(AT_RISK, lang, "pulls the plug", groups, (example,)) for lang, groups, example in (
        ("en", (_g("pull", "pulling"), _g("job", "plug", "project", "contract")), "Get the drawings to us by Thursday or we are pulling the job."),
        ("nl", (_g("stekker"), _g("trekken", "trek", "eruit")), "Anders trek ik de stekker eruit."),
        ("de", (_g("stecker"), _g("ziehen", "ziehe")), "Sonst ziehen wir den Stecker."),
        ("fr", (_g("prise"), _g("débrancher", "débranche")), "Sinon on débranche la prise."))),
    *(SignalFamily(AT_RISK, lang, "no trust left", (_g(*trust), _g(*more)), (example,), negated=True)
      for lang, trust, more, example in (
        ("en", ("trust", "confidence", "faith"), ("longer", "anymore"), "We no longer have any confidence in your office."),
        ("fr", ("confiance",), ("plus",), "Je n'ai plus confiance."),
        ("de", ("vertrauen",), ("mehr",), "Wir haben kein Vertrauen mehr in Ihr Büro."),
        ("nl", ("vertrouwen",), ("meer",), "We hebben geen vertrouwen meer in jullie."))),
    *(SignalFamily(AT_RISK, lang, "offers asked elsewhere", (_g(*others), _g(*offer)), (example,)) for lang, others, offer, example in (
        ("en", ("another", "other", "two", "several"), ("proposal", "quote", "quotes", "proposals", "tender"),
         "We have asked another practice for a fee proposal."),
        ("fr", ("autre", "autres", "deux", "plusieurs"), ("devis", "offre", "offres", "proposition"),
         "Nous avons demandé un devis à deux autres agences."),
        ("de", ("weiteren", "weitere", "anderen", "andere", "zwei"), ("angebot", "angebote", "honorarangebot"),
         "Wir haben Angebote von zwei weiteren Planungsbüros eingeholt."),
        ("nl", ("andere", "twee", "meerdere"), ("prijs", "offerte", "offertes", "prijsopgave"),
         "Wij hebben bij twee andere bureaus een prijs opgevraagd."))),
    SignalFamily(AT_RISK, "de", "Abmahnung", (_g("abmahnung"),), ("Betrachten Sie diese E-Mail als förmliche Abmahnung.",)),
    SignalFamily(AT_RISK, "de", "Schritte vorbehalten", (_g("vorbehalten"), _g("schritte", "maßnahmen", "ansprüche", "konsequenzen")),
                 ("Wir behalten uns weitere Schritte ausdrücklich vor.",)),
    *(SignalFamily(AT_RISK, lang, "formal warning", (_g(*formal), _g(*warning)), (example,)) for lang, formal, warning, example in (
        ("en", ("formal", "official"), ("warning", "notice"), "Please treat this as a formal warning."),
        ("fr", ("formel", "officiel"), ("avertissement",), "Ceci constitue un avertissement formel."),
        ("nl", ("formele", "officiële"), ("waarschuwing", "klacht"), "Ik wil een formele klacht indienen."))),
    *(SignalFamily(AT_RISK, lang, "with our lawyers", (_g(*lawyer), _g(*now)), (example,)) for lang, lawyer, now, example in (
        ("en", ("solicitors", "lawyers", "counsel", "attorneys"), ("with", "asked", "instructed", "engaged"),
         "This matter is now with our solicitors."),
        ("fr", ("avocat", "avocats", "conseil"), ("partira", "chez", "mandaté", "saisi", "copie"), "Le dossier partira chez notre avocat."),
        ("de", ("kanzlei", "anwalt", "anwälte"), ("beauftragt", "mandatiert", "eingeschaltet"), "Wir haben die Kanzlei mit der Wahrnehmung unserer Interessen beauftragt."),
        ("nl", ("advocaat", "advocatenkantoor", "jurist"), ("ingeschakeld", "ligt", "overgedragen"), "De zaak ligt nu bij onze advocaat."))),
    *(SignalFamily(AT_RISK, lang, "costs charged to you", (_g(*cost), _g(*charge)), (example,)) for lang, cost, charge, example in (
        ("en", ("cost", "costs"), ("pass", "recharge", "recover", "charge", "invoice"), "We will pass the standby cost on to you."),
        ("de", ("mehrkosten", "kosten", "schaden"), ("rechnung", "weiterberechnen", "belasten"), "Die Mehrkosten werden wir Ihrem Büro in Rechnung stellen."),
        ("nl", ("huur", "kosten", "meerkosten", "schade"), ("verhalen", "doorberekenen", "mindering"), "De extra huur zullen wij op u verhalen."),
        ("fr", ("frais", "surcoût", "surcoûts", "coûts"), ("refacturer", "imputer", "répercuter", "retenir"), "Les frais d'immobilisation vous seront refacturés."))),
    SignalFamily(AT_RISK, "nl", "niet meer in zee", (_g("zee"), _g("gaan"), _g("jullie", "u", "meer")),
                 ("Ik adviseer om niet meer met jullie in zee te gaan.",), negated=True),
    SignalFamily(AT_RISK, "nl", "opnieuw uitvragen", (_g("uitvragen", "uitvraag", "uit"), _g("opnieuw")),
                 ("We gaan de tweede fase opnieuw uitvragen.",)),
    SignalFamily(AT_RISK, "de", "wir sind raus", (_g("raus"), _g("wir", "sind")), ("Noch so ein Ding und wir sind raus.",)),
)
