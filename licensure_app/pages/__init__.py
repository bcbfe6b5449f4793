"""One module per page. Importing this package registers every page."""

from . import (  # noqa: F401
    account_pages,
    account_security,
    admin,
    applications,
    apply,
    approvals,
    district,
    index,
    license_print,
    licenses,
    lookup,
    not_found,
    notifications,
    pd,
    profile,
    verification_api,
)
