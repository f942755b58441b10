"""Reports for people: a self-contained HTML page and a plain-text terminal summary."""

from presslens.report.html import CSP, TECHNIQUE_LABELS, TECHNIQUE_NAMES, render_html
from presslens.report.text import render_text

__all__ = ["CSP", "TECHNIQUE_LABELS", "TECHNIQUE_NAMES", "render_html", "render_text"]
