"""Small modal forms: a note, an edit, evidence, filters, an ingest path.

Each returns its result through ``dismiss`` (None when cancelled with Escape).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from workbench.models import url_problem
from workbench.store import STATUSES, ClaimFilter
from workbench.tui.text import one_line


class Form(ModalScreen[object]):
    """A titled modal: Enter in the last field (or the Save button) submits, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.submit"),
    ]
    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > Vertical {
        width: 80%; max-width: 100; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    Form .form-title { text-style: bold; margin-bottom: 1; }
    Form .form-hint { color: $text-muted; margin-top: 1; }
    Form #buttons { height: auto; margin-top: 1; }
    Form Button { margin-right: 2; }
    Form .row { height: 1; margin-bottom: 1; }
    Form .row > Label { width: 16; color: $text-muted; }
    Form .row > Input, Form .row > Select { width: 1fr; }
    Form Input.-textual-compact { background: $boost; padding: 0 1; }
    Form .row > Select { height: 1; }
    Form .row > Select > SelectCurrent {
        border: none !important; height: 1; padding: 0 1; background: $boost;
    }
    Form .row > Select:focus > SelectCurrent { background: $accent 30%; }
    """

    title_text = "Form"
    submit_label = "Save"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="form-title", markup=False)
            yield from self.fields()
            with Horizontal(id="buttons"):
                yield Button(self.submit_label, variant="primary", id="submit", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Label("Enter or ctrl+s saves · Escape cancels", classes="form-hint")

    def fields(self) -> ComposeResult:
        yield from ()

    def result(self) -> object | None:
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        value = self.result()
        if value is not None:
            self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_submit()
        else:
            self.focus_next()


class TextForm(Form):
    """One line of text: a note, or the stand-alone claim text."""

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self._value = value
        self._placeholder = placeholder

    def fields(self) -> ComposeResult:
        yield Input(self._value, placeholder=self._placeholder, id="text", compact=True)

    def result(self) -> str | None:
        text = self.query_one("#text", Input).value.strip()
        return text or None


@dataclass(frozen=True)
class Evidence:
    url: str
    quote: str


class EvidenceForm(Form):
    title_text = "Attach evidence"

    def fields(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label("URL")
            yield Input(placeholder="https://… (the source that settles it)", id="url",
                        compact=True)  # fmt: skip
        with Horizontal(classes="row"):
            yield Label("quote / comment")
            yield Input(placeholder="what it says", id="quote", compact=True)
        yield Label("", id="error", markup=False)

    def result(self) -> Evidence | None:
        url = self.query_one("#url", Input).value.strip()
        quote = self.query_one("#quote", Input).value.strip()
        if not url and not quote:
            self.query_one("#error", Label).update("Give a URL, a quote or both.")
            return None
        problem = url_problem(url) if url else None
        if problem:
            self.query_one("#error", Label).update(Text(f"The URL {one_line(problem)}."))
            return None
        return Evidence(url, quote)


class FilterForm(Form):
    """Every filter at once; they compose with the search text."""

    title_text = "Filter claims"
    submit_label = "Apply"

    def __init__(self, current: ClaimFilter, show_hidden: bool, labels: list[str],
                 documents: list[tuple[str, str]]) -> None:  # fmt: skip
        super().__init__()
        self.current = current
        self.show_hidden = show_hidden
        self.labels = labels
        self.documents = documents

    def fields(self) -> ComposeResult:
        names = {
            "all": "all claims",
            "unreviewed": "not reviewed by me",
            "reviewed": "reviewed by me",
            "conflicts": "reviewers disagree",
        }
        current = self.current
        with Horizontal(classes="row"):
            yield Label("review state")
            yield Select([(names[s], s) for s in STATUSES], value=current.status,
                         allow_blank=False, id="status", compact=True)  # fmt: skip
        with Horizontal(classes="row"):
            yield Label("verdict label")
            yield Select([(name, name) for name in self.labels],
                         value=current.labels[0] if current.labels else Select.NULL,
                         prompt="any", id="label", compact=True)  # fmt: skip
        with Horizontal(classes="row"):
            yield Label("document")
            # Text, not str: Select parses a str prompt as markup ("[/]" in a title crashed
            # it, "[@click=app.quit]" quit the app, "[R-TX]" vanished).
            yield Select(
                [(Text(one_line(title)[:70] or doc_id[:12]), doc_id)
                 for doc_id, title in self.documents],
                value=current.doc_id or Select.NULL, prompt="any", id="document", compact=True,
            )  # fmt: skip
        with Horizontal(classes="row"):
            yield Label("speaker has")
            yield Input(current.speaker or "", placeholder="e.g. Peskov", id="speaker",
                        compact=True)  # fmt: skip
        with Horizontal(classes="row"):
            yield Label("minimum score")
            minimum = "" if current.min_score is None else f"{current.min_score:g}"
            yield Input(minimum, placeholder="0 to 1", id="min-score", compact=True)
        yield Checkbox("only claims checked before (a match or a reviewed cluster-mate)",
                       current.previous, id="previous", compact=True)  # fmt: skip
        yield Checkbox("show hidden low-score claims", self.show_hidden, id="show-hidden",
                       compact=True)  # fmt: skip
        yield Label("", id="error", markup=False)

    def result(self) -> tuple[ClaimFilter, bool] | None:
        status = self.query_one("#status", Select).value
        label = self.query_one("#label", Select).value
        doc = self.query_one("#document", Select).value
        speaker = self.query_one("#speaker", Input).value.strip() or None
        raw = self.query_one("#min-score", Input).value.strip()
        try:
            minimum = float(raw) if raw else None
            if minimum is not None and not 0 <= minimum <= 1:
                raise ValueError
        except ValueError:
            self.query_one("#error", Label).update(f"Minimum score {raw!r} is not a number 0-1.")
            return None
        filt = ClaimFilter(
            status=status,  # type: ignore[arg-type]
            reviewer=self.current.reviewer,
            labels=(label,) if isinstance(label, str) else (),
            doc_id=doc if isinstance(doc, str) else None,
            speaker=speaker,
            query=self.current.query,
            min_score=minimum,
            previous=self.query_one("#previous", Checkbox).value,
        )
        return filt, self.query_one("#show-hidden", Checkbox).value


class IngestForm(TextForm):
    def __init__(self) -> None:
        super().__init__("Ingest files or folders (several with spaces; quote a path with spaces)",
                         placeholder="articles/  or  \"~/Downloads/my story.txt\"")  # fmt: skip

    def result(self) -> str | None:
        text = super().result()
        if text is not None and ingest_paths(text) is None:
            self.query_one("#text", Input).value = text
            self.app.bell()
            return None
        return text


def ingest_paths(text: str) -> list[str] | None:
    """The paths typed, as a shell splits them ("my story.txt" in quotes, or
    my\\ story.txt); None when a quotation mark is left open."""
    try:
        return shlex.split(text)
    except ValueError:
        return None


class ReportScreen(ModalScreen[None]):
    """A long report (the files an ingest skipped, and why), scrollable; any of Escape,
    Enter or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss", "Close", id="report.close"),
    ]
    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > VerticalScroll {
        width: 90%; height: 80%; border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report"):
            yield Label(self.title_text, classes="form-title", markup=False)
            yield Static(Text("\n".join(one_line(line) for line in self.lines)), id="report-lines")


class ConfirmForm(Form):
    """A question with a yes: ``y`` or Enter on the button confirms, ``n`` or Escape
    does not. Returns True when confirmed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "submit", "Yes", id="confirm.yes"),
        Binding("n", "cancel", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str, yes: str = "Apply") -> None:
        super().__init__()
        self.title_text = question
        self.submit_label = f"{yes} (y)"
        self._detail = detail

    def fields(self) -> ComposeResult:
        yield Label(self._detail, markup=False)

    def result(self) -> object | None:
        return True
