"""Every string the hall screen and the window screens show: `hallq.i18n.Text` constants,
Chinese first, English with lang="en"."""
from __future__ import annotations

from hallq.i18n import Text

# the hall screen
RECALL = Text("重呼", "Recall")
NO_CALLS = Text("请取号等候，留意叫号", "Please take a ticket and watch for your number")
RECENT = Text("最近叫号", "Recent calls")
WAITING = Text("等候人数", "Waiting")
WAITING_ROW = Text("{n} 人", "{n}")
CLOSED = Text("暂停取号", "closed")
RECENT_ROW = Text("{number} → {window}号窗口 {window_name}", "{number} → window {window} {window_name}")
WEEKDAYS = Text("周一 周二 周三 周四 周五 周六 周日", "Mon Tue Wed Thu Fri Sat Sun")
UNAVAILABLE = Text("数据暂不可用，正在重新连接…", "Data unavailable, reconnecting…")
SILENT = Text("叫号无声：{reason}", "Calls are silent: {reason}")
# why calls are silent (display.announcer), the {reason} of SILENT
NO_PLAYER = Text("未安装 {player}（{package}）", "{player} is not installed ({package})")
NO_DEVICE = Text("声音设备 {device} 不可用", "sound device {device} is not available")
VOICE_OFF = Text('大厅设为不播报（[announce] voice = "none"）',
                 'the hall\'s calls are set to be silent ([announce] voice = "none")')
NO_ESPEAK = Text("未安装 espeak-ng", "espeak-ng is not installed")
ESPEAK_FAILED = Text("espeak-ng 出错", "espeak-ng failed")
# the call line, shown and spoken (display.speech), unless hall.toml [announce] template says otherwise
ANNOUNCEMENT = Text("请{number}号到{window}号窗口办理", "Number {number}, please go to window {window}")
# the small screen above one window
WINDOW_CALL = Text("请 {number} 号到本窗口办理", "Number {number}, please come to this window")
WINDOW_SERVING = Text("正在办理 {number}", "Now serving {number}")
WINDOW_IDLE = Text("欢迎", "Welcome")
WINDOW_PAUSED = Text("暂停服务 {reason}", "Closed for now {reason}")
WINDOW_CLOSED = Text("本窗口暂停服务", "This window is closed")
NO_WINDOW = Text("没有{window}号窗口", "No window {window}")
# the command line (display/cli.py)
NOT_SET_UP = Text("大厅尚未初始化：请先运行 hallq init --demo", "The hall is not set up: run hallq init --demo")
NO_SERVICES = Text("--services {unknown}：没有这些业务（已有：{known}）",
                   "--services {unknown}: no such service (services: {known})")
CLIPS_MADE = Text("已在 {folder} 录制 {n} 段语音", "Recorded {n} clips in {folder}")
NO_CLIPS_FOLDER = Text("没有语音文件夹 {folder}：可先用 hallq display make-clips {folder} 录制一套，"
                       "再逐段换成大厅自己的录音",
                       "no clip folder {folder}: record a set with hallq display make-clips {folder}, then replace"
                       " the clips with the hall's own recordings")
CLIPS_WARNING = Text("注意：{folder} 中有 {bad} 段语音缺少或不能用，用到它们的叫号改用 espeak-ng 播报"
                     "（hallq display check-clips {folder} 列出）",
                     "warning: {bad} clips in {folder} are missing or unreadable; calls that need them are spoken"
                     " by espeak-ng (hallq display check-clips {folder} lists them)")
CLIPS_OK = Text("{folder}：所需 {n} 段语音齐全", "{folder}: all {n} clips the hall needs are ready")
CLIPS_PROBLEMS = Text("{folder}：所需 {n} 段语音中 {bad} 段不能用，用到它们的叫号改用 espeak-ng 播报",
                      "{folder}: {bad} of the {n} clips the hall needs cannot be used; calls that need them are"
                      " spoken by espeak-ng")
CLIP_MISSING = Text("缺少 {path}（录音内容：{says}）", "missing {path} (record: {says})")
CLIP_UNREADABLE = Text("不能用 {path}：{problem}（录音内容：{says}）", "unreadable {path}: {problem} (record: {says})")
SAY_LINE = Text("屏幕：{line}", "Screen: {line}")
SAY_SPOKEN = Text("播报：{text}（espeak-ng：{espeak}）", "Spoken: {text} (espeak-ng: {espeak})")
SAY_SPOKEN_CLIPS = Text("播报：{text}（录音：{folder}）", "Spoken: {text} (recorded clips: {folder})")
SAY_PLAYED = Text("已用 {player} 播放（{seconds} 秒）", "Played with {player} ({seconds} s)")
SAY_WRITTEN = Text("已写入 {file}（{seconds} 秒）", "Written to {file} ({seconds} s)")
SAY_NO_VOICE = Text('叫号设为不播报（voice = "none"）：用 --voice espeak 或 --voice clips',
                    'calls are set to be silent (voice = "none"): use --voice espeak or --voice clips')
BAD_NUMBER = Text("{number} 不是票号（例如 A001）", "{number} is not a ticket number (e.g. A001)")


def weekday(index: int, lang: str = "zh") -> str:
    """The short name of a weekday (0 is Monday) in `lang`."""
    return WEEKDAYS.text(lang).split()[index]

