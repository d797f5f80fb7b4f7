"""Write sitemap.xml and robots.txt from the site's own content."""

from .plugin import register

__all__ = ["register"]
