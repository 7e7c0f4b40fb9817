"""Stonewall families on lemmas: ways of saying "I can't help you with that", by language.

Each family is a set of lemma groups that must all occur in one sentence (any one lemma of a
group will do), whether the sentence must be negated, and who must speak: the writer ("first":
the delegate's own words) or anyone (a deferral such as "you will have to wait for her return").
Lemmas, not phrases, so tenses, word order and negation forms are covered without listing each:
"je n'avais aucune information", "ich hatte keine Informationen dazu", "ik had er geen idee van".

Examples must fire their family and traps must not (tests/unit/test_lemma_cues.py). The batches
in tests/fixtures/stonewall/ measure these families and are never a source for them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LemmaFamily:
    lang: str
    family: str
    groups: tuple[frozenset[str], ...]  # every group must be present; lower-case lemmas or words
    negated: bool  # the sentence must hold a negation of its language
    person: str  # "first": the writer speaks of himself; "any": no speaker needed
    examples: tuple[str, ...]
    traps: tuple[str, ...] = ()
    # The reader must not be in the sentence: "nothing was handed over to me", not "I can't hand you these".
    reader_absent: bool = False


def _g(*words: str) -> frozenset[str]:
    return frozenset(words)


INFO_EN = _g("information", "info", "detail", "idea", "clue", "visibility", "insight", "update", "knowledge",
             "background", "context", "note", "notes", "details", "briefing", "handover")
INFO_FR = _g("information", "info", "idée", "élément", "détail", "visibilité", "précision", "renseignement", "nouvelle",
             "trace", "note", "consigne", "historique", "infos", "informations", "éléments", "détails", "passation")
INFO_DE = _g("information", "informationen", "info", "infos", "ahnung", "kenntnis", "kenntnisse", "detail", "details",
             "unterlage", "unterlagen", "einblick", "überblick", "angabe", "angaben", "übergabe", "notiz", "dokumentation",
             "hintergrund", "schimmer", "plan")
INFO_NL = _g("informatie", "info", "idee", "zicht", "detail", "details", "gegeven", "gegevens", "kennis", "overzicht",
             "achtergrond", "overdracht", "notitie", "benul", "stukken", "stuk", "inzicht", "documentatie")

FAMILIES: tuple[LemmaFamily, ...] = (
    # ---- English
    LemmaFamily("en", "does not know", (_g("know", "aware", "familiar"),), True, "first",
                ("I honestly don't know when the roofing starts.", "I'm afraid I'm not aware of that arrangement.",
                 "I wasn't familiar with that part of the file.")),
    LemmaFamily("en", "has no information", (_g("have", "get", "receive", "hold", "got"), INFO_EN), True, "first",
                ("I don't have any details on the permit.", "I've got no visibility on the roofing dates.",
                 "I had no information about that meeting."),
                ("I don't have your purchase order number, could you send it?",)),
    LemmaFamily("en", "in the dark", (_g("dark"),), False, "first", ("I'm completely in the dark on this one.",)),
    LemmaFamily("en", "out of the loop", (_g("out"), _g("loop")), False, "first", ("I'm out of the loop on Hafen.",),
                ("Please keep me in the loop.",)),
    LemmaFamily("en", "not briefed", (_g("brief", "briefed", "hand", "handed", "pass", "passed", "involve", "involved",
                                         "copy", "copied", "fill", "filled", "tell", "told", "show", "shown", "bring",
                                         "brought"),), True,
                "first",
                ("I wasn't briefed on the Hafen roofing.", "Nothing was handed over to me on that point.",
                 "I was never involved in those talks."), reader_absent=True),
    LemmaFamily("en", "not my file", (_g("file", "project", "account", "area", "client", "matter", "remit", "department",
                                         "field", "responsibility", "call"), _g("my", "mine", "his")), True, "first",
                ("That's not my file, I'm afraid.", "This isn't really my area.")),
    LemmaFamily("en", "not in charge", (_g("charge", "responsible", "handle", "handling", "deal", "dealing", "cover",
                                           "covering", "manage", "managing"),), True, "first",
                ("I'm not in charge of the Quai Ouest fit-out.", "I don't deal with the permits on that project.")),
    LemmaFamily("en", "cannot say", (_g("can", "cannot", "able", "could", "unable"),
                                     _g("say", "tell", "answer", "comment", "confirm", "help", "advise", "speak",
                                        "provide", "give", "indicate", "update")),
                True, "first", ("I can't tell you anything about the schedule.", "I'm unable to answer that, sorry.")),
    LemmaFamily("en", "wait for her return", (_g("wait", "hold", "postpone", "defer", "park"), _g("return", "back")),
                False, "any",
                ("You'll have to wait until Claire is back.", "Best to hold off until her return on the 27th.")),
    # ---- French
    LemmaFamily("fr", "ne sait pas", (_g("savoir", "connaître", "courant", "sais", "sait", "su", "saurais", "saurait",
                                         "saurai", "fait"),), True, "first",
                ("Je ne sais pas quand la livraison est prévue.", "Je ne suis pas au courant de cet accord."),
                ("Je ne sais pas si vous pourriez m'envoyer votre bon de commande ?",)),
    LemmaFamily("fr", "n'a pas d'information", (_g("avoir", "disposer", "posséder", "recevoir"), INFO_FR), True,
                "first", ("Je n'avais aucune information à ce sujet.", "Je n'ai pas d'éléments sur ce point.",
                          "Je ne dispose d'aucune visibilité sur le planning.")),
    LemmaFamily("fr", "rien transmis", (_g("transmettre", "passer", "briefer", "informer", "laisser", "impliquer",
                                           "mettre", "briefé", "informé", "transmis", "dire", "montrer", "communiquer",
                                           "parler"),), True, "first",
                ("On ne m'a rien transmis sur ce dossier.", "Je n'ai pas été briefé sur la partie cloisons."), reader_absent=True),
    LemmaFamily("fr", "pas mon dossier", (_g("dossier", "projet", "client", "domaine", "ressort", "périmètre", "main",
                                             "compétence", "charge", "sujet", "rayon"),), True, "first",
                ("Ce n'est pas mon dossier, désolé.", "Je n'ai pas la main sur ce dossier.",
                 "Je ne suis pas en charge de ce projet.")),
    LemmaFamily("fr", "ne s'en occupe pas", (_g("occuper", "gérer", "suivre", "occupe", "gère", "suis", "suivi"),), True,
                "first",
                ("Je ne m'occupe pas de cette partie.", "Je ne gère pas ce chantier.")),
    LemmaFamily("fr", "ne peut pas répondre", (_g("pouvoir", "peux", "pourrai", "pourrais", "incapable"),
                                               _g("répondre", "dire", "aider", "renseigner", "confirmer", "préciser",
                                                  "prononcer", "donner", "fournir", "indiquer", "éclairer")), True,
                "first",
                ("Je ne peux pas vous répondre sur ce point.", "Je ne pourrai pas vous renseigner.")),
    LemmaFamily("fr", "attendre son retour", (_g("attendre", "patienter", "reporter", "remettre"),
                                              _g("retour", "revenir", "rentrer")), False,
                "any", ("Il faudra attendre le retour de Claire.", "Merci de patienter jusqu'à son retour.")),
    # ---- German
    LemmaFamily("de", "weiß es nicht", (_g("wissen", "kennen", "bescheid", "informieren", "informiert", "vertraut",
                                           "auskennen", "weiß", "bekannt"),), True, "first",
                ("Das weiß ich leider nicht.", "Ich bin darüber nicht informiert.", "Ich kenne das Projekt nicht.")),
    LemmaFamily("de", "überfragt", (_g("überfragt"),), False, "first", ("Da bin ich leider überfragt.",)),
    LemmaFamily("de", "entzieht sich meiner Kenntnis", (_g("entziehen", "entzieht"), _g("kenntnis")), False, "first",
                ("Das entzieht sich leider meiner Kenntnis.",)),
    LemmaFamily("fr", "échappe à ma connaissance", (_g("échapper"), _g("connaissance")), False, "first",
                ("Ce point échappe à ma connaissance.",)),
    LemmaFamily("de", "keine Informationen", (_g("haben", "vorliegen", "bekommen", "erhalten", "liegen", "hatte"),
                                              INFO_DE), True, "first",
                ("Ich hatte keine Informationen dazu.", "Mir liegen keine Unterlagen vor.", "Ich habe keine Ahnung.")),
    LemmaFamily("de", "nicht übergeben", (_g("übergeben", "briefen", "einweisen", "einarbeiten", "weitergeben",
                                             "hinterlassen", "eingewiesen", "gebrieft", "zeigen", "gezeigt", "sagen",
                                             "gesagt", "mitteilen", "mitgeteilt", "einbeziehen", "einbezogen"),), True,
                "first",
                ("Mir wurde dazu nichts übergeben.", "Ich wurde nicht eingewiesen."), reader_absent=True),
    LemmaFamily("de", "nicht zuständig", (_g("zuständig", "verantwortlich", "betreuen", "bearbeiten", "befassen"),),
                True, "first", ("Ich bin für dieses Projekt nicht zuständig.", "Ich betreue diesen Kunden nicht.")),
    LemmaFamily("de", "nicht mein Bereich", (_g("bereich", "fachgebiet", "gebiet", "ressort", "projekt", "thema", "akte",
                                                "kunde", "baustelle"), _g("mein", "meine", "meinem", "meines", "sein")),
                True, "first", ("Brandschutz ist nicht mein Fachgebiet.", "Das ist nicht mein Projekt.")),
    LemmaFamily("de", "kann nichts sagen", (_g("können", "kann"),
                                            _g("sagen", "beantworten", "helfen", "mitteilen", "bestätigen", "auskunft",
                                               "geben", "nennen", "liefern", "weiterhelfen")),
                True, "first", ("Dazu kann ich Ihnen leider nichts sagen.", "Ich kann Ihnen da nicht helfen.")),
    LemmaFamily("de", "auf ihre Rückkehr warten", (_g("warten", "abwarten", "gedulden", "verschieben", "zurückstellen"),
                                                   _g("rückkehr", "zurück", "wieder")), False,
                "any", ("Bitte warten Sie, bis Frau Martin zurück ist.", "Wir müssen auf ihre Rückkehr warten.")),
    # ---- Dutch
    LemmaFamily("nl", "weet het niet", (_g("weten", "kennen", "hoogte", "weet"),), True, "first",
                ("Dat weet ik helaas niet.", "Ik ben daar niet van op de hoogte.")),
    LemmaFamily("nl", "geen informatie", (_g("hebben", "beschikken", "krijgen", "ontvangen", "heb", "had"), INFO_NL),
                True, "first", ("Ik heb geen idee.", "Ik had daar geen informatie over.")),
    LemmaFamily("nl", "niet overgedragen", (_g("overdragen", "briefen", "inlichten", "informeren", "doorgeven",
                                               "achterlaten", "meegeven", "overgedragen", "ingelicht", "gebrieft",
                                               "vertellen", "verteld", "tonen", "getoond", "betrekken", "betrokken",
                                               "meenemen", "meegenomen"),),
                True, "first", ("Er is mij niets overgedragen.", "Ik ben niet ingelicht over dat deel."), reader_absent=True),
    LemmaFamily("nl", "ga er niet over", (_g("gaan", "ga"), _g("over")), True, "first", ("Daar ga ik niet over.",)),
    LemmaFamily("nl", "niet mijn dossier", (_g("dossier", "project", "klant", "verantwoordelijk", "bevoegd", "terrein",
                                               "vakgebied", "afdeling", "zicht"),), True,
                "first", ("Dat is niet mijn dossier.", "Ik ben niet verantwoordelijk voor dat project.")),
    LemmaFamily("nl", "kan niets zeggen", (_g("kunnen", "kan"), _g("zeggen", "beantwoorden", "helpen", "vertellen",
                                                                   "bevestigen", "geven", "aangeven")), True, "first",
                ("Daar kan ik helaas niets over zeggen.", "Ik kan u daarmee niet helpen.")),
    LemmaFamily("nl", "wachten op terugkomst", (_g("wachten", "uitstellen", "verschuiven"),
                                                _g("terugkomst", "terug", "terugkeer")), False, "any",
                ("U zult moeten wachten tot Claire terug is.", "Wacht u haar terugkomst af.")),
)

# Families that hold in every language the same way: the lemma groups differ, the shape does not.
_NOTHING = {"en": _g("nothing"), "fr": _g("rien"), "de": _g("nichts"), "nl": _g("niets", "niks")}
_ON_FILE = {"en": _g("file", "record", "records", "system", "notes", "documents", "folder", "handover"),
            "fr": _g("dossier", "trace", "note", "notes", "document", "documents", "système", "passation"),
            "de": _g("akte", "unterlagen", "system", "notizen", "dokumentiert", "übergabe", "vorgang"),
            "nl": _g("dossier", "systeem", "notities", "documenten", "overdracht", "stukken")}
_ADD = {"en": _g("add"), "fr": _g("ajouter"), "de": _g("hinzufügen", "ergänzen", "beitragen", "sagen"),
        "nl": _g("toevoegen", "voegen", "voeg", "zeggen")}
_POSITION = {"en": _g("position"), "fr": _g("mesure"), "de": _g("lage"), "nl": _g("staat")}
_FIRST = {"en": _g("first"), "fr": _g("première", "premier"), "de": _g("erste", "ersten", "erstmals"),
          "nl": _g("eerste", "eerst")}
_HEAR = {"en": _g("hear", "heard"), "fr": _g("entendre", "entendu", "entends"),
         "de": _g("hören", "gehört", "höre"), "nl": _g("horen", "gehoord", "hoor")}
_AREA = {"en": _g("area", "file", "call", "remit", "department", "project", "domain", "territory", "side"),
         "fr": _g("dossier", "domaine", "ressort", "projet", "sujet", "affaire"),
         "de": _g("bereich", "projekt", "akte", "thema", "sache", "ressort"),
         "nl": _g("terrein", "dossier", "project", "afdeling", "onderwerp")}
_SEND_BACK = {"en": _g("send", "write", "drop", "email", "contact", "ask", "forward", "address", "direct", "reach",
                       "raise", "speak", "talk", "take"),
              "fr": _g("écrire", "contacter", "adresser", "envoyer", "transmettre", "voir", "poser", "demander",
                       "joindre", "rapprocher", "directement"),
              "de": _g("wenden", "schreiben", "kontaktieren", "schicken", "richten", "fragen", "ansprechen", "direkt"),
              "nl": _g("contact", "mailen", "schrijven", "sturen", "wenden", "vragen", "richten", "opnemen",
                       "rechtstreeks")}
_REFERRED = {"en": _g("refer", "referred", "redirect", "redirected"), "fr": _g("renvoyer", "renvoi", "rediriger", "renvoyé"),
             "de": _g("verweisen", "verwiesen", "verweis", "zurückverweisen", "zurückverwiesen"), "nl": _g("verwijzen", "verwezen", "doorverwijzen")}
_TO_HER = {"en": _g("you", "her", "@employee"), "fr": _g("vous", "elle", "@employee"),
           "de": _g("sie", "ihnen", "@employee"), "nl": _g("u", "jou", "haar", "@employee")}
_HER = {"en": _g("her", "directly", "straight", "@employee"), "fr": _g("elle", "directement", "@employee"),
        "de": _g("sie", "ihr", "direkt", "@employee"), "nl": _g("haar", "rechtstreeks", "direct", "@employee")}

_EXAMPLES = {
    "nothing on file": {"en": "There is nothing in the handover notes about the lift.",
                        "fr": "Il n'y a rien dans le dossier sur ce point.",
                        "de": "In der Akte steht dazu nichts.", "nl": "Er staat niets over in het dossier."},
    "nothing to add": {"en": "I have nothing to add to what you already know.", "fr": "Je n'ai rien à ajouter.",
                       "de": "Dem kann ich nichts hinzufügen.", "nl": "Ik heb daar niets aan toe te voegen."},
    "not in a position": {"en": "I'm not in a position to comment.", "fr": "Je ne suis pas en mesure de vous répondre.",
                          "de": "Ich bin nicht in der Lage, das zu beurteilen.",
                          "nl": "Ik ben niet in staat om dat te beoordelen."},
    "first time he hears of it": {"en": "That's the first I've heard of it.",
                                  "fr": "C'est la première fois que j'en entends parler.",
                                  "de": "Davon höre ich zum ersten Mal.", "nl": "Dat hoor ik voor het eerst."},
    "her file": {"en": "That one is Claire's file.", "fr": "C'est le dossier de Claire.",
                 "de": "Das ist Claires Projekt.", "nl": "Dat is het dossier van Claire."},
    "sent back to her": {"en": "He referred me to you.", "fr": "Il m'a renvoyé vers vous.",
                         "de": "Er hat mich an Sie verwiesen.", "nl": "Hij heeft me naar u verwezen."},
    "ask her directly": {"en": "Could you write to her directly?", "fr": "Je vous invite à contacter Claire directement.",
                         "de": "Bitte wenden Sie sich direkt an Frau Martin.", "nl": "Neem u rechtstreeks contact op met Claire."},
}

FAMILIES = FAMILIES + tuple(
    LemmaFamily(lang, name, groups, negated, person, (_EXAMPLES[name][lang],))
    for lang in ("en", "fr", "de", "nl") for name, groups, negated, person in (
        ("nothing on file", (_NOTHING[lang], _ON_FILE[lang]), False, "any"),
        ("nothing to add", (_NOTHING[lang], _ADD[lang]), False, "any"),
        ("not in a position", (_POSITION[lang],), True, "first"),
        ("first time he hears of it", (_FIRST[lang], _HEAR[lang]), False, "any"),
        ("her file", (_g("@employee"), _AREA[lang]), False, "any"),
        ("ask her directly", (_SEND_BACK[lang], _HER[lang]), False, "any"),
        ("sent back to her", (_REFERRED[lang], _TO_HER[lang]), False, "any"),
    ))

# A lack stated without a verb: "No idea, sorry.", "Aucune idée.", "Keine Ahnung.", "Geen flauw benul."
FAMILIES = FAMILIES + (
    LemmaFamily("en", "no idea", (INFO_EN,), True, "first", ("No idea, sorry.", "No visibility on that one, I'm afraid.")),
    LemmaFamily("fr", "aucune idée", (INFO_FR,), True, "first", ("Aucune idée, désolé.", "Pas d'éléments de mon côté.")),
    LemmaFamily("de", "keine Ahnung", (INFO_DE,), True, "first", ("Keine Ahnung, tut mir leid.",)),
    LemmaFamily("nl", "geen idee", (INFO_NL,), True, "first", ("Geen idee, sorry.", "Geen flauw benul.")),
    LemmaFamily("de", "liegt nichts vor", (_g("liegen", "vorliegen"), _g("vor", "vorliegen")), True, "first",
                ("Mir liegt dazu nichts vor.",)),
    LemmaFamily("en", "surprised by the question", (_g("surprised", "surprise"),), False, "any",
                ("He seemed surprised when we asked about the partitions.",)),
    LemmaFamily("fr", "surpris par la question", (_g("surpris", "étonné", "surprendre", "étonner"),), False, "any",
                ("Il a semblé surpris par la question.",)),
    LemmaFamily("de", "überrascht von der Frage", (_g("überrascht", "überraschen", "erstaunt"),), False, "any",
                ("Er war von der Frage sichtlich überrascht.",)),
    LemmaFamily("nl", "verrast door de vraag", (_g("verrast", "verbaasd", "verrassen"),), False, "any",
                ("Hij leek verrast door de vraag.",)),
)

# Evasion: a reply that promises a look "in due course" and says nothing, when no substance follows.
FAMILIES = FAMILIES + (
    LemmaFamily("en", "in due course", (_g("due"), _g("course")), False, "any",
                ("These points will be picked up in due course.",)),
    LemmaFamily("fr", "en temps voulu", (_g("temps"), _g("voulu", "utile")), False, "any",
                ("Ces points seront traités en temps voulu.",)),
    LemmaFamily("de", "zu gegebener Zeit", (_g("gegeben", "gegebener"), _g("zeit")), False, "any",
                ("Wir kommen zu gegebener Zeit darauf zurück.",)),
    LemmaFamily("nl", "te zijner tijd", (_g("zijner", "gelegener"), _g("tijd")), False, "any",
                ("We komen daar te zijner tijd op terug.",)),
)

# Not the one to ask, cannot find it, owes the answer, makes the client wait.
FAMILIES = FAMILIES + (
    LemmaFamily("en", "not the right person", (_g("right", "best", "appropriate"), _g("person", "contact")), True,
                "first", ("I'm not the right person to answer that.",)),
    LemmaFamily("fr", "pas le bon interlocuteur", (_g("bon", "bonne"), _g("interlocuteur", "interlocutrice")), True,
                "first", ("Je ne suis pas le bon interlocuteur pour cela.",)),
    LemmaFamily("de", "nicht der richtige Ansprechpartner", (_g("richtig", "richtige"), _g("ansprechpartner", "person")),
                True, "first", ("Ich bin dafür nicht der richtige Ansprechpartner.",)),
    LemmaFamily("nl", "niet de juiste persoon", (_g("juist", "juiste", "goede"), _g("persoon", "aanspreekpunt")), True,
                "first", ("Ik ben niet de juiste persoon om dat te beantwoorden.",)),
    LemmaFamily("en", "cannot find it", (_g("find", "locate", "trace"),), True, "first",
                ("I can't find any record of that agreement.",)),
    LemmaFamily("fr", "ne trouve rien", (_g("trouver", "retrouver"),), True, "first",
                ("Je ne retrouve aucune trace de cet accord.",)),
    LemmaFamily("de", "finde nichts", (_g("finden", "gefunden"),), True, "first", ("Ich finde dazu nichts in der Akte.",)),
    LemmaFamily("nl", "vind niets", (_g("vinden", "gevonden"),), True, "first", ("Ik kan daar niets over vinden.",)),
    LemmaFamily("de", "die Antwort schuldig bleiben", (_g("antwort"), _g("schuldig")), False, "any",
                ("Die Antwort muss ich Ihnen leider schuldig bleiben.",)),
    LemmaFamily("nl", "het antwoord schuldig blijven", (_g("antwoord"), _g("schuldig")), False, "any",
                ("Het antwoord moet ik u schuldig blijven.",)),
    LemmaFamily("en", "keeps them waiting", (_g("keep", "kept", "make", "made"), _g("wait", "waiting")), False, "any",
                ("Your colleague keeps us waiting until the end of July.",)),
    LemmaFamily("fr", "fait attendre", (_g("faire", "fait"), _g("attendre")), False, "any",
                ("Votre collègue nous fait attendre jusqu'à fin juillet.",)),
    LemmaFamily("de", "lässt warten", (_g("lassen", "lässt", "ließ"), _g("warten")), False, "any",
                ("Ihr Kollege lässt uns bis Ende Juli warten.",)),
    LemmaFamily("nl", "laat wachten", (_g("laten", "laat", "liet"), _g("wachten")), False, "any",
                ("Uw collega laat ons wachten tot eind juli.",)),
)

# Idioms of drawing a blank, news heard for the first time, unable to answer; reported evasion.
FAMILIES = FAMILIES + (
    LemmaFamily("de", "muss passen", (_g("passen"), _g("muss", "müssen")), False, "first", ("Da muss ich leider passen.",)),
    LemmaFamily("de", "auf dem Schlauch", (_g("schlauch"), _g("stehe", "stehen", "stand")), False, "first",
                ("Da stehe ich komplett auf dem Schlauch.",)),
    LemmaFamily("de", "zum ersten Mal", (_g("ersten", "erste"), _g("mal"), _g("höre", "hören", "gehört")), False, "first",
                ("Davon höre ich ehrlich gesagt zum ersten Mal.",)),
    LemmaFamily("en", "first I have heard", (_g("first"), _g("heard", "hear", "hearing")), False, "first",
                ("That's the first I've heard of a second stage.",)),
    LemmaFamily("fr", "j'en entends parler pour la première fois", (_g("première"), _g("fois"), _g("entends", "entendre", "entendu")),
                False, "first", ("J'en entends parler pour la première fois.",)),
    LemmaFamily("nl", "hoor ik voor het eerst", (_g("eerst", "eerste"), _g("hoor", "horen", "gehoord")), False, "first",
                ("Dat hoor ik eerlijk gezegd voor het eerst.",)),
    LemmaFamily("en", "not the foggiest", (_g("foggiest", "faintest", "slightest"),), False, "first",
                ("Honest answer: haven't the foggiest.",)),
    LemmaFamily("en", "a mystery to me", (_g("mystery"), _g("me")), False, "first",
                ("Where the sign-off stands is a mystery to me.",)),
    LemmaFamily("en", "not walked through", (_g("walk", "walked", "take", "took"), _g("through")), True, "first",
                ("She didn't walk me through that part before she left.",), reader_absent=True),
    LemmaFamily("en", "not one of mine", (_g("one"), _g("mine")), True, "first", ("Quai Ouest isn't one of mine.",)),
    LemmaFamily("fr", "tu me poses une colle", (_g("colle"), _g("poser", "poses", "posez")), False, "first",
                ("Alors là, vous me posez une colle.",)),
    LemmaFamily("fr", "incapable de répondre", (_g("incapable", "incapables"),
                                                 _g("répondre", "dire", "renseigner", "aider", "indiquer", "préciser")),
                False, "first", ("Je serais bien incapable d'y répondre.",)),
    LemmaFamily("en", "unable to answer", (_g("unable"), _g("answer", "say", "tell", "help", "confirm", "comment")),
                False, "first", ("I'm unable to answer that, I'm afraid.",)),
    LemmaFamily("nl", "niet mijn pakkie-an", (_g("pakkie"),), True, "first", ("Dat is echt niet mijn pakkie-an.",)),
    LemmaFamily("nl", "geen kaas van gegeten", (_g("kaas"), _g("gegeten", "eten")), False, "first",
                ("Daar heb ik eerlijk gezegd geen kaas van gegeten.",)),
    LemmaFamily("nl", "nooit onder ogen gehad", (_g("ogen"), _g("onder"), _g("gehad", "gezien", "gekregen")), True, "first",
                ("Ik heb die cijfers nooit onder ogen gehad.",)),
    LemmaFamily("nl", "om de hete brij", (_g("brij"),), False, "any", ("Hij draaide eromheen als een kat om de hete brij.",)),
    LemmaFamily("nl", "kluitje in het riet", (_g("kluitje"), _g("riet")), False, "any",
                ("Wij werden met een kluitje in het riet gestuurd.",)),
    LemmaFamily("fr", "réponse de Normand", (_g("normand"), _g("réponse")), False, "any",
                ("Il m'a fait une réponse de Normand.",)),
    LemmaFamily("de", "Fehlanzeige", (_g("fehlanzeige"),), False, "any", ("Ich habe es bei ihm versucht: Fehlanzeige.",)),
)
