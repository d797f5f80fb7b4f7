"""Reading-time estimates for every article and page, shown as badges and in feeds."""

from .plugin import register

__all__ = ["register"]
