"""Booking without Rasa: free slots, reading wished-for times, notices, .ics files, ownership.

The rasa-sdk actions in actions/booking/ are thin adapters over these modules; a staff portal,
an SMS channel or the CLI can call them the same way.
"""
