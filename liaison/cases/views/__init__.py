"""Joint case pages: list, case file, writes (one small form page each), my tasks."""
