"""``python -m game``: the command line (see game.cli.main)."""

from game.cli.main import main

raise SystemExit(main())
