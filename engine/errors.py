"""Errors typed by kind, as moby's errdefs: each kind maps to one HTTP status in engine/api.

Noun modules raise a subclass of one kind, with Docker's exact wording as the message; no module
below engine/api chooses a status code.
"""


class EngineError(Exception):
    """Base of every error the engine reports to a client."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(EngineError):
    """404: the object does not exist."""


class InvalidParameter(EngineError):
    """400: the request is malformed or names something invalid."""


class Conflict(EngineError):
    """409: the request conflicts with the object's state."""


class NotModified(EngineError):
    """304: nothing to do (start of a running container)."""


class Forbidden(EngineError):
    """403"""


class Unauthorized(EngineError):
    """401"""


class Unavailable(EngineError):
    """503"""


class NotImplementedYet(EngineError):
    """501: a part of the Engine API the bundled engine does not offer."""


class System(EngineError):
    """500: anything else that went wrong inside the engine."""
