"""Angry families on lemmas: a client showing strong dissatisfaction (see :mod:`.signal_families`)."""

from __future__ import annotations

from responder.judge.cues.signal_words import ANGRY, AT_ONESELF, OWN_FAULT, PRAISE_WORDS, REPORTED_VERDICT, YOUR, SignalFamily
from responder.judge.cues.signal_words import group as _g

_ANGRY: tuple[SignalFamily, ...] = (
    # ---- English
    SignalFamily(ANGRY, "en", "verdict", (_g(
        "unacceptable", "inexcusable", "intolerable", "outrageous", "scandalous", "appalling", "disgraceful",
        "ridiculous", "absurd", "farce", "shambles", "unprofessional", "amateurish", "incompetent", "incompetence",
        "negligent", "sloppy", "pathetic", "shameful", "insulting", "disrespectful", "mess", "chaos", "chaotic",
        "lamentable", "deplorable", "inadmissible", "incapable"),),
        ("This is completely unacceptable.", "What a shambles.", "Frankly, this is unprofessional."),
        ("The prices are ridiculously good.", "It would be unacceptable if the delivery slipped, so please confirm.")),
    SignalFamily(ANGRY, "en", "feeling", (_g(
        "furious", "angry", "livid", "outraged", "appalled", "frustrated", "frustrating", "annoyed", "irritated",
        "exasperated", "infuriating", "disappointed", "upset", "dismayed", "disgusted", "shocked",
        "fed", "unhappy", "dissatisfied", "dissatisfaction", "displeased", "infuriated", "exasperating", "baffled"),),
        ("I am extremely disappointed.", "We are frankly fed up with the delays.", "I'm furious about this."),
        ("We were not disappointed at all.",), unless=AT_ONESELF),
    SignalFamily(ANGRY, "en", "patience", (_g("patience"), _g("run", "running", "lose", "losing", "lost", "end", "thin", "exhausted")),
                 ("Our patience is running out.", "My patience has run thin.")),
    SignalFamily(ANGRY, "en", "enough", (_g("enough"), _g("had", "have", "now", "is")), ("We have had enough.",),
                 ("Is there enough room for the trucks?",)),
    SignalFamily(ANGRY, "en", "expected better", (_g("expect", "expected"), _g("better")),
                 ("I expected better from a firm like yours.",)),
    SignalFamily(ANGRY, "en", "asked again", (
        _g("third", "fourth", "fifth", "umpteenth", "countless", "repeatedly", "numerous"),
        _g("time", "times", "reminder", "request", "requests", "email", "emails", "chase")),
        ("This is the third time I am asking.", "After countless reminders, nothing has arrived."),
        ("The third floor will be handed over first.",)),
    SignalFamily(ANGRY, "en", "still nothing", (_g("still"), _g("answer", "reply", "response", "news", "feedback", "reaction", "word", "nothing")),
                 ("We still have no answer.", "Still no reply from your side."), negated=True),
    SignalFamily(ANGRY, "en", "wasted time", (_g("waste", "wasting", "wasted"), _g("time", "day", "days", "week", "weeks", "money")),
                 ("You are wasting our time.",), ("Apologies for the wasted time, my mistake!",), unless=OWN_FAULT),
    SignalFamily(ANGRY, "en", "not acceptable", (_g("acceptable", "professional", "serious"),
                                                 _g("this", "that", "it", "situation", "behaviour", "behavior", "way")),
                 ("This is not acceptable.", "That is simply not professional."),
                 ("I'm not sure it is okay to park there.",), negated=True, unless=REPORTED_VERDICT),
    # ---- French
    SignalFamily(ANGRY, "fr", "jugement", (_g(
        "inacceptable", "inadmissible", "intolérable", "scandaleux", "scandaleuse", "honteux", "lamentable",
        "déplorable", "inconcevable", "aberrant", "ridicule", "absurde", "grotesque", "amateurisme", "incompétence",
        "incompétent", "désinvolture", "légèreté", "catastrophique", "pitoyable", "invraisemblable", "inqualifiable",
        "irrespectueux", "mépris", "incompréhensible", "incapable", "scandale", "inadmissibles", "inacceptables"),),
        ("C'est tout simplement inadmissible.", "Quel amateurisme !", "Une telle désinvolture est inacceptable."),
        ("Ce ne serait pas acceptable s'il y avait un retard, merci de confirmer.",)),
    SignalFamily(ANGRY, "fr", "sentiment", (_g(
        "furieux", "furieuse", "colère", "agacé", "agacée", "irrité", "irritée", "exaspéré", "exaspérée", "excédé",
        "excédée", "outré", "outrée", "scandalisé", "scandalisée", "choqué", "choquée", "déçu", "déçue", "déçus",
        "déception", "consterné", "consternée", "indigné", "indignée", "mécontent", "mécontente", "mécontentement",
        "frustré", "frustrée", "frustration", "énervé", "énervée", "fâché", "fâchée", "sidéré", "sidérée", "dépité",
        "marre", "agacement", "exaspération", "irritation", "stupéfait", "stupéfaite", "excédés", "mécontents",
        "agaçant", "pénible", "decu", "decue", "decus", "deception", "enerve", "enervee", "fache", "fachee"),),
        ("Je suis extrêmement déçue.", "Nous en avons assez et nous sommes excédés.", "J'en ai marre."),
        ("Nous ne sommes pas déçus du tout.",), unless=AT_ONESELF),
    SignalFamily(ANGRY, "fr", "patience", (_g("patience"), _g("bout", "perdre", "limite", "épuiser", "épuisé", "épuisée")),
                 ("Notre patience a des limites.", "Je suis à bout de patience.")),
    SignalFamily(ANGRY, "fr", "en a assez", (_g("assez"), _g("en"), _g("avoir")), ("Nous en avons assez.",),
                 ("Avez-vous assez de place ?", "Nous avons assez de chaises.")),
    SignalFamily(ANGRY, "fr", "attendait mieux", (_g("attendre"), _g("mieux", "sérieux", "professionnalisme", "rigueur")),
                 ("Je m'attendais à mieux de votre part.", "Nous attendions plus de sérieux.")),
    SignalFamily(ANGRY, "fr", "manque de sérieux", (_g("manque", "manquer"), _g("sérieux", "professionnalisme", "rigueur", "respect", "réactivité", "considération")),
                 ("C'est un manque de sérieux évident.",)),
    SignalFamily(ANGRY, "fr", "énième relance", (
        _g("troisième", "quatrième", "cinquième", "énième", "nième", "multiples", "innombrables", "combien"),
        _g("fois", "relance", "relances")),
        ("C'est la troisième fois que je vous écris.", "Malgré mes multiples relances, rien."),
        ("Le troisième rappel de la mairie concerne le permis.",)),
    SignalFamily(ANGRY, "fr", "toujours rien", (_g("toujours"), _g("réponse", "retour", "nouvelle", "nouvelles", "réaction", "rien")),
                 ("Toujours aucune réponse de votre part.", "Nous n'avons toujours rien reçu."), negated=True),
    SignalFamily(ANGRY, "fr", "temps perdu", (_g("perdre", "perte", "gaspiller"), _g("temps")),
                 ("Vous nous faites perdre notre temps.",), unless=OWN_FAULT),
    SignalFamily(ANGRY, "fr", "pas acceptable", (_g("acceptable", "sérieux", "serieux", "professionnel", "correct"),),
                 ("Ce n'est pas sérieux.", "Ce n'est pas acceptable."), negated=True, unless=REPORTED_VERDICT),
    # ---- German
    SignalFamily(ANGRY, "de", "Urteil", (_g(
        "inakzeptabel", "unakzeptabel", "unzumutbar", "untragbar", "unverschämt", "unverschämtheit", "skandal",
        "skandalös", "lächerlich", "absurd", "unprofessionell", "inkompetent", "inkompetenz", "katastrophe",
        "katastrophal", "frechheit", "zumutung", "armutszeugnis", "peinlich", "chaos", "chaotisch", "unhaltbar",
        "unglaublich", "dreist", "respektlos", "schlamperei", "unerhört", "inakzeptable", "unfähig", "unding", "saustall",
        "sauerei"),),
        ("Das ist völlig inakzeptabel.", "Eine Zumutung!", "Das ist ein Armutszeugnis für Ihr Büro."),
        ("Das wäre inakzeptabel, wenn sich die Lieferung verschiebt.",)),
    SignalFamily(ANGRY, "de", "Gefühl", (_g(
        "verärgert", "ärgerlich", "ärgern", "wütend", "sauer", "empört", "entsetzt", "enttäuscht", "enttäuschung",
        "fassungslos", "frustriert", "frustrierend", "verstimmt", "genervt", "ungehalten", "unzufrieden",
        "unzufriedenheit", "befremdet", "befremdlich", "erbost", "verwundert", "irritiert", "ärger", "missfallen", "unbegreiflich",
        "unmut", "verärgerung"),),
        ("Ich bin sehr enttäuscht.", "Wir sind über Ihr Vorgehen mehr als verärgert."),
        ("Wir sind überhaupt nicht enttäuscht.",), unless=AT_ONESELF),
    SignalFamily(ANGRY, "de", "Geduld", (_g("geduld"), _g("ende", "verlieren", "reißen", "erschöpft", "strapazieren", "verloren")),
                 ("Unsere Geduld ist am Ende.",)),
    SignalFamily(ANGRY, "de", "reicht", (_g("reicht", "reichen", "genug"), _g("jetzt", "endgültig", "langsam")),
                 ("Jetzt reicht es.", "Langsam ist es genug."),
                 ("Reicht der Platz für die Lkw?", "Das reicht uns für die Planung.")),
    SignalFamily(ANGRY, "de", "satt", (_g("satt"), _g("haben", "es")),
                 ("Wir haben es satt.",)),
    SignalFamily(ANGRY, "de", "mehr erwartet", (_g("erwarten", "erwartet"), _g("besser", "professionalität")),
                 ("Ich hätte von Ihnen Besseres erwartet.",),
                 ("Wir erwarten mehr Besucher als letztes Jahr.",)),
    SignalFamily(ANGRY, "de", "erneut nachgefragt", (
        _g("dritte", "dritten", "vierte", "vierten", "zigste", "zigsten", "mehrfach", "mehrmals", "wiederholt",
           "etliche", "unzählige"),
        _g("mal", "nachfrage", "nachfragen", "erinnerung", "erinnerungen", "anfrage", "anfragen", "mahnung", "mail")),
        ("Ich frage jetzt zum dritten Mal nach.", "Trotz mehrfacher Nachfrage ist nichts passiert."),
        ("Im dritten Stock beginnen die Arbeiten.",)),
    SignalFamily(ANGRY, "de", "immer noch nichts", (_g("immer", "wie"), _g("noch", "vor"),
                                                  _g("antwort", "rückmeldung", "reaktion", "nachricht", "nichts")),
                 ("Wir haben immer noch keine Antwort.", "Nach wie vor keine Rückmeldung."), negated=True),
    SignalFamily(ANGRY, "de", "Zeit verschwendet", (_g("verschwenden", "vergeuden", "verlieren", "verschwendet", "vergeudet"), _g("zeit")),
                 ("Sie verschwenden unsere Zeit.",), unless=OWN_FAULT),
    SignalFamily(ANGRY, "de", "nicht akzeptabel", (_g("akzeptabel", "hinnehmbar", "tragbar", "professionell", "seriös", "ordnung", "ernst"),),
                 ("Das ist nicht akzeptabel.", "So geht man nicht professionell mit Kunden um."), negated=True, unless=REPORTED_VERDICT),
    # ---- Dutch
    SignalFamily(ANGRY, "nl", "oordeel", (_g(
        "onacceptabel", "onaanvaardbaar", "ontoelaatbaar", "schandalig", "belachelijk", "absurd", "onprofessioneel",
        "amateuristisch", "incompetent", "bedroevend", "schande", "ongehoord", "onbegrijpelijk", "stuitend",
        "schandaal", "onbeschoft", "respectloos", "chaos", "chaotisch", "onbestaanbaar", "ongelofelijk", "triest",
        "aanfluiting", "wanprestatie", "puinhoop", "zooi", "rommeltje", "tureluurs"),),
        ("Dit is volstrekt onacceptabel.", "Wat een aanfluiting.", "Het is een schande."),
        ("Het zou onaanvaardbaar zijn als de levering uitloopt, dus graag bevestiging.",)),
    SignalFamily(ANGRY, "nl", "gevoel", (_g(
        "boos", "kwaad", "woedend", "geïrriteerd", "geërgerd", "ergeren", "ergernis", "teleurgesteld", "teleurstelling",
        "gefrustreerd", "frustratie", "verbijsterd", "geschokt", "ontstemd", "ontevreden", "ontevredenheid", "beu",
        "spuugzat", "verontwaardigd", "ontdaan", "zat", "irritant", "moedeloos", "kwalijk", "pissig", "chagrijnig"),),
        ("Ik ben ontzettend teleurgesteld.", "Wij zijn het wachten spuugzat."),
        ("We zijn helemaal niet teleurgesteld.",), unless=AT_ONESELF),
    SignalFamily(ANGRY, "nl", "geduld", (_g("geduld"), _g("op", "einde", "raken", "verliezen", "grens")),
                 ("Ons geduld is op.",)),
    SignalFamily(ANGRY, "nl", "genoeg", (_g("genoeg"), _g("nu", "is", "hebben")), ("Nu is het genoeg.",),
                 ("Is er genoeg ruimte voor de vrachtwagens?",)),
    SignalFamily(ANGRY, "nl", "meer verwacht", (_g("verwachten", "verwacht"), _g("beter", "professionaliteit")),
                 ("Ik had beter van u verwacht.",)),
    SignalFamily(ANGRY, "nl", "opnieuw gevraagd", (
        _g("derde", "vierde", "zoveelste", "meerdere", "herhaaldelijk", "talloze", "diverse"),
        _g("keer", "maal", "herinnering", "herinneringen", "verzoek", "verzoeken", "mail", "mails")),
        ("Dit is de derde keer dat ik erom vraag.", "Na talloze herinneringen nog niets."),
        ("Op de derde verdieping beginnen de werkzaamheden.",)),
    SignalFamily(ANGRY, "nl", "nog steeds niets", (_g("steeds", "altijd"), _g("nog"),
                                                  _g("antwoord", "reactie", "bericht", "nieuws", "niets", "niks")),
                 ("We hebben nog steeds geen antwoord.", "Nog altijd geen reactie."), negated=True),
    SignalFamily(ANGRY, "nl", "tijd verspild", (_g("verspillen", "verspild", "verliezen", "kwijt"), _g("tijd")),
                 ("U verspilt onze tijd.",), unless=OWN_FAULT),
    SignalFamily(ANGRY, "nl", "niet acceptabel", (_g("acceptabel", "professioneel", "serieus", "aanvaardbaar"),),
                 ("Dit is niet acceptabel.", "Dit is echt niet meer acceptabel."), negated=True, unless=REPORTED_VERDICT),
)

