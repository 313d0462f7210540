"""Reference for the CSV benchmark: Python's csv module reading the generated register and
sqlite3 landing each row in a table of the audit file's evidence schema (same columns, same
unique index on the natural key), in one transaction. It shows what storing the rows costs
at all, beside qmsaudit's import, which also maps, checks and fingerprints them.

Usage: csv_to_sqlite.py REGISTER.csv OUT.db
"""

import csv
import os
import sqlite3
import sys

path, db_path = sys.argv[1], sys.argv[2]
if os.path.exists(db_path):
    os.remove(db_path)
db = sqlite3.connect(db_path)
db.execute(
    """CREATE TABLE evidence (number INTEGER PRIMARY KEY, source_id INTEGER NOT NULL,
    natural_key TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
    document_number TEXT NOT NULL, revision TEXT NOT NULL, location TEXT NOT NULL,
    sha256 TEXT NOT NULL, size INTEGER, modified TEXT NOT NULL, effective_date TEXT NOT NULL,
    review_date TEXT NOT NULL, owner TEXT NOT NULL, clauses TEXT NOT NULL, tags TEXT NOT NULL,
    status TEXT NOT NULL, imported_in INTEGER NOT NULL, updated_in INTEGER NOT NULL,
    removed_from_source INTEGER NOT NULL DEFAULT 0, fingerprint INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source_id, natural_key))"""
)


def rows():
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # the header
        for number, row in enumerate(reader, 1):
            doc, title, clause, revision, date, owner, location, status = row
            yield (
                number, 1, doc, "document", title, doc, revision, location, "", None, "",
                date, "", owner, '["' + clause + '"]', "[]", status, 1, 1, 0,
                hash((doc, title)),
            )


with db:
    db.executemany(
        "INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows()
    )
db.close()
