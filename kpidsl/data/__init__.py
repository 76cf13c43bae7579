"""Period data in: CSV (UTF-8, UTF-8 with BOM, GB18030), Excel .xlsx, JSON and JSON Lines."""

from .readers import Table, read_table

__all__ = ["Table", "read_table"]
