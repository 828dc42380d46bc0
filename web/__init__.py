"""hallq serve: the hall host on the web (terminals in a browser, status pages, booking API)."""
