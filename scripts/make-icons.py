#!/usr/bin/env python3
"""Draws the task icons (32x32) and the extension icon (128x128) as PNG, with no imaging library.

The mark: Port's violet rounded square with a white pipeline: three stages joined by a line, the last one a ring."""
import glob, struct, zlib, math, sys, os

VIOLET = (106, 53, 255)
WHITE = (255, 255, 255)

def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

def coverage(inside, x, y, samples=4):
    hits = sum(inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples) for i in range(samples) for j in range(samples))
    return hits / (samples * samples)

def icon(x, y, size):
    s = size / 32.0
    r = 7 * s
    def in_square(px, py):
        cx, cy = min(max(px, r), size - r), min(max(py, r), size - r)
        return (px - cx) ** 2 + (py - cy) ** 2 <= r * r
    def in_mark(px, py):
        u, v = px / s, py / s
        line = 8 <= u <= 19.6 and 14.6 <= v <= 17.4
        dot1 = (u - 8) ** 2 + (v - 16) ** 2 <= 3.2 ** 2
        dot2 = (u - 16) ** 2 + (v - 16) ** 2 <= 3.2 ** 2
        ring = 2.6 ** 2 <= (u - 24) ** 2 + (v - 16) ** 2 <= 4.6 ** 2
        return line or dot1 or dot2 or ring
    a = coverage(in_square, x, y)
    m = coverage(in_mark, x, y)
    color = tuple(round(VIOLET[i] * (1 - m) + WHITE[i] * m) for i in range(3))
    return (*color, round(255 * a))

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# Every task folder (tasks/<Task>/ with a task.json) gets the icon.
for task_json in glob.glob(os.path.join(root, "tasks", "*", "task.json")):
    png(os.path.join(os.path.dirname(task_json), "icon.png"), 32, icon)
png(os.path.join(root, "images", "icon.png"), 128, icon)
print("icons written")
