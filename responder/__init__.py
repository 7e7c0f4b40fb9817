"""responder: looks after an absent employee's mailbox."""

__version__ = "0.1.0"
