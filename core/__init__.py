"""The content contract, stated once: what plugins and tools both read.

`header` is the metadata grammar of posts, pages and comment files; `contract`
their statuses, the comment id grammar and anchors, control-character
cleaning, comment links and dates; `submissions` what a reader's comment
submission may hold and how it becomes a comment file; `source` reads a site's
settings and finds its content the way Pelican does. Plugins and the author's
commands import these; none of them restates a rule.
"""
