"""Draw the default theme's PNG images from its mark, once, into themes/default/static/:
favicon-32.png and apple-touch-icon.png (browsers without SVG icons, home screens), og-image.png
(the picture link previews show for every page that has none of its own) and podcast-cover.png (the
podcasts' cover: podcast apps ask for a square of 1400 to 3000 pixels, RGB).

They are static files, not made by each build: the same bytes in every build whatever Pillow's
version, and a build stays free of image work. Run after changing the mark:
`python scripts/theme_images.py`. Pillow comes with WeasyPrint, already installed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parents[1] / "themes" / "default" / "static"
ACCENT, INK, DEEP = (11, 92, 173), (255, 255, 255), (9, 80, 152)
POINTS = ((9, 22), (16, 10), (23, 22))  # the mark's three connected people, on its 32x32 grid (favicon.svg)
SCALE = 4  # drawn this many times larger, then scaled down: smooth edges


def mark(size: int, rounded: bool = True) -> Image.Image:
    big = size * SCALE
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(7 * unit) if rounded else 0, fill=ACCENT)
    points = [(x * unit, y * unit) for x, y in POINTS]
    draw.line([*points, points[0]], fill=INK, width=max(1, round(2.5 * unit)), joint="curve")
    for x, y in points:
        r = 3.6 * unit
        draw.ellipse((x - r, y - r, x + r, y + r), fill=INK)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def og_image(width: int = 1200, height: int = 630) -> Image.Image:
    image = Image.new("RGB", (width, height), ACCENT)
    draw = ImageDraw.Draw(image)
    for i in range(0, width + height, 90):  # a quiet diagonal texture
        draw.line([(i, 0), (i - height, height)], fill=DEEP, width=30)
    side = min(width, height) * 10 // 21  # 300 of the link preview's 630
    icon = mark(side)
    image.paste(icon, ((width - side) // 2, (height - side) // 2), icon)
    return image


def main() -> None:
    mark(32).save(STATIC / "favicon-32.png", optimize=True)
    mark(180, rounded=False).convert("RGB").save(STATIC / "apple-touch-icon.png", optimize=True)
    og_image().quantize(16).save(STATIC / "og-image.png", optimize=True)
    og_image(1400, 1400).save(STATIC / "podcast-cover.png", optimize=True)


if __name__ == "__main__":
    main()
