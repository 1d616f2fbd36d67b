"""Entry point of the bundled executables: the `youdu-console` command line (no command opens the window)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Child processes (the Excel sheet reader, spawned with a memory cap; multiprocessing's resource tracker)
    # start this same executable: freeze_support runs them and exits before the CLI is even imported.
    multiprocessing.freeze_support()
    from youdu_console.cli.main import main

    sys.exit(main())
