"""Expand WordPress shortcodes into the HTML WordPress shows for them."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from .records import Attachment

# [name attrs]...[/name], [name attrs /] or a bare [name attrs]; [[x]] escapes.
SHORTCODE = re.compile(
    r"\[(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*)?)"
    r"(?:/\]|\](?:(?P<inner>.*?)\[/(?P=name)\])?)",
    re.S,
)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# WordPress core and the most common plugins' shortcodes: bare [name] is one.
KNOWN_SHORTCODES = frozenset(
    {
        "audio", "caption", "code", "embed", "gallery", "playlist", "sourcecode",
        "video", "wp_caption", "youtube", "vimeo", "contact-form", "contact-form-7",
        "latex", "googlemaps", "soundcloud", "twitter", "tweet", "instagram",
    }
)  # fmt: skip
CAPTION_NAMES = ("caption", "wp_caption")
# [audio]/[video] name their file by src or by its format (wp_audio_shortcode).
MEDIA_SHORTCODES = {
    "audio": ("mp3", "m4a", "ogg", "wav", "flac"),
    "video": ("mp4", "m4v", "webm", "ogv", "wmv", "flv"),
}
MEDIA_URL = re.compile(r"(?:https?:)?//|/", re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
# Marks an image that came from a [caption], so it gets no alt of its own.
CAPTIONED_ATTRIBUTE = "data-wp-captioned"
CAPTIONED = f'{CAPTIONED_ATTRIBUTE}=""'


def shortcode_attributes(raw: str) -> dict[str, str]:
    """Read `key="value"` pairs of a shortcode."""
    return {
        m[1].lower(): html.unescape(next(v for v in m.groups()[1:] if v is not None))
        for m in ATTRIBUTE.finditer(raw)
    }


def _caption_html(attrs: str, inner: str) -> str:
    """Rewrite one [caption] as WordPress does: a <figure> with a <figcaption>."""
    image = IMG.search(inner or "")
    if image is None:
        return inner or ""
    values = shortcode_attributes(attrs)
    caption = values.get("caption") or ""
    if not caption:
        # The caption is HTML after the image (links and emphasis allowed).
        caption = inner[image.end() :].strip()
    anchor = re.match(r"\s*<a\b[^>]*>", inner[: image.start()], re.I)
    tagged = image[0].replace(image[0][:4], f"{image[0][:4]} {CAPTIONED}", 1)
    picture = (anchor[0].strip() if anchor else "") + tagged
    if anchor:
        picture += "</a>"
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'\n\n<figure class="wp-caption">{picture}{figcaption}</figure>\n\n'


def _media_html(name: str, attrs: str, inner: str) -> str:
    """Rewrite [audio]/[video] as the player WordPress shows; "" without a file."""
    values = shortcode_attributes(attrs)
    src = values.get("src") or next(
        (values[k] for k in MEDIA_SHORTCODES[name] if values.get(k)), inner.strip()
    )
    if not src or not re.match(r"(?:https?:)?//|/", src):
        return ""
    size = "".join(
        f' {key}="{int(values[key])}"'
        for key in ("width", "height")
        if values.get(key, "").isdigit()
    )
    player = f'<{name} controls src="{html.escape(src)}"{size}></{name}>'
    return f'\n\n<figure class="wp-block-{name}">{player}</figure>\n\n'


def _gallery_html(
    attrs: str, attachments: Mapping[str, Attachment], lost: list[str]
) -> str | None:
    """Rewrite [gallery ids="…"] as a list of figures; None when it names no ids.

    WordPress shows each attachment with its alt text and, as caption, the
    attachment's excerpt. Ids the export does not carry are named in `lost`.
    """
    values = shortcode_attributes(attrs)
    ids = values.get("ids") or values.get("include") or ""
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    if not wanted:
        return None
    figures = []
    for wp_id in wanted:
        found = attachments.get(wp_id)
        if found is None or not MEDIA_URL.match(found.url):
            lost.append(f"gallery image {wp_id} (no such attachment in the export)")
            continue
        alt = f' alt="{html.escape(found.alt)}"' if found.alt else ""
        caption = " ".join(found.caption.split())
        figures.append(
            f'<figure class="wp-block-image"><img src="{html.escape(found.url)}"'
            f"{alt} />{f'<figcaption>{caption}</figcaption>' if caption else ''}"
            "</figure>"
        )
    return "\n\n" + "\n\n".join(figures) + "\n\n" if figures else ""


def expand_shortcodes(
    text: str, attachments: Mapping[str, Attachment] | None = None
) -> tuple[str, list[str], list[str]]:
    """Turn [caption], [audio], [video] and [gallery] into HTML.

    Return the text, the other shortcodes (kept as text) and what was lost.
    """
    kept: list[str] = []
    lost: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match["name"].lower()
        whole = match[0]
        if name in CAPTION_NAMES:
            return _caption_html(match["attrs"], match["inner"] or "")
        if name == "gallery":
            gallery = _gallery_html(match["attrs"], attachments or {}, lost)
            if gallery is not None:
                return gallery
        if name in MEDIA_SHORTCODES:
            player = _media_html(name, match["attrs"], match["inner"] or "")
            if player:
                return player
        is_shortcode = (
            name in KNOWN_SHORTCODES
            or match["inner"] is not None
            or "=" in match["attrs"]
            or whole.endswith("/]")
        )
        if is_shortcode and name not in kept:
            kept.append(name)
        return whole

    return SHORTCODE.sub(replace, text), sorted(kept), lost
