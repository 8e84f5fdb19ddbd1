"""The intake's rasa-sdk actions: the form's validation, reset and finish, over bot.intake."""
