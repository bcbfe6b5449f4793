"""Rules of the domain as data and pure functions: no database session, no Reflex."""
