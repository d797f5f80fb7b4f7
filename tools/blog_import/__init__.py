"""Import a WordPress (WXR) or Disqus export into the content tree: `make import`.

`detect` parses safely and names the format; `wxr` and `disqus` read each
format into plain `records`; `load` reads the site's settings and content into
a `site`; `convert` turns WordPress HTML into Markdown, with `shortcodes` and
`embeds`; `links` maps old addresses to imported files, images and aliases;
`plan`, `threads` (Disqus) and `comments` decide every file to write; `write`
is the only module that changes the content tree; `summary` counts what
happened.
"""
