"""The web app's routes, one module per area (the public page now; the staff portal later)."""
