"""Nothing stored links a voter, or a slip's issue, to a choice (issue 4; house-style
"Ballot secrecy by construction"; design.md §7).

The tests snapshot every table of the project around the casting of a round and
inspect what changed: the tables and columns written, the columns of the rows written
at cast time, the order of the ballots against the order of the voters, the audit
payloads, and on PostgreSQL the system column ``xmin`` (rows written in one
transaction share it).
"""

import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.organizations.models import Person
from thidua.organizations.tests import factories as f
from thidua.voting import services
from thidua.voting.models import (
    Attendance,
    Ballot,
    BallotIssue,
    BallotRound,
    BallotToken,
)

# Rows a cast may write, and nothing else: the slip's ``used`` flag, the ballot, and
# an audit event naming the round.
CAST_WRITES = {
    BallotToken._meta.db_table: {"used"},
    Ballot._meta.db_table: "inserted",
    AuditEvent._meta.db_table: "inserted",
}
# Words of a column that could name someone, hold a time, or carry the slip.
SUSPECT = (
    "voter",
    "user",
    "person",
    "people",
    "actor",
    "by",
    "time",
    "date",
    "_at",
    "created",
    "updated",
    "ip",
    "address",
    "session",
    "agent",
    "issue",
    "attend",
)


def _models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def snapshot() -> dict[str, dict]:
    """Every row of every table, by primary key."""
    out = {}
    for model in _models():
        pk = model._meta.pk.attname
        out[model._meta.db_table] = {
            row[pk]: row for row in model._base_manager.values()
        }
    return out


@dataclass
class Change:
    inserted: list
    deleted: list
    columns: set


def diff(before, after) -> dict[str, Change]:
    changes = {}
    for table, rows in after.items():
        old = before.get(table, {})
        inserted = [rows[k] for k in rows.keys() - old.keys()]
        deleted = [old[k] for k in old.keys() - rows.keys()]
        columns = {
            column
            for k in rows.keys() & old.keys()
            for column, value in rows[k].items()
            if old[k][column] != value
        }
        if inserted or deleted or columns:
            changes[table] = Change(inserted, deleted, columns)
    return changes


@pytest.fixture
def many(hall, world):
    """One vote per attendee, twelve voters: twelve ballots with distinct marks make
    any order that survives stand out (the chance of a random order matching is
    1 in 12!)."""
    world.P.settings = {"votes_per": "attendee"}
    world.P.save(update_fields=["settings"])
    extra = [
        f.PersonFactory(unit=hall.units[i], full_name=name)
        for i, name in enumerate(
            ["Ngô Thị Hoa", "Lý Văn Khoa", "Đinh Thị Mai", "Quách Văn Nam"]
        )
    ]
    Attendance.objects.bulk_create(
        Attendance(conference=hall.conference, person=p, unit_id=p.unit_id)
        for p in extra
    )
    return [*hall.delegates, *extra]


def marks(hall):
    """Twelve distinct sets of at most two of the first five units."""
    u = [x.pk for x in hall.units[:5]]
    pairs = [[a, b] for i, a in enumerate(u) for b in u[i + 1 :]]
    return [[], *([x] for x in u), *pairs][:12]


def cast_all(hall, round, tokens, ballots, api_as, world):
    """Cast through the API, as the hall does: some anonymous, some signed in."""
    signed_in = api_as(world.users["leader"])
    anonymous = api_as(None)
    target = reverse("api:ballots_cast", kwargs={"pk": round.pk})
    for i, (token, choices) in enumerate(zip(tokens, ballots, strict=True)):
        client = signed_in if i % 3 == 0 else anonymous
        response = client.post(
            target, {"token": token, "choices": choices}, format="json"
        )
        assert response.status_code == 201


# --- What casting writes -------------------------------------------------------------


