"""hallq: queue and tickets for a government service hall (政务服务大厅).

The installed package holds every part under one name. In the repository the parts are
folders at the top level (db/, printers/, kiosk/, …); pyproject.toml maps them here.
"""
