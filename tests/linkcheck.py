"""Find internal links and asset references in a built site that resolve to nothing.

The logic lives in tools/sitelinks.py, shared with `make publish`'s post-build check.
"""

from __future__ import annotations

from common_ground_tools.sitelinks import (
    LINK_ATTRIBUTES,
    broken_references,
    target_file,
)

__all__ = ["LINK_ATTRIBUTES", "broken_references", "target_file"]
