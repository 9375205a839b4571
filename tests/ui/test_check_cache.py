"""The checker's cache on disk may make a check faster, never different."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError

from nanostore.bot.screens import check_shop_screens
from nanostore.ui import check_cache, check_screens, format_problems, loader
from nanostore.ui.jinja import make_environment
from nanostore.ui.loader import YamlError, load_yaml_text
from nanostore.ui.registry import Registry
from tests.ui.broken_registry import build_broken_registry

BROKEN = Path(__file__).parent / "fixtures" / "broken"
SCREEN = "dialog: menu\nwindows:\n  main:\n    text: 'hi {{ name }}'\n    keyboard:\n      - button: {id: a, text: A}\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NANOSTORE_CACHE_DIR", str(folder))
    monkeypatch.delenv("NANOSTORE_NO_CACHE", raising=False)
    check_cache.start_afresh()
    yield folder
    check_cache.start_afresh()


def next_process() -> None:
    """What the next `nanostore check` sees: the packs this one wrote, nothing in memory."""
    check_cache.save_all()
    check_cache.start_afresh()


def packs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pack"))


def positions(tree) -> list:
    """Every position in a tree, in order: what problems are made of."""
    found = [tree.position]
    if isinstance(tree, dict):
        found += list(tree.key_positions.items()) + list(tree.value_positions.items())
        children = tree.values()
    else:
        found += tree.item_positions
        children = tree
    for child in children:
        if isinstance(child, (loader.YamlMap, loader.YamlList)):
            found += positions(child)
    return found


def test_a_tree_pickles_with_its_positions():
    tree = load_yaml_text(SCREEN, "screens/menu.yaml")
    back = pickle.loads(pickle.dumps(tree))
    assert type(back) is loader.YamlMap and back == tree
    assert positions(back) == positions(tree)
    assert str(back["windows"]["main"].value_positions["text"]) == "screens/menu.yaml:4:11"


def test_a_warm_load_comes_from_the_cache_with_the_same_positions(cache_dir, monkeypatch):
    cold = load_yaml_text(SCREEN, "screens/menu.yaml")
    next_process()
    monkeypatch.setattr(loader, "_parse", lambda *args: pytest.fail("parsed again"))
    warm = load_yaml_text(SCREEN, "screens/menu.yaml")
    assert warm == cold and positions(warm) == positions(cold)
    assert warm is not load_yaml_text(SCREEN, "screens/menu.yaml")  # callers may change theirs


def test_an_edited_file_is_read_again(cache_dir):
    assert load_yaml_text("a: 1\n", "screens/a.yaml") == {"a": 1}
    next_process()
    assert load_yaml_text("a: 2\n", "screens/a.yaml") == {"a": 2}
    assert load_yaml_text("a: 1\n", "screens/b.yaml").position.file == "screens/b.yaml"


def test_a_yaml_mistake_is_remembered_with_its_position(cache_dir):
    with pytest.raises(YamlError) as cold:
        load_yaml_text("a: 1\nb:\n  c: 1\n  c: 2\n", "screens/a.yaml")
    next_process()
    with pytest.raises(YamlError) as warm:
        load_yaml_text("a: 1\nb:\n  c: 1\n  c: 2\n", "screens/a.yaml")
    assert (warm.value.position, warm.value.message, warm.value.path) == \
        (cold.value.position, cold.value.message, cold.value.path) == \
        (loader.Position("screens/a.yaml", 4, 3), "duplicate key 'c'", ("b", "c"))


@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: data[: len(data) // 2],
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),
    lambda data: b"not a pack at all" * 10,
])
def test_a_damaged_pack_is_ignored_and_rewritten(cache_dir, damage):
    load_yaml_text(SCREEN, "screens/menu.yaml")
    next_process()
    (pack,) = packs(cache_dir)
    pack.write_bytes(damage(pack.read_bytes()))
    assert load_yaml_text(SCREEN, "screens/menu.yaml")["dialog"] == "menu"
    next_process()
    assert len(check_cache._read_pack(pack)) == 1  # whole again


def test_an_unreadable_entry_is_a_miss(cache_dir):
    key = check_cache.key_of("screens/menu.yaml", SCREEN)
    check_cache.pack("yaml").put(key, b"\x80\x05garbage")
    next_process()
    assert load_yaml_text(SCREEN, "screens/menu.yaml")["dialog"] == "menu"


def test_turned_off_it_writes_nothing(cache_dir, monkeypatch):
    monkeypatch.setenv("NANOSTORE_NO_CACHE", "1")
    load_yaml_text(SCREEN, "screens/menu.yaml")
    make_environment(cache_dir, Registry()).from_string("{{ 1 + 1 }}")
    next_process()
    assert not cache_dir.exists()


def test_another_version_of_the_engine_reads_none_of_it(cache_dir, monkeypatch):
    load_yaml_text(SCREEN, "screens/menu.yaml")
    next_process()
    monkeypatch.setattr(check_cache, "_versions", "another-version")
    assert check_cache.pack("yaml").get(check_cache.key_of("screens/menu.yaml", SCREEN)) is None


def test_compiled_jinja_from_the_cache_renders_the_same(cache_dir):
    def render():
        env = make_environment(cache_dir, Registry())
        text = env.from_string("{% for x in items %}{{ x | upper }}<{{ n }}>{% endfor %}")
        when = env.compile_expression("n > 1 and items", undefined_to_none=False)
        return text.render(items=["a", "b"], n=2), when(items=[1], n=2)
    cold = render()
    next_process()
    assert render() == cold == ("A<2>B<2>", [1])
    assert {pack.name for pack in packs(cache_dir)} == {"jinja-code.pack"}


def test_a_cached_template_still_fails_where_its_filter_is_unknown(cache_dir):
    registry = Registry()
    registry.filter("money")(lambda value: f"{value} $")
    assert make_environment(cache_dir, registry).from_string("{{ 3 | money }}").render() == "3 $"
    next_process()
    with pytest.raises(TemplateSyntaxError, match="No filter named 'money'"):
        make_environment(cache_dir, Registry()).from_string("{{ 3 | money }}")


def check_broken_case(case: Path, monkeypatch) -> str:
    monkeypatch.chdir(case)
    locales = Path("locales") if (case / "locales").is_dir() else Path("../_locales")
    return format_problems(check_screens(Path("screens"), locales, build_broken_registry()))


def test_broken_cases_read_the_same_with_and_without_the_cache(cache_dir, monkeypatch):
    cases = sorted(p for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))
    monkeypatch.setenv("NANOSTORE_NO_CACHE", "1")
    uncached = [check_broken_case(case, monkeypatch) for case in cases]
    monkeypatch.delenv("NANOSTORE_NO_CACHE")
    cold = [check_broken_case(case, monkeypatch) for case in cases]
    next_process()
    warm = [check_broken_case(case, monkeypatch) for case in cases]
    assert cold == uncached and warm == uncached
    assert all(uncached) and len(packs(cache_dir)) == 5  # yaml, specs, jinja facts and code, previews


def test_the_shipped_shop_checks_the_same_with_and_without_the_cache(cache_dir, monkeypatch):
    monkeypatch.setenv("NANOSTORE_NO_CACHE", "1")
    uncached = check_shop_screens()
    monkeypatch.delenv("NANOSTORE_NO_CACHE")
    cold = check_shop_screens()
    next_process()
    warm = check_shop_screens()
    assert cold == uncached and warm == uncached == []
