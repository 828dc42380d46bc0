from __future__ import annotations

from datetime import datetime

import pytest

from hallq.printers import Slip


def make_slip(**kw) -> Slip:
    base = dict(
        hall_name="杭锦旗政务服务中心",
        service_name="综合受理",
        service_name_en="General services",
        number="A001",
        people_ahead=3,
        estimated_wait_min=12,
        taken_at=datetime(2024, 5, 6, 9, 12),
        appointment_code=None,
        priority_reason=None,
        qr_payload="https://hall.example/t/TOKEN",
        footer_lines=["请留意叫号，过号请到服务台"],
        lang="zh",
    )
    base.update(kw)
    return Slip(**base)


@pytest.fixture
def slip() -> Slip:
    return make_slip()
