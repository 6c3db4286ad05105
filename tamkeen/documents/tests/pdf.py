"""Reading a printed document back: its text (pypdf) and its QR code (the SVG path, as a module matrix)."""

import io
import re

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def svg_matrix(svg: str) -> list[list[int]]:
    """The dark modules drawn by segno's path (horizontal runs: "M x y.5 h n m dx dy …"), as rows of 0/1."""
    scale = float(re.search(r'transform="scale\(([\d.]+)\)"', svg).group(1))
    width = int(float(re.search(r'width="([\d.]+)"', svg).group(1)) / scale)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    grid = [[0] * width for _ in range(width)]
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVvZz])([^MmHhVvZz]*)", path):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            for i in range(int(numbers[0])):
                grid[int(y)][int(x) + i] = 1
            x += numbers[0]
    return grid


def scan_qr_codes(content: bytes) -> list[str] | None:
    """The QR codes a scanner reads off the printed page (poppler's pdftoppm, then zbarimg), or None when those
    tools are not installed. It reads the PDF as a phone would read the paper."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        return None
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", pdf, Path(folder) / "page"], check=True
        )
        page = next(Path(folder).glob("page*.png"))
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page],
            capture_output=True,
            text=True,
            check=False,
        )
    return [line for line in result.stdout.splitlines() if line]
