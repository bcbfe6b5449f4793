"""One module per page. Importing this package registers every page."""

from . import (  # noqa: F401
    account_pages,
    admin,
    approvals,
    index,
    license_print,
    licenses,
    pd,
    profile,
)
