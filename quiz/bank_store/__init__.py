"""Storing parsed banks in the database: import and upsert (``importer``), which file owns
a bank (``files``), what an import reports (``import_types``) and the read side the
pages list banks from (``catalog``). The parsing itself is ``quiz.banks`` (plain Python).
"""
