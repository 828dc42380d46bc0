async def test_demo_hall_issues_and_calls(engine):
    ticket = await engine.issue_ticket("A")
    assert ticket.number == "A001"
    await engine.login(3, "c01", "1111")
    called = await engine.call_next(3, actor="clerk:c01")
    assert called.number == "A001" and called.state == "called" and called.window == 3
