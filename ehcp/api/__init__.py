"""API endpoints of the ehcp app (mounted under /api/v1/)."""
