"""Draw static/description/icon.png: a moss-green tile with two linked rings (Odoo and Moss, connected)."""

import pathlib

from PIL import Image, ImageDraw

SIZE = 256
SCALE = 4  # draw large, then downsample for smooth edges


def draw():
    big = SIZE * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=56 * SCALE, fill=(38, 94, 69, 255))
    pen.ellipse((24 * SCALE, 140 * SCALE, 232 * SCALE, 300 * SCALE), fill=(62, 133, 96, 255))
    width = 22 * SCALE
    pen.ellipse((44 * SCALE, 68 * SCALE, 148 * SCALE, 172 * SCALE), outline=(255, 255, 255, 255), width=width)
    pen.ellipse((108 * SCALE, 84 * SCALE, 212 * SCALE, 188 * SCALE), outline=(197, 232, 120, 255), width=width)
    image = image.resize((SIZE, SIZE), Image.LANCZOS)
    target = pathlib.Path(__file__).resolve().parent.parent / "static" / "description" / "icon.png"
    image.save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    draw()
