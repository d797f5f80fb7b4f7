"""The author's commands: make check, comment, moderate, import, publish..."""
