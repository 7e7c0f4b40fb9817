"""Orchestration and failure boundaries: the ingest pipeline, polling, the outbox, scheduling,
status. It wires the pure core to the adapters."""
