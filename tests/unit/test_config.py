from pathlib import Path

import pytest

from workbench.config import DEFAULT_SCALE, SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for name in ("WORKBENCH_DB", "WORKBENCH_REVIEWER", "WORKBENCH_MODEL", "WORKBENCH_SCALE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_follow_the_design():
    s = load_settings()
    assert s.db == Path("db/workbench.db")
    assert s.model == "en_core_web_sm"
    assert s.reviewer
    assert [(x.key, x.label, x.rating) for x in s.scale] == [
        ("1", "true", 5), ("2", "mostly-true", 4), ("3", "misleading", 3),
        ("4", "mostly-false", 2), ("5", "false", 1), ("u", "unverifiable", None),
        ("o", "opinion", None), ("x", "not-check-worthy", None),
    ]  # fmt: skip


def test_precedence_defaults_toml_env_flags(tmp_path, monkeypatch):
    (tmp_path / "workbench.toml").write_text('reviewer = "toml"\ndb = "x/from-toml.db"\n')
    assert load_settings().reviewer == "toml"
    assert load_settings().db == Path("x/from-toml.db")
    monkeypatch.setenv("WORKBENCH_REVIEWER", "env")
    assert load_settings().reviewer == "env"
    assert load_settings().db == Path("x/from-toml.db")
    assert load_settings(reviewer="flag").reviewer == "flag"
    assert load_settings(reviewer=None).reviewer == "env"  # a flag not given changes nothing


def test_explicit_config_file(tmp_path):
    cfg = tmp_path / "other.toml"
    cfg.write_text('model = "xx_custom"\n')
    assert load_settings(cfg).model == "xx_custom"


def test_custom_scale_from_toml(tmp_path):
    (tmp_path / "workbench.toml").write_text(
        '[[scale]]\nkey = "t"\nlabel = "correct"\nrating = 5\n'
        '[[scale]]\nkey = "w"\nlabel = "wrong"\nrating = 1\n'
    )
    assert [x.label for x in load_settings().scale] == ["correct", "wrong"]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[[scale]]\nkey = "1"\nlabel = "a"\n[[scale]]\nkey = "1"\nlabel = "b"\n',
         "duplicate verdict key '1'"),
        ('[[scale]]\nkey = "1"\nlabel = "a"\n[[scale]]\nkey = "2"\nlabel = "a"\n',
         "duplicate verdict label 'a'"),
        ('[[scale]]\nkey = "q"\nlabel = "a"\n', "taken by the review screen"),
        ('[[scale]]\nkey = "ab"\nlabel = "a"\n', "single printable character"),
        ('[[scale]]\nkey = "1"\nlabel = "a"\nrating = 9\n', "between 1 and 5"),
        ('[[scale]]\nkey = "1"\nlabel = "a"\ncolour = "red"\n', "unknown setting"),
        ('reviewr = "typo"\n', "reviewr: unknown setting"),
        ("scale = []\n", "the verdict scale is empty"),
        ("reviewer = [\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_bad_settings_stop_with_one_clear_line(tmp_path, toml, expected):
    (tmp_path / "workbench.toml").write_text(toml)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert "workbench.toml" in message


def test_missing_config_file_is_named(tmp_path):
    with pytest.raises(SettingsError, match=r"nope\.toml: settings file not found"):
        load_settings(tmp_path / "nope.toml")


def test_bad_env_value(monkeypatch):
    monkeypatch.setenv("WORKBENCH_BATCH_SIZE", "zero")
    with pytest.raises(SettingsError, match="batch_size"):
        load_settings()


def test_every_field_is_documented():
    from workbench.config import Settings

    for name, info in Settings.model_fields.items():
        assert info.description, f"setting {name} has no docstring"


def test_default_scale_is_immutable():
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error type varies
        DEFAULT_SCALE[0].key = "9"  # type: ignore[misc]
