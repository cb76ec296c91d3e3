"""The promise ledger: every accepted news figure about a project, kept as a dated claim.

``models`` holds the ``claims`` table (and its guard rule), ``service`` records and reads claims;
the arithmetic of the timeline (how often the announced launch moved) is ``orken.domain.promises``.
Claims are written where the review accepts a fact (``orken.news.apply``) and rebuilt from the
facts accepted before with ``orken ledger rebuild`` (``orken.news.ledger``).
"""
