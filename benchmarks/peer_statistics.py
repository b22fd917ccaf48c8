"""Fill a database with N synthetic firms in one cohort and time the peer statistics.

    bash scripts/with_postgres.sh .venv/bin/python benchmarks/peer_statistics.py --firms 10000

Each synthetic firm has a random profile (sector, size band, technology intensity, region), a
consenting membership in one cohort and one closed round with plausible stored scores (seeded). One
more firm, whose manager logs in, has a real self-audit with answers (``assessment.demo``), so its
report page renders. Then every timed call runs ``--repeat`` times; the table shows the median
and the number of queries of one run. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessment.demo import demo_round  # noqa: E402
from assessment.models import (  # noqa: E402
    AssessmentRound,
    Association,
    Cohort,
    CohortMembership,
    Firm,
    FirmMembership,
    FirmRole,
    InstrumentVersion,
    Region,
    RoundKind,
    RoundScore,
    RoundStatus,
    Sector,
    SizeBand,
    TechnologyIntensity,
)
from assessment.round_scores import DCI, capability_measure, layer_measure, mode_measure  # noqa: E402
from reports.benchmark_queries import (  # noqa: E402
    cohort_alpha,
    cohort_statistics,
    firm_benchmarks,
    level_distribution,
    member_benchmark,
    participation,
)
from reports.benchmarks import DIMENSIONS  # noqa: E402

BATCH = 5000
MANAGER = "bench-manager"
PASSWORD = "bench-password-2026"


def load_instrument() -> InstrumentVersion:
    files = sorted(str(path) for path in (ROOT / "assessment/instruments").glob("*.yaml"))
    call_command("load_instrument", *files, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return InstrumentVersion.objects.order_by("-loaded_at").first()


def measures(instrument: InstrumentVersion) -> tuple[list[str], list[str], list[str]]:
    capabilities = [capability_measure(c.code) for c in instrument.capabilities.all()]
    layers = [layer_measure(layer.code) for layer in instrument.layers.all()]
    modes = [
        mode_measure(mode.code, side)
        for mode in instrument.practice_modes.all()
        for side in ("upstream", "downstream")
    ]
    return capabilities, layers, modes


def clip(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


def synthetic_scores(rng: random.Random, capabilities, layers, modes) -> dict[str, float]:
    """Plausible scores: a firm-level latent level, capability noise, layers as means, DCI."""
    level = rng.gauss(52, 15)
    scores = {measure: clip(level + rng.gauss(0, 12)) for measure in capabilities}
    per_layer = len(capabilities) // max(1, len(layers))
    layer_scores = []
    for i, measure in enumerate(layers):
        chunk = capabilities[i * per_layer : (i + 1) * per_layer] or capabilities
        value = clip(statistics.fmean(scores[c] for c in chunk))
        scores[measure] = value
        layer_scores.append(max(value, 0.1))
    scores[DCI] = clip(statistics.geometric_mean(layer_scores))
    for measure in modes:
        if rng.random() < 0.9:  # a few unscored modes, so visibility differs by measure
            scores[measure] = clip(level - 10 + rng.gauss(0, 20))
    return scores


def fill(n_firms: int, seed: int) -> Cohort:
    """Create the cohort and its firms unless a cohort for this N exists already."""
    instrument = load_instrument()
    name = f"Benchmark {n_firms}"
    existing = Cohort.objects.filter(name=name).first()
    if existing:
        return existing
    rng = random.Random(seed)
    association, _ = Association.objects.get_or_create(name="Benchmark association")
    cohort = Cohort.objects.create(
        association=association,
        name=name,
        instrument=instrument,
        join_code=f"BENCH{n_firms}",
        k_threshold=5,
        invited_count=n_firms + n_firms // 5,
    )
    capabilities, layers, modes = measures(instrument)
    levels = [level["code"] for level in instrument.development_levels]
    sectors = [Sector.C] * 6 + [Sector.G] * 3 + [Sector.J] * 2 + list(Sector)  # skewed mix
    now = timezone.now()
    started = time.perf_counter()
    for start in range(0, n_firms, BATCH):
        size = min(BATCH, n_firms - start)
        with transaction.atomic():
            firms = Firm.objects.bulk_create(
                Firm(
                    name=f"Synthetic firm {start + i}",
                    sector=rng.choice(sectors),
                    size_band=rng.choice(list(SizeBand)),
                    technology_intensity=rng.choice(list(TechnologyIntensity)),
                    country="Synthetic",
                    region=rng.choice(list(Region)),
                    is_demo=True,
                )
                for i in range(size)
            )
            CohortMembership.objects.bulk_create(
                CohortMembership(
                    cohort=cohort,
                    firm=firm,
                    consent_at=now - timedelta(days=90),
                    consent_text="Synthetic consent for the benchmark.",
                )
                for firm in firms
            )
            closed = [now - timedelta(days=rng.randint(1, 300)) for _ in firms]
            rounds = AssessmentRound.objects.bulk_create(
                AssessmentRound(
                    firm=firm,
                    instrument=instrument,
                    kind=RoundKind.SELF_AUDIT,
                    status=RoundStatus.CLOSED,
                    module_codes=[],
                    opened_at=when - timedelta(hours=1),
                    closed_at=when,
                    level_code=rng.choice(levels),
                )
                for firm, when in zip(firms, closed, strict=True)
            )
            RoundScore.objects.bulk_create(
                (
                    RoundScore(round=round_, measure=measure, value=value)
                    for round_ in rounds
                    for measure, value in synthetic_scores(rng, capabilities, layers, modes).items()
                ),
                batch_size=BATCH,
            )
        print(f"  {start + size} firms ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    manager_firm(cohort, instrument, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return cohort


def manager_firm(cohort: Cohort, instrument: InstrumentVersion, rng: random.Random) -> None:
    """The firm whose report page is timed: a real self-audit with answers."""
    User = get_user_model()
    user = User.objects.filter(username=MANAGER).first() or User.objects.create_user(
        MANAGER, f"{MANAGER}@example.com", PASSWORD
    )
    firm = Firm.objects.create(
        name=f"Benchmark member {cohort.pk}",
        sector=Sector.C,
        employees=60,
        size_band=SizeBand.MEDIUM,
        technology_intensity=TechnologyIntensity.MEDIUM_HIGH,
        country="Finland",
        region=Region.NORDIC,
        is_demo=True,
        created_by=user,
    )
    FirmMembership.objects.create(firm=firm, user=user, role=FirmRole.MANAGER)
    CohortMembership.objects.create(
        cohort=cohort,
        firm=firm,
        consent_by=user,
        consent_at=timezone.now() - timedelta(days=30),
        consent_text="Synthetic consent for the benchmark.",
        peer_group="sector",
    )
    items = list(
        instrument.items.select_related("module", "facet__capability", "mode").order_by("position")
    )
    demo_round(
        firm=firm,
        user=user,
        instrument=instrument,
        items=items,
        when=timezone.now() - timedelta(days=2),
        profile={},
        default=0.55,
        rng=rng,
    )


def measure(call, repeat: int, *, cold: bool) -> tuple[float, int]:
    """Median wall time in ms over ``repeat`` runs (after one warm-up) and queries of one run.

    ``cold``: the cache is cleared before each run, so the cohort's values are fetched and every
    figure computed again (as on the first call after any change of the cohort); otherwise the
    figures come from the cache and only the cohort's data version is read.
    """
    call()
    times = []
    queries = 0
    for _ in range(repeat):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries


def run(n_firms: int, repeat: int, seed: int) -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    cohort = fill(n_firms, seed)
    print(f"Data ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    firm = Firm.objects.get(name=f"Benchmark member {cohort.pk}")
    round_ = AssessmentRound.objects.filter(firm=firm, status=RoundStatus.CLOSED).latest(
        "closed_at"
    )
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=MANAGER))
    report_url = reverse("reports:report", args=[round_.pk])
    result_url = reverse("reports:result", args=[round_.pk])

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    timed = [
        (f"cohort_statistics({d})", lambda d=d: cohort_statistics(cohort, dimension=d))
        for d in DIMENSIONS
    ]
    timed += [
        ("member_benchmark(cohort)", lambda: member_benchmark(cohort, firm)),
        ("member_benchmark(sector)", lambda: member_benchmark(cohort, firm, dimension="sector")),
        ("firm_benchmarks", lambda: firm_benchmarks(firm)),
        ("participation", lambda: participation(cohort)),
        ("level_distribution", lambda: level_distribution(cohort)),
        ("cohort_alpha", lambda: cohort_alpha(cohort)),
        (f"GET {report_url} (report page)", lambda: get(report_url)),
        (f"GET {result_url} (result page)", lambda: get(result_url)),
    ]
    firms = CohortMembership.objects.filter(cohort=cohort).count()
    scores = RoundScore.objects.filter(round__firm__cohort_memberships__cohort=cohort).count()
    print()
    vendor = connection.vendor
    if vendor == "postgresql":
        vendor = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}"
    print(
        f"{firms} consenting firms, {scores} stored scores, {vendor}, "
        f"Python {platform.python_version()}, median of {repeat} runs"
    )
    print()
    print(f"Cache: {settings.CACHES['default']['BACKEND']}")
    print()
    print("| Call | Cold ms | Cold queries | Warm ms | Warm queries |")
    print("|---|---:|---:|---:|---:|")
    for label, call in timed:
        cold, cold_queries = measure(call, repeat, cold=True)
        warm, warm_queries = measure(call, repeat, cold=False)
        print(f"| `{label}` | {cold:.1f} | {cold_queries} | {warm:.1f} | {warm_queries} |")
    response = get(report_url)
    page = response.content.decode()
    names = [
        trace.get("name") or ""
        for trace in json.loads(
            page.split('id="fig-radar" type="application/json">')[1].split("</script>")[0]
        )["data"]
    ]
    print()
    band = any("25th–75th percentile" in name for name in names)
    table = 'id="peer-table-1"' in page
    print(
        f"Report page shows the peer band on its radar: {'yes' if band else 'NO'}; "
        f"peer table: {'yes' if table else 'NO'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=10_000, help="synthetic firms (10,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per call (7)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--work-mem", default="", help="PostgreSQL work_mem for the timed session, e.g. 64MB"
    )
    args = parser.parse_args()
    if args.work_mem and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
    run(args.firms, args.repeat, args.seed)


if __name__ == "__main__":
    main()
