"""The database version this program writes: the number of migrations in `migrations.py`.

Apart from the migrations themselves, so that opening an up-to-date project (every start of
the app) never imports sqlite-utils; tests/test_store.py checks the two agree.
"""

SCHEMA_VERSION = 6
