"""Statutory rules as data: ``england.toml`` holds the time limits of the SEND system in England, each with
its legal source, in rule sets versioned by the date they apply from. ``ehcp.clock`` reads them."""
