"""A client showing strong dissatisfaction: judgements, their own state, being made to ask again.

Patterns read text folded by ``detector.fold_text``; ``keys`` are word stems, one of which a
sentence must hold before the patterns run. Order matters: the patterns are tried in it.
"""

from __future__ import annotations

from responder.judge.cues import Cue

ANGRY = "angry"

CUES: tuple[Cue, ...] = (
    Cue(ANGRY, 'judgement', 'en', cues=(
        r"\b(?:completely |totally |simply |absolutely |frankly |just )?(?:unacceptable|inacceptable|outrageous|disgraceful|"
            r"appalling|scandalous|shameful|ridiculous|absurd|intolerable|inexcusable|unprofessional|amateurish)\b",
        r"\b(?:this|that|it) (?:is|'s|was) (?:\w+ )?(?:a disgrace|a joke|a farce|a shambles|a scandal)\b",
        r"\bnot (?:at all )?(?:acceptable|professional|good enough)\b",
    ), examples=(
        'This is completely unacceptable.',
        'Frankly, the way this was handled is unprofessional.',
        'That is not good enough.',
        'This is a joke.',
    ), traps=(
        'The price is acceptable.',
        'Nothing unprofessional about it, the team was great.',
        'Is this acceptable to you?',
        'It would be unacceptable if the delivery slipped again, so please keep me posted.',
        "That's a joke we make every year, don't worry.",
    ),
        keys=('absurd', 'acceptab', 'amateur', 'appall', 'disgrac', 'disgrace', 'farce', 'good', 'inaccept', 'inexcus', 'intoler', 'joke', 'outrag', 'profession', 'ridicul', 'scandal', 'shambl', 'shame', 'unaccept', 'unprofession')),
    Cue(ANGRY, 'feeling', 'en', cues=(
        r"\b(?:i am|i'm|we are|we're|i feel|we feel|i was|we were|i've been|we've been|i have been|we have been) "
            r"(?:\w+ )?(?:very |extremely |deeply |really |utterly |bitterly |seriously |so |incredibly |thoroughly |"
            r"more than |beyond |absolutely |completely |totally )+(?:disappointed|frustrated|annoyed|angry|upset|unhappy|"
            r"dissatisfied|displeased|irritated|fed up|exasperated|disgusted)\b",
        r"\b(?:i am|i'm|we are|we're) (?:\w+ )?(?:furious|livid|fuming|appalled|outraged|fed up|sick and tired|"
            r"losing (?:my|our) patience|at (?:my|our) wits' end|running out of patience)\b",
        r"\b(?:my|our) patience (?:is|has) (?:running out|run out|wearing thin|at an end|exhausted)\b",
    ), examples=(
        'We are extremely disappointed with how this was handled.',
        'I am really frustrated by the delay.',
        "I'm fed up with chasing this.",
        'Our patience is running out.',
    ), traps=(
        "I'm not angry, just curious about the date.",
        "I'm sorry to hear you were disappointed with the hotel.",
        "We're quite disappointed the café is closed, but that's life.",
    ),
        keys=('angry', 'annoy', 'appall', 'disappoint', 'disgust', 'displeas', 'dissatisf', 'exasperat', 'fed', 'frustrat', 'fum', 'furious', 'irritat', 'livid', 'losing', 'outrag', 'patien', 'patience', 'running', 'sick', 'unhappy', 'upset', 'wits')),
    Cue(ANGRY, 'repetition', 'en', cues=(
        r"\b(?:this is|it is|it's) the (?:third|fourth|fifth|umpteenth|nth) time\b",
        r"\b(?:still|yet again|once again) (?:no|without(?: any)?) (?:answer|reply|response|news|word)\b",
        r"\bhow (?:many times|much longer) (?:do|must|will|should) (?:i|we)\b",
    ), examples=(
        'This is the third time I ask for the schedule.',
        'Still no answer about the invoice.',
    ), traps=(
        'How many times should we water the new plants each week?',
    ),
        keys=('fifth', 'fourth', 'how', 'last', 'nth', 'once', 'still', 'third', 'umpteenth', 'yet')),
    Cue(ANGRY, 'judgement', 'fr', cues=(
        r"\b(?:c'est |ce qui est |cela est |ceci est |c'est tout simplement |c'est absolument |c'est totalement )?"
            r"(?:inadmissible|inacceptable|scandaleux|scandaleuse|honteux|honteuse|lamentable|intolérable|inqualifiable|"
            r"invraisemblable|aberrant|ahurissant|consternant|affligeant|un scandale|une honte|du grand n'importe quoi|n'importe quoi)\b",
        r"\b(?:pas|peu) (?:du tout )?(?:sérieux|sérieuse|professionnel|professionnelle|acceptable)\b",
    ), examples=(
        "C'est inadmissible.",
        "Ce n'est pas sérieux.",
        "C'est tout simplement scandaleux.",
        'Cette façon de faire est lamentable.',
    ), traps=(
        'Ce serait inadmissible si le chantier prenait du retard.',
        'Pas de souci, je comprends.',
    ),
        keys=('aberrant', 'acceptab', 'affligeant', 'ahuriss', 'consternant', 'honte', 'honteu', 'importe', 'inaccept', 'inadmissible', 'inqualifiable', 'intolérable', 'invraisemblable', 'lamentable', 'profession', 'scandal', 'sérieu')),
    Cue(ANGRY, 'feeling', 'fr', cues=(
        r"\b(?:je suis|nous sommes|je me sens|j'avoue être|nous avouons être) (?:\w+ )?(?:très |extrêmement |profondément |"
            r"vraiment |particulièrement |franchement |totalement |plus que |tellement |fort )+"
            r"(?:déçue?s?|mécontente?s?|agacée?s?|irritée?s?|contrariée?s?|énervée?s?|insatisfaite?s?|fâchée?s?)\b",
        r"\b(?:je suis|nous sommes) (?:\w+ )?(?:furieu(?:x|se|ses)|excédée?s?|outrée?s?|exaspérée?s?|en colère|hors de (?:moi|nous)|"
            r"à bout)\b",
        r"\b(?:j'en ai|nous en avons|on en a) (?:vraiment |plus qu')?(?:assez|marre|ras le bol|ras-le-bol)\b",
        r"\bras[- ]le[- ]bol\b",
    ), examples=(
        'Je suis très déçu de votre réponse.',
        'Nous sommes extrêmement mécontents.',
        "J'en ai vraiment assez.",
        'Nous sommes furieux.',
    ), traps=(
        'Je ne suis pas du tout déçu, au contraire.',
    ),
        keys=('agacé', 'assez', 'bout', 'colère', 'contrarié', 'déçu', 'exaspéré', 'excédé', 'furieu', 'fâché', 'hors', 'insatisf', 'irrité', 'marre', 'mécontent', 'outré', 'ras', 'énervé')),
    Cue(ANGRY, 'repetition', 'fr', cues=(
        r"\b(?:c'est|pour) la (?:troisième|quatrième|cinquième|énième) fois\b",
        r"\b(?:toujours|encore) (?:pas|aucune?) (?:de )?(?:réponse|nouvelles?|retour)\b",
    ), examples=(
        "C'est la troisième fois que je relance.",
        'Toujours pas de réponse sur le devis.',
    ), traps=(
        "C'est la dernière fois que je vous embête avant les vacances.",
    ),
        keys=('cinquième', 'dernière', 'encore', 'quatrième', 'toujours', 'troisième', 'énième')),
    Cue(ANGRY, 'patience', 'fr', cues=(
        r"\b(?:ma|notre) patience a des limites\b",
    ), examples=(
        'Notre patience a des limites.',
    ), traps=(
        'Merci de votre patience.',
    ),
        keys=('patien', 'patience')),
    Cue(ANGRY, 'judgement', 'de', cues=(
        r"\b(?:inakzeptabel|unakzeptabel|unzumutbar|unverschämt|eine frechheit|ein skandal|skandalös|unprofessionell|"
            r"nicht hinnehmbar|nicht akzeptabel)\b",
    ), examples=(
        'Das ist inakzeptabel.',
        'Das ist eine Frechheit.',
    ), traps=(
        'Kein Problem, das ist akzeptabel.',
    ),
        keys=('akzeptabel', 'frechheit', 'hinnehmbar', 'inakzept', 'profession', 'skandal', 'unakzept', 'unprofession', 'unprofessionell', 'unverschämt', 'unzumutbar')),
    Cue(ANGRY, 'feeling', 'de', cues=(
        r"\b(?:ich bin|wir sind) (?:\w+ )?(?:sehr |äußerst |zutiefst |wirklich |extrem )+(?:enttäuscht|verärgert|unzufrieden|"
            r"verstimmt)\b",
        r"\b(?:ich bin|wir sind) (?:\w+ )?(?:wütend|empört|verärgert)\b",
    ), examples=(
        'Wir sind sehr enttäuscht.',
        'Ich bin wirklich verärgert.',
    ), traps=(
        'Wir sind nicht enttäuscht, im Gegenteil.',
    ),
        keys=('empört', 'enttäusch', 'unzufrieden', 'verstimmt', 'verärger', 'wütend')),
    Cue(ANGRY, 'judgement', 'nl', cues=(
        r"\b(?:onaanvaardbaar|onacceptabel|schandalig|belachelijk|onprofessioneel|ongehoord|niet acceptabel)\b",
    ), examples=(
        'Dit is onaanvaardbaar.',
        'Dat is echt belachelijk.',
    ), traps=(
        'Geen probleem, dat is acceptabel.',
    ),
        keys=('acceptab', 'acceptabel', 'belachelijk', 'onaanvaard', 'onaccept', 'ongehoord', 'onprofession', 'profession', 'schandalig')),
    Cue(ANGRY, 'feeling', 'nl', cues=(
        r"\b(?:ik ben|wij zijn|we zijn) (?:\w+ )?(?:zeer |erg |enorm |echt |diep |bijzonder )+(?:teleurgesteld|ontevreden|"
            r"geïrriteerd|boos)\b",
        r"\b(?:ik ben|wij zijn|we zijn) (?:\w+ )?(?:woedend|boos|kwaad)\b",
    ), examples=(
        'Ik ben erg teleurgesteld.',
        'Wij zijn woedend.',
    ), traps=(
        'Ik ben niet boos, maar wel benieuwd.',
    ),
        keys=('boos', 'geïrriteerd', 'kwaad', 'ontevreden', 'teleurgesteld', 'woedend')),
)
