#include "include/CSQLite.h"

// Declared here rather than through sqlite3.h so that the module exports no second copy of
// SQLite's API next to GRDB's.
extern const char *sqlite3_libversion(void);

const char *caseflow_sqlite_compiled_version(void) { return sqlite3_libversion(); }
