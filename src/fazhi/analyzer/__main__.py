"""``python -m fazhi.analyzer PATH...``: the analyzer's command line, without Django."""

import sys

from fazhi.analyzer.cli import main

if __name__ == "__main__":
    sys.exit(main())
