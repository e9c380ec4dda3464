"""What each page shows, built from the database outside the web layer (after Datasette's
`Context` dataclasses): the HTML routes, the JSON API and the feeds build the same typed
contexts here, and a missing thing is the domain's `NotFound`, which the web layer turns
into its 404 page or JSON (app/routes/errors.py)."""
