"""The built-in rule pack: YAML data, shipped inside the package as ``outreach_lint.rules``."""
