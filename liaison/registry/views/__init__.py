"""Registry pages: browse and search persons, a person's file, a new person (with the
possible existing records shown first) and screening a list."""
