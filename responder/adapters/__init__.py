"""One external system each, thin: IMAP and Maildir sources, SMTP, and the store (the only
place that holds SQL or ORM queries)."""
