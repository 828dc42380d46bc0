"""The ticket kiosk (取号机): walk-in tickets, appointment check-in, the green channel."""
