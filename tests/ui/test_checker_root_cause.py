"""One mistake, one line, naming its root cause: no cascades from a file that failed to load,
indentation named when it is the likely cause, undefined names shown where they are written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nanostore.shop_catalogue import shop_catalogue
from nanostore.ui import Registry, check_screens
from nanostore.ui.yaml_hints import with_indentation_hint

BROKEN_LOCALES = Path(__file__).parent / "fixtures" / "broken" / "_locales"


@pytest.fixture(scope="module")
def catalogue():
    return shop_catalogue()


def check_copy(catalogue) -> list[str]:
    return [str(p) for p in check_screens(Path("screens"), Path("locales"), catalogue)]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_a_widget_typo_in_menu_is_one_problem_not_one_per_screen_starting_menu(shipped_copy, catalogue):
    replace_in(shipped_copy / "screens" / "menu.yaml", "- button:", "- buton:")
    problems = check_copy(catalogue)
    assert len(problems) == 1, "\n".join(problems)
    assert problems[0].startswith("screens/menu.yaml:") and "unknown widget 'buton'" in problems[0]


def test_a_yaml_syntax_error_in_menu_is_one_problem(shipped_copy, catalogue):
    replace_in(shipped_copy / "screens" / "menu.yaml", "windows:", "windows: [")
    problems = check_copy(catalogue)
    assert len(problems) == 1, "\n".join(problems)
    assert problems[0].startswith("screens/menu.yaml:")


def test_a_broken_messages_file_is_one_problem_not_every_key_missing(shipped_copy, catalogue):
    messages = sorted((shipped_copy / "locales" / "ru").rglob("*.yaml"))[0]
    messages.write_text(messages.read_text(encoding="utf-8") + "\noops: [\n", encoding="utf-8")
    problems = check_copy(catalogue)
    assert len(problems) == 1, "\n".join(problems)
    assert problems[0].startswith(f"{messages.relative_to(shipped_copy)}:")


def test_a_broken_template_is_one_problem_and_other_windows_are_still_previewed(shipped_copy, catalogue):
    templates = sorted((shipped_copy / "locales" / "en").rglob("*.j2"))
    templates[0].write_text(templates[0].read_text(encoding="utf-8") + "{% if %}", encoding="utf-8")
    replace_in(shipped_copy / "screens" / "menu.yaml", "name: Ann", "nmae: Ann")
    problems = check_copy(catalogue)
    assert len(problems) == 3, "\n".join(problems)
    assert sum("Jinja:" in line for line in problems) == 1
    # the menu's template in each language: two files, two mistakes
    assert sum("'name' is undefined" in line for line in problems) == 2


# --- YAML indentation -------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, expected", [
    ("dialog: a\nwindows:\n  main:\n    text: hi\n     keyboard: []\n", 5,
     "line 5 has 5 spaces where every other line has an even number"),
    ("dialog: a\nwindows:\n  main:\n\ttext: hi\n", 4, "line 4 indents with a tab"),
    ("dialog: a\nwindows:\n    main:\n        text: hi\n      keyboard: []\n", 5,
     "line 5 has 6 spaces, matching no level open there: 0, 4 or 8"),
])
def test_indentation_is_named_when_it_is_the_likely_cause(text, line, expected):
    hinted = with_indentation_hint(text, line, "did not find expected key")
    assert hinted.startswith("did not find expected key (likely the indentation: ")
    assert expected in hinted


@pytest.mark.parametrize("text, line", [
    ("dialog: a\nwindows:\n  main:\n    text: a: b\n", 4),  # a colon in a value, not indentation
    ("dialog: a\nwindows:\n  main:\n    keyboard:\n      - button: {id: a,\n"
     "                 text: b}\n    text: a: b\n", 7),  # a flow mapping's free indentation
])
def test_no_indentation_hint_when_the_indentation_is_regular(text, line):
    assert with_indentation_hint(text, line, "mapping values are not allowed in this context") \
        == "mapping values are not allowed in this context"


def test_the_checker_adds_the_hint_to_screen_and_locale_files(tmp_path, monkeypatch):
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "a.yaml").write_text(
        "dialog: a\nwindows:\n  main:\n    text: hi\n     keyboard: []\n")
    shutil.copytree(BROKEN_LOCALES, tmp_path / "locales")
    (tmp_path / "locales" / "ru" / "messages.yaml").write_text(
        "common:\n  back: Назад\n   invalid_input: Ещё раз\n")
    monkeypatch.chdir(tmp_path)
    lines = [str(p) for p in check_screens(Path("screens"), Path("locales"), Registry())]
    assert lines == [
        "locales/ru/messages.yaml:3:17: (file): mapping values are not allowed in this context "
        "(likely the indentation: line 3 has 3 spaces where every other line has an even number)",
        "screens/a.yaml:5:14: (file): mapping values are not allowed in this context "
        "(likely the indentation: line 5 has 5 spaces where every other line has an even number)",
    ]


# --- undefined names where they are written ---------------------------------------------------

class FieldsRegistry(Registry):
    """getter_fields as the registry gives it once another change lands; fixed here."""

    def getter_fields(self, name: str) -> tuple[str, ...]:
        return {"wallet.summary": ("balance", "bonus")}[name]


def wallet_shop(root: Path, template: str, text: str = "{template: wallet/main}",
                preview: str = "{bonus: 5}", message: str = "Wallet") -> None:
    (root / "screens").mkdir()
    (root / "screens" / "wallet.yaml").write_text(
        f"dialog: wallet\nwindows:\n  main:\n    getter: wallet.summary\n    text: {text}\n"
        f"    preview_data: {preview}\n")
    for language in ("en", "ru"):
        (root / "locales" / language / "wallet").mkdir(parents=True)
        (root / "locales" / language / "wallet" / "main.j2").write_text(template)
        (root / "locales" / language / "messages.yaml").write_text(f"wallet:\n  title: \"{message}\"\n")


def wallet_registry() -> Registry:
    registry = FieldsRegistry()

    @registry.getter("wallet.summary")
    async def summary(**kwargs):
        return {"balance": 1, "bonus": 0}
    return registry


def check_wallet() -> list[str]:
    return [str(p) for p in check_screens(Path("screens"), Path("locales"), wallet_registry())]


def test_an_undefined_name_in_a_template_points_at_its_line_and_column(tmp_path, monkeypatch):
    wallet_shop(tmp_path, "Your wallet\n\nBalance: {{ balanse }}\n", preview="{balance: 5, bonus: 1}")
    monkeypatch.chdir(tmp_path)
    assert check_wallet() == [
        f"locales/{language}/wallet/main.j2:3:13: wallet/main: 'balanse' is undefined "
        "(did you mean 'balance'?) — rendering screens/wallet.yaml windows.main"
        for language in ("en", "ru")]


def test_a_getter_field_missing_from_preview_data_says_so(tmp_path, monkeypatch):
    wallet_shop(tmp_path, "{{ balance }}")
    monkeypatch.chdir(tmp_path)
    assert check_wallet()[0] == (
        "locales/en/wallet/main.j2:1:4: wallet/main: 'balance' is undefined (the getter "
        "wallet.summary gives it: add it to preview_data) — rendering screens/wallet.yaml windows.main")


def test_a_missing_attribute_suggests_the_keys_of_that_mapping(tmp_path, monkeypatch):
    wallet_shop(tmp_path, "{% for p in products %}\n  {{ p.nmae }}\n{% endfor %}",
                preview="{products: [{name: Key, price: 5}]}")
    monkeypatch.chdir(tmp_path)
    assert check_wallet()[0] == (
        "locales/en/wallet/main.j2:2:8: wallet/main: 'dict object' has no attribute 'nmae' "
        "(did you mean 'name'?) — rendering screens/wallet.yaml windows.main")


def test_an_undefined_name_in_an_inline_text_points_into_the_screen_file(tmp_path, monkeypatch):
    wallet_shop(tmp_path, "", text='"Balance: {{ balanse }}"', preview="{balance: 5}")
    monkeypatch.chdir(tmp_path)
    assert check_wallet() == [
        "screens/wallet.yaml:5:24: windows.main.text: preview (en): 'balanse' is undefined "
        "(did you mean 'balance'?)"]


def test_an_undefined_name_in_a_message_points_at_the_message(tmp_path, monkeypatch):
    wallet_shop(tmp_path, "", text="{t: wallet.title}", preview="{balance: 5}",
                message="Wallet of {{ nmae }}")
    monkeypatch.chdir(tmp_path)
    assert check_wallet() == [
        f"locales/{language}/messages.yaml:2:24: wallet.title: 'nmae' is undefined "
        "(add it to preview_data or the getter) — rendering screens/wallet.yaml windows.main"
        for language in ("en", "ru")]


def test_the_suggestions_work_without_getter_fields_on_the_registry(tmp_path, monkeypatch):
    wallet_shop(tmp_path, "{{ balanse }}", preview="{balance: 5}")
    monkeypatch.chdir(tmp_path)
    registry = Registry()

    @registry.getter("wallet.summary")
    async def summary(**kwargs):
        return {}
    registry.__dict__["getter_fields"] = None  # as before the registry had the method
    lines = [str(p) for p in check_screens(Path("screens"), Path("locales"), registry)]
    assert "(did you mean 'balance'?)" in lines[0]
