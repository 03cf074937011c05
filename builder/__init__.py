"""regtimeline: news articles -> a validated, versioned timeline of regulatory actions."""

__version__ = "0.1.0"
