"""Production settings: the development settings plus what a public site needs."""

import os
import sys

# pelicanconf.py sits beside this file, whatever folder a command runs from.
sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

# --- Public address: set COMMON_GROUND_SITEURL for your own deployment -------
SITEURL = os.environ.get("COMMON_GROUND_SITEURL", "https://common-ground.example.org")
RELATIVE_URLS = False

# --- Feeds -------------------------------------------------------------------
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

# --- Output ------------------------------------------------------------------
DELETE_OUTPUT_DIRECTORY = True
# Published sites are built from scratch: no content cache, no reused pages.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# --- Drafts ------------------------------------------------------------------
# `make html` previews drafts under drafts/; the public site never carries them.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
