"""Pelican's Writer, skipping pages whose recorded inputs are unchanged."""

from __future__ import annotations

from typing import Any

from pelican.utils import sanitised_join
from pelican.writers import Writer

from .store import BuildRecords
from .tracking import tracker_of


class _RecordingTemplate:
    """Stands in for a Jinja template: reuses or renders one paginated page."""

    def __init__(self, template: Any, records: BuildRecords, output_path: str) -> None:
        self.template = template
        self.records = records
        self.output_path = output_path

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, localcontext: dict[str, Any]) -> str:
        name = localcontext["output_file"]
        path = sanitised_join(self.output_path, name)
        if self.records.reusable(name, path):
            # Pelican writes whatever this returns; the same text keeps the page.
            with open(path, encoding="utf-8", newline="") as page:
                text = page.read()
            self.records.mark_reused(name, path)
            return text
        return render_recorded(self.template, localcontext, self.records, name, path)


def render_recorded(
    template: Any,
    localcontext: dict[str, Any],
    records: BuildRecords,
    name: str,
    path: str,
) -> str:
    """Render a page while recording the volatile values it reads."""
    tracker = tracker_of(template.environment)
    if tracker is None:
        text = template.render(localcontext)
        records.mark_rendered(name, path, None)
        return text
    with tracker.capture() as deps:
        text = template.render(localcontext)
    records.mark_rendered(name, path, deps)
    return text


def caching_writer(records: BuildRecords) -> type[Writer]:
    """Return a Writer class bound to this build's records."""

    class CachingWriter(Writer):
        def write_file(
            self,
            name: Any,
            template: Any,
            context: Any,
            relative_urls: bool = False,
            paginated: Any = None,
            template_name: Any = None,
            override_output: bool = False,
            url: Any = None,
            **kwargs: Any,
        ) -> Any:
            if name:
                split = paginated or {
                    key: kwargs[key] for key in ("articles", "dates") if key in kwargs
                }
                single = not (
                    split and template_name in self.settings["PAGINATED_TEMPLATES"]
                )
                path = sanitised_join(self.output_path, name)
                # A page written once can be skipped without reading it back.
                if single and records.reusable(name, path):
                    records.mark_reused(name, path)
                    return None
                template = _RecordingTemplate(template, records, self.output_path)
            return super().write_file(
                name,
                template,
                context,
                relative_urls=relative_urls,
                paginated=paginated,
                template_name=template_name,
                override_output=override_output,
                url=url,
                **kwargs,
            )

    return CachingWriter
