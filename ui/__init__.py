"""What the Textual apps share: the big font for ticket numbers, the live-feed helper,
stylesheet loading. Above db/ and printers/, below the apps; no app imports another.

font: block letters for ticket numbers (pure, no Textual); big_text: the BigText widget
that draws them as large as they fit; live: keeping a view in step with the change feed;
styles: a widget's .tcss beside its module.
"""
