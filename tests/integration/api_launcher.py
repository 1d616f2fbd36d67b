"""serve-api as a real subprocess with app keys given in the environment (YOUDU_TEST_APP_KEYS: JSON appId →
base64 key), for the tests that drive it with a third-party client. Prints the port once it listens."""

from __future__ import annotations

import base64
import json
import os
import sys

from youdu_console.api.serve import serve
from youdu_console.services.console import open_uow


class _Key:
    def __init__(self, app_id: str, aes_key: bytes) -> None:
        self.app_id, self.aes_key, self.enabled = app_id, aes_key, True


def main() -> None:
    keys = {k: _Key(k, base64.b64decode(v)) for k, v in json.loads(os.environ["YOUDU_TEST_APP_KEYS"]).items()}
    serve(open_uow(sys.argv[1]), keys.get, port=0, ready=lambda port: print(port, flush=True))


if __name__ == "__main__":
    main()