def test_casting_writes_only_slips_ballots_and_anonymous_events(
    hall, many, api_as, world
):
    round, tokens = hall.opened(seats=2, candidates=hall.units[:5], voters=many)
    before = snapshot()
    cast_all(hall, round, tokens, marks(hall), api_as, world)
    changes = diff(before, snapshot())

    assert set(changes) == set(CAST_WRITES), changes.keys()
    slips = changes[BallotToken._meta.db_table]
    assert (slips.inserted, slips.deleted, slips.columns) == ([], [], {"used"})
    ballots = changes[Ballot._meta.db_table]
    assert (len(ballots.inserted), ballots.deleted, ballots.columns) == (12, [], set())
    events = changes[AuditEvent._meta.db_table]
    assert (len(events.inserted), events.deleted, events.columns) == (12, [], set())
    for event in events.inserted:
        assert event["verb"] == "voting.ballot.cast"
        assert event["actor_id"] is None
        assert (event["target_type"], event["target_id"]) == (
            "voting.ballotround",
            str(round.pk),
        )
        assert event["before"] is None and event["after"] is None
        assert event["note"] == ""
    # Who was given a slip, and who attended, is untouched by casting.
    assert BallotIssue._meta.db_table not in changes
    assert Attendance._meta.db_table not in changes


def test_no_column_of_a_ballot_or_a_slip_can_name_anyone_or_a_time():
    for model in (Ballot, BallotToken):
        for field in model._meta.concrete_fields:
            name = field.name.lower()
            assert not any(word in name for word in SUSPECT), (model, name)
            assert not isinstance(
                field,
                models.DateField | models.TimeField | models.DurationField,
            ), (model, name)
            if field.is_relation:
                assert field.related_model is BallotRound, (model, name)
        # A random key: no order of creation survives in it.
        assert isinstance(model._meta.pk, models.UUIDField)
    # A ballot has no token of any kind.
    assert not [
        f.name
        for f in Ballot._meta.concrete_fields
        if any(w in f.name for w in ("token", "hash", "slip"))
    ]


def test_the_database_columns_are_the_reviewed_ones(db):
    """A column added by a migration, outside the models' review, fails here."""
    with connection.cursor() as cursor:
        columns = {
            model._meta.db_table: {
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, model._meta.db_table
                )
            }
            for model in (Ballot, BallotToken, BallotIssue)
        }
    assert columns == {
        "voting_ballot": {"id", "round_id", "choices"},
        "voting_ballottoken": {"id", "round_id", "token_hash", "used"},
        "voting_ballotissue": {"id", "round_id", "voter_id"},
    }


def test_nothing_refers_to_a_ballot_or_a_slip():
    for model in _models():
        if model in (Ballot, BallotToken):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model not in (Ballot, BallotToken), (model, field)


# --- Order ----------------------------------------------------------------------------


def _physical_order(round) -> list[list[int]]:
    """The ballots in the order the database stores them (rowid / ctid)."""
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT choices FROM voting_ballot WHERE round_id = %s ORDER BY {column}",  # noqa: S608
            [round.pk],
        )
        rows = [r[0] for r in cursor.fetchall()]
    return [json.loads(r) if isinstance(r, str) else r for r in rows]


def test_no_order_of_ballots_follows_the_order_of_voters(hall, many, api_as, world):
    round, tokens = hall.opened(seats=2, candidates=hall.units[:5], voters=many)
    issued = list(
        BallotIssue.objects.filter(round=round)
        .order_by("id")
        .values_list("voter_id", flat=True)
    )
    assert issued == sorted(p.pk for p in many)  # issues follow person ids only
    # Voters cast in the order of the issues, each with a different choice.
    ballots = marks(hall)
    cast_all(hall, round, tokens, ballots, api_as, world)
    by_key = list(
        Ballot.objects.filter(round=round)
        .order_by("pk")
        .values_list("choices", flat=True)
    )
    assert sorted(map(tuple, by_key)) == sorted(map(tuple, ballots))
    assert by_key != ballots  # the random key keeps no order of casting
    hall.close(round)
    by_key = list(
        Ballot.objects.filter(round=round)
        .order_by("pk")
        .values_list("choices", flat=True)
    )
    assert by_key != ballots
    # Closing rewrote the ballots in a random order: not even the storage order
    # follows the casting any longer.
    stored = _physical_order(round)
    assert sorted(map(tuple, stored)) == sorted(map(tuple, ballots))
    assert stored != ballots


