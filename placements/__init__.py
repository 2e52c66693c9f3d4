"""National SEND standards, local inclusion plans, the settings register and tailored lists of settings."""
