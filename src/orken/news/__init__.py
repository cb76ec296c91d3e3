"""News into the registry: storing documents and their facts, linking them, and the review queue.

``ingest`` stores a document and the facts the extractor finds in it; ``linking`` ties each fact
to a project, zone, organisation or region (or proposes a new project); ``review`` is the
analyst's queue, and ``targets`` turns an accepted fact into an edit through the registry services.
"""
