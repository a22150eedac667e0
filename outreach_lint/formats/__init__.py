"""Output formats: functions from a whole Report to text, looked up by name."""
