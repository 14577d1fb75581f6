"""What every blueprint's views share: request guards, error pages, Jinja filters, form
fields, Markdown rendering, URL helpers, time zone names, SVG charts, CSV exports and
the page caches (``caching``: every cache of rendered or read data, in one place).
"""
