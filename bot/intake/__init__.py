"""The intake without Rasa: questions and their parsers, scoring, the estimate, the explained
result, consent wording, the stored record and recovery.

The rasa-sdk actions in actions/intake/ are thin adapters over these modules; a staff portal,
an SMS channel or the CLI can call them the same way.
"""
