"""annotator: span annotation of Arabic news with exact code-point offsets."""

__version__ = "0.1.0"
