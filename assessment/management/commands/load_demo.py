from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from assessment.demo import DEMO_PASSWORD, load_demo
from assessment.demo_cohort import load_demo_cohort
from assessment.demo_workshop import load_demo_workshop
from assessment.selectors import current_instrument


class Command(BaseCommand):
    help = "Create the demo accounts and synthetic demo firms (idempotent)."

    def handle(self, *args, **options) -> None:
        instrument = current_instrument()
        if instrument is None:
            raise CommandError("Load an instrument first: manage.py load_instrument <file>.")
        created = load_demo(instrument)
        created += load_demo_cohort(instrument)
        created += load_demo_workshop(instrument)
        for line in created:
            self.stdout.write(f"Created {line}")
        if not created:
            self.stdout.write("Demo data already present.")
        self.stdout.write(
            f"Demo logins: demo-manager / demo-consultant / demo-association / admin, password {DEMO_PASSWORD}"
        )
