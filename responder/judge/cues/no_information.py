"""The delegate saying, in his own words, that he has no information ("je ne suis pas au courant").

Patterns read text folded by ``detector.fold_text``. Their ``keys`` are regex
fragments (a negation, a lack, a wait, a return); ``starts`` are the words a first-person match
may begin with.
"""

from __future__ import annotations

from responder.judge.cues import Cue

NO_INFORMATION = "no_information"

INFO_EN = (r"(?:information|info|details?|visibility|context|background|knowledge|insight|"
            r"idea|clue|update|news|briefing|handover|hand-over|notes?)")
INFO_FR = (r"(?:informations?|infos?|id[ée]e|d[ée]tails?|[ée]l[ée]ments?|visibilit[ée]|contexte|"
            r"renseignements?|nouvelles?|consignes?|notes?|passation|historique|connaissance)")
INFO_DE = r"(?:informationen|information|infos?|ahnung|details|kenntnis(?:se)?|einblick|hintergrund|übergabe)"
INFO_NL = r"(?:informatie|info|idee|details|zicht|achtergrond|overdracht|kennis)"

FILE_EN = r"(?:file|project|matter|subject|case|dossier|account|topic|issue|this|that|it|the)"
FILE_FR = r"(?:dossier|projet|sujet|chantier|affaire|point|question)"

# What the employee leaves behind for the delegate, where he may say he found nothing.
HANDOVER_EN = (r"(?:(?:the|her|his|my) (?:handover(?: notes| file)?|hand-over|notes|briefing(?: notes)?)|"
                r"what (?:she|he|[a-zà-ÿ]+) (?:left(?: me)?|handed over|passed on|gave me|sent me))")
HANDOVER_FR = (r"(?:(?:ses|les|mes) notes|(?:la|sa) passation|(?:le|son) dossier de passation|"
                r"ce qu(?:'|e )(?:elle|il|on|[a-zà-ÿ]+) m'a (?:laissé|transmis|passé|remis|envoyé))")

