"""The intake: scar self-assessment, safety screen, result and estimate, consent and contact."""
