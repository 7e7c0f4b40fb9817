"""Judging a message: who its parties are, whether to answer, which project, which brief
section may go out, and whether the delegate told a client he had no information.

Pure: it reads what ``responder.mail`` made of the message and plain values from the
configuration; it never touches a socket, a session or the clock.
"""
