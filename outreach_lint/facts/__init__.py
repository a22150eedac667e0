"""Readers that turn files a campaign points to into facts the rules can check."""
