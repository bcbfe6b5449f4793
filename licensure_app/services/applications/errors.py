"""The refusal every applicant-facing operation of this package raises."""


class ApplicationError(Exception):
    """A refusal to show the applicant as it is."""
