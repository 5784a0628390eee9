"""The one error type of the package: what the npm package's ``TierwiseError`` carries."""

import json


class TierwiseError(ValueError):
    """A program, snapshot, cart, option or data column tierwise cannot accept.

    ``code`` is the stable code of the first issue (``missing_field``,
    ``not_an_integer``, …), ``path`` its JSON pointer into the input (``/orders/0/placed_at``,
    ``/x/17``), ``issues`` every issue found as dicts ``{code, path, message, severity}``.
    """

    def __init__(self, code, path, message, issues):
        super().__init__(message)
        self.code = code
        self.path = path
        self.message = message
        self.issues = issues

    @classmethod
    def _from_json(cls, text):
        error = json.loads(text)
        return cls(error["code"], error["path"], error["message"], error["issues"])

    def to_dict(self):
        """The error as the npm package's ``TierwiseError`` holds it."""
        return {"code": self.code, "path": self.path, "message": self.message, "issues": self.issues}

    def __repr__(self):
        return f"TierwiseError(code={self.code!r}, path={self.path!r}, message={self.message!r})"
