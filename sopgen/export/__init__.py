"""`sopgen export`: the validated manual as a plain project that Zensical or ProperDocs builds."""

from __future__ import annotations

from sopgen.export.project import ExportError, ExportReport, TargetError, export_project

__all__ = ["ExportError", "ExportReport", "TargetError", "export_project"]
