"""The one error type services raise."""


class ApplicationError(Exception):
    """A business rule refused the request.

    `message` is shown to the user as it is (Indonesian, saying what to do);
    `field` names the input it is about, when there is one, so forms can show it
    beside that field and the API can key it.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
