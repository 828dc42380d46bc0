"""`python -m hallq …` is the `hallq` command."""
import sys

from hallq.cli.main import main

sys.exit(main())
