"""Use cases (the imperative shell): parse, load, decide, save, answer. Never imports telegram."""
