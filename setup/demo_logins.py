"""The demo logins, from their one source setup/demo_logins.tsv.

    python3 setup/demo_logins.py                 the list setup/run prints
    python3 setup/demo_logins.py --write-readme  rewrite README.md's table from the file

Imported by tests/ to check that README.md and the demo database agree with the file."""

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "setup" / "demo_logins.tsv"
README = ROOT / "README.md"
BEGIN = "<!-- demo logins: generated from setup/demo_logins.tsv -->"
END = "<!-- end of demo logins -->"
LANGUAGES = {"en_US": "English", "zh_CN": "中文"}


class Login(NamedTuple):
    login: str
    lang: str
    name: str
    role: str


def read_logins(path=SOURCE):
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(Login(*line.split("\t")))
    return rows


def console_lines(logins):
    width = max(len(row.login) for row in logins)
    return [
        f"    {row.login:<{width}}  {row.name}, {row.role} ({LANGUAGES[row.lang]})"
        for row in logins
    ]


def readme_table(logins):
    lines = [
        BEGIN,
        "| login (= password) | who | language | what they do |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{row.login}` | {row.name} | {LANGUAGES[row.lang]} | {row.role} |"
        for row in logins
    ]
    return "\n".join([*lines, END])


def readme_block(text):
    """The generated table in README's text, markers included ('' when absent)."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return ""
    return text[start : end + len(END)]


def write_readme(logins, readme=README):
    text = readme.read_text(encoding="utf-8")
    block = readme_block(text)
    if not block:
        raise SystemExit(f"{readme}: no '{BEGIN}' ... '{END}' block to rewrite")
    readme.write_text(text.replace(block, readme_table(logins)), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    logins = read_logins()
    if args.write_readme:
        write_readme(logins)
    else:
        sys.stdout.write("\n".join(console_lines(logins)) + "\n")


if __name__ == "__main__":
    main()
