"""Input channels and routes that Rasa loads from credentials.yml."""
