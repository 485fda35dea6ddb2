"""The embedded store: one SQLite file holding documents, their events and the events' participants."""

from communique.store.db import DEFAULT_DB, Store, open_store

__all__ = ["DEFAULT_DB", "Store", "open_store"]