# Anger said in idioms, repeated asking, and questions that are not asked.
_ANGRY_MORE: tuple[SignalFamily, ...] = (
    *(SignalFamily(ANGRY, lang, "mocked", groups, (example,), asked=True) for lang, groups, example in (
        ("en", (_g("fools", "idiots", "mugs"), _g("take", "treat", "think")), "You must take us for fools."),
        ("fr", (_g("moquer"), _g("nous", "moi")), "On se moque de nous."),
        ("fr", (_g("idiots", "imbéciles", "pigeons", "idiote", "idiot"), _g("prendre", "passer")), "Vous nous prenez pour des idiots."),
        ("de", (_g("veräppelt", "verarscht", "veralbert", "hingehalten", "verschaukelt"),), "Ich fühle mich veräppelt."),
        ("nl", (_g("gek", "maling"), _g("houden", "nemen")), "Jullie houden ons voor de gek."))),
    *(SignalFamily(ANGRY, lang, "left in the lurch", groups, (example,)) for lang, groups, example in (
        ("en", (_g("lurch"),), "You have left us in the lurch."),
        ("en", (_g("hang", "hanging"), _g("dry")), "We were left hanging out to dry."),
        ("fr", (_g("abandonner", "lâcher", "abandonnés", "lâchés"), _g("nous", "me")), "Vous nous avez complètement lâchés."),
        ("de", (_g("regen", "stich"), _g("stehen", "lassen")), "Sie lassen uns im Regen stehen."),
        ("nl", (_g("steek"), _g("laten", "gelaten")), "We voelen ons in de steek gelaten."))),
    *(SignalFamily(ANGRY, lang, "a joke", groups, (example,), negated=None) for lang, groups, example in (
        ("en", (_g("joke"), _g("beyond", "getting")), "This is getting beyond a joke."),
        ("fr", (_g("importe"), _g("quoi")), "C'est n'importe quoi."),
        ("de", (_g("witz", "farce", "scherz"), _g("doch", "echt", "reiner", "schlechter")), "Das ist doch ein Witz."),
        ("nl", (_g("grap", "lachertje", "farce"), _g("echt", "gewoon", "slechte")), "Dit is echt een lachertje."))),
    *(SignalFamily(ANGRY, lang, "asked and asked", (_g(*times), _g(*asked)), (example,)) for lang, times, asked, example in (
        ("en", ("times", "twice"), ("asked", "ask", "asking", "chased", "requested", "reminded", "written", "called", "emailed"),
         "I have now asked three times."),
        ("fr", ("fois",), ("demandé", "relancé", "écrit", "appelé", "réclamé", "redemandé", "rappelé"), "Je vous l'ai demandé trois fois."),
        ("de", ("mal", "dreimal", "viermal", "zweimal", "mehrmals"), ("angerufen", "nachgefragt", "gefragt", "geschrieben", "erinnert", "gemahnt"),
         "Ich habe heute dreimal angerufen."),
        ("nl", ("keer", "maal"), ("gevraagd", "gebeld", "gemaild", "herinnerd", "gerappelleerd", "aangegeven"), "Ik heb het al drie keer gevraagd."))),
    *(SignalFamily(ANGRY, lang, "no longer accept", (_g(*accept), _g(*longer)), (example,), negated=True)
      for lang, accept, longer, example in (
        ("en", ("accept", "tolerate", "put", "stand"), ("longer", "anymore", "more"), "We can no longer accept these delays."),
        ("fr", ("accepter", "tolérer", "supporter"), ("plus",), "Nous ne pouvons plus accepter ces retards."),
        ("de", ("akzeptieren", "hinnehmen", "dulden", "tolerieren", "gefallen"), ("mehr", "länger", "weiter"), "Das nehmen wir nicht länger hin."),
        ("nl", ("accepteren", "pikken", "tolereren", "slikken", "gaan"), ("langer", "meer"), "Dit pikken wij niet langer."))),
    *(SignalFamily(ANGRY, lang, "sick of it", groups, (example,)) for lang, groups, example in (
        ("en", (_g("tired", "sick"), _g("getting", "so", "very", "really", "of")), "I'm getting very tired of this."),
        ("en", (_g("expected", "expect"), _g("more"), _g("you", "firm", "your")), "I expected more from you."),
        ("fr", (_g("attendre", "attendais", "attendions"), _g("mieux", "plus"), _g("vous", "part")), "J'attendais plus de votre part."),
        ("de", (_g("erwartet", "erwarten"), _g("mehr"), YOUR["de"] | _g("ihrem", "büro")), "Von Ihnen hätte ich mehr erwartet."),
        ("nl", (_g("verwacht", "verwachten"), _g("meer"), _g("jullie", "u")), "Ik had meer van jullie verwacht."),
        ("nl", (_g("peil"), _g("beneden", "onder")), "De communicatie was beneden peil."))),
    *(SignalFamily(ANGRY, lang, "cannot be true", (_g(*true), _g(*can), _g(*this)), (example,), negated=True, asked=True)
      for lang, true, can, this, example in (
        ("en", ("true", "real", "serious"), ("can", "cannot"), ("this", "that", "you"), "This cannot be true."),
        ("fr", ("vrai", "possible", "sérieux"), ("pouvoir", "peut"), ("ce", "c", "vous"), "Ce n'est pas possible, ça ne peut pas être vrai."),
        ("de", ("wahr", "ernst"), ("können", "kann", "darf", "dürfen"), ("das", "doch"), "Das kann doch nicht wahr sein."),
        ("nl", ("waar", "menens"), ("kunnen", "kan"), ("dit", "toch", "dat"), "Dit kan toch niet waar zijn."))),
    *(SignalFamily(ANGRY, lang, "is anyone working", (_g(*who), _g(*actually), _g(*work)), (example,), asked=True)
      for lang, who, actually, work, example in (
        ("en", ("anyone", "anybody", "who"), ("actually", "even"), ("working", "reading", "listening", "read"),
         "Is anyone actually working on our project?"),
        ("fr", ("quelqu", "qui"), ("vraiment", "seulement", "réellement"), ("travaille", "lit", "lire", "écoute"), "Quelqu'un lit-il vraiment nos mails ?"),
        ("de", ("jemand", "wer"), ("eigentlich", "überhaupt"), ("arbeitet", "liest", "lesen", "zuhört"), "Liest bei Ihnen eigentlich jemand die Mails?"),
        ("nl", ("iemand", "wie"), ("eigenlijk", "überhaupt", "wel"), ("werkt", "leest", "lezen", "luistert"), "Wie leest er bij jullie eigenlijk de mail?"))),
    *(SignalFamily(ANGRY, lang, "what is going on", groups, (example,), asked=True) for lang, groups, example in (
        ("en", (_g("earth", "hell", "heavens"), _g("what", "how", "why")), "What on earth is going on over there?"),
        ("en", (_g("seriously"),), "Seriously?"),
        ("fr", (_g("sérieusement", "sérieux"),), "Sérieusement ?"),
        ("en", (_g("idea"), _g("any"), _g("you"), _g("what", "how")), "Do you have any idea what this delay means for us?"),
        ("de", (_g("klar"), _g("ihnen", "euch", "dir"), _g("was", "wie")), "Ist Ihnen eigentlich klar, was das für uns bedeutet?"),
        ("nl", (_g("idee", "benul"), _g("enig", "enige", "flauw"), _g("wat", "hoe")), "Hebben jullie enig idee wat dit voor ons betekent?"),
        ("fr", (_g("combien"), _g("fois"), _g("demander", "relancer", "répéter", "réclamer", "écrire", "rappeler")),
         "Combien de fois va-t-il falloir vous le demander ?"),
        ("nl", (_g("vredesnaam", "godsnaam", "hemelsnaam"),), "Hoe is het in vredesnaam mogelijk?"),
        ("de", (_g("himmels", "gottes"), _g("willen", "namen")), "Wie um Himmels willen konnte das passieren?"),
        ("fr", (_g("bazar", "cirque", "bordel", "foutoir", "pagaille"),), "C'est quoi ce bazar ?"),
        ("fr", (_g("rendez"), _g("compte")), "Vous rendez-vous compte de la situation ?"),
        ("de", (_g("los"), _g("was"), _g("eigentlich", "denn", "bloß", "nur")), "Was ist bei Ihnen eigentlich los?"),
        ("de", (_g("ernsthaft", "ernst"),), "Ernsthaft?"),
        ("nl", (_g("hand"), _g("aan"), _g("wat"), _g("eigenlijk", "toch", "nou", "in")), "Wat is er bij jullie eigenlijk aan de hand?"),
        ("nl", (_g("serieus"),), "Serieus?"))),
)

