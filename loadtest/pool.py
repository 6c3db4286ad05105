"""What the Locust users type: each office persona's household file numbers and the open opportunity codes.

Run by loadtest/run.py against the seeded database (`python -m loadtest.pool OUT.json`); a few indexed reads.
"""

import json
import sys

OFFICE_OF = {"worker.sby": "SBY", "supervisor.sby": "SBY", "worker.frs": "FRS", "supervisor.frs": "FRS"}


def build() -> dict:
    from django.db import connection

    from tamkeen.referrals.sharing import DEFAULT_CATEGORIES

    file_numbers = {}
    with connection.cursor() as cursor:
        for username, office in OFFICE_OF.items():
            cursor.execute(
                "SELECT h.file_number FROM registry_household h JOIN geography_office o ON o.id = h.office_id "
                "WHERE o.code = %s AND h.file_number <> '' ORDER BY h.id LIMIT 5000",
                [office],
            )
            file_numbers[username] = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM opportunities_opportunity WHERE status = 'open' ORDER BY code")
        codes = [row[0] for row in cursor.fetchall()]
    return {
        "file_numbers": file_numbers,
        "opportunity_codes": codes,
        "referral_categories": [str(category) for category in DEFAULT_CATEGORIES],
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    pool = build()
    for username, numbers in pool["file_numbers"].items():
        if not numbers:
            raise SystemExit(f"No households with a file number for {username}: is the database seeded?")
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(pool, out)
