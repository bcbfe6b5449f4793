"""The signed-in educator's home page.

- `glance`: "Your license at a glance" (Glance, LicenseGlance, GlanceApplication,
  build_glance, glance_for).
"""

from .glance import HEADING, Glance, GlanceApplication, LicenseGlance, build_glance, glance_for

__all__ = [
    "HEADING",
    "Glance",
    "GlanceApplication",
    "LicenseGlance",
    "build_glance",
    "glance_for",
]
