"""Import a WordPress (WXR) or Disqus export into the content tree: `make import`.

Modules: `detect` parses safely and names the format, `wxr` and `disqus` read
each format into plain records (`records`), `convert` turns WordPress HTML into
Markdown, `links` maps old addresses to imported files, `plan` decides every
file to write, `write` is the only module that touches the content tree, and
`summary` counts what happened.
"""
