"""Alternative provision: the three-tier model, commissioning and the AP budget."""
