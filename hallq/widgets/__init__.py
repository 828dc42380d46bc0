"""Pieces the UI parts (kiosk, counter, display) share.

font: block letters for ticket numbers (pure, no Textual); big_text: the BigText widget
that draws them as large as they fit; live: keeping a view in step with the change feed.
"""
