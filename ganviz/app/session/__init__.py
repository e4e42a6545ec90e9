"""The trainer's session: a child process running the core trainer, and the GUI's connection to it."""
