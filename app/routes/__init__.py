"""HTTP handlers: thin, they gather data through app.queries and render."""
