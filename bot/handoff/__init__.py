"""A visitor asking for a person: what they are told, and staff stepping into the chat."""
