"""The hall's vocabulary as types: ticket and window states, lanes, event kinds, refusal codes.

The values are the strings stored in the database and sent as JSON; a StrEnum member
compares equal to its value, so `ticket.state == "called"` and `TicketState.CALLED` agree.
The sets of event kinds that change a queue or put a call on a screen are defined here,
once, for every app that follows the change feed. Terms follow DESIGN.md § Vocabulary.
"""
from __future__ import annotations

from enum import IntEnum, StrEnum


class TicketState(StrEnum):
    """A ticket's life: waiting → called → serving → done; called → no_show (→ waiting
    again when rejoined); waiting → cancelled; anything still open at day end → expired."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"      # 过号
    CANCELLED = "cancelled"
    EXPIRED = "expired"


#: states a ticket can still leave; at day end they become expired
OPEN_TICKET_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.NO_SHOW})


class WindowState(StrEnum):
    """A window as people see it. The database stores logged_out, open or paused; an open
    window is shown idle, calling or serving from its current ticket."""

    LOGGED_OUT = "logged_out"
    OPEN = "open"            # stored only: logged in and not paused
    IDLE = "idle"
    CALLING = "calling"
    SERVING = "serving"
    PAUSED = "paused"        # 暂停: logged in, gets no calls


class Lane(IntEnum):
    """The lanes inside one service's queue, called in this order (rule: appointments
    first, then priority at most `max_priority_in_a_row` in a row, then walk-ins)."""

    APPOINTMENT = 0  # 预约
    PRIORITY = 1     # 绿色通道
    REGULAR = 2      # 现场取号


class CheckInOutcome(StrEnum):
    """What an appointment check-in (预约签到) came to."""

    CHECKED_IN = "checked_in"
    ALREADY = "already"          # checked in before: the same ticket again
    TOO_EARLY = "too_early"
    TOO_LATE = "too_late"
    UNKNOWN = "unknown"          # no booking found (or nothing typed)
    INVALID = "invalid"          # an ID number that fails its checksum


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"


class EventKind(StrEnum):
    """Every kind of row in the append-only event log."""

    TICKET_ISSUED = "ticket.issued"
    TICKET_CHECKED_IN = "ticket.checked_in"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_STARTED = "ticket.started"
    TICKET_FINISHED = "ticket.finished"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_REJOINED = "ticket.rejoined"
    TICKET_RETURNED = "ticket.returned"      # a called ticket back in its queue (its window logged out)
    TICKET_TRANSFERRED = "ticket.transferred"
    TICKET_CANCELLED = "ticket.cancelled"
    TICKET_EXPIRED = "ticket.expired"
    TICKET_ESTIMATED = "ticket.estimated"  # the wait a status page or `hallq status` showed, when it changed
    WINDOW_LOGIN = "window.login"
    WINDOW_LOGOUT = "window.logout"
    WINDOW_TAKEN_OVER = "window.taken_over"
    WINDOW_PAUSED = "window.paused"
    WINDOW_RESUMED = "window.resumed"
    WINDOW_SERVICES_CHANGED = "window.services_changed"
    SERVICE_OPENED = "service.opened"
    SERVICE_CLOSED = "service.closed"
    CLERK_SAVED = "clerk.saved"
    CLERK_PIN_FAILED = "clerk.pin_failed"
    CLERK_DISABLED = "clerk.disabled"      # hallq clerk disable: refused at every PIN check, logged out
    CLERK_ENABLED = "clerk.enabled"
    CLERK_PIN_RESET = "clerk.pin_reset"    # a new PIN (the lockout lifted)
    CLERK_ROLE_CHANGED = "clerk.role_changed"
    CONFIG_LOADED = "config.loaded"
    APPOINTMENTS_IMPORTED = "appointments.imported"
    DEVICE_STATE = "device.state"
    RATING_GIVEN = "rating.given"
    FOLLOWUP_OPENED = "followup.opened"
    FOLLOWUP_CLOSED = "followup.closed"
    DAY_CLOSED = "day.closed"
    CLOCK_STEPPED_BACK = "clock.stepped_back"
    NOTIFY_REQUESTED = "notify.requested"    # a mobile number given for "your turn is near" (masked in data)
    ALERT_RAISED = "alert.raised"          # a supervisor's alert began (db.supervision.record_alerts)
    ALERT_CLEARED = "alert.cleared"        # … and ended


#: events that put a number on a hall screen (a call, or a call again)
CALL_KINDS = frozenset({EventKind.TICKET_CALLED, EventKind.TICKET_RECALLED})

#: events that change who waits for which service, or whether a service takes tickets
QUEUE_KINDS = frozenset({
    EventKind.TICKET_ISSUED, EventKind.TICKET_CHECKED_IN, EventKind.TICKET_CALLED, EventKind.TICKET_NO_SHOW,
    EventKind.TICKET_REJOINED, EventKind.TICKET_RETURNED, EventKind.TICKET_TRANSFERRED, EventKind.TICKET_CANCELLED,
    EventKind.TICKET_EXPIRED, EventKind.SERVICE_OPENED, EventKind.SERVICE_CLOSED, EventKind.CONFIG_LOADED,
    EventKind.DAY_CLOSED,
})

#: events that change what a window is doing or which services it serves
WINDOW_KINDS = frozenset({
    EventKind.TICKET_CALLED, EventKind.TICKET_STARTED, EventKind.TICKET_FINISHED, EventKind.TICKET_NO_SHOW,
    EventKind.TICKET_TRANSFERRED, EventKind.TICKET_RETURNED, EventKind.WINDOW_LOGIN, EventKind.WINDOW_LOGOUT,
    EventKind.WINDOW_TAKEN_OVER, EventKind.WINDOW_PAUSED, EventKind.WINDOW_RESUMED,
    EventKind.WINDOW_SERVICES_CHANGED, EventKind.CONFIG_LOADED, EventKind.DAY_CLOSED,
})


class Refusal(StrEnum):
    """Why the engine refused an operation (`Refused.code`); nothing was changed."""

    # tickets and appointments
    UNKNOWN_SERVICE = "unknown_service"
    UNKNOWN_TICKET = "unknown_ticket"
    BAD_PRIORITY = "bad_priority"
    NOT_WAITING = "not_waiting"
    NOT_NO_SHOW = "not_no_show"
    # walk-in tickets (ServiceUnavailable.code)
    HALL_CLOSED = "hall_closed"            # a holiday or a closed day of the hall's calendar
    CLOSED = "closed"                      # stopped by the supervisor
    APPOINTMENT_ONLY = "appointment_only"
    HOURS = "hours"                        # outside the service's opening hours
    LIMIT = "limit"                        # the daily limit, or 999 numbers, reached
    # windows and calls
    UNKNOWN_WINDOW = "unknown_window"
    NOTHING_WAITING = "nothing_waiting"
    NOT_YOURS = "not_yours"
    PAUSED = "paused"
    LOGGED_OUT = "logged_out"
    STILL_CALLED = "still_called"
    NO_CURRENT = "no_current"
    WRONG_STATE = "wrong_state"
    RECALL_FIRST = "recall_first"
    BAD_TRANSFER = "bad_transfer"
    BUSY = "busy"
    NOT_PAUSED = "not_paused"
    BAD_SERVICES = "bad_services"
    # clerks
    BAD_LOGIN = "bad_login"
    LOCKED = "locked"
    WINDOW_TAKEN = "window_taken"
    TAKEOVER_DENIED = "takeover_denied"
    BAD_PIN = "bad_pin"
    BAD_CLERK_ID = "bad_clerk_id"
    BAD_ROLE = "bad_role"
    NOT_SUPERVISOR = "not_supervisor"
    TOO_MANY_TRIES = "too_many_tries"
    CLERK_DISABLED = "clerk_disabled"
    UNKNOWN_CLERK = "unknown_clerk"
    # ratings and follow-ups (好差评, 整改)
    ALREADY_RATED = "already_rated"
    NOT_FINISHED = "not_finished"
    BAD_LEVEL = "bad_level"
    BAD_REASON = "bad_reason"
    REASON_NEEDED = "reason_needed"
    BAD_CHANNEL = "bad_channel"
    NOTE_NEEDED = "note_needed"
    ALREADY_CLOSED = "already_closed"
    UNKNOWN_FOLLOWUP = "unknown_followup"
    # reports, backups, replays
    BAD_DATE = "bad_date"
    BAD_RANGE = "bad_range"
    NO_EVENTS = "no_events"
    EXISTS = "exists"
    SAME_FILE = "same_file"
    NO_KEY = "no_key"
    # "your turn is near"
    BAD_PHONE = "bad_phone"
    NOTIFY_OFF = "notify_off"
    # the hall itself
    NOT_SET_UP = "not_set_up"
    STRANDS_TICKETS = "strands_tickets"  # a reload would remove a service or window open tickets need
