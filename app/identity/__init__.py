"""Identity across the archive: one journalist, one outlet, and first-name calls resolved."""
