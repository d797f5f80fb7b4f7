"""Turn block-editor embeds into links: the new site loads no third party."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# The names WordPress's embed block variations show for their provider slugs
# (block-library/src/embed/variations.js); other slugs are shown as words.
EMBED_PROVIDERS = {
    "youtube": "YouTube", "vimeo": "Vimeo", "twitter": "Twitter", "x": "X",
    "facebook": "Facebook", "instagram": "Instagram", "wordpress": "WordPress",
    "soundcloud": "SoundCloud", "spotify": "Spotify", "flickr": "Flickr",
    "animoto": "Animoto", "cloudup": "Cloudup", "crowdsignal": "Crowdsignal",
    "dailymotion": "Dailymotion", "imgur": "Imgur", "issuu": "Issuu",
    "kickstarter": "Kickstarter", "mixcloud": "Mixcloud", "reddit": "Reddit",
    "reverbnation": "ReverbNation", "screencast": "Screencast",
    "scribd": "Scribd", "slideshare": "Slideshare", "smugmug": "SmugMug",
    "speaker-deck": "Speaker Deck", "tiktok": "TikTok", "ted": "TED",
    "tumblr": "Tumblr", "videopress": "VideoPress", "wordpress-tv": "WordPress.tv",
    "amazon-kindle": "Amazon Kindle", "pinterest": "Pinterest",
    "wolfram-cloud": "Wolfram Cloud", "pocket-casts": "Pocket Casts",
    "bluesky": "Bluesky",
}  # fmt: skip


def _embed_provider(classes: list[str]) -> str:
    """Return the provider an embed block's classes name (is-provider-<slug>)."""
    for name in classes:
        if name.startswith("is-provider-"):
            slug = name.removeprefix("is-provider-")
            return EMBED_PROVIDERS.get(slug, slug.replace("-", " ").title())
    return ""


def embed_links(soup: BeautifulSoup) -> list[str]:
    """Turn each block-editor embed into a link to what it embedded; name drops.

    The block saves `<figure class="wp-block-embed is-provider-…"><div
    class="wp-block-embed__wrapper">URL</div><figcaption>…</figure>`, and
    WordPress asks the provider for a player when the page is shown. A player
    from a third party would track every reader, so the new site links to it.
    """
    lost: list[str] = []
    for figure in soup.find_all("figure", class_="wp-block-embed"):
        provider = _embed_provider(list(figure.get("class") or []))
        what = f"{provider} embed" if provider else "embed"
        wrapper = figure.find("div", class_="wp-block-embed__wrapper")
        words = wrapper.get_text(" ", strip=True).split() if wrapper else []
        url = words[0] if words and re.match(r"https?://", words[0], re.I) else ""
        inside = wrapper.find_all(True) if wrapper else []
        if not url:
            url = next(
                (
                    str(e.get("src") or e.get("href"))
                    for e in inside
                    if re.match(r"https?://", str(e.get("src") or e.get("href")))
                ),
                "",
            )
        if not url:
            lost.append(f"{what} without an http(s) address")
            figure.decompose()
            continue
        if inside or len(words) > 1:
            dropped = ", ".join(dict.fromkeys(f"<{e.name}>" for e in inside))
            lost.append(f"{what} of {url}: {dropped or 'text'} (kept as a link)")
        link = soup.new_tag("a", href=url)
        link.string = f"{provider}: {url}" if provider else url
        caption = figure.find("figcaption")
        replacement = soup.new_tag("figure", attrs={"class": "wp-block-embed"})
        replacement.append(link)
        if caption is not None:
            replacement.append(caption.extract())
        figure.replace_with(replacement)
    return lost
