"""Booking handoff: free consultation slots, booking, confirmation, cancel and move."""
