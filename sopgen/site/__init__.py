"""The MkDocs adapter, the only part of sopgen that imports MkDocs: plugin, pages, nav, search."""
