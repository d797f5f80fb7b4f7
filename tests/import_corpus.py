"""Generate a large WordPress export for timing `make import` (not committed data).

Run `python tests/import_corpus.py POSTS COMMENTS` to write the export, import
it into a fresh content tree and print the seconds the import took.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated</title><link>http://big.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>http://big.example.com</wp:base_site_url>
"""


def _comment(post: int, number: int, parent: int) -> str:
    cid = post * 100 + number
    date = f"2014-03-0{1 + number % 9} 1{number % 10}:00:00"
    return f"""<wp:comment><wp:comment_id>{cid}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {cid}]]></wp:comment_author>
<wp:comment_author_email>reader{cid}@example.net</wp:comment_author_email>
<wp:comment_author_url>https://reader{cid}.example.net/</wp:comment_author_url>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Thoughtful reply number {number} with a <a href="https://x.example/">link</a>.

A second paragraph.]]></wp:comment_content>
<wp:comment_approved>{"1" if number % 7 else "0"}</wp:comment_approved>
<wp:comment_type></wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
"""


def export_text(posts: int, comments: int) -> str:
    """Return a WXR 1.2 export with `posts` posts and `comments` comments."""
    per_post, extra = divmod(comments, posts)
    items = [HEAD]
    for post in range(1, posts + 1):
        count = per_post + (1 if post <= extra else 0)
        link = f"/2014/03/{post % 28 + 1:02d}/post-{post}/"
        body = (
            f"Paragraph one of post {post}.\nA second line.\n\n"
            f'Links to <a href="http://big.example.com/?p={max(1, post - 1)}">the '
            f"previous post</a> and <em>stresses</em> a point.\n\n"
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n"
            '[caption id="a" width="300"]<img src="/wp-content/uploads/p.png" '
            'alt="" /> A caption[/caption]\n\n' + "Filler sentence for length. " * 40
        )
        replies = "".join(
            _comment(post, n, post * 100 + n - 1 if n > 1 and n % 2 else 0)
            for n in range(1, count + 1)
        )
        items.append(f"""<item><title>Post number {post}</title>
<link>http://big.example.com{link}</link>
<dc:creator>admin</dc:creator>
<guid isPermaLink="false">http://big.example.com/?p={post}</guid>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post}</wp:post_id>
<wp:post_date_gmt>2014-03-{post % 28 + 1:02d} 12:00:00</wp:post_date_gmt>
<wp:post_name>post-{post}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="notes"><![CDATA[Notes]]></category>
<category domain="post_tag" nicename="t{post % 10}"><![CDATA[t{post % 10}]]></category>
{replies}</item>
""")
    items.append("</channel></rss>\n")
    return "".join(items)


def main() -> None:
    """Write the export, import it into a temporary tree and print the time."""
    posts, comments = (int(a) for a in sys.argv[1:3])
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "big.xml"
        export.write_text(export_text(posts, comments), encoding="utf-8")
        content = Path(folder) / "content"
        content.mkdir()
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                str(root / "tools" / "import_blog.py"),
                str(export),
                "--content",
                str(content),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        print(done.stdout.splitlines()[-4:] if done.stdout else done.stderr)
        print(f"{posts} posts, {comments} comments imported in {seconds:.1f} s")


if __name__ == "__main__":
    main()
