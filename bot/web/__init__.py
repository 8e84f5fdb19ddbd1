"""The clinic's web app (`app.py`: landing page, privacy page, the chat widget's files, later
the staff portal) and, on the Rasa server, booked consultations' .ics files (`calendar.py`)."""
