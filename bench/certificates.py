"""Certificate speed: render one, render and sign one, a class of 30 as one signed PDF.

Run: ``.venv/bin/python bench/certificates.py``. Budgets: under 50 ms to render, under
150 ms signed, under 3 s for 30 in one PDF. Every certificate has its own code, so its own
QR code (nothing is served from a cache).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lms.certificates.render import render_certificate, render_many, sample  # noqa: E402
from lms.certificates.services import new_code  # noqa: E402
from lms.certificates.signing import create_self_signed, load_signer, sign_pdf  # noqa: E402
from lms.certificates.template import load_template  # noqa: E402

RUNS = 30


def data():
    code = new_code()
    return sample(code=code, verify_url=f"https://gramota.example/verify/{code}")


def median_ms(action, runs=RUNS) -> float:
    action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    template = load_template(ROOT / "certificates")
    with tempfile.TemporaryDirectory() as keys:
        create_self_signed(Path(keys), "Bench")
        signer = load_signer(Path(keys))
        render = median_ms(lambda: render_certificate(template, data()))
        signed = median_ms(lambda: sign_pdf(render_certificate(template, data()), signer,
                                            reason="bench"))
        batch = median_ms(lambda: sign_pdf(render_many(template, [data() for _ in range(30)]),
                                           signer, reason="bench"), runs=5)
    print("| what | median | budget |")
    print("| --- | ---: | ---: |")
    print(f"| render one certificate | {render:.0f} ms | 50 ms |")
    print(f"| render and sign one | {signed:.0f} ms | 150 ms |")
    print(f"| 30 certificates as one signed PDF | {batch:.0f} ms | 3000 ms |")


if __name__ == "__main__":
    main()
