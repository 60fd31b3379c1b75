"""Saves, autosave and replays (no pygame here).

    from game.persistence import save_game, read_save, restore_session
    path = save_game(session, "Before the Great Leap")
    session = restore_session(read_save(path))

See save_format (the file), store (the saves folder), replay (verify, Timeline)
and cli (``python -m game replay``).
"""

from game.persistence.replay import Timeline, VerifyReport, verify
from game.persistence.save_format import (
    CURRENT_FORMAT,
    LoadedSave,
    SaveError,
    SaveFile,
    build_save,
    dump_save,
    parse_save,
)
from game.persistence.store import (
    Autosaver,
    SaveEntry,
    autosave,
    delete_save,
    enable_autosave,
    list_saves,
    quicksave,
    quicksave_path,
    read_save,
    restore_session,
    save_game,
    saves_dir,
    write_save,
)

__all__ = [
    "CURRENT_FORMAT", "Autosaver", "LoadedSave", "SaveEntry", "SaveError", "SaveFile",
    "Timeline", "VerifyReport", "autosave", "build_save", "delete_save", "dump_save",
    "enable_autosave", "list_saves", "parse_save", "quicksave", "quicksave_path", "read_save",
    "restore_session", "save_game", "saves_dir", "verify", "write_save",
]
