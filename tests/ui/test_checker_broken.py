"""Each broken fixture produces exactly the one line an editor needs to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nanostore.ui import check_screens, format_problems
from tests.ui.broken_registry import build_broken_registry

BROKEN = Path(__file__).parent / "fixtures" / "broken"

EXPECTED = {
    "yaml_syntax": "screens/menu.yaml:5:1: (file): " + (
        "did not find expected ',' or ']'" if yaml.__with_libyaml__  # libyaml words it so
        else "expected ',' or ']', but got '<stream end>'"),
    "duplicate_key": "screens/menu.yaml:5:5: windows.main.text: duplicate key 'text'",
    "unknown_key": "screens/menu.yaml:5:5: windows.main.keybaord: unknown key 'keybaord' "
                   "(did you mean 'keyboard'?)",
    "unknown_widget": "screens/menu.yaml:6:9: windows.main.keyboard.0.buton: unknown widget 'buton' "
                      "(did you mean 'button'?)",
    "missing_key": "screens/menu.yaml:4:5: windows.main: missing required key 'text'",
    "wrong_type": "screens/menu.yaml:6:24: windows.main.keyboard.0.group.width: "
                  "expected a whole number, got 'two'",
    "two_transitions": "screens/menu.yaml:6:46: windows.main.keyboard.0.button.on_click: "
                       "only one transition per handler, got switch_to, back",
    "unknown_getter": "screens/menu.yaml:4:20: windows.main.getter.name: unknown getter "
                      "'menu.sumary' (did you mean 'menu.summary'?)",
    "unknown_action": "screens/menu.yaml:6:46: windows.main.keyboard.0.button.on_click: "
                      "unknown action 'menu.bye' (did you mean 'menu.buy'?)",
    "unknown_condition": "screens/menu.yaml:6:54: windows.main.keyboard.0.button.when.condition: "
                         "unknown condition 'menu.is_admn' (did you mean 'menu.is_admin'?)",
    "unknown_filter": "screens/menu.yaml:4:11: windows.main.text: unknown filter 'monye' "
                      "(did you mean 'money'?)",
    "unknown_input_type": "screens/menu.yaml:6:37: windows.main.inputs.0.text_input.type: "
                          "unknown input type 'integer' (did you mean 'int'?)",
    "unknown_window": "screens/menu.yaml:6:58: windows.main.keyboard.0.button.on_click.switch_to: "
                      "unknown window 'detial' (did you mean 'detail'?)",
    "unknown_dialog": "screens/menu.yaml:6:63: windows.main.keyboard.0.button.on_click.start.dialog: "
                      "unknown dialog 'catalgo'",
    "duplicate_widget_id": "screens/menu.yaml:9:28: windows.main.keyboard.1.row.buttons.0.button.id: "
                           "widget id 'go' is already used in this window (line 6)",
    "jinja_syntax_inline": "screens/menu.yaml:6:1: windows.main.text: Jinja: Unexpected end of "
                           "template. Jinja was looking for the following tags: 'elif' or 'else' or "
                           "'endif'. The innermost block that needs to be closed is 'if'.",
    "jinja_syntax_template": "locales/en/menu/main.j2:2:1: menu/main: Jinja: unexpected '}'",
    "missing_locale_key": "screens/menu.yaml:4:15: windows.main.text.t: locale key 'common.bakc' "
                          "is missing in en, ru (did you mean 'common.back'?)",
    "locale_key_parity": "locales/en/messages.yaml:4:10: common.extra: missing in ru",
    "callback_too_long": "screens/menu.yaml:7:15: windows.main.keyboard.0.select.id: callback data "
                         "can reach 85 bytes (Telegram allows 64): shorten the id "
                         "'a_very_long_select_widget_id_for_products'",
    "preview_undefined": "screens/menu.yaml:4:22: windows.main.text: preview (en): 'user' is "
                         "undefined (did you mean 'usr'?)",
}


def check_case(case: Path) -> str:
    locales = Path("locales") if (case / "locales").is_dir() else Path("../_locales")
    return format_problems(check_screens(Path("screens"), locales, build_broken_registry()))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_fixture_reports_exact_line(case, monkeypatch):
    monkeypatch.chdir(BROKEN / case)  # problems name files relative to the working directory
    assert check_case(BROKEN / case) == EXPECTED[case]


def test_every_broken_fixture_has_an_expectation():
    cases = {p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert cases == set(EXPECTED)


def test_all_problems_of_a_file_are_reported(tmp_path, monkeypatch):
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "a.yaml").write_text(
        "dialog: a\nwindows:\n  main:\n    text: hi\n    keyboard:\n"
        "      - buton: {id: x, text: y}\n      - button: {id: y, text: z, on_click: nope.nope}\n"
        "    colour: red\n")
    monkeypatch.chdir(tmp_path)
    lines = format_problems(check_screens(Path("screens"), BROKEN / "_locales",
                                          build_broken_registry())).splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "windows.main.keyboard.0.buton", "windows.main.colour"]
    # schema errors stop the file before reference checks, which need a valid shape


@pytest.mark.parametrize("content", ["- just\n- a list\n", "\x00\x01", "", "dialog: [\n"])
def test_odd_files_are_problems_not_tracebacks(tmp_path, content):
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "odd.yaml").write_text(content)
    problems = check_screens(tmp_path / "screens", BROKEN / "_locales", build_broken_registry())
    assert len(problems) == 1


def test_missing_folders_are_problems(tmp_path):
    problems = check_screens(tmp_path / "nope", tmp_path / "nothing", build_broken_registry())
    assert [p.message for p in problems] == ["no such folder"]
