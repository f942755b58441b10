"""presslens: read contested news critically.

Find the reports inside news pages, the persuasion techniques they use, who they quote, the
figures and claims they carry, and compare all of it across outlets.
"""

__version__ = "0.1.0"

from presslens.page import Boilerplate, Document, Page, Source

__all__ = ["Boilerplate", "Document", "Page", "Source", "__version__"]
