"""The Common Ground theme: point Pelican's THEME at PATH to use it on any site."""

from pathlib import Path

PATH = str(Path(__file__).resolve().parent)
