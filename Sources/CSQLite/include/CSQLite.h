// The SQLite the daemon runs on, compiled into the program (see sqlite3.c and Package.swift).
// This header only gives the module a name; GRDB and the store reach SQLite's API through
// GRDB's own `GRDBSQLite` module, whose calls these definitions answer at link time.
#ifndef CSQLITE_H
#define CSQLITE_H
/// The version compiled in, e.g. "3.54.1": tests check that it is this one and not the system's.
const char *caseflow_sqlite_compiled_version(void);
#endif
