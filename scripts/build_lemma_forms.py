#!/usr/bin/env python3
"""Write responder/judge/cues/lemma_forms.json: every inflected form of the lemma families' words.

The stonewall, at-risk and angry families (responder/judge/cues/lemma_families.py,
signal_families.py) match lemmas. Loading simplemma's
whole FR/EN/DE/NL dictionaries takes seconds (German alone 1.5 s), for a few hundred words that
matter; so the forms of those words are taken from simplemma's dictionaries here, once, and the
service reads this small table. Run it after changing a family's words; a test fails while the
table is out of step with the families.

Usage: .venv/bin/python scripts/build_lemma_forms.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABLE = ROOT / "responder" / "judge" / "cues" / "lemma_forms.json"


def family_words(*, stonewall: bool) -> dict[str, set[str]]:
    from responder.judge.cues.lemma_families import FAMILIES
    from responder.judge.cues.signal_families import FAMILIES as SIGNAL_FAMILIES

    words: dict[str, set[str]] = {}
    for family in FAMILIES if stonewall else SIGNAL_FAMILIES:
        for group in family.groups:
            words.setdefault(family.lang, set()).update(w for w in group if not w.startswith("@"))
    return words


def _forms(dictionary: dict[str, str], words: set[str]) -> dict[str, str]:
    forms: dict[str, str] = {}
    for form, lemma in dictionary.items():
        form, lemma = form.lower(), lemma.lower()
        if lemma in words and (form not in forms or forms[form] not in words):
            forms[form] = lemma
        elif form in words and form not in forms:
            forms[form] = lemma
    return forms


def build() -> dict[str, dict[str, str]]:
    """Per language, lower-case form → lower-case lemma, for the forms whose lemma (or which) is a family word.

    The stonewall families' lemmas come first: a form both kinds of family know ("Frage": the
    stonewall's "fragen", the at-risk "Frage") keeps the stonewall's reading, so adding an at-risk
    or angry word never changes what the stonewall rules see."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    factory = DefaultDictionaryFactory()
    stonewall, signals = family_words(stonewall=True), family_words(stonewall=False)
    table: dict[str, dict[str, str]] = {}
    for lang in sorted(set(stonewall) | set(signals)):
        dictionary = factory.get_dictionary(lang)
        forms = _forms(dictionary, signals.get(lang, set()))
        forms.update(_forms(dictionary, stonewall.get(lang, set())))
        table[lang] = dict(sorted(forms.items()))
    return table


def main() -> None:
    text = json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    if "--check" in sys.argv:
        sys.exit(0 if TABLE.read_text(encoding="utf-8") == text else 1)
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
