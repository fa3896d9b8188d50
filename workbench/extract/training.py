"""Training and cross-validating the whole check-worthiness model: the bag-of-words
classifier and, given sentence vectors, the linear head over them.

Two kinds of labelled data train it. Sentences (ClaimBuster: "is this a
check-worthy factual claim?", a quarter positive) train the bag-of-words classifier
and the head. Transcript lines (CLEF 2019: "did fact-checkers pick this line?", 3%
positive) train the head only, with a column saying they are transcript lines: their
base rate is nine times lower, and that column, not the shared weights, absorbs it,
so a news sentence (scored as a non-transcript) keeps the sentence-level calibration
that ``hide_below`` was set on.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc

from workbench.extract import checkworthiness as cw
from workbench.extract.attribution import attribute
from workbench.extract.head import Signals, fit
from workbench.extract.scoring import score

Progress = Callable[[int, int], None]
#: Folds of the training data that give the head out-of-fold bag-of-words
#: probabilities (a probability from a model that saw the sentence is overconfident,
#: and the head would learn to trust it too much).
INNER_FOLDS = 3


@dataclass(frozen=True)
class Labelled:
    """Parsed labelled texts; ``groups[i]`` names the transcript of a line ("" for a
    sentence from a flat file)."""

    docs: Sequence[Doc]
    labels: Sequence[int]
    groups: Sequence[str]

    def subset(self, idx: Sequence[int]) -> Labelled:
        return Labelled([self.docs[i] for i in idx], [self.labels[i] for i in idx],
                        [self.groups[i] for i in idx])  # fmt: skip


_WS = re.compile(r"\s+")


def text_key(text: str) -> str:
    """Texts that are the same sentence (ClaimBuster and CLEF share 677 debate lines)."""
    return _WS.sub(" ", text).strip().casefold()


def signals(docs: Sequence[Doc], probabilities: Sequence[float], groups: Sequence[str]
            ) -> list[Signals]:  # fmt: skip
    """The head's non-vector inputs for texts parsed as one statement each."""
    out = []
    for doc, p, group in zip(docs, probabilities, groups, strict=True):
        value, reasons = score(doc[:], attribute(doc[:]))
        out.append(Signals(p, value, tuple(reasons), transcript=bool(group)))
    return out


def train_model(data: Labelled, vectors: npt.NDArray[np.floating] | None = None, *,
                epochs: int = 4, dropout: float = 0.3, seed: int = 0) -> cw.Classifier:  # fmt: skip
    """The bag-of-words classifier trained on the sentences (all texts when there are
    no sentences), and with ``vectors`` (one row per text) the head over everything."""
    sentences = [i for i, g in enumerate(data.groups) if not g] or list(range(len(data.docs)))

    def bow(idx: Sequence[int]) -> cw.Classifier:
        return cw.train([data.docs[i] for i in idx], [data.labels[i] for i in idx],
                        epochs=epochs, dropout=dropout, seed=seed)  # fmt: skip

    model = bow(sentences)
    if vectors is None:
        return model
    probs = np.zeros(len(data.docs))
    inside = set(sentences)
    others = [i for i in range(len(data.docs)) if i not in inside]
    if others:  # texts the bag of words never trained on: the final model is fair to them
        probs[others] = model.probabilities([data.docs[i] for i in others])
    for part in cw.folds(len(sentences), INNER_FOLDS, seed):
        held = [sentences[j] for j in part]
        rest = sorted(inside - set(held))
        probs[held] = bow(rest).probabilities([data.docs[i] for i in held])
    model.head = fit(vectors, signals(data.docs, probs.tolist(), data.groups), data.labels)
    return model


def group_folds(groups: Sequence[str], k: int, seed: int = 0) -> list[list[int]]:
    """``k`` folds of indices in which no named group (transcript) is split; texts of no
    group are spread as ``folds`` spreads them."""
    named = sorted({g for g in groups if g})
    random.Random(seed).shuffle(named)
    fold_of = {g: i % k for i, g in enumerate(named)}
    loose = [i for i, g in enumerate(groups) if not g]
    out: list[list[int]] = [[] for _ in range(k)]
    for i, part in enumerate(cw.folds(len(loose), k, seed)):
        out[i].extend(loose[j] for j in part)
    for i, g in enumerate(groups):
        if g:
            out[fold_of[g]].append(i)
    return [sorted(part) for part in out if part]


def final_scores(model: cw.Classifier, docs: Sequence[Doc], groups: Sequence[str],
                 vectors: npt.NDArray[np.floating] | None = None) -> list[float]:  # fmt: skip
    """The score the extractor gives each text taken as one statement: the head's when
    there are vectors and a head, else rules mixed with the bag of words."""
    probs = model.probabilities(docs)
    sig = signals(docs, probs, groups)
    if vectors is not None and model.head is not None:
        # Scored as news is: a transcript line's own column is for training only.
        plain = [Signals(s.probability, s.rule_score, s.reasons) for s in sig]
        return [round(float(p), 3) for p in model.head.predict(vectors, plain)]
    return [cw.combine(s.probability, s.rule_score) for s in sig]


def cross_validate(data: Labelled, k: int, vectors: npt.NDArray[np.floating] | None = None,
                   extra: Labelled | None = None,
                   extra_vectors: npt.NDArray[np.floating] | None = None, *, seed: int = 0,
                   progress: Progress | None = None) -> list[float]:  # fmt: skip
    """Out-of-fold scores of ``data``: each fold scored by a model trained on the other
    folds plus ``extra`` (texts that are trained on, never scored), leaving out any
    training text that is the same sentence as one in the fold. Transcripts are never
    split between folds."""
    scores = [0.0] * len(data.docs)
    parts = group_folds(data.groups, k, seed)
    for n, held in enumerate(parts, 1):
        keys = {text_key(data.docs[i].text) for i in held}
        held_set = set(held)
        train_idx = [i for i in range(len(data.docs))
                     if i not in held_set and text_key(data.docs[i].text) not in keys]  # fmt: skip
        train = data.subset(train_idx)
        train_vectors = None if vectors is None else vectors[train_idx]
        if extra is not None:
            keep = [i for i, d in enumerate(extra.docs) if text_key(d.text) not in keys]
            more = extra.subset(keep)
            train = Labelled([*train.docs, *more.docs], [*train.labels, *more.labels],
                             [*train.groups, *more.groups])  # fmt: skip
            if train_vectors is not None and extra_vectors is not None:
                train_vectors = np.vstack([train_vectors, extra_vectors[keep]])
        model = train_model(train, train_vectors, seed=seed)
        held_vectors = None if vectors is None else vectors[held]
        fold = final_scores(model, [data.docs[i] for i in held], [data.groups[i] for i in held],
                            held_vectors)  # fmt: skip
        for i, s in zip(held, fold, strict=True):
            scores[i] = s
        if progress:
            progress(n, len(parts))
    return scores
