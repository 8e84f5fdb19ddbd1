"""Booking's rasa-sdk actions (offer, book, confirm, cancel and move), over bot.booking."""
