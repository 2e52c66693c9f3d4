"""Local, regional and national inclusion dashboards, read from de-identified roll-ups."""
