"""Entry point: `python -m youdu_console` / `youdu-console` (no command opens the window)."""

from __future__ import annotations

import sys


def main() -> int:
    from youdu_console.cli.main import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
