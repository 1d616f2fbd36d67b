"""App logos (3.5.9 应用 Logo): a built-in icon by name, or an uploaded image decoded, checked and scaled.

Decoding is Pillow's, Qt-free. A hostile file is refused before its pixels are decoded: the header's size is
checked against a pixel budget (a PNG "decompression bomb" declares a huge canvas in a few hundred bytes of
compressed zeros), and Pillow's own bomb guard is held to the same budget while it decodes.
"""

from __future__ import annotations

import base64
import io
import warnings

from youdu_console.domain.errors import ValidationError

LOGO_MAX_BYTES = 2 * 1024 * 1024  # an upload bigger than this is refused unread
LOGO_MAX_PIXELS = 4096 * 4096  # a canvas declaring more is a bomb (or no logo anybody needs)
LOGO_SIZE = 128  # stored logos are scaled to fit 128×128 (the portal shows them at 48 px, 96 on HiDPI)
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")
# The built-in icon set (可以直接选择有度即时通自带的图标): names the front ends draw.
BUILTIN_ICONS = ("app", "file", "mail", "org", "report", "disk", "clock", "notice", "form", "remote", "message",
                 "sms", "web", "chart", "calendar", "task")


def builtin_icon(name: str) -> str:
    icon = (name or "app").strip().lower()
    if icon not in BUILTIN_ICONS:
        raise ValidationError("app_icon_unknown", field="icon", value=icon, known=", ".join(BUILTIN_ICONS))
    return icon


def scaled_logo(data: bytes, size: tuple[int, int] = (LOGO_SIZE, LOGO_SIZE)) -> str:
    """The uploaded image as a PNG scaled to fit `size` (128 px square for a logo), base64; coded refusals."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError("app_logo_too_large", field="logo", max_kb=LOGO_MAX_BYTES // 1024)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:  # reads the header only
                fmt = probe.format
                width, height = probe.size
                if fmt not in FORMATS:
                    raise ValidationError("app_logo_not_image", field="logo")
                if width * height > LOGO_MAX_PIXELS or width <= 0 or height <= 0:
                    raise ValidationError("app_logo_bomb", field="logo", width=width, height=height)
                saved = Image.MAX_IMAGE_PIXELS
                Image.MAX_IMAGE_PIXELS = LOGO_MAX_PIXELS
                try:
                    probe.load()
                finally:
                    Image.MAX_IMAGE_PIXELS = saved
                image = probe.convert("RGBA")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("app_logo_bomb", field="logo", width=0, height=0) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError("app_logo_not_image", field="logo") from None
    image.thumbnail(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")
