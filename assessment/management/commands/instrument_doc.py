from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.instrument_doc import render_instrument
from assessment.instrument_schema import InstrumentFileError, parse_instrument_file


class Command(BaseCommand):
    help = "Render an instrument file as a Markdown reference (e.g. docs/instrument.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Instrument YAML file.")
        parser.add_argument(
            "--output", help="Write the Markdown to this file instead of standard output."
        )

    def handle(self, *args, file: str, output: str | None = None, **options) -> None:
        try:
            spec = parse_instrument_file(file)
        except InstrumentFileError as error:
            raise CommandError(error.report(f"{file} is not a valid instrument")) from None
        markdown = render_instrument(spec)
        if output is None:
            self.stdout.write(markdown, ending="")
            return
        Path(output).write_text(markdown, encoding="utf-8")
        self.stdout.write(f"Wrote {output} from {file}")
