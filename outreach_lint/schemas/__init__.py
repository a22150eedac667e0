"""JSON Schemas shipped with the package: campaign, rule and config."""
