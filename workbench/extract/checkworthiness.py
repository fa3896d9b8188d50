"""The check-worthiness classifier: a spaCy bag-of-n-grams text classifier.

It reads a sentence the way the main pipeline already analysed it: the
lower-cased words plus one token per named entity label and per
part-of-speech tag that marks facts (numbers, past and present tense,
comparisons, modals). So scoring a claim costs no second parse, only a
linear model over hashed n-grams.

Without a sentence encoder the final score mixes this probability with the
readable rule score of ``scoring.score`` (``CLASSIFIER_WEIGHT``); both weights
and the default threshold were chosen by five-fold cross-validation on
ClaimBuster (see the README's "Check-worthiness" section for the figures and the
command). A model folder may also hold a ``head.json`` (``workbench.extract.head``):
a linear model over the sentence vector and these signals, used when the caller
passes an encoder.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]

from workbench.extract.entities import ents_of
from workbench.extract.head import Head

#: Where the packaged default model lives (trained on ClaimBuster's train.json).
DEFAULT_MODEL = Path(__file__).parent / "models" / "checkworthiness"
#: The classifier's share of the final score; the rule score has the rest.
CLASSIFIER_WEIGHT = 0.7
#: Scores at or above this count as check-worthy (best cross-validated F1 on ClaimBuster).
THRESHOLD = 0.4
#: Tags whose presence says something about factuality (numbers, tense, comparison, modality).
_TAGS = frozenset("CD MD PRP VBD VBZ VBP VBN JJR JJS RBR WP WRB".split())
LABEL = "CHECKWORTHY"
_OTHER = "NOT_CHECKWORTHY"


def features(span: Span | Doc) -> list[str]:
    """The classifier's input words for a parsed sentence."""
    words = [t.lower_ for t in span if not t.is_space]
    words += [f"ENT_{e.label_}" for e in ents_of(span)]
    words += [f"TAG_{t.tag_}" for t in span if t.tag_ in _TAGS]
    return words or ["EMPTY"]


def combine(probability: float, rule_score: float) -> float:
    return round(CLASSIFIER_WEIGHT * probability + (1 - CLASSIFIER_WEIGHT) * rule_score, 3)


class Classifier:
    """A trained text classifier over ``features`` words."""

    def __init__(self, nlp: Language, head: Head | None = None) -> None:
        self.nlp = nlp
        self.textcat = nlp.get_pipe("textcat")
        #: The linear model over sentence vectors, when the folder has one.
        self.head = head

    @classmethod
    def load(cls, path: Path | str = DEFAULT_MODEL) -> Classifier:
        try:
            return cls(spacy.load(path), Head.from_disk(Path(path)))
        except (OSError, KeyError, ValueError) as exc:
            raise ClassifierError(f"{path}: not a check-worthiness model ({exc})") from None

    def probabilities(self, spans: Sequence[Span | Doc]) -> list[float]:
        docs = [Doc(self.nlp.vocab, words=features(s)) for s in spans]
        return [d.cats[LABEL] for d in self.textcat.pipe(docs, batch_size=256)]  # type: ignore[attr-defined]

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(path)
        stale = path / "head.json"
        if self.head is not None:
            self.head.to_disk(path)
        elif stale.exists():  # a folder retrained without vectors must not keep an old head
            stale.unlink()


class ClassifierError(Exception):
    """A classifier directory that cannot be loaded: the message names it."""


def train(
    parsed: Sequence[Span | Doc],
    labels: Sequence[int],
    *,
    epochs: int = 4,
    dropout: float = 0.3,
    seed: int = 0,
) -> Classifier:
    """Train a classifier on sentences already parsed by the main pipeline.

    The settings (bigrams, 4 epochs, dropout 0.3) won five-fold
    cross-validation on ClaimBuster against unigrams, trigrams, lemmas, 6
    epochs and cased words; more epochs overfit.
    """
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(
        "textcat",
        config={"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                          "ngram_size": 2, "no_output_layer": False, "length": 262144}},
    )  # fmt: skip
    textcat.add_label(LABEL)  # type: ignore[attr-defined]
    textcat.add_label(_OTHER)  # type: ignore[attr-defined]
    examples = [
        Example.from_dict(
            Doc(nlp.vocab, words=features(s)), {"cats": {LABEL: float(y), _OTHER: 1.0 - y}}
        )
        for s, y in zip(parsed, labels, strict=True)
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=32):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, drop=dropout)
    nlp.meta["name"] = "workbench_checkworthiness"
    nlp.meta["description"] = "Check-worthiness of a sentence; input: workbench features()"
    return Classifier(nlp)


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 256) -> list[Doc]:
    """Parse sentences with the main pipeline, without the workbench components."""
    # Every workbench component is named workbench_*: the classifier needs only spaCy's.
    disable = [name for name in nlp.pipe_names if name.startswith("workbench_")]
    with nlp.select_pipes(disable=disable):
        return list(nlp.pipe(texts, batch_size=batch_size))


def folds(n: int, k: int, seed: int = 0) -> list[list[int]]:
    """``k`` disjoint folds of indices 0..n-1, shuffled (labelled files are often sorted)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]
