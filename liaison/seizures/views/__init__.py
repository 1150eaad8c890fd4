"""Ledger pages: the list (`ledger`), one incident and its forms (`incidents`), the
exports (`exports`) and the import upload (`imports`)."""
