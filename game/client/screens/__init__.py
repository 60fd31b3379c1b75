"""The screens of the game window; each builds its widgets once per layout."""
