"""Write lms/people/common_passwords.txt: the 10,000 most common passwords.

The list is the head of zxcvbn's password frequency list (MIT licence; drawn from leaked
password sets, many of them Russian words typed in the English layout, such as "gfhjkm"
for «пароль»). Run ``make password-list`` after upgrading zxcvbn; a test checks the
shipped file is the head of the locked zxcvbn's list. Local words (Russian, Ukrainian,
Kazakh, the library's own) are in lms/people/local_passwords.txt, edited by hand.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

HOW_MANY = 10_000
TARGET = Path(__file__).parents[1] / "lms" / "people" / "common_passwords.txt"


def common_passwords() -> list[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return FREQUENCY_LISTS["passwords"][:HOW_MANY]


def header() -> str:
    return (f"# The {HOW_MANY:,} most common passwords, most common first: the head of the\n"
            f"# password list of zxcvbn {version('zxcvbn')} (MIT licence). Written by\n"
            "# `make password-list`; do not edit, add local words to local_passwords.txt.\n")


def main() -> int:
    TARGET.write_text(header() + "\n".join(common_passwords()) + "\n", encoding="utf-8")
    print(f"{TARGET}: {HOW_MANY} passwords from zxcvbn {version('zxcvbn')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
