"""Disagreement resolution, mediation, tribunal appeals and complaints, on their statutory clocks."""
