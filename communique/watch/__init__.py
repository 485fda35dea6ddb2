"""Live monitoring (``communique watch``): poll feeds and pages, code what is new into the store, and
fire alerts on what matters.

- ``sources``: the sources file (TOML): what to poll, how often, and the alert rules;
- ``fetch``: polite HTTP GETs: conditional requests, timeouts, retries with backoff, a size cap;
- ``state``: what the store remembers per source (ETag, Last-Modified, seen items, failures);
- ``poll``: one pass over the sources, handing new documents to the ingest path;
- ``alerts``: the rules, evaluated over what a pass stored; each alert fires once.
"""
