"""Delivering notifications from the outbox table: email (SMTP) and signed webhooks."""
