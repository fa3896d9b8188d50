"""Settings: one pydantic-settings model.

Precedence, lowest first: the defaults below < ``workbench.toml`` in the
working directory (or the file given with ``--config``) < ``WORKBENCH_*``
environment variables < command-line flags.
"""

from __future__ import annotations

import getpass
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from workbench.models import Label

DEFAULT_CONFIG_FILE = Path("workbench.toml")

DEFAULT_SCALE: tuple[Label, ...] = (
    Label(key="1", label="true", rating=5, description="true"),
    Label(key="2", label="mostly-true", rating=4, description="mostly true"),
    Label(key="3", label="misleading", rating=3, description="misleading"),
    Label(key="4", label="mostly-false", rating=2, description="mostly false"),
    Label(key="5", label="false", rating=1, description="false"),
    Label(key="u", label="unverifiable", description="unverifiable"),
    Label(key="o", label="opinion", description="opinion, not a factual claim"),
    Label(key="x", label="not-check-worthy", description="not check-worthy (extraction was wrong)"),
)

#: Keys the review screen uses for itself; a verdict key may not take one of them.
RESERVED_KEYS: frozenset[str] = frozenset("qzZnevjkgGsfd/?arPcHFiAJm")


class SettingsError(Exception):
    """Bad settings: the message is one line that names the source and the problem."""


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


