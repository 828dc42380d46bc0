"""`hallq demo`: the whole hall in one terminal, on the embedded default."""
