"""National funding bands and tariffs, top-ups and high-needs budgets."""