FIRST_PERSON: tuple[Cue, ...] = (
    Cue(NO_INFORMATION, 'lacking information', 'en', cues=(
        rf"\bi (?:really |honestly |unfortunately |currently |just |simply )?(?:do not|don't|dont|did not|didn't) have "
            rf"(?:any |much |enough |the |all the |a lot of |more |further |full |a full |an )?(?:\w+ ){{0,2}}{INFO_EN}\b",
        rf"\bi (?:really |honestly |unfortunately |currently |simply )?(?:have|had|got) (?:no|zero|little|very little) "
            rf"(?:\w+ ){{0,2}}{INFO_EN}\b",
    ), examples=(
        "I'm sorry, I don't have any information on the renovation budget.",
        'I have no information about the tender at this stage.',
        "I really don't have much context on this account.",
    ), traps=(
        'I have all the information you need, here it is.',
        "I don't have your PO number, could you send it?",
        'If you have no information, tell me.',
        "It's not that I have no information — here it is.",
    ),
        keys=("n't", '\\bno\\b'), starts=('i',)),
    Cue(NO_INFORMATION, 'not briefed', 'en', cues=(
        r"\bi(?:'m| am|'ve been| have been| was|'ve| have) (?:really |honestly |unfortunately |simply )?(?:not|never) "
            r"(?:been )?(?:aware|informed|briefed|told|updated|involved|copied|looped in|kept (?:in the loop|informed|updated|posted)|"
            r"in the loop|up to (?:speed|date)|familiar with|across|privy)\b",
        r"\bi (?:wasn't|haven't been|hadn't been) (?:\w+ )?(?:aware|informed|briefed|told|updated|involved|copied|"
            r"kept (?:in the loop|informed)|in the loop|up to (?:speed|date)|privy)\b",
        r"\bnot (?:something|anything|a (?:\w+ )?(?:file|project|topic|subject|matter|question|thing)) (?:that )?i(?:'ve| have| was| am|'m|'d| had)? "
            r"(?:been )?(?:ever )?(?:briefed|told|informed|involved|aware|familiar|looped|across|privy)\b",
        r"\bnothing (?:that )?i(?:'ve| have| was|'d| had)? (?:been )?(?:briefed|told|informed)\b",
        r"\b(?:nobody|no one|no-one|noone) (?:has |had |ever )?(?:briefed|informed|told|updated|copied|filled) me\b",
        r"\b(?:i was|i've been|i have been) (?:left |kept )?out of the loop\b",
    ), examples=(
        'Unfortunately I was not briefed on this project before Anna left.',
        "I haven't been kept in the loop on the permit application.",
        "Sorry, I've been left out of the loop on this one.",
        'Nobody told me about the change of supplier.',
        "Sadly that is not something I've been involved in.",
    ), traps=(
        'I was briefed on the project last week.',
        'Everybody told me the plan, so I went ahead.',
    ),
        keys=('\\bnot\\b', "n't", 'never', 'nothing', 'nobody', 'no one', 'out of the loop'), starts=('i', 'not', 'nothing', 'nobody', 'no', 'noone')),
    Cue(NO_INFORMATION, 'no idea', 'en', cues=(
        r"(?:^|\bi have |\bi've got |\bi've |\bhonestly,? |\breally,? |\bsorry,? |\bfrankly,? |\bto be honest,? |\bgenuinely )"
            r"no (?:clue|idea)\b",
    ), examples=(
        'Sorry, no idea where the latest drawings were saved.',
        'Honestly no clue when the crane arrives.',
    ), traps=(
        'Do you have no idea at all?',
        'Any idea when the crane arrives?',
    ),
        keys=('\\bno\\b',), starts=('i', 'no', 'honestly', 'really', 'sorry', 'frankly', 'to', 'genuinely')),
    Cue(NO_INFORMATION, 'knowing no more', 'en', cues=(
        r"\bi know (?:about |roughly |just )?(?:as (?:much|little) as|no more than|nothing more than) you\b",
    ), examples=(
        "I'm afraid I know no more than you about the crane booking.",
        'I know as little as you do about the new date.',
    ), traps=(
        'I know more than you think about this project.',
    ),
        keys=('as much', 'as little', '\\bno\\b', 'nothing'), starts=('i',)),
    Cue(NO_INFORMATION, 'handover says nothing', 'en', cues=(
        r"\bi (?:can't|cannot|can not|couldn't|could not|didn't|did not) find (?:anything|nothing|a (?:trace|word|mention)|"
            r"any (?:\w+ )?(?:information|notes?|details?|trace|mention|record))\b(?! (?:wrong|unusual|odd|strange|missing|abnormal))"
            rf"[^.;]{{0,60}}\bin {HANDOVER_EN}",
        rf"\b(?:nothing|no (?:mention|trace|record|word)) (?:(?:about|on|of|regarding) (?:\w+ ){{1,3}})?in {HANDOVER_EN}",
    ), examples=(
        "I can't find a word about the fee split in the handover notes.",
        'There is no mention of the site visit in her notes.',
    ), traps=(
        "I couldn't find anything wrong in the handover notes, all good.",
        'I found the fee split in the handover notes.',
    ),
        keys=("n't", 'cannot', 'nothing', '\\bno\\b'), starts=('i', 'nothing', 'no')),
    Cue(NO_INFORMATION, 'knowing nothing', 'en', cues=(
        r"\bi (?:know|knew) (?:nothing|very little|little) (?:about|of|on|regarding)\b",
        r"\bi (?:do not|don't|dont) (?:really )?know (?:anything|much|the (?:details|status|file|project|background|history)|"
            r"(?:this|that|the) (?:file|project|matter|dossier|subject|case))\b",
    ), examples=(
        "I know nothing about the façade samples, I'm afraid.",
        "I don't know anything about the meeting you mention.",
    ), traps=(
        'I know everything about the façade samples.',
        'Do you know anything about the meeting?',
    ),
        keys=('nothing', "n't", '\\bnot\\b'), starts=('i',)),
    Cue(NO_INFORMATION, 'not in charge', 'en', cues=(
        r"\bi (?:am|'m) not (?:the right person|handling|in charge of|following|working on) (?:this|that|the|your)\b",
    ), examples=(
        "I am not in charge of this project, I'm afraid.",
        'I am not handling this file while she is away.',
    ), traps=(
        'I am handling this file while she is away.',
    ),
        keys=('\\bnot\\b',), starts=('i',)),
    Cue(NO_INFORMATION, 'wait for her return', 'en', cues=(
        r"\bi (?:can't|cannot|can not|won't be able to|will not be able to|am unable to|'m unable to|am not able to|"
            r"'m not able to|couldn't|could not) [^.;]{0,60}\b(?:until|till|before|pending) (?:she|he|her|his|[a-zà-ÿ]+) "
            r"(?:is back|gets back|comes back|returns?|return|'s back)\b",
        r"\b(?:you(?:'ll| will) (?:have|need) to|(?:it's|it is|it would be) (?:best|better) to|we(?:'ll| will) have to|"
            r"please) wait (?:for|until|till) (?:her|his|she|he|[a-zà-ÿ]+'s) (?:return|is back|gets back|comes back|returns)\b",
    ), examples=(
        "I can't give you an answer until Anna is back on Monday.",
        "You'll have to wait for her return, she is back on the 4th.",
    ), traps=(
        "I can't come to the site until Tuesday.",
        'If you can wait for her return, that would be easier.',
    ),
        keys=("n't", 'cannot', 'unable', '\\bnot\\b', 'wait', 'return', '\\bback\\b'), starts=('i', 'you', 'it', 'we', 'please')),
    Cue(NO_INFORMATION, 'lacking information', 'fr', cues=(
        rf"\bje n'ai (?:(?:malheureusement|hélas|encore|actuellement|vraiment) )?(?:aucune?|pas (?:d'|de |les |la |le |l')|"
            rf"pas (?:plus |beaucoup |toutes les |tous les )(?:d'|de )?|absolument aucune?|pas la moindre|guère d'|nulle)"
            rf"\s?(?:\w+ ){{0,2}}{INFO_FR}\b",
        r"\bje n'ai pas (?:ce|cette|ces|cet) (?:\w+ )?(?:information|info|détail|élément|renseignement)s?\b",
    ), examples=(
        "Je n'ai hélas aucune information concernant le devis du menuisier.",
        "Je n'ai pas d'informations concernant la livraison des menuiseries.",
        "Je n'ai pas cette information pour l'instant.",
    ), traps=(
        "J'ai bien toutes les informations sur ce dossier, voici le planning.",
        "Je n'ai pas les informations de votre commande, pouvez-vous me les envoyer ?",
        "Si vous n'avez aucune information, dites-le moi.",
        "Pas besoin d'informations supplémentaires, merci.",
    ),
        keys=("\\bn'", '\\bnul'), starts=('je',)),
    Cue(NO_INFORMATION, 'knowing no more', 'fr', cues=(
        r"\bje n'en sais (?:pas|guère|malheureusement pas|hélas pas) (?:plus|davantage)\b",
        r"\bj'en sais (?:autant|aussi peu|à peu près autant) que vous\b",
        r"\bje ne suis pas plus (?:avancée?|renseignée?|informée?) que vous\b",
    ), examples=(
        'Je ne suis pas plus avancé que vous sur le calendrier.',
        "Je n'en sais pas plus que vous sur la date de livraison.",
        "J'en sais autant que vous sur ce point.",
    ), traps=(
        "J'en sais davantage depuis la réunion d'hier.",
    ),
        keys=("\\bn'", 'autant', 'aussi peu', '\\bne\\b'), starts=('je', 'j')),
    Cue(NO_INFORMATION, 'handover says nothing', 'fr', cues=(
        rf"\brien (?:trouvé |vu )?(?:(?:sur|concernant|au sujet de|à propos de) (?:\w+ ){{1,4}})?dans {HANDOVER_FR}",
        r"\bje n'ai (?:rien|pas|rien du tout) (?:trouvé|retrouvé|vu)\b(?! d'(?:anormal|inhabituel|étrange|grave))"
            rf"[^.;]{{0,60}}\bdans {HANDOVER_FR}",
        rf"\bje ne (?:trouve|retrouve|vois) (?:rien|pas|aucune? \w+)\b[^.;]{{0,60}}\bdans {HANDOVER_FR}",
    ), examples=(
        "Je ne trouve rien sur l'acompte dans ce qu'elle m'a transmis.",
        'Rien sur le choix des carrelages dans la passation, malheureusement.',
    ), traps=(
        "Je n'ai rien trouvé d'anormal dans ses notes, tout est en ordre.",
        "Il n'y a rien d'urgent dans la passation.",
    ),
        keys=('rien', "\\bn'", '\\bne\\b'), starts=('rien', 'je')),
    Cue(NO_INFORMATION, 'not briefed', 'fr', cues=(
        r"\bje ne (?:suis|suis malheureusement|suis hélas|suis vraiment) pas (?:du tout )?(?:au courant|informée?|briefée?|"
            r"dans la boucle|au fait|à jour|en copie|impliquée?)\b",
        r"\bje n'(?:ai|avais) (?:malheureusement |hélas |jamais |pas |)(?:pas |jamais )?(?:été|ete) "
            r"(?:informée?|briefée?|mise? au courant|tenue? au courant|mise? en copie|associée?|impliquée?|prévenue?|"
            r"mise? dans la boucle)\b",
        r"\b(?:on|personne) ne m'a (?:(?:malheureusement|rien|pas|jamais) )*(?:rien dit|dit|briefée?|informée?|"
            r"transmis|prévenue?|mise? au courant|laissé)\b",
    ), examples=(
        'Je ne suis pas au courant de cette demande.',
        "Je n'ai pas été briefé sur ce projet avant son départ.",
        "Personne ne m'a rien dit au sujet de cette réunion.",
    ), traps=(
        'Je suis au courant de cette demande.',
        "Ce n'est pas que je ne suis pas au courant : voici le planning.",
    ),
        keys=('\\bne\\b', "\\bn'", '\\bpas\\b'), starts=('je', 'on', 'personne')),
    Cue(NO_INFORMATION, 'knowing nothing', 'fr', cues=(
        r"\bje ne (?:sais|connais|savais|connaissais) (?:malheureusement |hélas |absolument |vraiment )?"
            rf"(?:rien|pas (?:du tout )?(?:le|ce|ces|les|votre) (?:\w+ )?{FILE_FR})\b",
        r"\bje n'en sais (?:malheureusement |hélas |absolument )?rien\b",
    ), examples=(
        "Je n'en sais rien, désolé.",
        'Je ne connais pas ce dossier.',
    ), traps=(
        'Je connais bien ce dossier.',
        'Si vous ne savez rien, dites-le moi.',
    ),
        keys=('rien', '\\bne\\b'), starts=('je',)),
    Cue(NO_INFORMATION, 'not in charge', 'fr', cues=(
        r"\bje ne suis pas (?:en charge|la bonne personne|le bon interlocuteur|responsable) (?:de |du |d')",
    ), examples=(
        'Je ne suis pas en charge de ce chantier.',
        'Je ne suis pas responsable de ce dossier.',
    ), traps=(
        "Je suis en charge de ce chantier jusqu'à son retour.",
    ),
        keys=('\\bne\\b', '\\bpas\\b'), starts=('je',)),
    Cue(NO_INFORMATION, 'wait for her return', 'fr', cues=(
        r"\bje ne (?:peux|pourrai|pourrais|saurais) (?:malheureusement |hélas |pas |)(?:pas )?[^.;]{0,60}"
            r"\b(?:avant (?:son retour|le retour|qu'elle|qu'il)|jusqu'à son retour|d'ici son retour)",
        r"\b(?:il (?:vous )?faudra|il faut|je vous invite à|je vous propose d'|mieux vaut|vous devrez) "
            r"(?:donc |malheureusement |hélas )?(?:attendre|patienter jusqu'à) (?:son|le) retour\b",
    ), examples=(
        'Je ne pourrai pas vous répondre avant son retour le 4 août.',
        'Il faudra attendre son retour pour avoir une réponse.',
    ), traps=(
        'Je vous répondrai avant son retour.',
        'Si vous pouvez attendre son retour, ce serait plus simple.',
    ),
        keys=('\\bne\\b', 'retour', 'attend'), starts=('je', 'il', 'mieux', 'vous')),
    Cue(NO_INFORMATION, 'no idea', 'fr', cues=(
        r"\baucune idée\b",
    ), examples=(
        'Aucune idée, désolé.',
        "Je n'en ai aucune idée.",
    ), traps=(
        'Auriez-vous une idée de la date ?',
    ),
        keys=('aucun',), starts=('aucune',)),
    Cue(NO_INFORMATION, 'lacking information', 'de', cues=(
        rf"\bich habe (?:leider |derzeit |noch |aktuell |wirklich |)?(?:keine|keinerlei|nicht die|nicht genug) "
            rf"(?:\w+ ){{0,2}}{INFO_DE}\b",
        rf"\bhabe ich (?:leider |derzeit |noch |aktuell |wirklich |)?(?:keine|keinerlei) (?:\w+ ){{0,2}}{INFO_DE}\b",
    ), examples=(
        'Ich habe leider keine Informationen über die Lieferung.',
        'Ich habe keine Ahnung, wann die Lieferung kommt.',
    ), traps=(
        'Ich habe alle Informationen, siehe unten.',
    ),
        keys=('kein', 'nicht'), starts=('ich', 'habe')),
    Cue(NO_INFORMATION, 'not briefed', 'de', cues=(
        r"\bbin ich (?:leider |noch |)?nicht (?:informiert|im bilde|eingeweiht|auf dem laufenden|gebrieft|involviert)\b",
        r"\bich bin (?:leider |noch |)?nicht (?:informiert|im bilde|eingeweiht|auf dem laufenden|gebrieft|involviert)\b",
        r"\bich wurde (?:leider |)?(?:nicht|nie) (?:informiert|eingeweiht|gebrieft|instruiert|einbezogen)\b",
    ), examples=(
        'Ich bin leider nicht informiert über dieses Projekt.',
        'Ich wurde nicht eingeweiht.',
    ), traps=(
        'Ich bin gut informiert über dieses Projekt.',
    ),
        keys=('nicht', '\\bnie\\b'), starts=('bin', 'ich')),
    Cue(NO_INFORMATION, 'knowing nothing', 'de', cues=(
        r"\bweiß ich (?:leider |)?(?:nichts|nicht)\b",
        r"\bich weiß (?:leider |)?(?:nichts|nicht viel|wenig) (?:darüber|davon|über|zu|von)\b",
    ), examples=(
        'Ich weiß leider nichts darüber.',
        'Das weiß ich leider nicht.',
    ), traps=(
        'Ich weiß alles darüber.',
    ),
        keys=('nicht',), starts=('weiß', 'ich')),
    Cue(NO_INFORMATION, 'wait for her return', 'de', cues=(
        r"\b(?:bis (?:zu )?ihrer rückkehr|bis sie (?:wieder )?zurück ist|nach ihrer rückkehr) "
            r"(?:\w+ ){0,3}(?:warten|gedulden)\b",
        r"\bkann ich (?:leider |)?(?:nichts|nicht)\b[^.;]{0,40}\b(?:bis (?:zu )?ihrer rückkehr|bis sie (?:wieder )?zurück ist)",
    ), examples=(
        'Bis zu ihrer Rückkehr müssen Sie leider warten.',
        'Das kann ich leider nicht sagen bis zu ihrer Rückkehr.',
    ), traps=(
        'Nach ihrer Rückkehr ist alles fertig.',
    ),
        keys=('rückkehr', 'zurück', 'warte'), starts=('bis', 'nach', 'kann')),
    Cue(NO_INFORMATION, 'lacking information', 'nl', cues=(
        rf"\bik heb (?:helaas |momenteel |nog |echt |)?(?:geen|niet de|onvoldoende) (?:\w+ ){{0,2}}{INFO_NL}\b",
        rf"\bheb ik (?:helaas |momenteel |nog |echt |)?(?:geen|niet de|onvoldoende) (?:\w+ ){{0,2}}{INFO_NL}\b",
    ), examples=(
        'Ik heb helaas geen informatie over de levering.',
        'Daar heb ik helaas geen idee van.',
    ), traps=(
        'Ik heb alle informatie, zie hieronder.',
    ),
        keys=('\\bgeen\\b', '\\bniet'), starts=('ik', 'heb')),
    Cue(NO_INFORMATION, 'not briefed', 'nl', cues=(
        r"\bik ben (?:helaas |echt |nog |)?(?:niet|nooit) (?:\w+ )?(?:op de hoogte|ingelicht|geïnformeerd|gebrieft|ingewerkt)\b",
        r"\bben ik (?:helaas |echt |nog |)?(?:niet|nooit) (?:\w+ )?(?:op de hoogte|ingelicht|geïnformeerd|gebrieft|ingewerkt)\b",
    ), examples=(
        'Ik ben niet op de hoogte van die afspraak.',
        'Daarover ben ik niet ingelicht.',
    ), traps=(
        'Ik ben op de hoogte van de levering.',
    ),
        keys=('\\bniet',), starts=('ik', 'ben')),
    Cue(NO_INFORMATION, 'knowing nothing', 'nl', cues=(
        r"\bik weet (?:er )?(?:helaas )?(?:niets|niks|weinig) (?:van|over)\b",
    ), examples=(
        'Ik weet er niets van, sorry.',
        'Ik weet helaas niks over de offerte.',
    ), traps=(
        'Ik weet er alles van.',
    ),
        keys=('\\bniet', 'niks'), starts=('ik', 'weet')),
    Cue(NO_INFORMATION, 'wait for her return', 'nl', cues=(
        r"\bwachten (?:tot (?:ze|zij|hij) (?:weer )?terug (?:is|zijn|komt)|op (?:haar|zijn|jouw|uw|je) terugkeer)\b",
        r"\b(?:tot (?:ze|zij|hij) (?:weer )?terug is|tot (?:haar|zijn) terugkeer|na (?:haar|zijn) terugkeer)\b"
            r"[^.;]{0,40}\b(?:wachten|geduld)\b",
    ), examples=(
        'U zult moeten wachten tot ze terug is, vrees ik.',
        'Tot haar terugkeer moet u helaas wachten.',
    ), traps=(
        'Ze is terug op maandag en belt u dan.',
    ),
        keys=('wachten', 'terugkeer', 'terug'), starts=('wachten', 'tot', 'na')),
)
