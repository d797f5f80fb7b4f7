"""A per-build memo of rendered partials, exposed to templates as `render_once`.

A post appears on the home page, its category, each of its tags, its author and the
archives: six or more listings that render the same summary markup. Rendering the
partial once per post and reusing the text cuts most of the work of listing pages.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

# Where the render_cache plugin keeps its dependency tracker on an environment;
# with it, a page that reuses a fragment also depends on what the fragment read.
TRACKER_ATTRIBUTE = "render_dependencies"
# Shared by every fragment rendered without a tracker (cold builds).
_NOTHING_READ: frozenset[str] = frozenset()
# The Jinja global the theme calls; templates fall back to {% include %} without it.
GLOBAL_NAME = "render_once"


class FragmentMemo:
    """Rendered partials keyed by (template, object, SITEURL) for one build.

    A partial given to it may read the object it is given and site-wide values
    (settings, SITEURL), never page-specific ones such as `page_name`: the text
    rendered for the first page is reused on every other. SITEURL is part of the
    key because with RELATIVE_URLS each folder depth has its own.
    """

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        # Kept compressed: every post's summary lives until the last listing,
        # 17 MiB for 4,000 posts as str, 4 MiB like this, for ~0.1 s of CPU.
        self.rendered: dict[
            tuple[str, int, str], tuple[Any, bytes, set[str] | frozenset[str]]
        ] = {}
        self.hits = 0

    def render(
        self, context: Mapping[str, Any] | Context, template_name: str, item: Any
    ) -> Markup:
        """Return `template_name` rendered with `article` set to `item`.

        `context` is the calling page's; its full contents are only gathered
        when the fragment is rendered, not on every reuse.
        """
        key = (template_name, id(item), str(context.get("SITEURL", "")))
        found = self.rendered.get(key)
        # The object is kept with its text, so its id cannot be reused by another.
        tracker = getattr(self.environment, TRACKER_ATTRIBUTE, None)
        if found is not None and found[0] is item:
            self.hits += 1
            if tracker is not None:
                # The page reusing this text depends on what rendering it read.
                tracker.replay(found[2])
            return Markup(zlib.decompress(found[1]).decode("utf-8"))
        template = self.environment.get_template(template_name)
        values = context.get_all() if isinstance(context, Context) else context
        values = {**values, "article": item}
        if tracker is None:
            text = Markup(template.render(values))
            read: set[str] | frozenset[str] = _NOTHING_READ
        else:
            with tracker.capture() as read:
                text = Markup(template.render(values))
        self.rendered[key] = (item, zlib.compress(text.encode("utf-8"), 1), read)
        return text


def install(environment: Environment) -> FragmentMemo:
    """Give `environment` a fresh memo and the `render_once` global that uses it."""
    memo = FragmentMemo(environment)

    @pass_context
    def render_once(context: Context, template_name: str, item: Any) -> Markup:
        return memo.render(context, template_name, item)

    environment.globals[GLOBAL_NAME] = render_once
    return memo
