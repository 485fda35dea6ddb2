"""When and where: the dates and places of events."""
