"""Every setting is documented in the README and read from the environment."""

from pathlib import Path

from newsevents import settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    for s in settings.SETTINGS:
        assert s.help.strip(), s.name
        assert f"NEWSEVENTS_{s.name.upper()}" in README, f"{s.name} is not in the README's settings table"


def test_environment_overrides_default(monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_BATCH_SIZE", "7")
    assert settings.get_int("batch_size") == 7
    monkeypatch.delenv("NEWSEVENTS_BATCH_SIZE")
    assert settings.get_int("batch_size") == 32
