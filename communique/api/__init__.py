"""The HTTP API and the dashboard's server: ``create_app`` builds the ASGI app, ``serve`` runs it
with uvicorn (``communique serve``). Every read calls the functions of ``communique.store.query`` and
``communique.store.diplomacy``, as the CLI does."""

from communique.api.app import Settings, create_app, serve

__all__ = ["Settings", "create_app", "serve"]
