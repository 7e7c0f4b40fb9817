"""The command line: ``commands`` holds one plain function per command, ``main`` the click
wiring that prints their results and turns user errors into one line and exit code 2."""
