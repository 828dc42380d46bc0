"""The slip layout, read back from the bytes by an ESC/POS interpreter."""
from __future__ import annotations

import logging

import pytest
import zxingcpp

from hallq.printers import PROFILES, REPLACEMENT, SlipError, render_slip
from tests.printers.conftest import make_slip
from tests.printers.escpos_parse import parse


def centred(line, columns: int) -> bool:
    """Left margin and right margin differ by at most one column."""
    right = columns - line.indent - line.width
    return right >= 0 and abs(line.indent - right) <= 1


@pytest.mark.parametrize("profile", ["58mm", "80mm"])
def test_full_slip_reads_back(slip, profile):
    prof = PROFILES[profile]
    p = parse(render_slip(slip, prof))
    assert p.chinese_mode_set
    texts = p.text_lines
    assert "杭锦旗政务服务中心" in texts
    assert "综合受理" in texts
    assert "A001" in texts
    assert "前面还有 3 人等候" in texts
    assert "预计等候约 12 分钟" in texts
    assert "取号时间：2024-05-06 09:12" in texts
    assert "请留意叫号，过号请到服务台" in texts
    assert [q.payload for q in p.qrs] == ["https://hall.example/t/TOKEN"]
    assert p.qrs[0].align == 1 and p.qrs[0].model == 2
    assert p.cuts == ["partial"] and p.trailing_after_cut == b""
    assert not p.unknown and not p.images
    for line in p.lines:  # nothing runs off the paper
        assert line.indent + line.width <= prof.columns, line.text


def test_ticket_number_is_huge_and_centred(slip):
    for name, mag in (("80mm", 6), ("58mm", 5)):
        prof = PROFILES[name]
        number = parse(render_slip(slip, prof)).find("A001")
        assert number.size == (mag, mag)
        assert number.bold
        assert centred(number, prof.columns)
        assert number.width * 12 <= prof.dots


def test_hanzi_lines_are_centred_counting_two_columns(slip):
    for prof in PROFILES.values():
        p = parse(render_slip(slip, prof))
        for text in ("综合受理", "前面还有 3 人等候", "请留意叫号，过号请到服务台", "扫码查看排队进度"):
            line = p.find(text)
            # 4 hanzi at double width = 16 columns: a printer thinking in characters would be off by 4
            assert centred(line, prof.columns), (prof.name, text, line.indent, line.width)
        svc = p.find("综合受理")
        assert svc.size == (2, 2) and svc.width == 16


def test_58mm_is_narrower_than_80mm(slip):
    narrow = parse(render_slip(slip, PROFILES["58mm"]))
    wide = parse(render_slip(slip, PROFILES["80mm"]))
    assert max(line.indent + line.width for line in narrow.lines) <= 32
    assert max(line.indent + line.width for line in wide.lines) > 32
    # the hall name fits at double size on 80mm (18×2 = 36 ≤ 48) but not on 58mm
    assert wide.find("杭锦旗政务服务中心").size == (2, 2)
    assert narrow.find("杭锦旗政务服务中心").size == (1, 2)  # double height at least


def test_long_text_wraps_within_the_paper():
    s = make_slip(hall_name="鄂尔多斯市杭锦旗人民政府政务服务中心综合一窗受理大厅",
                  footer_lines=["请留意叫号，过号请到服务台重新取号；办事指南请扫描上方二维码查看。"
                                "Thank you for waiting patiently."])
    for prof in PROFILES.values():
        p = parse(render_slip(s, prof))
        for line in p.lines:
            assert line.indent + line.width <= prof.columns
        joined = "".join(p.text_lines)
        assert "鄂尔多斯市杭锦旗人民政府政务服务中心综合一窗受理大厅" in joined
        assert "patiently." in joined


def test_full_width_punctuation_is_gb18030():
    data = render_slip(make_slip(footer_lines=["请留意叫号，过号请到服务台。（谢谢！）"]), PROFILES["80mm"])
    assert "，".encode("gb18030") in data and "（".encode("gb18030") in data
    assert "请留意叫号，过号请到服务台。（谢谢！）" in parse(data).text_lines
    assert "请".encode() not in data


def test_without_chinese_mode_command():
    prof = PROFILES["80mm"].with_options(chinese_mode=False)
    data = render_slip(make_slip(), prof)
    assert b"\x1c&" not in data
    # a printer that starts in Chinese mode reads it right
    assert "综合受理" in parse(data, chinese_mode_at_start=True).text_lines
    # one that doesn't shows mojibake: that is why the option exists
    assert "综合受理" not in parse(data).text_lines


