"""The diplomacy stage: mechanisms (named recurring dialogues and their rounds), positions (who
supports or opposes what, on whose behalf) and commitments (agreed or pledged future actions).

``communique.diplomacy.stage`` is the spaCy component ``communique_diplomacy``; the store keeps what it
finds in its own tables (``communique/store/diplomacy.py``), links rounds into series and follows
commitments up.
"""
