"""Messages of the results written for people: the Excel workbook's headers and sheet names."""

from __future__ import annotations