def test_unprintable_characters_are_replaced_visibly_and_logged(caplog):
    caplog.set_level(logging.WARNING, logger="hallq.printers")
    s = make_slip(hall_name="䶮𠈌政务😀中心", footer_lines=["Käse Café\x1b@"])
    p = parse(render_slip(s, PROFILES["80mm"].with_options(charset="gbk")))
    texts = p.text_lines
    # 䶮 is a two-byte GB18030 character (in GBK fonts since GB18030-2005); 𠈌 and 😀 are not
    assert f"䶮{REPLACEMENT}政务{REPLACEMENT}中心" in texts
    assert f"K{REPLACEMENT}se Café{REPLACEMENT}@" in texts  # é is in GB2312 (pinyin), ä is not
    assert "U+2020C" in caplog.text and "U+1F600" in caplog.text and "U+00E4" in caplog.text
    assert "U+001B" in caplog.text
    # a raw ESC in the text never reaches the printer as a command
    assert p.unknown == []


def test_gb2312_printer_gets_fewer_characters(caplog):
    caplog.set_level(logging.WARNING, logger="hallq.printers")
    prof = PROFILES["58mm"].with_options(charset="gb2312")
    p = parse(render_slip(make_slip(hall_name="龑城·政务中心"), prof))
    assert f"{REPLACEMENT}城{REPLACEMENT}政务中心" in p.text_lines
    p = parse(render_slip(make_slip(hall_name="龑城政务中心"), PROFILES["58mm"].with_options(charset="gb18030")))
    assert "龑城政务中心" in p.text_lines


def test_priority_slip_has_a_mark_and_says_a_clerk_will_verify():
    p = parse(render_slip(make_slip(priority_reason="elderly"), PROFILES["80mm"]))
    mark = p.find("【优先】老年人")
    assert mark.reverse and mark.size == (1, 2)
    assert "请到窗口出示证件，由工作人员核验" in p.text_lines
    p = parse(render_slip(make_slip(priority_reason="军人", lang="en"), PROFILES["80mm"]))
    assert "[Priority] Military" in p.text_lines
    assert "A clerk will check your priority at the window" in p.text_lines


def test_appointment_mark():
    p = parse(render_slip(make_slip(appointment_code="Y20240506-017"), PROFILES["58mm"]))
    assert p.find("【预约】Y20240506-017").reverse


def test_english_labels_keep_chinese_first():
    p = parse(render_slip(make_slip(lang="en"), PROFILES["80mm"]))
    texts = p.text_lines
    assert texts.index("综合受理") < texts.index("General services")
    assert "3 people ahead of you" in texts
    assert "Estimated wait: about 12 min" in texts
    assert "Taken at 2024-05-06 09:12" in texts


def test_nobody_ahead():
    texts = parse(render_slip(make_slip(people_ahead=0), PROFILES["80mm"])).text_lines
    assert "前面没有人等候，请留意叫号" in texts
    assert not any("预计等候" in t for t in texts)


def test_native_qr_slip_is_small(slip):
    for prof in PROFILES.values():
        assert len(render_slip(slip, prof)) <= 700


@pytest.mark.parametrize("profile", ["58mm", "80mm"])
def test_bitmap_qr_fallback_decodes(slip, profile):
    prof = PROFILES[profile].with_options(native_qr=False)
    p = parse(render_slip(slip, prof))
    assert p.qrs == [] and len(p.images) == 1
    img = p.images[0].image
    assert img.width <= prof.dots
    decoded = zxingcpp.read_barcodes(img)
    assert [d.text for d in decoded] == ["https://hall.example/t/TOKEN"]
    # centred: the symbol's middle is within a byte of the paper's middle
    bbox = img.point(lambda v: 255 - v).getbbox()
    assert abs((bbox[0] + bbox[2]) / 2 - prof.dots / 2) <= 2
    assert p.cuts == ["partial"]
    # sent at half resolution, printed 2×2 (GS v 0 quadruple density): a quarter of the bytes
    assert len(render_slip(slip, prof)) < 3000


def test_long_qr_payload_still_fits():
    s = make_slip(qr_payload="https://hall.example/t/" + "X" * 200)
    for prof in PROFILES.values():
        p = parse(render_slip(s, prof))
        assert p.qrs[0].payload.endswith("X" * 200)
        # version for 223 bytes at M is 10 (57 modules): module × 61 must fit the paper
        assert p.qrs[0].module * 61 <= prof.dots


def test_render_is_pure(slip):
    assert render_slip(slip, "80mm") == render_slip(slip, PROFILES["80mm"])


def test_a_slip_in_another_language_is_refused():
    with pytest.raises(SlipError) as err:
        make_slip(lang="fr")
    assert err.value.code == 22 and isinstance(err.value, ValueError)
