"""Small pictures for the demo's renders, drawn here: a PNG writer (zlib, no image library)
and a painter that turns a render's inputs into a picture a person can tell apart at a
glance: the scene as sky and floor, each character as a figure in its own colours, the
style as a frame, rain as streaks. Same inputs, same bytes."""

from __future__ import annotations

import colorsys
import hashlib
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 160
HEIGHT = 120
Colour = tuple[int, int, int]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Ingredient:
    """What a picture is painted from: an input's type (CHARACTER, SCENE, STYLE, RENDER)
    and name."""

    type: str
    name: str


def colour_of(name: str, saturation: float = 0.55, value: float = 0.85) -> Colour:
    """A colour of its own for a name (the hue from its hash)."""
    hue = hashlib.sha256(name.encode()).digest()[0] / 255
    r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
    return round(r * 255), round(g * 255), round(b * 255)


class Canvas:
    """An RGB picture, row by row, with the few shapes the painter needs."""

    def __init__(self, width: int, height: int, fill: Colour) -> None:
        self.width = width
        self.height = height
        self.rows = [[fill] * width for _ in range(height)]

    def rect(self, x1: int, y1: int, x2: int, y2: int, colour: Colour) -> None:
        for y in range(max(0, y1), min(self.height, y2)):
            row = self.rows[y]
            for x in range(max(0, x1), min(self.width, x2)):
                row[x] = colour

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, colour: Colour) -> None:
        for y in range(max(0, int(cy - ry)), min(self.height, int(cy + ry) + 1)):
            row = self.rows[y]
            for x in range(max(0, int(cx - rx)), min(self.width, int(cx + rx) + 1)):
                if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1:
                    row[x] = colour

    def frame(self, thickness: int, colour: Colour) -> None:
        w, h = self.width, self.height
        self.rect(0, 0, w, thickness, colour)
        self.rect(0, h - thickness, w, h, colour)
        self.rect(0, 0, thickness, h, colour)
        self.rect(w - thickness, 0, w, h, colour)

    def png(self) -> bytes:
        raw = bytearray()
        for row in self.rows:
            raw.append(0)  # filter type: none
            for pixel in row:
                raw.extend(pixel)
        return encode_png(self.width, self.height, bytes(raw))


def encode_png(width: int, height: int, scanlines: bytes) -> bytes:
    """A PNG of 8-bit RGB `scanlines` (each row led by its filter byte)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(scanlines, 9))
        + chunk(b"IEND", b"")
    )


def paint(ingredients: Sequence[Ingredient]) -> bytes:
    """The picture of a render made from these inputs, as PNG bytes."""
    canvas = Canvas(WIDTH, HEIGHT, (236, 239, 244))
    scenes = [i for i in ingredients if i.type == "SCENE"]
    for scene in scenes[:1]:
        horizon = HEIGHT * 2 // 3
        canvas.rect(0, 0, WIDTH, horizon, colour_of(scene.name, 0.25, 0.95))
        canvas.rect(0, horizon, WIDTH, HEIGHT, colour_of(scene.name + " floor", 0.4, 0.6))
    figures = [i for i in ingredients if i.type in ("CHARACTER", "RENDER")]
    for index, figure in enumerate(figures):
        _figure(canvas, (index + 1) * WIDTH / (len(figures) + 1), figure.name)
    if any("rain" in i.name.lower() for i in ingredients):
        _rain(canvas)
    for style in [i for i in ingredients if i.type == "STYLE"][:1]:
        canvas.frame(6, colour_of(style.name, 0.7, 0.45))
    return canvas.png()


def _figure(canvas: Canvas, x: float, name: str) -> None:
    body = colour_of(name)
    canvas.ellipse(x, HEIGHT * 0.78, 18, 26, body)
    canvas.ellipse(x, HEIGHT * 0.4, 13, 14, (241, 203, 170))
    canvas.ellipse(x, HEIGHT * 0.3, 15, 7, colour_of(name + " hair", 0.6, 0.35))
    for eye in (-5, 5):
        canvas.ellipse(x + eye, HEIGHT * 0.41, 1.6, 1.6, (40, 40, 50))


def _rain(canvas: Canvas) -> None:
    streak = (120, 150, 200)
    for start in range(-HEIGHT, WIDTH, 11):
        for step in range(0, HEIGHT, 2):
            x, y = start + step // 3, step
            if 0 <= x < canvas.width and (step // 6) % 2 == 0:
                canvas.rows[y][x] = streak
