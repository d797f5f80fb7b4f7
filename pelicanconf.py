"""Development settings for the Common Ground site: constants only."""

# --- Site identity -----------------------------------------------------------
AUTHOR = "Dana Whitfield"
SITENAME = "Common Ground"
SITESUBTITLE = "Selling as an invitation, not a pitch: a learning journal"
# The home page opens with this (the theme falls back to SITESUBTITLE).
SITE_INTRO = (
    "Notes from someone learning to sell without being pushy: one lesson at a "
    "time, from the first awkward call onwards."
)
SITEURL = ""
DEFAULT_LANG = "en"
TIMEZONE = "America/New_York"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# --- Content layout ----------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
# Comment files are read by the comments plugin, and series descriptions
# (content/series/<slug>.md) by the series plugin: never as articles or pages.
ARTICLE_EXCLUDES = ["comments", "series"]
PAGE_EXCLUDES = ["comments", "series"]
STATIC_PATHS = ["images"]
# A post without `Category:` right in posts/ is in DEFAULT_CATEGORY, never in
# "posts"; one in a folder below it (posts/Search Marketing/) is in that
# folder's category, as plain Pelican's USE_FOLDER_AS_CATEGORY would put it
# (docs/authoring.md, docs/existing-content.md).
USE_FOLDER_AS_CATEGORY = False
PATH_METADATA = r"posts/(?:.*/)?(?P<category>[^/]+)/[^/]+$"
DEFAULT_CATEGORY = "Journal"
# robots.txt is written by the sitemap plugin: its Sitemap: line needs SITEURL.
EXTRA_PATH_METADATA = {}
# Explicit Slug: metadata wins; otherwise the slug comes from the title.
SLUGIFY_SOURCE = "title"

# --- URLs: clean, permanent, directory-style ---------------------------------
RELATIVE_URLS = True
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = [
    "index",
    "categories",
    "tags",
    "archives",
    "authors",
    "404",
    "search",
]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
TEMPLATE_PAGES = {}
FOUR_OH_FOUR_SAVE_AS = "404.html"

# --- Pagination --------------------------------------------------------------
DEFAULT_PAGINATION = 8
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Feeds: off while writing, on in publishconf.py --------------------------
# Feeds need an absolute SITEURL (Pelican warns otherwise), which only publish has.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme -------------------------------------------------------------------
THEME = "theme"
MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# --- Markdown ----------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

# --- Plugins -----------------------------------------------------------------
PLUGINS = [
    "pelican.plugins.common_ground_search",
    "pelican.plugins.common_ground_sitemap",
    "pelican.plugins.common_ground_series",
    "pelican.plugins.common_ground_build_summary",
    "pelican.plugins.common_ground_comments",
    "pelican.plugins.common_ground_reading_time",
    "pelican.plugins.common_ground_aliases",
    "pelican.plugins.common_ground_relative_links",
    "pelican.plugins.common_ground_static_urls",
    "pelican.plugins.common_ground_jsonld",
    "pelican.plugins.common_ground_prune_output",
]

# --- Reading time (plugins/reading_time): badges, JSON-LD, feeds -------------
# The source blog's badge: "Reading time: 2 min." at 200 words per minute,
# rounded up, at least 1. Defaults live in plugins/reading_time/config.py.
READING_TIME_WPM = 200
READING_TIME_CODE_WPM = None  # None: half of READING_TIME_WPM
READING_TIME_CJK_CPM = 500
READING_TIME_IMAGE_SECONDS = 12
READING_TIME_IMAGE_MIN_SECONDS = 3
READING_TIME_LABEL = "Reading time:"
READING_TIME_UNIT_SINGULAR = "min."
READING_TIME_UNIT_PLURAL = "min."
READING_TIME_IN_FEEDS = True
SHOW_READING_TIME = True

# --- Prune output (plugins/prune_output): output/ holds what this build wrote --
# A deleted or renamed post's old page is removed after each build (devserver
# rebuilds too), before search indexes the folder. Files and folders named in
# OUTPUT_RETENTION (top level of output/) are never removed: a version-control
# folder (output/ kept as a checkout of the published branch) is kept too.
PRUNE_OUTPUT = True
OUTPUT_RETENTION = [".git", ".hg", ".svn"]

