"""The graph for other people: export formats, the endpoint (serve), its guard and pages."""
