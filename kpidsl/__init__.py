"""kpidsl: a small language and interpreter for HR performance-evaluation schemes."""
__version__ = "0.1.0"
