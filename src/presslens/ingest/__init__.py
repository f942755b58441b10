"""Reading inputs: files, folders and containers into Items, and Items into Pages."""

from presslens.ingest.extract import load_page
from presslens.ingest.item import Item
from presslens.ingest.sources import iter_items

__all__ = ["Item", "iter_items", "load_page"]
