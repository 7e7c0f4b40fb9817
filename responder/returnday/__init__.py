"""What the returning employee and her manager read: the digest and the factual report,
built from the facts stored at ingest."""