# --- JSON-LD (plugins/jsonld): schema.org BlogPosting on every post ----------
# Built in Python from the documented attributes of Pelican and the plugins
# above (reading_time, series, comments); no settings of its own.

# --- Search (plugins/search): Pagefind index of the built output -------------
SEARCH_INDEX = True
SEARCH_BUNDLE_DIR = "pagefind"

# --- Sitemap (plugins/sitemap): sitemap.xml (needs an absolute SITEURL) ------
SITEMAP_SAVE_AS = "sitemap.xml"
SITEMAP_ROBOTS_SAVE_AS = "robots.txt"
SITEMAP_EXCLUDE = ()

# --- Series (plugins/series): membership rules, pages, feeds -----------------
# `Series:` metadata wins; otherwise the first matching rule (tag, category or
# title regex; every key given must match) puts a post in a series.
SERIES_RULES = [
    {"series": "Lessons Learned From Sales", "tag": "lessons-learned"},
]
SERIES_URL = "series/{slug}/"
SERIES_SAVE_AS = "series/{slug}/index.html"
SERIES_INDEX_URL = "series/"
SERIES_INDEX_SAVE_AS = "series/index.html"
# Written only when SITEURL is set (publishconf.py): Atom needs absolute links.
SERIES_FEED_ATOM = "feeds/series/{slug}.atom.xml"
# A series page opens with content/series/<slug>.md when it exists, else with
# the text given here (keyed by series name or slug).
SERIES_DESCRIPTIONS_PATH = "series"
SERIES_DESCRIPTIONS = {}

# --- Build summary (plugins/build_summary): one line at the end of every build -
# Prints posts, pages, series, comments, pingbacks, warnings and seconds; writes
# no file. `make publish` fails on warnings (tools/publish.py); `make html` only
# reports them.

# --- Comments (plugins/comments): threads from content/comments/ -------------
# Defaults live in plugins/comments/config.py; feeds need an absolute SITEURL.
COMMENTS_EMAIL = "comments@common-ground.example.org"
COMMENTS_FORM_ENDPOINT = None
# The address of your comment inbox (make inbox, docs/inbox.md), e.g.
# "https://inbox.example.org": the form then posts there instead of mailto.
COMMENTS_INBOX_URL = None
COMMENTS_MAX_DEPTH = 3
COMMENTS_ORDER = "oldest"
COMMENTS_IDENTICON_SALT = "common-ground"

# --- Aliases (plugins/aliases): old addresses from `Aliases:` metadata ------
# A redirect page at each alias and one "old new" map file for web servers.
ALIASES_MAP_SAVE_AS = "aliases.txt"
ALIASES_REDIRECT_PAGES = True

# --- Relative links (plugins/relative_links): posts from an existing site ----
# Raw relative links and media (`other-post.html`, `images/x.png`) are resolved
# as written for plain Pelican's flat addresses; set these to the old site's
# ARTICLE_URL / PAGE_URL if it used others. Listings call `unique_ids`.
RELATIVE_LINKS_ARTICLE_URL = "{slug}.html"
RELATIVE_LINKS_ARTICLE_LANG_URL = "{slug}-{lang}.html"
RELATIVE_LINKS_PAGE_URL = "pages/{slug}.html"
RELATIVE_LINKS_PAGE_LANG_URL = "pages/{slug}-{lang}.html"
# Ids the theme computes (its literal ids are read from the templates); an
# author's heading with one of them gets "content-" in front.
RELATIVE_LINKS_RESERVED_IDS = ("comment-*", "pingback-*")

# --- Templates ---------------------------------------------------------------
# Pelican's defaults, plus auto_reload off: Pelican builds a fresh Jinja
# environment for every build (devserver rebuilds too), so checking each
# template's mtime on every {% include %} only costs time (~70,000 stat calls
# for 1,000 posts).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "auto_reload": False,
}

# --- Caching: faster `make html` and devserver rebuilds ------------------------
# Pelican keeps what its readers produced in cache/ and reads only changed
# files again; every page is still rendered on every build, so a rebuild can
# never serve a stale page. publishconf.py turns it off: a published site is
# always built from scratch.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
# Uncompressed: gzip cost ~0.6 s of CPU per 1,000 posts on every build.
GZIP_CACHE = False
