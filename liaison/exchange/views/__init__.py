"""HTML pages of the exchange: thin adapters over `liaison.exchange.services` (writes)
and `liaison.exchange.selectors` (reads, scoped). A message out of scope answers 404."""
