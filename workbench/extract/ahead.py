"""Claims' texts encoded ahead: in a thread of its own, in batches that span documents.

The sentence encoder is the dearest step of extraction with vectors, and its cost
depends on how it is fed. One call per document (a news article has 20-40 texts to
encode) pads every text to the longest of its document; texts gathered across
documents are sorted by length into batches with little padding. Measured on the
seed articles: the same 1,501 texts took 19.5 s encoded 27 at a time and 9.2 s in
one call. So the texts of many documents are sent together, and a document whose
texts are all parsed waits (in order, unfinished) until enough texts have gathered.

onnxruntime and the tokenizer release the GIL, so a batch is encoded while spaCy
parses the next paragraphs; a document is finished once its vectors are there, or
when the encoder is behind (then waiting for it costs nothing: it is the limit).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]

#: Texts sent to the encoder's thread at a time: enough for its length-sorted
#: batches to pad little, few enough that encoding starts while spaCy parses a long
#: document.
AHEAD = 256
#: Batches in flight beyond which a finished document waits for its vectors instead
#: of letting spaCy parse further ahead (memory stays bounded; the encoder is the limit).
IN_FLIGHT = 2


class Ahead:
    """Texts to encode, each once however many documents ask for it, sent in batches.

    A document's texts are a ``set`` it owns (``add``); ``ready`` says whether its
    vectors can be had now, ``take`` hands them over (waiting if need be) and forgets
    the texts no other document still needs.
    """

    def __init__(self, encode: Callable[[list[str]], Floats], size: int = AHEAD) -> None:
        self._encode = encode
        self._size = size
        self._pool = ThreadPoolExecutor(1, "encoder")
        self._unsent: list[str] = []
        #: Where each text's vector will be: its batch and row; None until it is sent.
        self._where: dict[str, tuple[Future[Floats], int] | None] = {}
        #: How many unfinished documents need each text.
        self._refs: Counter[str] = Counter()
        self._jobs: deque[Future[Floats]] = deque()

    def add(self, owner: set[str], texts: Iterable[str]) -> None:
        """``owner`` (a document's set of texts) needs vectors for ``texts`` too."""
        for text in texts:
            if text in owner:
                continue
            owner.add(text)
            self._refs[text] += 1
            if text not in self._where:
                self._where[text] = None
                self._unsent.append(text)
        if len(self._unsent) >= self._size:
            self.send()

    def send(self) -> None:
        """Send the texts gathered so far to the encoder's thread."""
        if not self._unsent:
            return
        texts, self._unsent = self._unsent, []
        job = self._pool.submit(self._encode, texts)
        for row, text in enumerate(texts):
            self._where[text] = (job, row)
        self._jobs.append(job)

    def ready(self, owner: set[str]) -> bool:
        """Whether ``owner`` should be finished now: its vectors are done, or the encoder
        is behind. Not while one of its texts is still gathering (``finish`` at the end
        of the input sends what is left)."""
        while self._jobs and self._jobs[0].done():
            self._jobs.popleft()
        jobs = [self._where[t] for t in owner]
        if any(where is None for where in jobs):
            return False
        return len(self._jobs) > IN_FLIGHT or all(w[0].done() for w in jobs if w is not None)

    def take(self, owner: set[str]) -> dict[str, Floats]:
        """The vectors of ``owner``'s texts (sending any not sent yet, and waiting)."""
        if any(self._where[t] is None for t in owner):
            self.send()
        out: dict[str, Floats] = {}
        for text in owner:
            where = self._where[text]
            assert where is not None
            job, row = where
            out[text] = job.result()[row]
            self._refs[text] -= 1
            if not self._refs[text]:
                del self._refs[text]
                del self._where[text]
        owner.clear()
        return out

    def close(self) -> None:
        """Stop the thread; batches not started are dropped (the run was abandoned)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
