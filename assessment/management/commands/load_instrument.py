from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from assessment.instrument_loader import load_instrument
from assessment.instrument_schema import InstrumentFileError, parse_instrument_file


class Command(BaseCommand):
    help = "Validate instrument data files and load them (idempotent; published versions are immutable)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", help="Instrument YAML files, oldest version first.")

    def handle(self, *args, files: list[str], **options) -> None:
        for path in files:
            try:
                spec = parse_instrument_file(path)
                instrument, created = load_instrument(spec)
            except InstrumentFileError as error:
                raise CommandError(error.report(f"{path} was not loaded")) from None
            items = instrument.items.count()
            verb = "Loaded" if created else "Already loaded, unchanged:"
            self.stdout.write(f"{verb} instrument {instrument.version} ({items} items) from {path}")
