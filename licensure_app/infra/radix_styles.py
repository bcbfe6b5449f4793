"""Radix Themes' stylesheet with only the colour palettes the app uses (issue 18 #5).

Reflex's Radix plugin imports `@radix-ui/themes/styles.css`, which defines all 30 colour
palettes (light, dark, alpha and P3 variants of each) as custom properties on the root: a
third of the 84 KB (gzipped) stylesheet that blocks every page's first paint, and thousands
of custom properties that every element inherits. Radix documents the split import used
here instead: the base tokens, the palettes in use, the components and the utilities.

`USED_PALETTES` must name every palette the app uses: the theme's accent (indigo) and gray
(slate), and every colour scheme a page gives a badge or a callout
(`tests/unit/infra/test_radix_styles.py` checks the sources against it).
"""

from __future__ import annotations

from typing import Any

from reflex_components_radix.plugin import RadixThemesPlugin

USED_PALETTES = ("indigo", "slate", "gray", "green", "orange", "red")


class RadixThemesUsedColors(RadixThemesPlugin):
    """Radix Themes, its stylesheet limited to `USED_PALETTES`."""

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{name}.css" for name in USED_PALETTES),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )
