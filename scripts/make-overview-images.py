#!/usr/bin/env python3
"""Draws the pictures of the Marketplace page (overview.md) as PNG, with no imaging library:

    images/overview-loop.png   the loop: Port starts a pipeline, the tasks report back to the run and the catalog
    images/overview-run.png    the log of a real run of the sample pipeline (npm run demo), drawn as Azure DevOps shows a log

    npm run demo > /tmp/demo.log 2>&1
    python3 scripts/make-overview-images.py /tmp/demo.log   # writes examples/azure-pipelines.demo.log and both PNGs
    python3 scripts/make-overview-images.py                 # redraws both from examples/azure-pipelines.demo.log

From a demo's whole output it keeps the run itself (from "Using the local Port emulator" on, without the build before
it) in examples/azure-pipelines.demo.log, the lines as they were printed; it refuses a log that holds a secret the demo
knows (the client secret, the job's token, an access token). Text is drawn with DejaVu fonts (Debian's
fonts-dejavu-core), read by the small TrueType rasterizer below: Marketplace pages show PNG, not SVG or Mermaid."""
import os, re, struct, sys, zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EXCERPT = os.path.join(ROOT, "examples", "azure-pipelines.demo.log")
FONTS = "/usr/share/fonts/truetype/dejavu"
FIRST_LINE = "Using the local Port emulator"
# What must never be in a picture: the demo's client secret, its job token, a JWT, a bearer header.
SECRETS = [re.compile(p) for p in (r"demo-client-secret", r"local-job-access-token", r"eyJ[A-Za-z0-9_-]{8,}", r"(?i)bearer\s+\S")]

VIOLET = (106, 53, 255)
INK = (30, 27, 45)
WHITE = (255, 255, 255)


# ---------------------------------------------------------------- PNG

def write_png(path, width, height, pixels):
    """pixels: bytearray of RGB rows."""
    stride = width * 3
    raw = b"".join(b"\x00" + bytes(pixels[y * stride:(y + 1) * stride]) for y in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- TrueType

class Font:
    """The outlines of a TrueType font (glyf table), rasterized per pixel size with anti-aliasing."""

    def __init__(self, name):
        path = os.path.join(FONTS, name)
        if not os.path.exists(path):
            sys.exit(f"make-overview-images: {path} is missing: apt-get install fonts-dejavu-core")
        self.data = open(path, "rb").read()
        count = struct.unpack(">H", self.data[4:6])[0]
        self.tables = {}
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", self.data[12 + 16 * i:28 + 16 * i])
            self.tables[tag.decode("latin-1")] = (offset, length)
        head = self.tables["head"][0]
        self.units = struct.unpack(">H", self.data[head + 18:head + 20])[0]
        long_loca = struct.unpack(">h", self.data[head + 50:head + 52])[0] == 1
        hhea = self.tables["hhea"][0]
        self.ascender, self.descender, self.line_gap = struct.unpack(">hhh", self.data[hhea + 4:hhea + 10])
        metrics = struct.unpack(">H", self.data[hhea + 34:hhea + 36])[0]
        glyphs = struct.unpack(">H", self.data[self.tables["maxp"][0] + 4:self.tables["maxp"][0] + 6])[0]
        hmtx = self.tables["hmtx"][0]
        self.advances = [struct.unpack(">H", self.data[hmtx + 4 * i:hmtx + 4 * i + 2])[0] for i in range(metrics)]
        loca = self.tables["loca"][0]
        if long_loca:
            self.loca = list(struct.unpack(f">{glyphs + 1}I", self.data[loca:loca + 4 * (glyphs + 1)]))
        else:
            self.loca = [2 * v for v in struct.unpack(f">{glyphs + 1}H", self.data[loca:loca + 2 * (glyphs + 1)])]
        self.cmap = self._read_cmap()
        self.cache = {}

    def _read_cmap(self):
        base = self.tables["cmap"][0]
        count = struct.unpack(">H", self.data[base + 2:base + 4])[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", self.data[base + 4 + 8 * i:base + 12 + 8 * i])
            sub = base + offset
            if platform == 3 and encoding == 1 and struct.unpack(">H", self.data[sub:sub + 2])[0] == 4:
                segments = struct.unpack(">H", self.data[sub + 6:sub + 8])[0] // 2
                ends = struct.unpack(f">{segments}H", self.data[sub + 14:sub + 14 + 2 * segments])
                at = sub + 16 + 2 * segments
                starts = struct.unpack(f">{segments}H", self.data[at:at + 2 * segments])
                deltas = struct.unpack(f">{segments}h", self.data[at + 2 * segments:at + 4 * segments])
                range_at = at + 4 * segments
                offsets = struct.unpack(f">{segments}H", self.data[range_at:range_at + 2 * segments])
                table = {}
                for s in range(segments):
                    for code in range(starts[s], ends[s] + 1):
                        if code == 0xFFFF:
                            continue
                        if offsets[s] == 0:
                            glyph = (code + deltas[s]) & 0xFFFF
                        else:
                            where = range_at + 2 * s + offsets[s] + 2 * (code - starts[s])
                            glyph = struct.unpack(">H", self.data[where:where + 2])[0]
                            glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
                        table[code] = glyph
                return table
        sys.exit("make-overview-images: the font has no Unicode BMP cmap")

    def advance(self, glyph):
        return self.advances[min(glyph, len(self.advances) - 1)]

    def contours(self, glyph):
        """The glyph's closed contours in font units, each a list of (x, y, on_curve)."""
        start, end = self.loca[glyph], self.loca[glyph + 1]
        if start == end:
            return []
        at = self.tables["glyf"][0] + start
        number = struct.unpack(">h", self.data[at:at + 2])[0]
        if number < 0:
            return self._composite(at + 10)
        ends = struct.unpack(f">{number}H", self.data[at + 10:at + 10 + 2 * number])
        points = ends[-1] + 1 if number else 0
        at += 10 + 2 * number
        at += 2 + struct.unpack(">H", self.data[at:at + 2])[0]
        flags = []
        while len(flags) < points:
            flag = self.data[at]
            at += 1
            flags.append(flag)
            if flag & 8:
                flags.extend([flag] * self.data[at])
                at += 1
        coordinates = []
        for short, same in ((2, 16), (4, 32)):
            value, values = 0, []
            for flag in flags[:points]:
                if flag & short:
                    delta = self.data[at]
                    at += 1
                    value += delta if flag & same else -delta
                elif not flag & same:
                    value += struct.unpack(">h", self.data[at:at + 2])[0]
                    at += 2
                values.append(value)
            coordinates.append(values)
        result, first = [], 0
        for last in ends:
            result.append([(coordinates[0][i], coordinates[1][i], bool(flags[i] & 1)) for i in range(first, last + 1)])
            first = last + 1
        return result

    def _composite(self, at):
        result = []
        while True:
            flags, glyph = struct.unpack(">HH", self.data[at:at + 4])
            at += 4
            if flags & 1:
                dx, dy = struct.unpack(">hh", self.data[at:at + 4])
                at += 4
            else:
                dx, dy = struct.unpack(">bb", self.data[at:at + 2])
                at += 2
            a, b, c, d = 1.0, 0.0, 0.0, 1.0
            if flags & 8:
                a = d = struct.unpack(">h", self.data[at:at + 2])[0] / 16384
                at += 2
            elif flags & 0x40:
                a, d = (v / 16384 for v in struct.unpack(">hh", self.data[at:at + 4]))
                at += 4
            elif flags & 0x80:
                a, b, c, d = (v / 16384 for v in struct.unpack(">hhhh", self.data[at:at + 8]))
                at += 8
            for contour in self.contours(glyph):
                result.append([(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour])
            if not flags & 0x20:
                return result

    def glyph(self, char, size):
        """(coverage rows, left, top, width, height, advance) of a character at a pixel size; top is from the baseline up."""
        key = (char, size)
        if key not in self.cache:
            self.cache[key] = self._rasterize(self.cmap.get(ord(char), 0), size)
        return self.cache[key]

    def _rasterize(self, glyph, size):
        scale = size / self.units
        edges = []
        for contour in self.contours(glyph):
            for (x0, y0), (x1, y1) in _segments(contour, scale):
                if y0 != y1:
                    edges.append((x0, -y0, x1, -y1))
        advance = self.advance(glyph) * scale
        if not edges:
            return [], 0, 0, 0, 0, advance
        left = int(min(min(e[0], e[2]) for e in edges)) - 1
        right = int(max(max(e[0], e[2]) for e in edges)) + 2
        top = int(min(min(e[1], e[3]) for e in edges)) - 1
        bottom = int(max(max(e[1], e[3]) for e in edges)) + 2
        width, height, rows = right - left, bottom - top, []
        subs = 5
        for row in range(height):
            cover = [0.0] * (width + 1)
            for k in range(subs):
                y = top + row + (k + 0.5) / subs
                crossings = []
                for x0, y0, x1, y1 in edges:
                    if (y0 <= y < y1) or (y1 <= y < y0):
                        crossings.append((x0 + (y - y0) * (x1 - x0) / (y1 - y0) - left, 1 if y1 > y0 else -1))
                crossings.sort()
                winding = 0
                for x, direction in crossings:
                    was = winding
                    winding += direction
                    if was == 0 and winding != 0:
                        start = x
                    elif was != 0 and winding == 0:
                        _span(cover, start, x, 1 / subs)
            rows.append([min(1.0, c) for c in cover[:width]])
        return rows, left, -top, width, height, advance


def _segments(contour, scale):
    """The contour's outline as straight segments in pixels: quadratic curves cut into short lines."""
    points = [(x * scale, y * scale, on) for x, y, on in contour]
    if not points:
        return []
    # Start at an on-curve point; two off-curve points in a row imply the on-curve point between them.
    start = next((i for i, p in enumerate(points) if p[2]), None)
    if start is None:
        a, b = points[0], points[1]
        points.insert(0, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, True))
        start = 0
    points = points[start:] + points[:start]
    segments, current, control = [], points[0][:2], None
    for x, y, on in points[1:] + [points[0]]:
        if on:
            if control is None:
                segments.append((current, (x, y)))
            else:
                segments.extend(_curve(current, control, (x, y)))
                control = None
            current = (x, y)
        else:
            if control is not None:
                middle = ((control[0] + x) / 2, (control[1] + y) / 2)
                segments.extend(_curve(current, control, middle))
                current = middle
            control = (x, y)
    return segments


def _curve(p0, p1, p2):
    length = abs(p1[0] - p0[0]) + abs(p1[1] - p0[1]) + abs(p2[0] - p1[0]) + abs(p2[1] - p1[1])
    steps = max(2, min(16, int(length / 1.5)))
    out, previous = [], p0
    for i in range(1, steps + 1):
        t = i / steps
        point = ((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
                 (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1])
        out.append((previous, point))
        previous = point
    return out


def _span(cover, x0, x1, weight):
    """Adds weight times the part of each pixel column that [x0, x1) covers."""
    x0, x1 = max(0.0, x0), min(len(cover) - 1.0, x1)
    if x1 <= x0:
        return
    first, last = int(x0), int(x1)
    if first == last:
        cover[first] += (x1 - x0) * weight
        return
    cover[first] += (first + 1 - x0) * weight
    for column in range(first + 1, last):
        cover[column] += weight
    cover[last] += (x1 - last) * weight


# ---------------------------------------------------------------- canvas

class Canvas:
    def __init__(self, width, height, background):
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(background) * (width * height))

    def blend(self, x, y, color, alpha):
        if alpha <= 0 or not (0 <= x < self.width and 0 <= y < self.height):
            return
        i = (y * self.width + x) * 3
        if alpha >= 1:
            self.pixels[i:i + 3] = bytes(color)
            return
        for c in range(3):
            self.pixels[i + c] = round(self.pixels[i + c] * (1 - alpha) + color[c] * alpha)

    def shape(self, inside, box, color, samples=3):
        """Fills what inside(x, y) holds within box (x0, y0, x1, y1), anti-aliased by samples² points a pixel."""
        x0, y0, x1, y1 = (int(v) for v in box)
        for y in range(max(0, y0 - 1), min(self.height, y1 + 2)):
            for x in range(max(0, x0 - 1), min(self.width, x1 + 2)):
                hits = sum(inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples) for i in range(samples) for j in range(samples))
                self.blend(x, y, color, hits / samples ** 2)

    def rect(self, x0, y0, x1, y1, color, radius=0):
        if radius == 0:
            x0, x1 = max(0, int(x0)), min(self.width, int(x1))
            for y in range(max(0, int(y0)), min(self.height, int(y1))):
                if x1 > x0:
                    self.pixels[(y * self.width + x0) * 3:(y * self.width + x1) * 3] = bytes(color) * (x1 - x0)
            return
        def inside(px, py):
            cx, cy = min(max(px, x0 + radius), x1 - radius), min(max(py, y0 + radius), y1 - radius)
            return (px - cx) ** 2 + (py - cy) ** 2 <= radius * radius
        # The straight middle is solid; only the corners need sampling.
        self.rect(x0 + radius, y0, x1 - radius, y1, color)
        self.rect(x0, y0 + radius, x0 + radius, y1 - radius, color)
        self.rect(x1 - radius, y0 + radius, x1, y1 - radius, color)
        for cx, cy in ((x0, y0), (x1 - radius, y0), (x0, y1 - radius), (x1 - radius, y1 - radius)):
            self.shape(inside, (cx, cy, cx + radius, cy + radius), color)

    def line(self, points, color, thickness=3):
        """A polyline of the given thickness, with round joins."""
        half = thickness / 2
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            def inside(px, py, ax=ax, ay=ay, bx=bx, by=by):
                dx, dy = bx - ax, by - ay
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
                return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2 <= half * half
            self.shape(inside, (min(ax, bx) - half, min(ay, by) - half, max(ax, bx) + half, max(ay, by) + half), color)

    def arrow(self, points, color, thickness=3, head=14):
        """A polyline ending in a filled arrow head at its last point."""
        (ax, ay), (bx, by) = points[-2], points[-1]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        ux, uy = (bx - ax) / length, (by - ay) / length
        base = (bx - ux * head, by - uy * head)
        self.line(points[:-1] + [base], color, thickness)
        corners = [(bx, by), (base[0] - uy * head * 0.55, base[1] + ux * head * 0.55), (base[0] + uy * head * 0.55, base[1] - ux * head * 0.55)]
        def inside(px, py):
            signs = []
            for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
                signs.append((x1 - x0) * (py - y0) - (y1 - y0) * (px - x0) >= 0)
            return all(signs) or not any(signs)
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        self.shape(inside, (min(xs), min(ys), max(xs), max(ys)), color)

    def text(self, x, baseline, text, font, size, color):
        """Draws text from x on the baseline; returns the x after it."""
        pen = float(x)
        for char in text:
            rows, left, top, width, height, advance = font.glyph(char, size)
            ox, oy = int(round(pen)) + left, baseline - top
            for r, row in enumerate(rows):
                for c, alpha in enumerate(row):
                    if alpha > 0.003:
                        self.blend(ox + c, oy + r, color, alpha)
            pen += advance
        return pen

    def measure(self, text, font, size):
        return sum(font.glyph(char, size)[5] for char in text)


# ---------------------------------------------------------------- the loop

def draw_loop(path):
    sans, bold = Font("DejaVuSans.ttf"), Font("DejaVuSans-Bold.ttf")
    width, height = 1400, 780
    background, grey, orange = (247, 245, 255), (96, 92, 112), (214, 88, 20)
    canvas = Canvas(width, height, background)
    canvas.text(40, 58, "Port and Azure Pipelines, one loop", bold, 30, INK)
    canvas.text(40, 92, "Port starts the pipeline; the tasks report back to the run, the catalog and the DORA metrics.", sans, 19, grey)

    # Port, on the left: what the tasks write to.
    canvas.rect(40, 130, 520, 740, VIOLET, 22)
    pen = canvas.text(70, 180, "Port", bold, 32, WHITE)
    canvas.text(pen + 14, 180, "your developer portal", sans, 19, (225, 215, 255))
    for x0, y0, x1, y1, title, lines in (
            (70, 215, 490, 325, "Self-service action run", ["a developer clicks Deploy;", "its status, label, logs, link"]),
            (70, 370, 490, 480, "Software catalog", ["entities: services, builds,", "versions, environments"]),
            (70, 530, 490, 640, "DORA metrics", ["deployments, their status", "and lead time"])):
        canvas.rect(x0, y0, x1, y1, WHITE, 14)
        canvas.text(x0 + 22, y0 + 38, title, bold, 22, INK)
        for i, line in enumerate(lines):
            canvas.text(x0 + 22, y0 + 70 + 26 * i, line, sans, 18, grey)

    # The pipeline, on the right: its steps in order.
    blue = (0, 120, 212)
    canvas.rect(880, 130, 1360, 740, WHITE, 22)
    canvas.rect(880, 130, 1360, 200, blue, 22)
    canvas.rect(880, 176, 1360, 200, blue)
    canvas.text(910, 178, "Azure Pipelines", bold, 28, WHITE)
    steps = [
        ("PortReportRun@1", "IN_PROGRESS: \"Building checkout\""),
        ("your build and deploy steps", "script, Docker, Helm, ..."),
        ("PortUpsertEntity@1", "the service's new version"),
        ("PortGetEntity@1", "read it back into variables"),
        ("PortReportDeployment@1", "status and lead time"),
        ("PortReportRun@1", "status auto: SUCCESS or FAILURE"),
    ]
    middle = []
    for i, (name, detail) in enumerate(steps):
        y0 = 222 + 84 * i
        ours = name.startswith("Port")
        canvas.rect(905, y0, 1335, y0 + 70, (236, 230, 255) if ours else (238, 238, 242), 12)
        canvas.text(925, y0 + 31, name, bold, 19, VIOLET if ours else INK)
        canvas.text(925, y0 + 57, detail, sans, 16, grey)
        middle.append(y0 + 35)

    # The arrows, each with its number and words above it. The run's result climbs a lane beside Port, which the
    # others cross with a gap.
    lane = 556
    canvas.line([(905, middle[5]), (lane, middle[5]), (lane, 312)], VIOLET, 4)
    canvas.arrow([(lane, 312), (520, 312)], VIOLET, 4, 16)
    arrows = [
        ([(520, 246), (905, 246)], orange, "1  starts it, with the run id", 236),
        ([(905, 276), (520, 276)], VIOLET, "2  progress: label, logs, link", 300),
        ([(905, middle[2]), (520, middle[2])], VIOLET, "3  records the new version", middle[2] - 10),
        ([(520, 462), (840, 462), (840, middle[3]), (905, middle[3])], VIOLET, "4  reads the entity back", 452),
        ([(905, middle[4]), (520, middle[4])], VIOLET, "5  records the deployment", middle[4] - 10),
    ]
    for points, color, label, label_y in arrows:
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            if ay == by and min(ax, bx) < lane < max(ax, bx):
                canvas.rect(lane - 6, ay - 5, lane + 6, ay + 5, background)
        canvas.arrow(points, color, 4, 16)
        canvas.text(lane + 16, label_y, label, bold, 16, color)
    canvas.text(lane + 16, middle[5] - 10, "6  ends the run", bold, 16, VIOLET)
    write_png(path, width, height, canvas.pixels)


# ---------------------------------------------------------------- the run's log

def excerpt_from(demo_log):
    """The run itself out of a demo's whole output: from FIRST_LINE on, without the build before it."""
    lines = open(demo_log, encoding="utf-8").read().splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(FIRST_LINE)), None)
    if start is None:
        sys.exit(f"make-overview-images: {demo_log} has no line starting '{FIRST_LINE}': is it the output of npm run demo?")
    kept = lines[start:]
    # `time npm run demo` adds its figures at the end; they are not the demo's.
    while kept and (not kept[-1].strip() or re.match(r"^(real|user|sys)\s+\d", kept[-1])):
        kept.pop()
    return kept


