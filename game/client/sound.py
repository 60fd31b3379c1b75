"""Sounds the game makes for itself: a teleprinter's chatter when a cable arrives, a
rubber stamp when a decision is made, a low alarm when a shared danger crosses
into its top quarter, and a page turning. Each is synthesized here from a
fixed recipe (noise, decaying tones and envelopes) the first time it is
needed; nothing is recorded or shipped.

The mixer is opened lazily, after the first frame, and only if the player has
not muted the game. A machine without audio (or SDL's dummy driver) gives a
silent game, never an error: if the mixer cannot open, every call does
nothing.
"""

from __future__ import annotations

import math
import random
from array import array
from typing import Any

import pygame

RATE = 22050
NAMES = ("teleprinter", "stamp", "alarm", "page")
ALARM_SHARE = 0.75
"""a shared meter that is bad when high sounds the alarm on crossing this share of its range"""


def _noise(stream: random.Random, count: int) -> list[float]:
    return [stream.uniform(-1.0, 1.0) for _ in range(count)]


def _lowpass(samples: list[float], amount: float) -> list[float]:
    out, last = [], 0.0
    for value in samples:
        last += amount * (value - last)
        out.append(last)
    return out


def synthesize(name: str) -> list[float]:
    """The named sound as samples in -1..1 at RATE (deterministic)."""
    stream = random.Random(name)
    if name == "teleprinter":
        length = int(RATE * 0.75)
        out = [0.0] * length
        position = 0
        while position < length - RATE // 50:
            strike = int(RATE * 0.006)
            burst = _lowpass(_noise(stream, strike), 0.55)
            pitch = stream.uniform(1500, 2300)
            for i in range(strike):
                decay = math.exp(-i / (strike / 3))
                out[position + i] += 0.55 * decay * (burst[i] + 0.5 * math.sin(
                    2 * math.pi * pitch * i / RATE))
            position += int(RATE * stream.uniform(0.028, 0.062))
        return out
    if name == "stamp":
        length = int(RATE * 0.28)
        thud = _lowpass(_noise(stream, length), 0.18)
        out = []
        for i in range(length):
            t = i / RATE
            body = math.sin(2 * math.pi * (95 - 40 * t) * t) * math.exp(-t * 22)
            slap = thud[i] * math.exp(-t * 60)
            out.append(0.9 * body + 0.8 * slap)
        return out
    if name == "alarm":
        length = int(RATE * 1.3)
        out = []
        for i in range(length):
            t = i / RATE
            tone = 220.0 if (t % 0.65) < 0.325 else 185.0
            envelope = min(1.0, t / 0.08) * min(1.0, (1.3 - t) / 0.25)
            wave = math.sin(2 * math.pi * tone * t) + 0.3 * math.sin(4 * math.pi * tone * t)
            out.append(0.35 * envelope * wave)
        return out
    if name == "page":
        length = int(RATE * 0.4)
        rustle = _lowpass(_noise(stream, length), 0.35)
        out = []
        for i in range(length):
            t = i / length
            envelope = math.sin(math.pi * t) ** 2 * (0.6 + 0.4 * math.sin(18 * t))
            out.append(0.6 * envelope * rustle[i])
        return out
    raise ValueError(f"no such sound: {name}")


def _to_bytes(samples: list[float], channels: int) -> bytes:
    peak = max(1e-6, max(abs(v) for v in samples))
    gain = min(1.0, 0.9 / peak)
    data = array("h")
    for value in samples:
        sample = int(max(-1.0, min(1.0, value * gain)) * 32000)
        data.extend([sample] * channels)
    return data.tobytes()


class Sound:
    """Plays the game's sounds at the player's volumes; silent when it cannot play."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self._ready: bool | None = None
        self._sounds: dict[str, Any] = {}
        self._channels = 1
        self.played: list[str] = []
        """names asked for, newest last (tests and the tour read it)"""

    def configure(self, settings: Any) -> None:
        self.settings = settings

    @property
    def volume(self) -> float:
        s = self.settings
        if getattr(s, "mute", False):
            return 0.0
        return (getattr(s, "master_volume", 80) / 100) * (getattr(s, "effects_volume", 80) / 100)

    def _open(self) -> bool:
        if self._ready is None:
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
                init = pygame.mixer.get_init()
                self._channels = init[2] if init else 1
                self._ready = bool(init)
            except (pygame.error, OSError):
                self._ready = False
        return self._ready

    def play(self, name: str) -> None:
        self.played.append(name)
        del self.played[:-20]
        volume = self.volume
        if volume <= 0 or not self._open():
            return
        sound = self._sounds.get(name)
        if sound is None:
            try:
                sound = pygame.mixer.Sound(buffer=_to_bytes(synthesize(name), self._channels))
            except (pygame.error, ValueError):
                return
            self._sounds[name] = sound
        sound.set_volume(volume)
        try:
            sound.play()
        except pygame.error:
            self._ready = False

    def close(self) -> None:
        if self._ready:
            pygame.mixer.quit()
        self._ready = None
        self._sounds.clear()


class Cues:
    """Turns what happens in a campaign into sounds."""

    def __init__(self, sound: Sound) -> None:
        self.sound = sound
        self._danger: dict[int, bool] = {}

    def cable(self) -> None:
        self.sound.play("teleprinter")

    def decision(self) -> None:
        self.sound.play("stamp")

    def page(self) -> None:
        self.sound.play("page")

    def watch(self, state: Any) -> None:
        """Sound the alarm when a shared meter that is bad when high enters its top
        quarter (once per crossing)."""
        alarm = False
        for meter in state.scenario.meters:
            if meter.owner is not None or meter.higher_is != "bad":
                continue
            share = (state.values[meter.slot] - meter.lo) / max(1, meter.hi - meter.lo)
            high = share >= ALARM_SHARE
            if high and self._danger.get(meter.slot) is False:
                alarm = True
            self._danger[meter.slot] = high
        if alarm:
            self.sound.play("alarm")
