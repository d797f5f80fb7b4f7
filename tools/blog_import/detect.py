"""Parse an export with defusedxml and say which format it is, by its content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# WordPress's importer takes whatever URI the file binds to `wp`; its exporter
# writes http://wordpress.org/export/1.x/, WordPress.com and the theme test data
# write https://. Both, for WXR 1.0 to 1.2 (and any later 1.x).
WXR_NAMESPACE = re.compile(r"\{(https?://wordpress\.org/export/(1\.\d+)/)\}")
DISQUS_NS = "{http://disqus.com}"
DISQUS_INTERNALS_NS = "{http://disqus.com/disqus-internals}"


class ExportError(ValueError):
    """The export cannot be read at all; the message says why and where."""


def parse(data: bytes, name: str) -> ET.Element:
    """Parse `data` (from file `name`), refusing entities, DTD tricks and bombs."""
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as error:
        raise ExportError(
            f"{name}: refused: the file declares entities or external references "
            f"({type(error).__name__}); an export never needs them, so nothing "
            "was fetched or expanded"
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        hint = " (the file looks truncated)" if "no element found" in reason else ""
        raise ExportError(
            f"{name}:{line}: not well-formed XML at column {column + 1}: {reason}{hint}"
        ) from None


def detect(root: ET.Element, name: str) -> tuple[str, str]:
    """Return ("wxr", its wp namespace URI) or ("disqus", "") for a parsed export."""
    if root.tag == f"{DISQUS_NS}disqus":
        return "disqus", ""
    if root.tag == "rss":
        for element in root.iter():
            tag = element.tag
            if isinstance(tag, str) and (found := WXR_NAMESPACE.match(tag)):
                return "wxr", found.group(1)
    raise ExportError(
        f"{name}: neither a WordPress export (WXR: <rss> with the "
        f"http(s)://wordpress.org/export/1.x/ namespace) nor a Disqus export "
        f"(<disqus> in the http://disqus.com namespace); the root element is "
        f"<{root.tag}>"
    )
