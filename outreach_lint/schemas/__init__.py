"""JSON Schemas shipped with the package: campaign, rule, config and scan evidence."""
