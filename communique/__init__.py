"""communique: diplomatic and political news in, evidence-linked event data out."""

__version__ = "0.1.0"
