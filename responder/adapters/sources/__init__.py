"""Where mail comes from: adapters that read the employee's mailbox."""
