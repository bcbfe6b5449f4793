"""Alembic environment wired to the app's tables and database URL.

`alembic upgrade head` migrates the database in REFLEX_DB_URL (default: the SQLite file
in the project); `-x url=...` overrides it.
"""

from alembic import context
from sqlmodel import SQLModel

import licensure_app.models  # noqa: F401  (registers every table)
from licensure_app import settings
from licensure_app.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or settings.database_url()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
