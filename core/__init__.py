"""Pure domain of ToFailure: parser, catalogue, rules, stats and wording (standard library only)."""
