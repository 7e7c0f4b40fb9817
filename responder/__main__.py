"""`python -m responder` runs the command line."""

from responder.cli.main import main

main()