class Settings(BaseSettings):
    """Everything a user can configure. Each field is documented for `workbench config`."""

    model_config = SettingsConfigDict(
        env_prefix="WORKBENCH_",
        extra="forbid",
        use_attribute_docstrings=True,
        toml_file=DEFAULT_CONFIG_FILE,
        validate_default=True,
    )

    db: Path = Path("db/workbench.db")
    """The SQLite database file; created with its folder on first use."""

    reviewer: str = Field(default_factory=_login_name, min_length=1)
    """Who is reviewing: every verdict and note is recorded under this name."""

    model: str = "en_core_web_sm"
    """The spaCy pipeline used for extraction. When the official `en_core_web_sm`
    is not installed, the bundled copy of the same 3.8.0 files is used."""

    classifier: str = "default"
    """The check-worthiness classifier: "default" for the packaged model (trained on
    ClaimBuster), a folder written by `workbench train checkworthiness`, or "" for the
    readable rules alone."""

    batch_size: int = Field(default=64, ge=1, le=10_000)
    """Paragraphs per spaCy batch during ingest."""

    scale: tuple[Label, ...] = DEFAULT_SCALE
    """The verdict scale: one key, label and ClaimReview rating per step."""

    hide_below: float = Field(default=0.3, ge=0.0, le=1.0)
    """Claims scoring below this are kept but hidden in the TUI until you show them (H).
    Lower than the F1-best threshold on ClaimBuster (0.4) on purpose: hiding should
    only take away what is clearly not worth checking."""

    encoder: str = "default"
    """The sentence encoder for matching and clustering by meaning: "default" for the
    packaged all-MiniLM-L6-v2 (int8 ONNX, Apache-2.0), a folder holding another
    sentence-transformers model as `model.onnx` + `tokenizer.json`, or "" to match by
    words alone. Vectors record their model; after a change, `workbench vectors`
    encodes everything again."""

    cluster_threshold: float = Field(default=0.55, ge=0.0, le=1.0)
    """Claims whose words are at least this alike (`workbench.match.similarity`, 0-1)
    join one cluster. 0.55 separates the translations of one quotation from statements
    on the same topic in the seed articles; raise it for fewer, surer clusters."""

    cluster_cosine: float = Field(default=0.81, ge=0.0, le=1.01)
    """Claims whose sentence vectors are at least this alike (cosine) join one cluster
    too, when their speakers may be the same: paraphrases and translations that share
    few words. 0.81 is just above every pair of the labelled seed pairs that must stay
    apart (tests/fixtures/pairs.py); 1.01 turns it off."""

    match_threshold: float = Field(default=0.18, ge=0.0, le=1.0)
    """Checked claims scoring at least this (`workbench match`'s score: the probability,
    0-1, that the checked claim is the one a claim restates) are stored and shown as
    previous verdicts of a claim (as possible matches below apply_threshold). On the
    CheckThat! 2020 train tweets, 95.2% of the first matches at or above 0.18 are the
    claim checked (661 of 694; dev 94.5%, 156 of 165; `benches/fit_matching.py`).
    Without an encoder the same number applies to the words-alone score."""

    apply_threshold: float = Field(default=0.84, ge=0.0, le=1.01)
    """A previous verdict scoring at least this is applied with one key (`a`) when the
    pair alone is alike enough too (its fused score of words and meaning at least 0.70,
    `workbench.match.suggest.APPLY_FLOOR`: the score weighs a candidate's rank among the
    claim's others, so in a small memory the best one looks sure even when wrong; a hard
    negative of the seed pairs scores 0.9991, fused 0.64). Otherwise the claim pane says
    "possible match" and `a` asks first. On the CheckThat! train tweets every first
    match from 0.84 up is right; with both gates 9 of 800 are applied with one key, all
    right (dev 7 of 197, all right; `benches/fit_matching.py`). 1.01 turns one-key apply
    off. Without an encoder (`encoder = ""`) scores are not calibrated and every match
    asks first."""

    theme: str = "textual-dark"
    """The TUI colour theme (any Textual theme: textual-dark, textual-light, nord, ...)."""

    organization: str = "workbench fact-checkers"
    """Who publishes the verdicts: the author of every ClaimReview."""

    organization_url: str | None = None
    """The publishing organisation's home page, for ClaimReview."""

    claimreview_url: str = "https://factcheck.example.org/claims/{claim_id}"
    """Where each published verdict lives; {claim_id} and {doc_id} are filled in."""

    blind: bool | None = None
    """Blind review: others' verdicts, notes and markers on a claim stay hidden until you
    give your own. Unset: on when the database has assignments (`workbench assign`)."""

    adjudicator: str | None = None
    """The reviewer whose verdict settles a disagreement in `export --final`."""

    keys: dict[str, str] = Field(default_factory=dict)
    """Remapped TUI keys: binding id = "key[,key...]", e.g. undo = "ctrl+z".
    `?` in the TUI lists every binding id."""

    @field_validator("scale")
    @classmethod
    def _scale_is_usable(cls, scale: tuple[Label, ...]) -> tuple[Label, ...]:
        if not scale:
            raise ValueError("the verdict scale is empty")
        seen_keys: set[str] = set()
        seen_labels: set[str] = set()
        for step in scale:
            if step.key in seen_keys:
                raise ValueError(f"duplicate verdict key {step.key!r}")
            if step.label in seen_labels:
                raise ValueError(f"duplicate verdict label {step.label!r}")
            if step.key in RESERVED_KEYS:
                raise ValueError(
                    f"verdict key {step.key!r} ({step.label}) is taken by the review screen"
                )
            seen_keys.add(step.key)
            seen_labels.add(step.label)
        return scale

    @field_validator("claimreview_url")
    @classmethod
    def _url_template_fills(cls, v: str) -> str:
        # Checked here, or a typo in the template was a traceback in the middle of an export.
        try:
            v.format(claim_id="c", doc_id="d")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"{v!r} is not a template with only {{claim_id}} and {{doc_id}} ({exc!r})"
            ) from None
        return v

    @model_validator(mode="after")
    def _remaps_leave_verdict_keys(self) -> Settings:
        """A remapped key that is also a verdict key would silently take it over."""
        verdicts = {step.key: step.label for step in self.scale}
        for binding, keys in self.keys.items():
            for key in (k.strip() for k in keys.split(",")):
                if key in verdicts and binding != f"verdict.{verdicts[key]}":
                    raise ValueError(
                        f"keys: {binding} = {key!r} is the verdict key of "
                        f"{verdicts[key]!r}; choose another key"
                    )
        return self

    @field_validator("reviewer")
    @classmethod
    def _reviewer_is_a_name(cls, v: str) -> str:
        v = v.strip()
        if not v or not v.isprintable():
            raise ValueError("reviewer must be a printable, non-empty name")
        return v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    def label_for_key(self, key: str) -> Label | None:
        return next((step for step in self.scale if step.key == key), None)

    def label_named(self, name: str) -> Label | None:
        return next((step for step in self.scale if step.label == name), None)


def _describe(error: ValidationError, source: str) -> str:
    first = error.errors()[0]
    # A check across fields (a model validator) has no location; its message names them.
    where = ".".join(str(part) for part in first["loc"]) or None
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown setting"
    more = len(error.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{source}: {where + ': ' if where else ''}{message}{tail}"


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Build the settings from every source, or raise SettingsError with one line.

    ``config`` names a TOML file that must exist; without it ``workbench.toml``
    in the working directory is read when present. ``flags`` are command-line
    values; ``None`` means the flag was not given.
    """
    path = config if config is not None else DEFAULT_CONFIG_FILE
    if config is not None and not config.is_file():
        raise SettingsError(f"{config}: settings file not found")
    if path.is_file():
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    bound = type(
        "Settings", (Settings,), {"model_config": {**Settings.model_config, "toml_file": path}}
    )
    given = {name: value for name, value in flags.items() if value is not None}
    sources = f"{path}, WORKBENCH_* or flags" if path.is_file() else "WORKBENCH_* or flags"
    try:
        settings: Settings = bound(**given)
    except ValidationError as exc:
        raise SettingsError(_describe(exc, f"settings ({sources})")) from None
    return settings
