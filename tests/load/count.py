"""After a load test: what the database holds, as JSON."""

import json

from thidua.core.models import AuditEvent
from thidua.voting.models import Ballot, BallotToken

print(  # noqa: T201 (the test reads this line)
    "COUNT "
    + json.dumps(
        {
            "ballots": Ballot.objects.count(),
            "tokens_used": BallotToken.objects.filter(used=True).count(),
            "score_events": AuditEvent.objects.filter(
                verb="scoring.sheet.final_scored"
            ).count(),
        }
    )
)
