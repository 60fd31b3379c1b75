"""The pygame client: the game window.

``game.client.app.run(args)`` opens it. The client never changes game state
itself: it holds a :class:`game.engine.session.GameSession`, submits the
player's commands through it and shows the state and the cause ledger.
Modules that do not draw (``settings``, ``present``, ``layout``) import no
pygame, so they can be tested and imported cheaply.
"""
