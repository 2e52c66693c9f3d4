"""Settings profiles: ``base`` (development default), ``test`` and ``production``."""