def test_slips_are_random_and_not_derived_from_voters(hall):
    _, tokens_1 = hall.opened()
    _, tokens_2 = hall.opened(award="bang_khen_tinh")
    assert not set(tokens_1) & set(tokens_2)
    hashes = BallotToken.objects.values_list("token_hash", flat=True)
    assert len(set(hashes)) == 16
    for token in tokens_1 + tokens_2:
        for person in hall.delegates:
            assert str(person.pk) != token
            assert person.full_name not in token


# --- Audit -----------------------------------------------------------------------------


def test_no_audit_event_of_a_round_holds_a_slip_or_a_ballot(hall, many, api_as, world):
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    round, tokens = hall.opened(seats=2, candidates=hall.units[:5], voters=many)
    cast_all(hall, round, tokens, marks(hall), api_as, world)
    keys = [str(k) for k in Ballot.objects.values_list("pk", flat=True)]
    hall.close(round)
    keys += [str(k) for k in Ballot.objects.values_list("pk", flat=True)]
    secrets_ = [*tokens, *(services.token_hash(t) for t in tokens), *keys]
    events = AuditEvent.objects.filter(id__gt=start)
    assert {e.verb for e in events} == {
        "voting.round.created",
        "voting.round.opened",
        "voting.ballot.cast",
        "voting.round.closed",
    }
    for event in events:
        text = json.dumps([event.before, event.after, event.note], default=str)
        assert not any(s in text for s in secrets_), event.verb
        if event.verb == "voting.round.opened":
            assert event.after == {"status": "open", "slips": 12}


# --- xmin (PostgreSQL) ------------------------------------------------------------------


def _xmins(table: str, where: str = "", params=()) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT xmin::text FROM "{table}" {where}',  # noqa: S608
            list(params),
        )
        return [int(r[0]) for r in cursor.fetchall()]


def _rows_naming_someone(*, accounts: bool = True) -> dict[int, set[str]]:
    """xmin → tables, for every row that names a person (a voter) or, with
    ``accounts``, a user account (the audit trail's actor included)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    targets = (Person, user_model) if accounts else (Person,)
    found: dict[int, set[str]] = {}
    for model in _models():
        names = [
            f.column
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in targets
        ]
        if model is AuditEvent and accounts:
            names = ["actor_id"]
        for column in names:
            for x in _xmins(model._meta.db_table, f'WHERE "{column}" IS NOT NULL'):
                found.setdefault(x, set()).add(model._meta.db_table)
    return found


def _tables_by_xmin() -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for model in _models():
        for x in _xmins(model._meta.db_table):
            found.setdefault(x, set()).add(model._meta.db_table)
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="xmin is a PostgreSQL system column; SQLite has no equivalent",
)
def test_no_ballot_shares_a_transaction_with_anything_naming_someone(
    hall, many, api_as, world
):
    round, tokens = hall.opened(seats=2, candidates=hall.units[:5], voters=many)
    cast_all(hall, round, tokens, marks(hall), api_as, world)

    ballots = _xmins("voting_ballot", "WHERE round_id = %s", [round.pk])
    assert len(set(ballots)) == 12  # one transaction per cast
    naming = _rows_naming_someone()
    issues = set(_xmins("voting_ballotissue"))
    present = set(_xmins("voting_attendance"))
    tables = _tables_by_xmin()
    for x in ballots:
        assert x not in naming, naming.get(x)
        assert x not in issues | present
        # Written with the ballot: its slip's flag and the anonymous audit event.
        assert tables[x] <= set(CAST_WRITES), tables[x]
    cast_events = set(
        _xmins(
            "core_auditevent",
            "WHERE verb = %s AND actor_id IS NULL",
            ["voting.ballot.cast"],
        )
    )
    assert set(ballots) <= cast_events

    hall.close(round)
    after = _xmins("voting_ballot", "WHERE round_id = %s", [round.pk])
    # Rewritten at close: one transaction for all, which tells no ballot apart, and
    # in which no row names a person.
    assert len(after) == 12 and len(set(after)) == 1
    (closing,) = set(after)
    assert closing not in issues | present
    assert closing not in _rows_naming_someone(accounts=False)
    assert not set(after) & set(ballots)
