"""Radix Themes' stylesheet holds every colour palette the pages use (infra/radix_styles)."""

from __future__ import annotations

import re

from reflex_base.config import get_config

from licensure_app.infra.radix_styles import USED_PALETTES, RadixThemesUsedColors
from licensure_app.settings import PROJECT_ROOT

# color_scheme="red", accent_color="indigo", gray_color="slate", color_scheme=rx.cond(...)
PALETTE_ARGUMENT = re.compile(r"\b(?:color_scheme|accent_color|gray_color)\s*=\s*([^,)\n]+)")
NAME = re.compile(r"""["']([a-z]+)["']""")


def palettes_in_sources() -> set[str]:
    found: set[str] = set()
    for source in [*(PROJECT_ROOT / "licensure_app").rglob("*.py"), PROJECT_ROOT / "rxconfig.py"]:
        for argument in PALETTE_ARGUMENT.findall(source.read_text(encoding="utf-8")):
            names = NAME.findall(argument)
            assert names, f"{source.name}: a palette chosen at run time ({argument}): list it"
            found.update(names)
    return found


def test_every_palette_the_sources_name_is_in_the_stylesheet() -> None:
    used = palettes_in_sources()
    assert {"indigo", "red"} <= used  # the theme's accent (rxconfig.py) and the pages' choices
    assert used <= set(USED_PALETTES), used - set(USED_PALETTES)
    assert "slate" in USED_PALETTES  # Radix's gray for indigo: the page shell's greys


def test_the_stylesheet_is_split_as_radix_documents() -> None:
    sheets = RadixThemesUsedColors().get_stylesheet_paths()
    assert sheets[0] == "@radix-ui/themes/tokens/base.css"
    assert sheets[-2:] == ("@radix-ui/themes/components.css", "@radix-ui/themes/utilities.css")
    assert "@radix-ui/themes/styles.css" not in sheets
    node_modules = PROJECT_ROOT / ".web" / "node_modules"
    if (node_modules / "@radix-ui" / "themes").is_dir():  # after a build: every file exists
        for sheet in sheets:
            assert (node_modules / sheet).is_file(), sheet


def test_the_app_uses_it() -> None:
    assert any(isinstance(p, RadixThemesUsedColors) for p in get_config().plugins)
