"""Who did what to whom: the verb lexicon, CAMEO/PLOVER facts and the extractor."""
