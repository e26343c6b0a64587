"""SPARQL over the universe: vetting, running with limits, curated queries, the endpoint."""
