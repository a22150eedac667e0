"""outreach-lint: lint outreach campaigns against GDPR, ePrivacy and national marketing law."""

__version__ = "0.1.0"
