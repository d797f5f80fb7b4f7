"""The content contract, stated once: what plugins and tools both read.

`header` is the metadata grammar of posts, pages and comment files; `contract`
their statuses, the comment id grammar and anchors, and control-character
cleaning; `source` reads a site's settings and finds its content the way
Pelican does. Plugins and the author's commands import these; none of them
restates a rule.
"""
