"""A local SMTP server for ./setup/run: it delivers nothing and writes each message
it receives, as sent, to one .eml file in a folder, so that a developer can read what
guests and staff are sent.

    python3 setup/mail_sink.py --port 2525 --dir .run/mail

Listens on 127.0.0.1 only. File names sort in the order of arrival:
``<UTC time>-<number>-<first recipient>.eml``."""

import argparse
import asyncio
import itertools
import re
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller


class EmlWriter:
    """aiosmtpd handler: one file per message, written whole before it is renamed to
    .eml, so that a reader never opens half a message."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.numbers = itertools.count(len(list(self.folder.glob("*.eml"))) + 1)

    async def handle_DATA(self, server, session, envelope):
        recipient = re.sub(r"[^\w.@-]", "_", (envelope.rcpt_tos or ["nobody"])[0])
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{next(self.numbers):04d}-{recipient}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.folder / name)
        sys.stdout.write(f"mail_sink: {name}\n")
        sys.stdout.flush()
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True, help="folder of the .eml files")
    args = parser.parse_args()
    controller = Controller(EmlWriter(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    sys.stdout.write(f"mail_sink: 127.0.0.1:{args.port} -> {args.dir}\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
