"""A client reporting that the delegate said he had no information ("your colleague said he knew nothing").

Patterns read text folded by ``detector.fold_text``; ``keys`` are regex fragments (a negation,
a lack, a wait, a return), added to the same pre-check as the first-person families'.
"""

from __future__ import annotations

from responder.judge.cues import Cue
from responder.judge.cues.no_information import INFO_DE, INFO_EN, INFO_FR, INFO_NL

REPORTED = "no_information_reported"

# Third person, for a client's report of what the colleague said.
_P3 = r"(?:he|she|il|elle|er|sie|hij|zij|ze)"
THIRD_PERSON: tuple[Cue, ...] = (
    Cue(REPORTED, 'lacking information', 'en', cues=(
        rf"\b(?:he|she) (?:did not|didn't|does not|doesn't|had no|has no|had not|hadn't|knew no|was not|wasn't|"
            rf"had never|couldn't|could not|can't|cannot)\b[^.;]{{0,40}}\b(?:{INFO_EN}|know|aware|briefed|informed|told|"
            r"in the loop|up to speed|until (?:she|he|her)|anything)\b",
        r"\b(?:he|she) knew (?:nothing|very little|little)\b",
    ), examples=(
        'Your colleague told me he knew nothing about the delivery.',
        'I called yesterday and your colleague said he had no information on the permit.',
        "Peter told me he wasn't briefed on the project.",
    ), traps=(
        'Your colleague told me he has all the information.',
        'Your colleague asked if I had no information on the PO.',
    ),
        keys=("n't", '\\bno\\b', '\\bnot\\b', 'nothing', 'cannot')),
    Cue(REPORTED, 'wait for her return', 'en', cues=(
        r"\bto wait (?:for|until|till) (?:her|his|she|he) (?:return|is back|gets back|comes back)\b",
        r"\b(?:referred|sent) (?:me|us) (?:back )?to (?:your|her) return\b",
    ), examples=(
        'Your colleague told me to wait for her return.',
        'Your colleague referred me to your return.',
    ), traps=(
        'Your colleague told me the delivery is back on schedule.',
    ),
        keys=('wait', 'return')),
    Cue(REPORTED, 'could not tell', 'en', cues=(
        r"\b(?:couldn't|could not|was unable to|wasn't able to) (?:tell|give) (?:me|us|him|her|them) (?:anything|any (?:\w+ )?"
            r"(?:information|details|answer))\b",
    ), examples=(
        "Your colleague couldn't tell me anything about the delivery date.",
    ), traps=(
        'Your colleague sent the drawings, thank you.',
    ),
        keys=("n't", '\\bnot\\b', 'unable')),
    Cue(REPORTED, 'knowing nothing', 'fr', cues=(
        rf"\bqu(?:'|e )(?:il|elle) n'(?:avait|a|était|est|étais|avais) (?:\w+ ){{0,2}}(?:aucune?|pas|rien|jamais)\b"
            rf"[^.;]{{0,30}}(?:{INFO_FR}|au courant|informée?|briefée?|dans la boucle|été)",
        r"\bqu(?:'|e )(?:il|elle) ne (?:savait|connaissait|sait|connaît|pouvait|pourrait|pourra) (?:rien|pas)\b",
        r"\bqu(?:'|e )(?:il|elle) n'en (?:savait|sait) rien\b",
        r"\b(?:il|elle) n'(?:avait|était) (?:au courant de rien|aucune? \w+|pas (?:au courant|informée?|briefée?))",
        r"\bne (?:savait|connaissait|pouvait rien (?:me |nous |lui )?dire|pouvait pas (?:me |nous |lui )?répondre)\b"
            r"(?: (?:pas|rien))?",
        r"\b(?:il|elle) ne (?:savait|connaissait) rien\b",
    ), examples=(
        "Peter m'a dit qu'il n'avait aucune information sur la pose des fenêtres.",
        "On m'a répondu qu'il n'était pas au courant.",
        "Votre collègue m'a expliqué qu'il ne savait rien de ce dossier.",
    ), traps=(
        "Peter m'a dit qu'il avait toutes les informations.",
        "Votre collègue m'a dit qu'aucune information supplémentaire n'était nécessaire.",
    ),
        keys=("\\bn'", '\\bne\\b', 'rien', 'aucun', '\\bpas\\b')),
    Cue(REPORTED, 'could not tell', 'fr', cues=(
        rf"\bn'(?:a|avait) (?:pas )?pu (?:me |nous |lui |leur )?(?:donner|fournir|communiquer|apporter) "
            rf"(?:aucune?|la moindre|d')\s?(?:\w+ ){{0,2}}{INFO_FR}",
    ), examples=(
        "Votre remplaçante n'a pu nous fournir aucune information sur les travaux.",
    ), traps=(
        'Votre remplaçante nous a fourni toutes les informations sur les travaux.',
    ),
        keys=("\\bn'",)),
    Cue(REPORTED, 'wait for her return', 'fr', cues=(
        r"\bd'attendre (?:son|le) retour\b",
        r"\bm'a renvoyée? à son retour\b",
    ), examples=(
        "Votre collègue m'a dit d'attendre son retour.",
        "Votre collègue m'a renvoyé à son retour.",
    ), traps=(
        "Votre collègue m'a dit que le retour des plans était prévu lundi.",
    ),
        keys=('attend', 'retour')),
    Cue(REPORTED, 'lacking information', 'de', cues=(
        rf"\b(?:er|sie) (?:habe|hatte|hätte|hat) (?:keine|keinerlei) (?:\w+ ){{0,2}}{INFO_DE}\b",
        r"\b(?:er|sie) (?:wisse|wusste|weiß) (?:nichts|von nichts|nicht bescheid)\b",
        r"\b(?:er|sie) (?:sei|war|ist) nicht (?:informiert|im bilde|eingeweiht|auf dem laufenden|gebrieft)\b",
        rf"\bdass (?:er|sie) (?:(?:nichts|von nichts) (?:\w+ ){{0,3}}(?:wusste|weiß|wisse)|(?:keine|keinerlei) "
            rf"(?:\w+ ){{0,2}}{INFO_DE} (?:\w+ ){{0,3}}(?:hatte|habe|hat)|nicht informiert (?:war|sei|ist))\b",
    ), examples=(
        'Ihr Kollege hat mir gesagt, er habe keine Informationen dazu.',
        'Ihr Kollege sagte mir, er sei nicht informiert.',
    ), traps=(
        'Ihr Kollege hat mir gesagt, er habe alle Informationen.',
    ),
        keys=('kein', 'nicht')),
    Cue(REPORTED, 'could not tell', 'de', cues=(
        r"\bkonnte (?:mir|uns|ihm|ihr) (?:\w+ ){0,3}(?:nichts|keine (?:auskunft|antwort|informationen?|details)) "
            r"(?:\w+ ){0,2}(?:sagen|mitteilen|geben|nennen)\b",
    ), examples=(
        'Ihr Kollege konnte mir leider nichts dazu sagen.',
    ), traps=(
        'Ihr Kollege konnte mir alles dazu sagen.',
    ),
        keys=('nicht', 'kein')),
    Cue(REPORTED, 'wait for her return', 'de', cues=(
        r"\bauf ihre rückkehr (?:verwiesen|vertröstet)\b",
    ), examples=(
        'Ihr Kollege hat mich auf Ihre Rückkehr vertröstet.',
    ), traps=(
        'Ihr Kollege hat mir die Pläne geschickt.',
    ),
        keys=('rückkehr', 'verwie')),
    Cue(REPORTED, 'lacking information', 'nl', cues=(
        rf"\b(?:hij|zij|ze) (?:had|heeft|hebben) geen (?:\w+ ){{0,2}}{INFO_NL}\b",
        r"\b(?:hij|zij|ze|collega|vervanger) (?:wist|weet) (?:er )?(?:van )?(?:niets|niks)\b",
        rf"\bdat (?:hij|zij|ze) (?:er )?(?:(?:niets|niks) (?:\w+ ){{0,3}}(?:wist|weet|kon)|geen (?:\w+ ){{0,2}}{INFO_NL} "
            rf"(?:\w+ ){{0,3}}(?:had|heeft)|niet op de hoogte (?:was|is))\b",
        r"\b(?:hij|zij|ze) (?:was|is) niet (?:op de hoogte|ingelicht|geïnformeerd|gebrieft)\b",
    ), examples=(
        'Uw collega zei dat hij niets wist over de offerte.',
        'Uw collega zei dat hij geen informatie had.',
    ), traps=(
        'Uw collega zei dat hij alle informatie had.',
    ),
        keys=('\\bgeen\\b', '\\bniet', 'niks')),
    Cue(REPORTED, 'wait for her return', 'nl', cues=(
        r"\bverwees (?:me|mij|ons) naar (?:jouw|uw|haar|je) terugkeer\b",
        r"\bop (?:jouw|uw|haar|je) terugkeer (?:moeten|moet|moesten) wachten\b",
    ), examples=(
        'Uw collega verwees me naar uw terugkeer.',
    ), traps=(
        'Uw collega stuurde me de tekeningen.',
    ),
        keys=('terugkeer', 'verwees')),
)
