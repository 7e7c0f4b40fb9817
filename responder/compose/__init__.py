"""Writing mail: the employee's templates and the RFC 3834 reply and handover bytes. Pure."""
