"""File formats: each module reads files into Documents and writes Documents to files."""
