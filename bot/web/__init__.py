"""HTTP routes that are not chat channels: booked consultations' .ics files (and, later, the
clinic page and staff portal)."""
