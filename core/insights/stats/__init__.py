"""Stats a lifter asks for (/stats, /history, /prs, /chart, /volume, /failure): pure views over
stored sets, sharing the summary's definitions (tally, records, training)."""