# Round two: idioms of being fed up, and of not understanding how it could happen.
_ANGRY_IDIOMS: tuple[SignalFamily, ...] = (
    *(SignalFamily(ANGRY, lang, "fed up", groups, (example,)) for lang, groups, example in (
        ("de", (_g("nase"), _g("voll")), "Ich habe ehrlich gesagt die Nase voll."),
        ("fr", (_g("ras"), _g("bol")), "On en a ras le bol."),
        ("nl", (_g("slaat"), _g("nergens")), "Dit slaat echt nergens op."),
        ("nl", (_g("gek"), _g("woorden")), "Dit is te gek voor woorden."),
        ("nl", (_g("zucht"),), "Zucht."),
        ("en", (_g("sigh"),), "Sigh."),
        ("nl", (_g("tegenvallen", "tegenvalt", "tegen"), _g("zwaar", "flink", "enorm", "behoorlijk")), "Dit valt ons zwaar tegen."),
        ("nl", (_g("zitten"), _g("laten", "gelaten"), _g("ons", "me", "mij")), "Jullie hebben ons flink laten zitten."))),
    *(SignalFamily(ANGRY, lang, "no wish any more", (_g(*wish), _g(*more)), (example,), negated=True) for lang, wish, more, example in (
        ("de", ("lust",), ("mehr",), "Ich habe wirklich keine Lust mehr, das jede Woche zu melden."),
        ("fr", ("envie",), ("plus",), "Je n'ai plus très envie d'écouter des explications."),
        ("nl", ("zin",), ("meer",), "Ik heb er echt geen zin meer in."),
        ("en", ("patience", "energy", "desire"), ("more", "left", "longer"), "I have no patience left for excuses."))),
    *(SignalFamily(ANGRY, lang, "cannot believe it", (_g(*believe), _g(*to)), (example,), negated=True, unless=PRAISE_WORDS) for lang, believe, to, example in (
        ("nl", ("geloven",), ("te",), "Het is toch niet te geloven."),
        ("de", ("fassen", "glauben"), ("zu", "kann"), "Das ist doch nicht zu fassen."),
        ("en", ("believe",), ("can", "cannot"), "I can't believe this has happened again."),
        ("fr", ("croire",), ("peux", "arrive"), "Je n'arrive pas à y croire."))),
    *(SignalFamily(ANGRY, lang, "hard to understand", (_g(*hard), _g(*understand)), (example,)) for lang, hard, understand, example in (
        ("en", ("struggling", "struggle", "hard", "difficult"), ("understand", "comprehend", "fathom"),
         "Frankly I am struggling to understand how this happened."),
        ("fr", ("mal", "peine", "difficile"), ("comprendre",), "J'ai du mal à comprendre comment c'est possible."),
        ("de", ("schwer",), ("nachvollziehen", "verstehen", "nachzuvollziehen"), "Es fällt mir schwer nachzuvollziehen, wie das passieren konnte."),
        ("nl", ("moeite", "moeilijk"), ("begrijpen", "snappen", "volgen"), "Ik heb er moeite mee te begrijpen hoe dit kon gebeuren."))),
)

