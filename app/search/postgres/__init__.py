"""Search inside PostgreSQL: tsvectors the database computes, queried by SQL."""
