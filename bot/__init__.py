"""The application around Rasa: settings, stored data, channels, web and command line."""
