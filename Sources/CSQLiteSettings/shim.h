#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation
/// (a hundred and more per stored event). Only possible before SQLite is initialised, that
/// is before the process opens its first connection; returns SQLITE_MISUSE after that.
/// sqlite3_config is variadic, which Swift cannot call, hence this wrapper.
static inline int caseflow_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