def check_secrets(lines, where):
    for number, line in enumerate(lines, 1):
        for pattern in SECRETS:
            if pattern.search(line):
                sys.exit(f"make-overview-images: {where} line {number} holds a secret ({pattern.pattern}): refusing to draw it")


# The agent's log decorations, drawn as Azure DevOps' log view draws them: the prefix gone, the line coloured.
DECORATIONS = {
    "##[section]": (87, 171, 90),
    "##[command]": (86, 156, 214),
    "##[warning]": (229, 192, 72),
    "##[error]": (240, 96, 96),
    "##[debug]": (180, 140, 255),
    "##[group]": (255, 255, 255),
}


def draw_log(path, lines):
    mono, mono_bold = Font("DejaVuSansMono.ttf"), Font("DejaVuSansMono-Bold.ttf")
    size, line_height, margin = 17, 25, 28
    shown = []
    for line in lines:
        if line == "##[endgroup]":
            continue  # the log view closes the group; the line itself is not shown
        color, bold, text = (204, 204, 204), False, line
        for prefix, decoration in DECORATIONS.items():
            if text.startswith(prefix):
                text, color, bold = text[len(prefix):], decoration, prefix in ("##[section]", "##[group]")
                break
        if text.startswith("Port action run ") or text.startswith("Job result") or text.startswith("Output variables"):
            color, bold = (255, 255, 255), True
        shown.append((text.replace("\t", "    "), color, bold))
    cell = mono.glyph("M", size)[5]
    columns = max(len(text) for text, _, _ in shown)
    width = max(1200, int(margin * 2 + 56 + cell * columns))
    title_height = 56
    height = title_height + margin + line_height * len(shown) + margin // 2
    canvas = Canvas(width, height, (30, 30, 30))
    canvas.rect(0, 0, width, title_height, (45, 45, 48))
    pen = canvas.text(margin, 36, "npm run demo", mono_bold, 19, (255, 255, 255))
    canvas.text(pen + 16, 36, "examples/azure-pipelines.yml through the packaged tasks, against the local Port emulator",
                mono, 16, (160, 160, 170))
    for i, (text, color, bold) in enumerate(shown):
        baseline = title_height + margin + line_height * i + 14
        canvas.text(margin, baseline, f"{i + 1:>3}", mono, size - 2, (110, 110, 118))
        canvas.text(margin + 56, baseline, text, mono_bold if bold else mono, size, color)
    write_png(path, width, height, canvas.pixels)


def main(args):
    if len(args) > 1 or (args and args[0].startswith("-")):
        sys.exit("usage: python3 scripts/make-overview-images.py [<output of npm run demo>]")
    if args:
        lines = excerpt_from(args[0])
        check_secrets(lines, args[0])
        open(EXCERPT, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    lines = open(EXCERPT, encoding="utf-8").read().splitlines()
    check_secrets(lines, EXCERPT)
    draw_loop(os.path.join(ROOT, "images", "overview-loop.png"))
    draw_log(os.path.join(ROOT, "images", "overview-run.png"), lines)
    print("wrote images/overview-loop.png and images/overview-run.png")


main(sys.argv[1:])
