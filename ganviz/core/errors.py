"""The one error type that bad user input raises inside the core."""


class ConfigError(ValueError):
    """A setting was refused; `key` names it and the message says what is accepted."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message
