"""The booking API on bodies that are not bookings (issue 19: deeply nested JSON answered
503, "maximum recursion depth exceeded", instead of 400)."""
from __future__ import annotations

API = {"Authorization": "Bearer api-secret", "Content-Type": "application/json"}


async def test_deeply_nested_json_is_a_bad_body(client):
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        reply = await client.post("/api/appointments", data=body, headers=API)
        assert reply.status == 400
        answer = await reply.json()
        assert answer["error"] == "bad_body" and "nested too deeply" in answer["message"]


async def test_bookings_in_a_year_typed_wrong_are_refused_by_row(client, engine):
    rows = [dict(code=f"YY000{i}", name="甲", service="A", slot_start=f"{year}-11-25 10:00",
                 slot_end=f"{year}-11-25 10:30") for i, year in enumerate((2020, 9999, 2026))]
    reply = await client.post("/api/appointments", json=rows, headers=API)
    answer = await reply.json()
    assert reply.status == 200 and answer["imported"] == 1
    assert [e["row"] for e in answer["errors"]] == [1, 2]
    assert all("not within a year of today (2026-11-25)" in e["problem"]
               for e in answer["errors"])