# Round three: idioms of fury and disbelief, understatement, questions that accuse.
_ANGRY_ROUND3: tuple[SignalFamily, ...] = (
    *(SignalFamily(ANGRY, lang, "beside himself", groups, (example,)) for lang, groups, example in (
        ("fr", (_g("hors"), _g("lui", "moi", "elle", "eux", "nous")), "Notre président est sorti hors de lui de la visite."),
        ("fr", (_g("furax", "fumasse", "remonté", "remontée", "remontés"),), "Le preneur m'a appelé furax."),
        ("fr", (_g("marche", "marcher"), _g("tête")), "On marche sur la tête !"),
        ("fr", (_g("histoires", "salades"), _g("raconter", "raconte", "racontez")), "Arrêtez de me raconter des histoires."),
        ("fr", (_g("fort"), _g("quand"), _g("même")), "C'est quand même un peu fort."),
        ("de", (_g("angefressen", "stinksauer", "fuchsteufelswild", "geladen", "bedient"),), "Sie werden verstehen, dass ich ziemlich angefressen bin."),
        ("de", (_g("saftladen", "unterirdisch", "schleierhaft", "hanebüchen"),), "Das ist echt ein Saftladen bei euch."),
        ("de", (_g("leid"), _g("bin", "sind")), "Ich bin es leid, jeden Termin dreimal zu bestätigen."),
        ("nl", (_g("laaiend", "perplex", "ziedend"),), "Onze directie is laaiend."),
        ("nl", (_g("baal", "balen", "baalt"), _g("stekker", "echt", "enorm", "flink")), "Ik baal hier echt als een stekker van."),
        ("en", (_g("livid", "fuming", "seething"),), "Our chairman is fuming."),
        ("en", (_g("amateur"), _g("hour")), "Amateur hour today, honestly."),
        ("en", (_g("loss"), _g("at"), _g("how", "why", "genuinely")), "I'm genuinely at a loss as to how this happened."),
        ("en", (_g("strongest"), _g("terms")), "I must register our dissatisfaction in the strongest possible terms."),
        ("en", (_g("patient"), _g("more", "very", "extremely")), "We have been more than patient on this."))),
    *(SignalFamily(ANGRY, lang, "not impressed", groups, (example,), negated=True) for lang, groups, example in (
        ("en", (_g("impressed", "amused", "happy"),), "Not impressed. At all."),
        ("fr", (_g("debout"), _g("tient", "tenir")), "Votre explication ne tient pas debout."),
        ("de", (_g("weitergehen", "weiter"), _g("so", "kann", "geht")), "So kann es nicht weitergehen."),
        ("nl", (_g("goed"), _g("word", "worden"), _g("van")), "Ik word hier niet goed van."),
        ("nl", (_g("kan"), _g("echt", "gewoon"), _g("dit", "het")), "Dit kan echt niet."),
        ("en", (_g("chase", "chasing"), _g("should", "shouldn")), "I really shouldn't have to chase an architect for this."))),
    *(SignalFamily(ANGRY, lang, "lost for words", groups, (example,), negated=None) for lang, groups, example in (
        ("de", (_g("worte"), _g("fehlen")), "Mir fehlen die Worte."),
        ("fr", (_g("mots"), _g("manque", "manquent")), "Les mots me manquent."),
        ("nl", (_g("woorden"), _g("ontbreken", "geen")), "Ik heb er geen woorden voor."),
        ("en", (_g("words"), _g("lost", "loss", "fail")), "Words fail me."),
        ("en", (_g("cheers", "thanks"), _g("nothing")), "Cheers for nothing."))),
    *(SignalFamily(ANGRY, lang, "accusing question", groups, (example,), asked=True) for lang, groups, example in (
        ("de", (_g("oft"), _g("wie"), _g("noch")), "Wie oft denn noch?"),
        ("de", (_g("wofür", "wozu"), _g("bezahlen", "zahlen")), "Wofür bezahlen wir Sie eigentlich?"),
        ("en", (_g("paying", "pay"), _g("for"), _g("what")), "What exactly are we paying you for?"),
        ("fr", (_g("payons", "payer"), _g("quoi", "pourquoi")), "Pour quoi vous payons-nous au juste ?"),
        ("nl", (_g("betalen"), _g("waarvoor")), "Waarvoor betalen we jullie eigenlijk?"),
        ("nl", (_g("thuis"), _g("iemand")), "Iemand thuis bij jullie?"),
        ("en", (_g("home"), _g("anybody", "anyone")), "Is anybody home over there?"),
        ("de", (_g("schläft", "schlafen"), _g("eigentlich", "euch", "ihnen")), "Schläft bei euch eigentlich jeder?"),
        ("en", (_g("spell"), _g("out")), "Do I need to spell it out?"))),
)

ANGRY_FAMILIES: tuple[SignalFamily, ...] = _ANGRY + _ANGRY_MORE + _ANGRY_IDIOMS + _ANGRY_ROUND3
