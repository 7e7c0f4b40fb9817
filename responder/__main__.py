"""`python -m responder` runs the command line."""

from responder.cli import main

main()
