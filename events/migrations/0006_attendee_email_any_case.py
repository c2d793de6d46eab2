"""One attendee per address and edition whatever the letter case: the unique constraint on
(edition, email) becomes one on (edition, lower(email)), as registration has always compared.

Existing rows that differ only in letter case are not merged here: merging two attendees
decides whose badge, check-ins, registrations and meetings survive, which is a person's call,
not a migration's. Registration has found people by address ignoring case from the start, so
such rows can only come from hand edits in the admin; if there are any, the migration stops
before changing anything and names them, so that an organizer can correct or delete one of
each pair in the admin and run the migration again.
"""

from django.db import migrations, models
from django.db.models import Count, Q
from django.db.models.functions import Lower

SHOWN = 20


def refuse_case_duplicates(apps, schema_editor):
    Attendee = apps.get_model("events", "Attendee")
    duplicates = list(
        Attendee.objects.using(schema_editor.connection.alias)
        .exclude(email="")
        .values("edition__number", email_lower=Lower("email"))
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .order_by("edition__number", "email_lower")
    )
    if not duplicates:
        return
    lines = [
        f"  edition {d['edition__number']}: {d['email_lower']} ({d['rows']} attendees)" for d in duplicates[:SHOWN]
    ]
    if len(duplicates) > SHOWN:
        lines.append(f"  ... and {len(duplicates) - SHOWN} more")
    raise RuntimeError(
        f"{len(duplicates)} email addresses are registered more than once in one edition, in different letter "
        "case. They are the same person, which the new unique constraint on (edition, lower(email)) refuses. "
        "In the admin (Events > Attendees, search the address), correct the address of one of each pair or "
        "delete the duplicate, then run the migrations again:\n" + "\n".join(lines)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_translations"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name="attendee",
            name="attendee_email_once_per_edition",
        ),
        migrations.AddConstraint(
            model_name="attendee",
            constraint=models.UniqueConstraint(
                models.F("edition"),
                Lower("email"),
                condition=~Q(email=""),
                name="attendee_email_once_per_edition",
                violation_error_message="Someone with this email address is already registered for this edition.",
            ),
        ),
    ]
